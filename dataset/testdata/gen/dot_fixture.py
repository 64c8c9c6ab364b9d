"""Writes dataset/testdata/dot.json.gz: numpy 1.24's np.dot(A, B) through
OpenBLAS 0.3.21 (Cooperlake kernels) for the product shapes and kernel paths
make_classification can reach, under a given OpenBLAS thread count, for
TestDotMatchesNumpy. A is a strided view, RandomState(seed).standard_normal(
(m, k+3))[:, :k]; B is 2*uniform(size=(k, n)) - 1 from the same state, so the
Go test regenerates both with package rng. Run with Debian's /usr/bin/python3
from the repository root."""
import gzip
import hashlib
import json

import numpy as np
from threadpoolctl import threadpool_limits

PAD = 3
CASES = []  # (m, k, n, threads, path)

def add(m, k, n, threads, path):
    CASES.append((m, k, n, threads, path))

for s in [(250, 10, 10), (7, 5, 5), (3, 15, 15), (100, 10, 90), (1000, 10, 90), (2, 2, 2)]:
    add(*s, 2, "gemm small kernel, fused chain")
for s in [(20, 20, 20), (37, 17, 17), (41, 16, 3), (9, 18, 2), (501, 20, 3), (6, 33, 12), (5, 40, 10), (103, 25, 1 + 8 * 3)]:
    add(*s, 2, "gemm small kernel, dot-product tail")
for s in [(300, 60, 60), (105, 100, 100), (7, 400, 400), (3, 800, 450), (1001, 10, 101)]:
    add(*s, 1, "gemm blocked, one thread")
for s in [(1000, 10, 1, 2), (1003, 10, 1, 1), (1003, 10, 1, 2), (1003, 7, 1, 2), (50, 3, 1, 2), (2, 2, 1, 2),
          (5000, 2, 1, 2), (5001, 3, 1, 2), (6, 2100, 1, 1), (6, 2100, 1, 2), (9, 1, 1, 2)]:
    add(*s, "dgemv_t")
for k in list(range(2, 41)) + [64, 95]:
    add(1, k, k, 2, "dgemv_n square")
for s in [(1, 20, 2), (1, 20, 3), (1, 21, 3), (1, 7, 2), (1, 22, 5), (1, 100, 100), (1, 130, 130)]:
    add(*s, 2, "dgemv_n")
add(1, 130, 130, 1, "dgemv_n")
for k in list(range(1, 41)) + [47, 63, 64, 65, 100, 200]:
    add(1, k, 1, 2, "ddot")
for s in [(1, 1, 1), (5, 1, 1), (1, 1, 6), (4, 1, 3)]:
    add(*s, 2, "scalar or outer product")

def run():
    out = []
    for i, (m, k, n, threads, path) in enumerate(CASES):
        seed = 1000 + i
        rs = np.random.RandomState(seed)
        A = rs.standard_normal((m, k + PAD))[:, :k]
        B = 2 * rs.uniform(size=(k, n)) - 1
        with threadpool_limits(limits=threads, user_api="blas"):
            C = np.dot(A, B)
        C = np.ascontiguousarray(C, dtype="<f8").reshape(m, n)
        case = {"m": m, "k": k, "n": n, "threads": threads, "seed": seed, "path": path,
                "sha256": hashlib.sha256(C.tobytes()).hexdigest()}
        if C.size <= 2000:
            case["C"] = [float(v) for v in C.ravel()]
        out.append(case)
    with gzip.open("dataset/testdata/dot.json.gz", "wt") as fh:
        json.dump({"pad": PAD, "cases": out}, fh, separators=(",", ":"))

run()
