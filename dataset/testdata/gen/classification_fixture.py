"""Writes dataset/testdata/classification.json.gz: scikit-learn 1.2.1's
make_classification output for parameter sets beyond the notebook's, each
with the OpenBLAS thread count it ran under (threadpoolctl), for
TestMakeClassificationMatchesScikitLearn. Run with Debian's /usr/bin/python3
from the repository root (with OPENBLAS_CORETYPE=SkylakeX on an AVX-512 CPU
that OpenBLAS 0.3.21 does not know, such as Emerald Rapids). Small outputs are stored whole; large ones as the
SHA-256 of X's little-endian float64 bytes plus their first and last rows."""
import gzip
import hashlib
import json

import numpy as np
import sklearn
from sklearn.datasets import make_classification
from threadpoolctl import threadpool_limits, threadpool_info

BASE = dict(n_samples=100, n_features=20, n_informative=4, n_redundant=3, n_repeated=0,
            n_classes=2, n_clusters_per_class=2, weights=None, flip_y=0.01, class_sep=1.0,
            hypercube=True, shift=0.0, scale=1.0, shuffle=True, random_state=1)

CASES = [
    # name, overrides, OpenBLAS threads
    ("three_classes", dict(n_samples=300, n_features=25, n_informative=5, n_redundant=6, n_repeated=2, n_classes=3, random_state=7), 2),
    ("repeated_and_useless", dict(n_samples=250, n_features=40, n_informative=6, n_redundant=4, n_repeated=5, random_state=3), 2),
    ("label_flips", dict(n_samples=240, n_features=12, n_informative=4, n_redundant=2, n_classes=4, n_clusters_per_class=1, flip_y=0.3, random_state=11), 2),
    ("flip_all", dict(flip_y=1.5, n_classes=3, n_informative=3, n_clusters_per_class=2, random_state=5), 2),
    ("flip_zero_still_draws", dict(flip_y=0.0, random_state=5), 2),
    ("flip_negative_draws_nothing", dict(flip_y=-1.0, random_state=5), 2),
    ("weights_three", dict(n_samples=300, n_classes=3, n_informative=5, weights=[0.7, 0.2, 0.1], random_state=2), 2),
    ("weights_inferred_last", dict(weights=[0.25], random_state=4), 2),
    ("weights_sum_above_one", dict(weights=[0.7, 0.7], random_state=4), 2),
    ("weights_negative", dict(weights=[-0.5, 1.5], random_state=4), 2),
    # clusters of more samples than an int64 holds (5e21): the first cluster
    # takes every row, the third rows 50-99 again; or, mirrored, no row
    ("weights_1e20_beyond_int64", dict(weights=[1e20, -1e20], random_state=4), 2),
    ("weights_inferred_minus_1e20", dict(weights=[-1e20], random_state=4), 2),
    # 5e9 samples in a cluster, beyond 2^31
    ("weights_1e8", dict(weights=[1e8, 0.1], random_state=4), 2),
    # a million samples short: the leftover loop's 1,000,100 rounds
    ("weights_leftover_million", dict(weights=[-1e4, 0.0], random_state=4), 2),
    ("no_hypercube", dict(hypercube=False, n_informative=6, class_sep=2.0, random_state=9), 2),
    ("random_shift_and_scale", dict(shift=None, scale=None, class_sep=2.5, random_state=13), 2),
    ("shift_and_scale_given", dict(shift=-3.25, scale=7.5, random_state=13), 2),
    ("seed_0", dict(random_state=0), 2),
    ("seed_42", dict(n_samples=150, n_features=30, n_informative=8, n_redundant=8, random_state=42), 2),
    ("seed_max", dict(random_state=2**32 - 1), 2),
    ("no_shuffle", dict(shuffle=False, n_repeated=3, random_state=21), 2),
    ("one_class", dict(n_classes=1, n_clusters_per_class=1, n_informative=1, n_redundant=0, flip_y=0.5, random_state=6), 2),
    # hypercube via sample_without_replacement's other branches
    ("swr_reservoir", dict(n_informative=2, n_redundant=2, random_state=8), 2),
    ("swr_permutation", dict(n_informative=3, n_redundant=2, random_state=8), 2),
    ("swr_permutation_ratio_0_0156", dict(n_informative=7, n_clusters_per_class=1, random_state=8), 2),
    ("informative_above_30", dict(n_samples=80, n_features=40, n_informative=33, n_redundant=2, random_state=8), 2),
    # small n: one-sample clusters (row-vector products), empty clusters
    ("small_n_5", dict(n_samples=5, n_features=8, n_informative=3, n_redundant=2, random_state=1), 2),
    ("small_n_7_k8", dict(n_samples=7, n_features=12, n_informative=8, n_redundant=2, random_state=1), 2),
    ("small_n_3_empty_cluster", dict(n_samples=3, n_features=6, n_informative=2, n_redundant=1, random_state=1), 2),
    ("small_n_9_k5", dict(n_samples=9, n_features=10, n_informative=5, n_redundant=3, n_classes=3, n_clusters_per_class=3, random_state=2), 2),
    ("one_sample", dict(n_samples=1, n_features=6, n_informative=3, n_redundant=1, random_state=3), 2),
    ("one_sample_k20", dict(n_samples=1, n_features=24, n_informative=20, n_redundant=2, random_state=3), 2),
    ("one_sample_ddot_k40", dict(n_samples=1, n_features=45, n_informative=40, n_redundant=1, random_state=3), 2),
    ("zero_samples", dict(n_samples=0, random_state=3), 2),
    # OpenBLAS small-kernel dot-product tails (k >= 16)
    ("k20_red3", dict(n_samples=501, n_features=24, n_informative=20, n_redundant=3, random_state=14), 2),
    ("k17_clusters", dict(n_samples=203, n_features=20, n_informative=17, n_redundant=2, random_state=15), 2),
    ("k16_red4", dict(n_samples=100, n_features=22, n_informative=16, n_redundant=4, n_classes=3, random_state=16), 2),
    # dgemv_t (one redundant feature), thread-split dependent
    ("red1_n1000", dict(n_samples=1000, n_features=12, n_informative=10, n_redundant=1, random_state=17), 2),
    ("red1_n1003_2threads", dict(n_samples=1003, n_features=12, n_informative=10, n_redundant=1, random_state=17), 2),
    ("red1_n1003_1thread", dict(n_samples=1003, n_features=12, n_informative=10, n_redundant=1, random_state=17), 1),
    ("red1_k7_n1501", dict(n_samples=1501, n_features=9, n_informative=7, n_redundant=1, random_state=18), 2),
    # blocked dgemm (m*n*k > 1e6): exact for one OpenBLAS thread
    ("regular_redundant_1thread", dict(n_samples=300, n_features=125, n_informative=60, n_redundant=60, random_state=19), 1),
    ("regular_clusters_1thread", dict(n_samples=420, n_features=100, n_informative=100, n_redundant=0, random_state=20), 1),
    ("k400_blocking_1thread", dict(n_samples=30, n_features=402, n_informative=400, n_redundant=1, random_state=21), 1),
]

def run():
    out = []
    for name, over, threads in CASES:
        p = dict(BASE)
        p.update(over)
        with threadpool_limits(limits=threads, user_api="blas"):
            X, y = make_classification(**p)
        X = np.ascontiguousarray(X, dtype="<f8")
        case = {"name": name, "threads": threads, "params": p, "rows": X.shape[0], "cols": X.shape[1],
                "y": [int(v) for v in y],
                "sha256": hashlib.sha256(X.tobytes()).hexdigest()}
        if X.size <= 2500:
            case["X"] = [float(v) for v in X.ravel()]
        else:
            case["head"] = [float(v) for v in X[:2].ravel()]
            case["tail"] = [float(v) for v in X[-1:].ravel()]
        out.append(case)
    info = threadpool_info()
    meta = {"sklearn": sklearn.__version__, "numpy": np.__version__,
            "blas": [(i["internal_api"], i.get("version"), i.get("architecture")) for i in info]}
    with gzip.open("dataset/testdata/classification.json.gz", "wt") as fh:
        json.dump({"meta": meta, "cases": out}, fh, separators=(",", ":"))

run()
