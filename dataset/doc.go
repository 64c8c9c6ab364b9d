// Package dataset builds the notebook's data exactly as scikit-learn 1.2.1
// builds it on numpy 1.24's legacy RandomState: MakeClassification
// (sklearn.datasets.make_classification), TrainTestSplit
// (sklearn.model_selection.train_test_split) and MinMaxScaler
// (sklearn.preprocessing.MinMaxScaler), bit for bit, plus CSV helpers and
// Notebook, the notebook's whole data step in one call.
//
// Exactness rests on three things. The random draws come from package rng,
// a port of numpy's legacy generator whose Gaussian uses a port of glibc's
// log. The arithmetic keeps numpy's order of operations, with Go's
// floating-point fusion blocked where numpy rounds twice. The matrix
// products of make_classification reproduce what numpy's dot does through
// OpenBLAS 0.3.21 on the AVX-512 (SkylakeX/Cooperlake) kernels of Debian 12:
// blas.go documents which kernel, summation order and fused multiply-adds
// each shape gets. One case is not reproduced: products of more than 10^6
// multiply-adds when OpenBLAS runs them on several threads (the default on a
// multi-core machine), where numpy's own result depends on the thread count;
// there the products follow single-threaded OpenBLAS
// (OPENBLAS_NUM_THREADS=1).
package dataset
