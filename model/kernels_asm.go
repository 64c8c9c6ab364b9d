//go:build amd64 && !noasm && !openblas

package model

// The default amd64 backend: float32 products run on the AVX2/FMA kernels
// of kernels_amd64.s when the CPU has them; float64 ones, and float32 ones
// on older CPUs, on the portable kernels.

// denseForward sets y (m×n) = x (m×k) · w (k×n) + bias (n); bias may be nil.
func denseForward[T Float](y, x, w, bias []T, m, k, n int) {
	rowwiseDenseForward(y, x, w, bias, m, k, n)
}

// denseGradKernel sets c (m×n) = aᵀ · b for a (k×m) and b (k×n): A is read
// down a's columns, so nothing is transposed.
func denseGradKernel[T Float](c, a, b []T, k, m, n int, s *[]T) {
	if c32, ok := any(c).([]float32); ok && hasAVX2FMA {
		sgemm(m, n, k, any(a).([]float32), 1, m, any(b).([]float32), n, c32, n, nil, false)
		return
	}
	portableGradKernel(c, a, b, k, m, n, s)
}

// denseGradInput sets c (m×n) = a · bᵀ for a (m×k) and b (n×k). It computes
// cᵀ = b · aᵀ with aᵀ transposed into s, and stores the result transposed.
func denseGradInput[T Float](c, a, b []T, m, k, n int, s *[]T) {
	if c32, ok := any(c).([]float32); ok && hasAVX2FMA {
		at := any(scratch(s, k*m)).([]float32)
		transpose(at, any(a).([]float32)[:m*k], m, k)
		sgemm(n, m, k, any(b).([]float32), k, 1, at, m, c32, n, nil, true)
		return
	}
	portableGradInput(c, a, b, m, k, n)
}

// blasBackend reports whether the products come from an external BLAS.
const blasBackend = false
