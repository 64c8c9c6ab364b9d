"""The notebook as a runnable Keras (TensorFlow) script.

It does what the notebook's cells do, in the same order: make the
classification data, split and scale it, build the encoder
(Dense-BatchNorm-LeakyReLU per level, a linear bottleneck) and the mirrored
decoder, compile with Adam and MSE, fit with validation on the test set, and
plot the train/test loss. Flags expose the notebook's questions (bottleneck 50
or 25, a third level of 50) and the run's length.

With --replica-init the Dense kernels start from this project's convention
(numpy RandomState(seed) glorot-uniform, see refdata.py) and each epoch
trains on rs.permutation(n_train) of the rows without Keras's own shuffling,
so that the Go program and torch_keras_semantics.py can be compared with
real Keras number for number. --replica-shuffle keeps Keras's own initial
weights but shuffles that way.

--export-init FILE writes the weights the run starts from (after
--replica-init or --init-json, before any training) as the JSON list of
tensors the Go program reads with -init: model.get_weights() in model order,
per Dense its kernel (inputs x outputs) then bias, per BatchNormalization
gamma, beta, moving_mean, moving_variance, each {"shape": [...], "values":
[...]} row-major (gzip when FILE ends in .gz). --init-json FILE loads such a
file instead (the Go checkpoint package and torch_keras_semantics.py use the
same layout). With both, the Go run starts where Keras did:

    python3 reference/keras_notebook.py --seed 1 --replica-shuffle \
        --export-init init.json --history-json history.json
    go run . compare -history history.json -init init.json -seed 1

The export/import code follows Keras's documented get_weights/set_weights
order but has not been run against TensorFlow here (it is not installed on
this project's machines); it is checked with py_compile only.

TensorFlow is not a Debian package; install it with pip (pip install
tensorflow). Without it the script stops with a one-line message.

Example:
    python3 reference/keras_notebook.py --bottleneck 50 --history-json history.json
"""

import argparse
import gzip
import json
import os
import sys
import tempfile

import numpy as np

import refdata


def build_autoencoder(keras, n_inputs, hidden, bottleneck):
    """The notebook's model: [batch, n_inputs] -> [batch, n_inputs]."""
    visible = keras.Input(shape=(n_inputs,))
    e = visible
    for width in hidden:  # encoder levels
        e = keras.layers.Dense(width)(e)
        e = keras.layers.BatchNormalization()(e)
        e = keras.layers.LeakyReLU()(e)  # default slope 0.3
    code = keras.layers.Dense(bottleneck)(e)  # bottleneck
    d = code
    for width in reversed(hidden):  # decoder levels
        d = keras.layers.Dense(width)(d)
        d = keras.layers.BatchNormalization()(d)
        d = keras.layers.LeakyReLU()(d)
    output = keras.layers.Dense(n_inputs, activation="linear")(d)
    return keras.Model(inputs=visible, outputs=output)


def set_replica_kernels(keras, model, kernels):
    """Overwrite every Dense kernel (model order) with the given glorot draws; biases 0."""
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, kernel in zip(dense, kernels):
        layer.set_weights([kernel, np.zeros(kernel.shape[1], dtype=np.float32)])


def weights_to_json(weights):
    """model.get_weights() as the JSON layout of -init: [{"shape": [...], "values": [...]}, ...]."""
    return [{"shape": [int(d) for d in w.shape],
             "values": [float(x) for x in np.asarray(w, dtype=np.float64).ravel()]} for w in weights]


def read_weights_json(path):
    """Read a JSON list of tensors (gzip allowed), as --init-json takes it."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt") as f:
            tensors = json.load(f)
    except (OSError, ValueError) as err:
        raise SystemExit(f"read {path}: {err}")
    if not isinstance(tensors, list) or not all(isinstance(t, dict) and "shape" in t and "values" in t for t in tensors):
        raise SystemExit(f"{path}: want a JSON list of {{\"shape\": [...], \"values\": [...]}} tensors")
    return tensors


def load_weights(model, tensors, source):
    """model.set_weights from a JSON tensor list, checking the count and every shape first."""
    current = model.get_weights()
    if len(tensors) != len(current):
        raise SystemExit(f"{source}: {len(tensors)} tensors, this model has {len(current)}")
    new = []
    for i, (src, dst) in enumerate(zip(tensors, current)):
        shape = tuple(src["shape"])
        if shape != tuple(dst.shape):
            raise SystemExit(f"{source}: tensor {i} has shape {list(shape)}, want {list(dst.shape)}")
        values = np.asarray(src["values"], dtype=np.float64)
        if values.size != int(np.prod(shape)):
            raise SystemExit(f"{source}: tensor {i} has {values.size} values for shape {list(shape)}")
        new.append(values.reshape(shape).astype(dst.dtype))
    model.set_weights(new)


def fit(model, X_train, X_test, args, rs):
    """model.fit as in the notebook, or epoch by epoch on rs's permutations (--replica-shuffle)."""
    if not args.replica_shuffle:
        history = model.fit(X_train, X_train, epochs=args.epochs, batch_size=args.batch,
                            verbose=args.verbose, validation_data=(X_test, X_test))
        return history.history
    out = {"loss": [], "val_loss": []}
    for _ in range(args.epochs):
        rows = X_train[rs.permutation(X_train.shape[0])]
        h = model.fit(rows, rows, epochs=1, batch_size=args.batch, shuffle=False,
                      verbose=args.verbose, validation_data=(X_test, X_test)).history
        out["loss"].extend(h["loss"])
        out["val_loss"].extend(h["val_loss"])
    return out


def plot_loss(history, path):
    """The notebook's last cell: train and test loss, legend titled "datasets", saved to path."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.plot(history["loss"], label="train")
    pyplot.plot(history["val_loss"], label="test")
    pyplot.legend(title="datasets")
    pyplot.title("Loss")
    pyplot.savefig(path)


def write_json(path, obj):
    """Write obj as JSON to path atomically, gzip-compressed when path ends in .gz."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix="." + os.path.basename(path))
    try:
        if path.endswith(".gz"):
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as f:
                f.write(json.dumps(obj).encode())
        else:
            with os.fdopen(fd, "w") as f:
                json.dump(obj, f, indent=1)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bottleneck", type=int, default=100, help="bottleneck width (default 100, as n_inputs)")
    p.add_argument("--hidden", default="200,100", help="encoder levels, mirrored in the decoder (default 200,100)")
    p.add_argument("--epochs", type=int, default=200, help="epochs (default 200)")
    p.add_argument("--batch", type=int, default=16, help="batch size (default 16)")
    p.add_argument("--seed", type=int, default=1, help="seed for Keras (keras.utils.set_random_seed) and --replica-init")
    p.add_argument("--replica-init", action="store_true",
                   help="start from the project's RandomState glorot kernels and shuffle with rs.permutation")
    p.add_argument("--replica-shuffle", action="store_true",
                   help="shuffle each epoch with rs.permutation, as --replica-init does, but keep Keras's initial weights")
    p.add_argument("--init-json", help="start from these weights (JSON tensor list in model order, .gz allowed)")
    p.add_argument("--export-init", help="write the initial weights here as a JSON tensor list (for the Go program's -init)")
    p.add_argument("--data-dir", help="read X_train_scaled.csv and X_test_scaled.csv from here")
    p.add_argument("--history-json", help="write history.history (loss, val_loss per epoch) as JSON here")
    p.add_argument("--plot", help="save the notebook's loss figure here (needs matplotlib)")
    p.add_argument("--verbose", type=int, default=2, choices=(0, 1, 2), help="model.fit verbosity (default 2)")
    args = p.parse_args(argv)
    try:
        args.hidden = refdata.parse_hidden(args.hidden)
    except ValueError as err:
        p.error(str(err))
    for name in ("bottleneck", "epochs", "batch"):
        if getattr(args, name) <= 0:
            p.error(f"--{name} must be positive, got {getattr(args, name)}")
    args.replica_shuffle = args.replica_shuffle or args.replica_init
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        from tensorflow import keras
    except ImportError as err:
        sys.exit(f"keras_notebook.py: TensorFlow is not installed ({err}); install it with 'pip install tensorflow'")
    keras.utils.set_random_seed(args.seed)
    X_train, X_test = refdata.load_data(args.data_dir)
    print(X_train.shape, X_test.shape)
    model = build_autoencoder(keras, X_train.shape[1], args.hidden, args.bottleneck)
    rs = np.random.RandomState(args.seed)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    kernels = refdata.glorot_kernels(rs, [tuple(layer.kernel.shape) for layer in dense])  # always drawn: rs then shuffles as Go's
    if args.replica_init:
        set_replica_kernels(keras, model, kernels)
    if args.init_json:
        load_weights(model, read_weights_json(args.init_json), args.init_json)
    if args.export_init:
        write_json(args.export_init, weights_to_json(model.get_weights()))
    model.compile(optimizer="adam", loss="mse")
    history = fit(model, X_train, X_test, args, rs)
    history = {k: [float(x) for x in v] for k, v in history.items()}
    print(f"final loss {history['loss'][-1]!r} val_loss {history['val_loss'][-1]!r}")
    if args.history_json:
        write_json(args.history_json, history)
    if args.plot:
        plot_loss(history, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
