// Package kernels holds the autoencoder's numeric kernels: the three
// products of a Dense layer, the bias and column sums, LeakyReLU and its
// gradient, batch normalisation's statistics, normalisation and input
// gradient, the mean squared error's sum and gradient, Adam's update, and
// the conversion of float64 input rows to float32. Each has an exported
// entry point, generic over float32 and float64 but for the conversion
// (Float32From64), which packages model and training call; which code runs
// behind it is chosen at build time by tag and at start-up by the CPU:
//
//	build                      float32                               float64
//	default, amd64             Go assembly: AVX-512 (F, DQ, BW, VL)  the products: AVX-512 where the
//	                           where the CPU has it, else AVX2/FMA,  CPU has it; Adam: as float32; the
//	                           else the portable kernels             rest: the portable kernels
//	-tags openblas             the two gradient products through     the gradient products
//	                           OpenBLAS (cgo, package kernels/cblas);  through OpenBLAS
//	                           the rest as the default build
//	-tags noasm, or not amd64  the portable kernels                  the portable kernels
//
// The portable kernels are plain Go loops, and vek's kernels for the
// products. Every variant of a kernel computes the same values bit for bit
// (the products' elements are each one chain of fused multiply-adds over k
// in order, from zero; the elementwise, BatchNorm and MSE kernels do the
// same operations in the same order as the Go loops), except OpenBLAS's
// gradient products and vek's input gradient, which sum in their own order.
//
// On amd64 every entry point runs its kernel with the FTZ and DAZ bits of
// MXCSR set, as TensorFlow sets its kernel threads: denormal inputs are
// read as zero and denormal results written as zero, which keeps the
// division, the square root and the rest at full speed when gradients get
// tiny. MXCSR belongs to the OS thread, so the entry point locks the
// goroutine to its thread for the call and restores the old MXCSR before
// unlocking it; Go code outside the kernels keeps the default mode.
// Float32From64, a conversion, runs in the caller's mode. On arm64 the
// entry points do the same with FPCR's FZ bit, which flushes denormal inputs
// and results alike. The noasm build and other architectures set no mode
// and do not flush, and neither do OpenBLAS's gradient products (-tags
// openblas), whose threads keep their own mode.
//
// Files are named by kernel family: gemm (the products, transposes and
// sums), leaky, batchnorm, mse, adam and convert. In each family, <family>.go
// holds the entry points and the portable kernels, compiled in every build
// so that tests can compare every variant with them; <family>_amd64.go and
// the .s files hold the assembly and its dispatch (build constraint
// amd64 && !noasm; gemm_avx512_amd64.s and batchnorm_avx512_amd64.s the
// AVX-512 kernels); and <family>_portable.go routes the entry points
// straight to the portable kernels (build constraint !amd64 || noasm).
// gemm_openblas.go and gemm_noblas.go pick where the gradient products come
// from; cpu_amd64.go detects the instruction set and sets MXCSR, and
// cpu_arm64.go sets FPCR; and
// mask_amd64.h holds the assembly's shared macro for the masks of a loop's
// last, partial vector.
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
