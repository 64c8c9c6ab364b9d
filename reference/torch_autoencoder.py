"""Train the notebook's autoencoder with plain torch.nn: the speed anchor.

The model is the notebook's (Dense(200)-BatchNorm-LeakyReLU(0.3),
Dense(100)-BatchNorm-LeakyReLU, bottleneck Dense(n), mirrored decoder, linear
Dense(100) output) built from nn.Linear, nn.BatchNorm1d and nn.LeakyReLU, and
trained with torch.optim.Adam at its defaults (lr 1e-3, eps 1e-8), MSE, batch
16, shuffled each epoch, on one thread. BatchNorm1d gets Keras's eps (1e-3)
and momentum (0.99, which torch writes as 0.01) but keeps PyTorch's semantics
(unbiased variance in the moving statistics); weights start from PyTorch's
own initialisation seeded by --seed. So the curves land near Keras's but not
on them: torch_keras_semantics.py is the number-for-number reference, this
script measures what a mainstream framework takes for the same work.

It prints the final loss and val_loss (as Keras defines them: training-mode
batch losses weighted by batch size; test MSE in inference mode) and the wall
time of the training loop alone.

Example:
    /usr/bin/python3 reference/torch_autoencoder.py --quiet
"""

import argparse
import sys
import time

import refdata


def build_model(nn, n_inputs, hidden, bottleneck):
    """The notebook's autoencoder as an nn.Sequential: [batch, n_inputs] -> [batch, n_inputs]."""
    sizes = refdata.dense_sizes(n_inputs, hidden, bottleneck)
    layers = []
    for i, (fan_in, fan_out) in enumerate(sizes):
        layers.append(nn.Linear(fan_in, fan_out))
        if refdata.has_batchnorm(i, len(sizes), len(hidden)):
            layers.append(nn.BatchNorm1d(fan_out, eps=1e-3, momentum=0.01))
            layers.append(nn.LeakyReLU(0.3))
    return nn.Sequential(*layers)


def train(torch, model, X_train, X_test, epochs, batch, generator, log):
    """Fit model to reconstruct X_train; returns (loss, val_loss) per epoch and the loop's wall time."""
    opt = torch.optim.Adam(model.parameters())
    loss_fn = torch.nn.MSELoss()
    n = X_train.shape[0]
    history_loss, history_val = [], []
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(n, generator=generator)
        total = 0.0
        for lo in range(0, n, batch):
            xb = X_train[order[lo:lo + batch]]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), xb)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        model.eval()
        with torch.no_grad():
            val = loss_fn(model(X_test), X_test).item()
        history_loss.append(total / n)
        history_val.append(val)
        log(f"epoch {epoch}/{epochs} - loss: {total / n:.4e} - val_loss: {val:.4e}")
    return history_loss, history_val, time.perf_counter() - start


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bottleneck", type=int, default=100, help="bottleneck width (default 100)")
    p.add_argument("--hidden", default="200,100", help="encoder levels, mirrored in the decoder (default 200,100)")
    p.add_argument("--epochs", type=int, default=200, help="epochs (default 200)")
    p.add_argument("--batch", type=int, default=16, help="batch size (default 16)")
    p.add_argument("--seed", type=int, default=1, help="torch seed for weights and shuffling (default 1)")
    p.add_argument("--data-dir", help="read X_train_scaled.csv and X_test_scaled.csv from here")
    p.add_argument("--history-csv", help="write epoch,loss,val_loss to this file")
    p.add_argument("--quiet", action="store_true", help="no per-epoch lines")
    args = p.parse_args(argv)
    try:
        args.hidden = refdata.parse_hidden(args.hidden)
    except ValueError as err:
        p.error(str(err))
    for name in ("bottleneck", "epochs", "batch"):
        if getattr(args, name) <= 0:
            p.error(f"--{name} must be positive, got {getattr(args, name)}")
    return args


def main(argv=None):
    args = parse_args(argv)
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    X_train, X_test = refdata.load_data(args.data_dir)
    model = build_model(torch.nn, X_train.shape[1], args.hidden, args.bottleneck)
    xtr = torch.from_numpy(X_train).float()
    xte = torch.from_numpy(X_test).float()
    generator = torch.Generator().manual_seed(args.seed)
    log = (lambda s: None) if args.quiet else print
    loss, val, wall = train(torch, model, xtr, xte, args.epochs, args.batch, generator, log)
    print(f"final loss {loss[-1]:.6g} val_loss {val[-1]:.6g} ({args.epochs} epochs, training loop {wall:.2f} s)")
    if args.history_csv:
        refdata.write_history_csv(args.history_csv, loss, val)
    return 0


if __name__ == "__main__":
    sys.exit(main())
