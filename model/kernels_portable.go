//go:build !(amd64 && !noasm) && !openblas

package model

// The portable backend, for other architectures and -tags noasm: vek's
// kernels, which use AVX2 where the CPU has it and Go loops elsewhere.

// denseForward sets y (m×n) = x (m×k) · w (k×n) + bias (n); bias may be nil.
func denseForward[T Float](y, x, w, bias []T, m, k, n int) {
	rowwiseDenseForward(y, x, w, bias, m, k, n)
}

// denseGradKernel sets c (m×n) = aᵀ · b for a (k×m) and b (k×n).
func denseGradKernel[T Float](c, a, b []T, k, m, n int, s *[]T) {
	portableGradKernel(c, a, b, k, m, n, s)
}

// denseGradInput sets c (m×n) = a · bᵀ for a (m×k) and b (n×k).
func denseGradInput[T Float](c, a, b []T, m, k, n int, s *[]T) {
	portableGradInput(c, a, b, m, k, n)
}

// blasBackend reports whether the products come from an external BLAS.
const blasBackend = false
