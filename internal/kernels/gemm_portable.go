//go:build !amd64 || noasm

package kernels

// The portable products, for other architectures and -tags noasm: vek's
// kernels, which use AVX2 where the CPU has it and Go loops elsewhere.

func denseForward[T Float](y, x, w, bias []T, m, k, n int) {
	portableDenseForward(y, x, w, bias, m, k, n)
}

func nativeGradKernel[T Float](c, a, b []T, k, m, n int, s *[]T) {
	portableGradKernel(c, a, b, k, m, n, s)
}

func nativeGradInput[T Float](c, a, b []T, m, k, n int, _ *[]T) {
	portableGradInput(c, a, b, m, k, n)
}

func sumRows[T Float](s, x []T, m, n int) { portableSumRows(s, x, m, n) }
