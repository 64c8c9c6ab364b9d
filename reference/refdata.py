"""Data, initial weights and history files shared by the reference scripts.

The Go program and these scripts follow one set of conventions so that their
runs can be compared number for number:

* data: the notebook's make_classification / train_test_split / MinMaxScaler
  pipeline, or X_train_scaled.csv and X_test_scaled.csv from a directory (no
  header, one sample per row), as the Go program's ``data`` subcommand writes;
* initial weights for ``--seed S``: ``rs = numpy.random.RandomState(S)`` draws
  every Dense kernel in model order as ``rs.uniform(-lim, lim, (fan_in,
  fan_out))`` with ``lim = sqrt(6 / (fan_in + fan_out))``, cast to float32;
  biases 0; BatchNorm gamma 1, beta 0, moving mean 0, moving variance 1;
* shuffling: after the kernels, the same ``rs`` gives each epoch's order,
  ``rs.permutation(n_train)``.

Importing this module has no side effects; scikit-learn is imported only when
the data is regenerated.
"""

import math
import os
import tempfile

import numpy as np

N_INPUTS = 100


def notebook_data():
    """Regenerate the notebook's data: (X_train, X_test), float64, scaled to [0, 1] on train."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import MinMaxScaler

    X, y = make_classification(n_samples=1000, n_features=100, n_informative=10,
                               n_redundant=90, random_state=1)
    X_train, X_test, _, _ = train_test_split(X, y, test_size=0.33, random_state=1)
    scaler = MinMaxScaler()
    scaler.fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test)


def read_data_dir(data_dir):
    """Read X_train_scaled.csv and X_test_scaled.csv from data_dir: (X_train, X_test), float64."""
    out = []
    for name in ("X_train_scaled.csv", "X_test_scaled.csv"):
        path = os.path.join(data_dir, name)
        try:
            out.append(np.loadtxt(path, delimiter=",", dtype=np.float64, ndmin=2))
        except (OSError, ValueError) as err:
            raise SystemExit(f"read {path}: {err}")
    if out[0].shape[1] != out[1].shape[1]:
        raise SystemExit(f"{data_dir}: train has {out[0].shape[1]} columns, test {out[1].shape[1]}")
    return out[0], out[1]


def load_data(data_dir=None):
    """The training data: from data_dir if given, else regenerated as the notebook does."""
    return read_data_dir(data_dir) if data_dir else notebook_data()


def parse_hidden(text):
    """Parse encoder levels such as "200,100" into [200, 100]."""
    try:
        levels = [int(s) for s in text.split(",")]
    except ValueError:
        raise ValueError(f"hidden levels {text!r}: want comma-separated positive integers like 200,100")
    if not levels or min(levels) <= 0:
        raise ValueError(f"hidden levels {text!r}: want comma-separated positive integers like 200,100")
    return levels


def dense_sizes(n_inputs, hidden, bottleneck):
    """(fan_in, fan_out) of every Dense layer in model order.

    Encoder levels, the bottleneck, the decoder levels in mirror order, the
    linear output: for 100 inputs, hidden [200, 100] and bottleneck 50 that is
    100x200, 200x100, 100x50, 50x100, 100x200, 200x100.
    """
    widths = [n_inputs] + list(hidden) + [bottleneck] + list(reversed(hidden)) + [n_inputs]
    return list(zip(widths[:-1], widths[1:]))


def has_batchnorm(i, n_dense, n_hidden):
    """Whether Dense layer i (model order) is followed by BatchNorm and LeakyReLU.

    The encoder levels (0..n_hidden-1) and the decoder levels
    (n_hidden+1..2*n_hidden) are; the bottleneck and the output are not.
    """
    return i != n_hidden and i != n_dense - 1


def glorot_kernels(rs, sizes):
    """Draw one glorot-uniform kernel per (fan_in, fan_out) from rs, as float32 arrays."""
    kernels = []
    for fan_in, fan_out in sizes:
        lim = math.sqrt(6.0 / (fan_in + fan_out))
        kernels.append(rs.uniform(-lim, lim, size=(fan_in, fan_out)).astype(np.float32))
    return kernels


def write_history_csv(path, loss, val_loss):
    """Write epoch,loss,val_loss rows (epochs from 1, floats as repr) atomically."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".tmp-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write("epoch,loss,val_loss\n")
            for i, (a, b) in enumerate(zip(loss, val_loss), start=1):
                f.write(f"{i},{float(a)!r},{float(b)!r}\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def read_history_csv(path):
    """Read an epoch,loss,val_loss CSV: (epochs, loss, val_loss) lists."""
    epochs, loss, val = [], [], []
    with open(path) as f:
        header = f.readline().strip()
        if header != "epoch,loss,val_loss":
            raise SystemExit(f"{path}: header {header!r}, want 'epoch,loss,val_loss'")
        for line in f:
            e, a, b = line.strip().split(",")
            epochs.append(int(e))
            loss.append(float(a))
            val.append(float(b))
    return epochs, loss, val
