"""Train the notebook's autoencoder in PyTorch with Keras's semantics, written out by hand.

This is the reference the Go port is checked against number for number. Keras
(TensorFlow 2, tf.keras) differs from torch.nn in ways that move the curves:

* BatchNormalization, training mode: batch mean and the *biased* batch
  variance, eps 1e-3 inside the square root, output x*inv + (beta - mean*inv)
  with inv = gamma/sqrt(var + eps); moving statistics start at 0 and 1 and move
  by ``moving -= (moving - batch_stat) * (1 - 0.99)`` with the biased variance;
  inference mode uses the moving statistics.
* Adam (lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-7) in Keras's epsilon-hat form:
  lr_t = lr*sqrt(1 - beta2^t)/(1 - beta1^t); w -= lr_t*m/(sqrt(v) + eps).
* Dense kernels glorot-uniform, biases 0; LeakyReLU slope 0.3; MSE as the mean
  over all elements.
* ``loss``: the training-mode batch losses (before each update) averaged
  weighted by batch size, the last batch partial (670 = 41*16 + 14);
  ``val_loss``: the test set's MSE in inference mode after each epoch.

Initial weights come from ``--seed`` (numpy RandomState, see refdata.py) or
from ``--init-json`` (a JSON list of tensors {"shape", "values"} in model
order: per Dense kernel then bias, per BatchNorm gamma, beta, moving_mean,
moving_variance; gzip allowed). Each epoch's order is ``rs.permutation`` from
the same RandomState after the kernels, unless ``--no-shuffle``.

Example:
    /usr/bin/python3 reference/torch_keras_semantics.py --seed 1 --history-csv hist.csv
"""

import argparse
import gzip
import json
import sys
import time

import numpy as np

import refdata

BN_EPS = 1e-3
BN_MOMENTUM = 0.99
LEAKY_ALPHA = 0.3
ADAM_LR, ADAM_BETA1, ADAM_BETA2, ADAM_EPS = 1e-3, 0.9, 0.999, 1e-7


class KerasAutoencoder:
    """The notebook's model as plain tensors: Dense, BatchNorm, LeakyReLU, Keras semantics.

    x: [batch, n_inputs] -> reconstruction: [batch, n_inputs].
    """

    def __init__(self, torch, n_inputs, hidden, bottleneck, dtype):
        self.torch = torch
        self.dtype = dtype
        self.sizes = refdata.dense_sizes(n_inputs, hidden, bottleneck)
        # layers: ("dense", W [in, out], b [out]) or ("bn", gamma, beta, moving_mean, moving_var)
        self.layers = []
        for i, (fan_in, fan_out) in enumerate(self.sizes):
            self.layers.append(["dense", torch.zeros(fan_in, fan_out, dtype=dtype),
                                torch.zeros(fan_out, dtype=dtype)])
            if refdata.has_batchnorm(i, len(self.sizes), len(hidden)):
                self.layers.append(["bn", torch.ones(fan_out, dtype=dtype), torch.zeros(fan_out, dtype=dtype),
                                    torch.zeros(fan_out, dtype=dtype), torch.ones(fan_out, dtype=dtype)])
        for t in self.parameters():
            t.requires_grad_(True)

    def parameters(self):
        """The trainable tensors in model order: kernel, bias, gamma, beta, ..."""
        out = []
        for layer in self.layers:
            out.extend(layer[1:3])
        return out

    def state(self):
        """Every tensor in model order, the layout of --init-json."""
        out = []
        for layer in self.layers:
            out.extend(layer[1:])
        return out

    def set_kernels(self, kernels):
        """Copy float32 kernels (numpy, [in, out]) into the Dense layers in order."""
        dense = [layer for layer in self.layers if layer[0] == "dense"]
        with self.torch.no_grad():
            for layer, k in zip(dense, kernels):
                layer[1].copy_(self.torch.from_numpy(k).to(self.dtype))

    def load_state(self, tensors, source):
        """Copy a list of {"shape", "values"} dicts (model order) into the model."""
        state = self.state()
        if len(tensors) != len(state):
            raise SystemExit(f"{source}: {len(tensors)} tensors, this model has {len(state)}")
        with self.torch.no_grad():
            for i, (dst, src) in enumerate(zip(state, tensors)):
                shape = tuple(src["shape"])
                if shape != tuple(dst.shape):
                    raise SystemExit(f"{source}: tensor {i} has shape {list(shape)}, want {list(dst.shape)}")
                values = np.asarray(src["values"], dtype=np.float64).reshape(shape)
                dst.copy_(self.torch.from_numpy(values).to(self.dtype))

    def forward(self, x, training):
        """Reconstruct x [batch, n_inputs]; training mode uses and updates batch statistics."""
        torch = self.torch
        h = x
        for layer in self.layers:
            if layer[0] == "dense":
                h = torch.addmm(layer[2], h, layer[1])
                continue
            _, gamma, beta, moving_mean, moving_var = layer
            if training:
                mean = h.mean(dim=0)
                var = (h - mean.detach()).square().mean(dim=0)  # biased, as tf.nn.moments
                with torch.no_grad():
                    moving_mean.sub_((moving_mean - mean) * (1 - BN_MOMENTUM))
                    moving_var.sub_((moving_var - var) * (1 - BN_MOMENTUM))
            else:
                mean, var = moving_mean, moving_var
            inv = gamma * torch.rsqrt(var + BN_EPS)
            h = h * inv + (beta - mean * inv)
            h = torch.nn.functional.leaky_relu(h, LEAKY_ALPHA)
        return h


class KerasAdam:
    """Adam as Keras applies it: epsilon-hat form, lr_t folded from the bias corrections."""

    def __init__(self, torch, params):
        self.torch = torch
        self.params = params
        self.m = [torch.zeros_like(p) for p in params]
        self.v = [torch.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads):
        """Apply one update with the gradients of params, in order."""
        self.t += 1
        lr_t = ADAM_LR * (1 - ADAM_BETA2 ** self.t) ** 0.5 / (1 - ADAM_BETA1 ** self.t)
        with self.torch.no_grad():
            for p, g, m, v in zip(self.params, grads, self.m, self.v):
                m.mul_(ADAM_BETA1).add_(g, alpha=1 - ADAM_BETA1)
                v.mul_(ADAM_BETA2).addcmul_(g, g, value=1 - ADAM_BETA2)
                p.sub_(lr_t * m / (v.sqrt() + ADAM_EPS))


def mse(torch, out, target):
    """Mean squared error over all elements."""
    return (out - target).square().mean()


def train(torch, model, X_train, X_test, epochs, batch, rs, shuffle, log):
    """Fit model to reconstruct X_train; returns (loss, val_loss) per epoch and the loop's wall time."""
    opt = KerasAdam(torch, model.parameters())
    n = X_train.shape[0]
    params = model.parameters()
    history_loss, history_val = [], []
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        order = torch.from_numpy(rs.permutation(n)) if shuffle else torch.arange(n)
        total = 0.0
        for lo in range(0, n, batch):
            xb = X_train[order[lo:lo + batch]]
            loss = mse(torch, model.forward(xb, training=True), xb)
            grads = torch.autograd.grad(loss, params)
            opt.step(grads)
            total += loss.item() * xb.shape[0]
        with torch.no_grad():
            val = mse(torch, model.forward(X_test, training=False), X_test).item()
        history_loss.append(total / n)
        history_val.append(val)
        log(f"epoch {epoch}/{epochs} - loss: {total / n:.4e} - val_loss: {val:.4e}")
    return history_loss, history_val, time.perf_counter() - start


def read_init_json(path):
    """Read an --init-json file, gzip or plain."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt") as f:
            return json.load(f)
    except (OSError, ValueError) as err:
        raise SystemExit(f"read {path}: {err}")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bottleneck", type=int, default=100, help="bottleneck width (default 100)")
    p.add_argument("--hidden", default="200,100", help="encoder levels, mirrored in the decoder (default 200,100)")
    p.add_argument("--epochs", type=int, default=200, help="epochs (default 200)")
    p.add_argument("--batch", type=int, default=16, help="batch size (default 16)")
    p.add_argument("--seed", type=int, default=1, help="numpy RandomState seed for weights and shuffling (default 1)")
    p.add_argument("--init-json", help="initial weights (JSON list of tensors in model order, .gz allowed)")
    p.add_argument("--no-shuffle", action="store_true", help="train on rows in file order every epoch")
    p.add_argument("--float64", action="store_true", help="compute in float64 instead of float32")
    p.add_argument("--data-dir", help="read X_train_scaled.csv and X_test_scaled.csv from here")
    p.add_argument("--history-csv", help="write epoch,loss,val_loss to this file")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    p.add_argument("--quiet", action="store_true", help="no per-epoch lines")
    args = p.parse_args(argv)
    try:
        args.hidden = refdata.parse_hidden(args.hidden)
    except ValueError as err:
        p.error(str(err))
    for name in ("bottleneck", "epochs", "batch", "threads"):
        if getattr(args, name) <= 0:
            p.error(f"--{name} must be positive, got {getattr(args, name)}")
    return args


def main(argv=None):
    args = parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    dtype = torch.float64 if args.float64 else torch.float32
    X_train, X_test = refdata.load_data(args.data_dir)
    model = KerasAutoencoder(torch, X_train.shape[1], args.hidden, args.bottleneck, dtype)
    rs = np.random.RandomState(args.seed)
    kernels = refdata.glorot_kernels(rs, model.sizes)  # drawn even with --init-json: rs then shuffles alike
    if args.init_json:
        model.load_state(read_init_json(args.init_json), args.init_json)
    else:
        model.set_kernels(kernels)
    xtr = torch.from_numpy(X_train).to(dtype)
    xte = torch.from_numpy(X_test).to(dtype)
    with torch.no_grad():
        before = mse(torch, model.forward(xte, training=False), xte).item()
    log = (lambda s: None) if args.quiet else print
    log(f"val_loss before training: {before!r}")
    loss, val, wall = train(torch, model, xtr, xte, args.epochs, args.batch, rs, not args.no_shuffle, log)
    print(f"final loss {loss[-1]!r} val_loss {val[-1]!r} min val_loss {min(val)!r} "
          f"({args.epochs} epochs, training loop {wall:.2f} s)")
    if args.history_csv:
        refdata.write_history_csv(args.history_csv, loss, val)
    return 0


if __name__ == "__main__":
    sys.exit(main())
