"""Writes dataset/testdata/split.json: the row indices scikit-learn 1.2.1's
train_test_split picks (X = arange(n)) for several sizes, fractions, counts
and seeds, and its error messages for bad sizes, for TestTrainTestSplit*.
Run with Debian's /usr/bin/python3 from the repository root."""
import json

import numpy as np
from sklearn.model_selection import train_test_split

GOOD = [(1000, 0.33, 1), (101, 0.25, 42), (10, 3, 0), (50, 0.5, 7), (3, 0.5, 5), (7, 0.8, 3), (20, 19, 2**32 - 1)]
BAD = [(10, 0.0), (10, 10), (10, -1), (1, 0.5), (10, 2.5), (10, 12), (7, 0.99)]

good = []
for n, ts, seed in GOOD:
    idx = np.arange(n)
    tr, te = train_test_split(idx, test_size=ts, random_state=seed)
    good.append({"n": n, "test_size": ts, "seed": seed, "train": [int(v) for v in tr], "test": [int(v) for v in te]})
bad = []
for n, ts in BAD:
    try:
        train_test_split(np.arange(n), test_size=ts, random_state=0)
        raise SystemExit("expected an error for %r" % ((n, ts),))
    except ValueError as e:
        bad.append({"n": n, "test_size": ts, "error": str(e)})
with open("dataset/testdata/split.json", "w") as fh:
    json.dump({"good": good, "bad": bad}, fh, indent=0)
