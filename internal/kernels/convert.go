package kernels

// Float32From64 sets dst[i] = float32(src[i]) for every i < len(src),
// rounding to nearest as Go's conversion does: the copy of float64 data into
// a float32 model's input. It is a conversion, not arithmetic, and runs in
// the calling thread's own floating-point mode (Go's default: no flushing),
// so its results are those of the Go conversion, bit for bit.
func Float32From64(dst []float32, src []float64) {
	float32From64(dst[:len(src)], src)
}

func portableFloat32From64(dst []float32, src []float64) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = float32(v)
	}
}
