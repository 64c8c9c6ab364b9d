"""Writes dataset/testdata/dot.json.gz: numpy 1.24's np.dot(A, B) through
OpenBLAS 0.3.21 (Cooperlake kernels) for the product shapes and kernel paths
make_classification can reach, under a given OpenBLAS thread count (set with
threadpoolctl, which may exceed the CPU count; each case records it), for
TestDotMatchesNumpy. A is a strided view, RandomState(seed).standard_normal(
(m, k+3))[:, :k]; B is 2*uniform(size=(k, n)) - 1 from the same state, so the
Go test regenerates both with package rng. Run with Debian's /usr/bin/python3
from the repository root."""
import gzip
import hashlib
import json

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

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
# Blocked dgemm: on one thread past GEMM_P columns (later M blocks meet
# 12-row groups, where 4-, 2- and 1-column tiles split k), and on 2 to 8
# threads (M and N split between threads, k halves unrounded, a 2-D thread
# grid when n < 4, N beyond GEMM_R * threads).
for s in [(400, 30, 195), (400, 20, 390)]:
    add(*s, 1, "gemm blocked, one thread, later M blocks")
for s in [(300, 60, 60, 2), (105, 100, 100, 2), (7, 400, 400, 2), (3, 800, 450, 2), (1001, 10, 101, 2),
          (2000, 10, 90, 2), (1000, 20, 80, 2), (2000, 30, 60, 2), (300, 400, 60, 2), (50, 1200, 45, 2),
          (13, 100, 1000, 2), (5, 500, 500, 2), (400, 30, 195, 2), (400, 20, 390, 2), (300, 30, 401, 2),
          (1000, 20, 80, 3), (400, 20, 390, 3), (2000, 10, 90, 4), (2000, 100, 3, 2), (2000, 100, 3, 4),
          (2000, 100, 7, 8), (1000, 41, 33, 5), (1000, 41, 33, 8), (90000, 4, 4, 2)]:
    add(*s, "gemm blocked, threads")

def run():
    out = []
    for i, (m, k, n, threads, path) in enumerate(CASES):
        seed = 1000 + i
        rs = np.random.RandomState(seed)
        A = rs.standard_normal((m, k + PAD))[:, :k]
        B = 2 * rs.uniform(size=(k, n)) - 1
        with threadpool_limits(limits=threads, user_api="blas"):
            assert [i["num_threads"] for i in threadpool_info() if i["internal_api"] == "openblas"] == [threads]
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
