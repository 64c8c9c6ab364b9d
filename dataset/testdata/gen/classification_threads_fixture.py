"""Writes dataset/testdata/classification_threads.json.gz: scikit-learn
1.2.1's make_classification output for parameter sets whose matrix products
exceed 10^6 multiply-adds, so that OpenBLAS runs its blocked dgemm on
several threads, for TestMakeClassificationThreadedDgemm. Run with Debian's
/usr/bin/python3 from the repository root, at OpenBLAS's default thread count
(no OPENBLAS_NUM_THREADS; 2 on the machine that wrote the fixture), which
each case records. Same format as classification.json.gz."""
import gzip
import hashlib
import json

import numpy as np
import sklearn
from sklearn.datasets import make_classification
from threadpoolctl import threadpool_info

BASE = dict(n_samples=100, n_features=20, n_informative=4, n_redundant=3, n_repeated=0,
            n_classes=2, n_clusters_per_class=2, weights=None, flip_y=0.01, class_sep=1.0,
            hypercube=True, shift=0.0, scale=1.0, shuffle=True, random_state=1)

# Redundant features come from X[:, :n_informative] @ B, [n_samples, n_informative]
# @ [n_informative, n_redundant]; clusters from [cluster size, n_informative]
# @ [n_informative, n_informative]. On two threads OpenBLAS splits the
# redundant (or informative) columns in two halves; halves with a 4-, 2- or
# 1-column tail (45, 30, 35, 42/41, 55, 5) sum some entries in split chains.
CASES = [
    ("n2000_inf10_red90", dict(n_samples=2000, n_features=100, n_informative=10, n_redundant=90, random_state=1)),
    ("n1000_inf20_red80", dict(n_samples=1000, n_features=100, n_informative=20, n_redundant=80, random_state=2)),
    ("n2000_inf20_red80", dict(n_samples=2000, n_features=110, n_informative=20, n_redundant=80, random_state=3)),
    ("n5000_inf30_red60", dict(n_samples=5000, n_features=100, n_informative=30, n_redundant=60, random_state=4)),
    ("n2000_inf30_red70_repeated", dict(n_samples=2000, n_features=110, n_informative=30, n_redundant=70, n_repeated=6, random_state=5)),
    ("n5000_inf20_red83_repeated", dict(n_samples=5000, n_features=120, n_informative=20, n_redundant=83, n_repeated=10, random_state=6)),
    ("n2000_three_classes", dict(n_samples=2000, n_features=100, n_informative=30, n_redundant=60, n_repeated=3, n_classes=3, random_state=7)),
    ("n5000_three_classes_weights", dict(n_samples=5000, n_features=70, n_informative=20, n_redundant=45, n_classes=3, n_clusters_per_class=3, weights=[0.5, 0.3, 0.2], flip_y=0.05, random_state=8)),
    ("n1000_inf110_clusters", dict(n_samples=1000, n_features=130, n_informative=110, n_redundant=10, random_state=9)),
    ("n2000_shift_scale", dict(n_samples=2000, n_features=100, n_informative=30, n_redundant=60, shift=None, scale=None, random_state=10)),
]

def openblas_threads():
    return next(i["num_threads"] for i in threadpool_info() if i["internal_api"] == "openblas")

def run():
    threads = openblas_threads()
    out = []
    for name, over in CASES:
        p = dict(BASE)
        p.update(over)
        X, y = make_classification(**p)
        X = np.ascontiguousarray(X, dtype="<f8")
        case = {"name": name, "threads": threads, "params": p, "rows": X.shape[0], "cols": X.shape[1],
                "y": [int(v) for v in y],
                "sha256": hashlib.sha256(X.tobytes()).hexdigest()}
        case["head"] = [float(v) for v in X[:2].ravel()]
        case["tail"] = [float(v) for v in X[-1:].ravel()]
        out.append(case)
    info = threadpool_info()
    meta = {"sklearn": sklearn.__version__, "numpy": np.__version__,
            "blas": [(i["internal_api"], i.get("version"), i.get("architecture"), i.get("num_threads")) for i in info]}
    with gzip.open("dataset/testdata/classification_threads.json.gz", "wt") as fh:
        json.dump({"meta": meta, "cases": out}, fh, separators=(",", ":"))

run()
