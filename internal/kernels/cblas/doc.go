// Package cblas calls OpenBLAS's cblas_sgemm and cblas_dgemm through cgo,
// for the kernels package's -tags openblas build. It is a package of its
// own because Go allows no cgo in a package with Go assembly, and package
// kernels has its AVX kernels in assembly.
//
// Its code builds only with -tags openblas and cgo, and links -lopenblas
// (Debian: apt-get install libopenblas-dev); without the tag the package is
// empty, so that a plain build or test of the module needs no C toolchain or
// BLAS. OpenBLAS reads OPENBLAS_NUM_THREADS at start-up.
package cblas
