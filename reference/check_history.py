"""Check a training history (epoch,loss,val_loss CSV) against a reference.

Two checks:

* ``--expected FILE.json``: a deterministic trajectory such as
  training/testdata/expected_keras_adam.json; every epoch it lists must agree in loss
  and val_loss to --rtol (relative, default 1e-4). Exit status 1 otherwise.
* ``--band CSV [CSV ...]``: other runs of the same configuration (e.g. the
  internal/kerasref/curves/replica_bn100_l2_s*.csv seeds); prints the run's final loss, final
  val_loss and min val_loss beside the band's mean and sample standard
  deviation and the z-score. Exit status 1 if any |z| exceeds --max-z
  (default 3).

Example:
    /usr/bin/python3 reference/check_history.py hist.csv \\
        --expected training/testdata/expected_keras_adam.json
"""

import argparse
import json
import statistics
import sys

import refdata


def check_expected(history, path, rtol):
    """Compare history with the loss/val_loss lists of a JSON file; returns whether all agree to rtol."""
    with open(path) as f:
        expected = json.load(f)
    _, loss, val = history
    n = len(expected["loss"])
    if len(loss) < n:
        print(f"history has {len(loss)} epochs, {path} lists {n}")
        return False
    worst = 0.0
    print("epoch  loss                  expected              rel        val_loss              expected              rel")
    for i in range(n):
        rl = loss[i] / expected["loss"][i] - 1
        rv = val[i] / expected["val_loss"][i] - 1
        worst = max(worst, abs(rl), abs(rv))
        print(f"{i + 1:5d}  {loss[i]:<20.15g}  {expected['loss'][i]:<20.15g}  {rl:+.2e}  "
              f"{val[i]:<20.15g}  {expected['val_loss'][i]:<20.15g}  {rv:+.2e}")
    ok = worst <= rtol
    print(f"max |relative difference| {worst:.2e}: {'within' if ok else 'OUTSIDE'} rtol {rtol:g}")
    return ok


def summary(history):
    """(final loss, final val_loss, min val_loss) of a history."""
    _, loss, val = history
    return loss[-1], val[-1], min(val)


def check_band(history, paths, max_z):
    """Compare the run's summary with the band runs' mean and sd; returns whether every |z| <= max_z."""
    band = [summary(refdata.read_history_csv(p)) for p in paths]
    ok = True
    print(f"{'':16s} {'this run':>11s} {'band mean':>11s} {'band sd':>11s} {'z':>7s}   band values")
    for k, name in enumerate(("final loss", "final val_loss", "min val_loss")):
        values = [b[k] for b in band]
        mean = statistics.mean(values)
        sd = statistics.stdev(values) if len(values) > 1 else float("nan")
        z = (summary(history)[k] - mean) / sd
        ok = ok and abs(z) <= max_z
        print(f"{name:16s} {summary(history)[k]:11.4g} {mean:11.4g} {sd:11.2g} {z:+7.2f}   "
              + " ".join(f"{v:.4g}" for v in values))
    print(f"{'all' if ok else 'NOT all'} within {max_z:g} sd of the band")
    return ok


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("history", help="epoch,loss,val_loss CSV to check")
    p.add_argument("--expected", help="JSON with loss and val_loss lists to match epoch by epoch")
    p.add_argument("--rtol", type=float, default=1e-4, help="relative tolerance for --expected (default 1e-4)")
    p.add_argument("--band", nargs="+", metavar="CSV", help="histories of the same configuration to compare with")
    p.add_argument("--max-z", type=float, default=3.0, help="largest |z| accepted by --band (default 3)")
    args = p.parse_args(argv)
    if not args.expected and not args.band:
        p.error("give --expected or --band (or both)")
    history = refdata.read_history_csv(args.history)
    ok = True
    if args.expected:
        ok = check_expected(history, args.expected, args.rtol) and ok
    if args.band:
        ok = check_band(history, args.band, args.max_z) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
