// Package kernels holds the autoencoder's numeric kernels: the three
// products of a Dense layer, the bias and column sums, LeakyReLU and its
// gradient, batch normalisation's statistics, normalisation and input
// gradient, and Adam's update. Each has one exported generic entry point,
// for float32 and float64, which packages model and training call; which
// code runs behind it is chosen at build time by tag and at start-up by the
// CPU:
//
//	build                        products                         elementwise, BatchNorm, Adam
//	default, amd64               Go assembly (AVX2/FMA) for       Go assembly for float32 where the
//	                             float32 where the CPU has it,    CPU has AVX2/FMA, the portable
//	                             the portable kernels otherwise   kernels otherwise
//	-tags openblas               the two gradient products        as the default build
//	                             through OpenBLAS (cgo, package
//	                             kernels/cblas); the forward
//	                             product as the default build
//	-tags noasm, or not amd64    the portable kernels only        the portable kernels only
//
// Files are named by kernel family: gemm (the products and sums), leaky,
// batchnorm and adam. In each family, <family>.go holds the entry points
// and the portable kernels (plain Go loops, and vek's kernels for the
// products), compiled in every build so that tests can compare every
// backend with them; <family>_amd64.go and <family>_amd64.s hold the
// assembly and its dispatch (build constraint amd64 && !noasm); and
// <family>_portable.go routes the entry points straight to the portable
// kernels (build constraint !amd64 || noasm). gemm_openblas.go and
// gemm_noblas.go pick where the gradient products come from.
//
// Package cblas is the cgo binding to OpenBLAS: Go allows no cgo in a
// package with Go assembly, so it is a package of its own.
package kernels

// Float is the element type of a model: float32 (as Keras) or float64.
type Float interface{ float32 | float64 }

// scratch returns a reusable slice of at least n elements.
func scratch[T Float](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	return (*s)[:n]
}
