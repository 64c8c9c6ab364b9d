// Package dataset builds the notebook's data exactly as scikit-learn 1.2.1
// builds it on numpy 1.24's legacy RandomState: MakeClassification
// (sklearn.datasets.make_classification), TrainTestSplit
// (sklearn.model_selection.train_test_split) and MinMaxScaler
// (sklearn.preprocessing.MinMaxScaler), bit for bit, plus CSV helpers and
// Notebook, the notebook's whole data step in one call.
//
// It also reads the user's own data at scale: ReadFile reads a CSV file
// (ReadTable's rules, parsed in parallel straight into a matrix allocated
// once, every number exactly what strconv.ParseFloat gives) or a numpy .npy
// file (ReadNPY), with labels from a column or from a second file
// (ReadLabelFile); TrainTestOrder, PermuteRows, Matrix.RowRange and
// MinMaxScaler.TransformInPlace then split and scale it without a copy (see
// TrainTestOrder for the whole sequence).
//
// Exactness rests on three things. The random draws come from package rng,
// a port of numpy's legacy generator whose Gaussian uses a port of glibc's
// log. The arithmetic keeps numpy's order of operations, with Go's
// floating-point fusion blocked where numpy rounds twice. The matrix
// products of make_classification reproduce what numpy's dot does through
// OpenBLAS 0.3.21 on the AVX-512 (SkylakeX/Cooperlake) kernels of Debian 12
// (on a CPU that OpenBLAS 0.3.21 does not recognise, such as an Intel Xeon
// of family 6 model 207, it takes its Prescott kernels unless
// OPENBLAS_CORETYPE=SkylakeX says otherwise, and numpy's last bits differ):
// blas.go documents which kernel, summation order and fused multiply-adds
// each shape gets. Products of more than 10^6 multiply-adds run on several
// threads in OpenBLAS (the default on a multi-core machine), and numpy's
// result then depends on the thread count, because the thread partition
// decides which entries the kernel sums in split chains; blas.go models that
// partition, taking the thread count as OpenBLAS would (OPENBLAS_NUM_THREADS
// and friends, else the number of CPUs), and matches numpy for 1 to 8
// threads.
package dataset
