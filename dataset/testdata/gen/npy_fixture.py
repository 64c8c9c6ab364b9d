"""Writes dataset/testdata/npy/*.npy with numpy's own writer, for
TestReadNPYReadsNumpysFiles: one 3x4 table in every dtype, byte order,
memory order and format version the reader takes, and label vectors.
Run with Debian's /usr/bin/python3 (numpy 1.24) from the repository root."""
import numpy as np

out = "dataset/testdata/npy/"
X = np.array([[0.1, -2.5, 1e300, 5e-324],
              [3.0, -0.0, 1.0000000000000002, 7.25],
              [-1e-7, 123456789.123, 2.0**60 + 2**8, 0.5]])
I = np.arange(12).reshape(3, 4) - 5


def save(name, a, version=None):
    with open(out + name, "wb") as f:
        np.lib.format.write_array(f, a, version=version)


save("f8.npy", X)
save("f8_fortran.npy", np.asfortranarray(X))
save("f8_big.npy", X.astype(">f8"))
save("f8_v2.npy", X, version=(2, 0))
save("f8_v3.npy", X, version=(3, 0))
save("f4_fortran.npy", np.asfortranarray(X[:, [0, 1, 3]].astype("<f4")))
save("f4_big.npy", X[:, [0, 1, 3]].astype(">f4"))
save("f2.npy", np.array([[1.5, -0.0, 65504.0], [6e-8, 1e-4, -2.0]], dtype="<f2"))
save("i8.npy", I.astype("<i8"))
save("i4_big_fortran.npy", np.asfortranarray(I.astype(">i4")))
save("i2.npy", I.astype("<i2"))
save("i1.npy", I.astype("i1"))
save("u1.npy", (I + 5).astype("u1"))
save("u8.npy", np.array([[2**64 - 1, 0], [2**53 + 1, 7]], dtype="<u8"))
save("b1.npy", I % 3 == 0)
# A label in column 2 of a float table.
L = X.copy()
L[:, 2] = [1, 0, 1]
save("f8_label2.npy", L)
save("f8_label2_fortran.npy", np.asfortranarray(L))
# Labels files.
save("y_i8.npy", np.array([1, 0, 2], dtype="<i8"))
save("y_f4.npy", np.array([0.1, 1.0, -2.5], dtype="<f4"))
save("y_b1.npy", np.array([True, False, True]))
save("y_U.npy", np.array(["cat", "dog", "émeu"]))
save("y_S.npy", np.array([b"a", b"bb", b"a"]))
save("y_column.npy", np.array([[3], [4], [3]], dtype=">i2"))
