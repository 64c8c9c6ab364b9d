//go:build openblas

package kernels

import "github.com/gorgonia-ae/autoencoder/internal/kernels/cblas"

// The OpenBLAS backend (go build -tags openblas; needs cgo and Debian's
// libopenblas-dev): the gradient products are one cblas_sgemm or
// cblas_dgemm call each, with the transposes expressed as BLAS flags.
// OpenBLAS blocks and orders its sums its own way, differently for different
// matrix sizes, so gradients differ from the other backends in the last
// bits (deterministic from run to run for a fixed OPENBLAS_NUM_THREADS).
//
// The forward product stays on the default kernels: there a row's result
// must not depend on how many rows share the call (the encode command
// relies on it, and OpenBLAS does not guarantee it), and on these shapes
// OpenBLAS is no faster (BenchmarkDenseForward). The elementwise kernels
// are the default ones too.

const blasBackend = true

// gemm sets c (m×n, row step ldc) = op(a)·op(b) with OpenBLAS.
func gemm[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	switch cc := any(c).(type) {
	case []float32:
		cblas.Sgemm(transA, transB, m, n, k, any(a).([]float32), lda, any(b).([]float32), ldb, cc, ldc)
	case []float64:
		cblas.Dgemm(transA, transB, m, n, k, any(a).([]float64), lda, any(b).([]float64), ldb, cc, ldc)
	}
}

// gradKernel sets c (m×n) = aᵀ · b for a (k×m) and b (k×n).
func gradKernel[T Float](c, a, b []T, k, m, n int, _ *[]T) {
	gemm(true, false, m, n, k, a, m, b, n, c, n)
}

// gradInput sets c (m×n) = a · bᵀ for a (m×k) and b (n×k).
func gradInput[T Float](c, a, b []T, m, k, n int, _ *[]T) {
	gemm(false, true, m, n, k, a, k, b, k, c, n)
}
