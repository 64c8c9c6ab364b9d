"""Writes dataset/rng/testdata/numpy_randomstate.json.gz: outputs of numpy 1.24's
legacy RandomState and scikit-learn 1.2.1's sample_without_replacement for
TestRandomStateMatchesNumpy. Run with Debian's /usr/bin/python3 from the
repository root."""
import gzip
import json
import numpy as np
from sklearn.utils.random import sample_without_replacement

def f(xs):
    return [float(x) for x in xs]

def run(seed, steps):
    rs = np.random.RandomState(seed)
    out = []
    for st in steps:
        op = st["op"]
        st = dict(st)
        if op == "uint32":
            # RandomState shares its MT19937 with _bit_generator; random_raw
            # returns its raw 32-bit outputs.
            st["out"] = [int(v) for v in rs._bit_generator.random_raw(st["n"])]
        elif op == "random_sample":
            st["out"] = f(rs.random_sample(st["n"]))
        elif op == "uniform":
            st["out"] = f(rs.uniform(st["lo"], st["hi"], size=st["n"]))
        elif op == "standard_normal":
            st["out"] = f(rs.standard_normal(st["n"]))
        elif op == "randint":
            st["out"] = [int(v) for v in rs.randint(st["lo"], st["hi"], size=st["n"])]
        elif op == "randint1":
            st["out"] = [int(rs.randint(st["lo"], st["hi"])) for _ in range(st["n"])]
        elif op == "permutation":
            st["out"] = [int(v) for v in rs.permutation(st["n"])]
        elif op == "shuffle":
            a = np.arange(st["n"])
            rs.shuffle(a)
            st["out"] = [int(v) for v in a]
        elif op == "swr":
            st["out"] = [int(v) for v in sample_without_replacement(st["pop"], st["k"], random_state=rs)]
        else:
            raise ValueError(op)
        out.append(st)
    return {"seed": seed, "steps": out}

cases = []
for seed in [0, 1, 42, 12345, 2**32 - 1]:
    cases.append(run(seed, [
        {"op": "uint32", "n": 1500},
        {"op": "random_sample", "n": 700},
        {"op": "uniform", "lo": -3.0, "hi": 5.0, "n": 300},
        {"op": "standard_normal", "n": 1001},
        {"op": "uniform", "lo": 0.0, "hi": 1.0, "n": 3},
        {"op": "standard_normal", "n": 3},
        {"op": "randint", "lo": 0, "hi": 2, "n": 50},
        {"op": "randint", "lo": -5, "hi": 7, "n": 200},
        {"op": "randint", "lo": 0, "hi": 1, "n": 5},
        {"op": "randint1", "lo": 0, "hi": 1000, "n": 100},
        {"op": "randint", "lo": 0, "hi": 2**32, "n": 20},
        {"op": "randint", "lo": 0, "hi": 2**32 + 1, "n": 20},
        {"op": "randint", "lo": 3, "hi": 2**40 + 12345, "n": 50},
        {"op": "permutation", "n": 1000},
        {"op": "permutation", "n": 1},
        {"op": "permutation", "n": 0},
        {"op": "shuffle", "n": 37},
        {"op": "swr", "pop": 1024, "k": 4},
        {"op": "swr", "pop": 1000, "k": 10},
        {"op": "swr", "pop": 10, "k": 5},
        {"op": "swr", "pop": 100, "k": 99},
        {"op": "swr", "pop": 100, "k": 100},
        {"op": "swr", "pop": 2**30, "k": 8},
        {"op": "swr", "pop": 8, "k": 8},
        {"op": "swr", "pop": 2, "k": 2},
        {"op": "swr", "pop": 0, "k": 0},
        {"op": "standard_normal", "n": 5},
    ]))

with gzip.open("dataset/rng/testdata/numpy_randomstate.json.gz", "wt") as fh:
    json.dump({"numpy": np.__version__, "cases": cases}, fh, separators=(",", ":"))
