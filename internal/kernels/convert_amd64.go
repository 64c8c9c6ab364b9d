//go:build amd64 && !noasm

package kernels

//go:noescape
func cvtPD2PSAVX512(dst *float32, src *float64, n int)

// float32From64 converts with AVX-512 (eight values per instruction, the
// last ones masked) where the CPU has it.
func float32From64(dst []float32, src []float64) {
	if isa < isaAVX512 || len(src) == 0 {
		portableFloat32From64(dst, src)
		return
	}
	_ = dst[len(src)-1]
	cvtPD2PSAVX512(&dst[0], &src[0], len(src))
}
