//go:build !openblas

package kernels

// Without -tags openblas the gradient products come from this build's own
// kernels: the assembly on amd64, the portable kernels elsewhere.

const blasBackend = false

func gradKernel[T Float](c, a, b []T, k, m, n int, s *[]T) { nativeGradKernel(c, a, b, k, m, n, s) }

func gradInput[T Float](c, a, b []T, m, k, n int, s *[]T) { nativeGradInput(c, a, b, m, k, n, s) }
