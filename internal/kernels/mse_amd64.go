//go:build amd64 && !noasm

package kernels

//go:noescape
func squaredErrorAVX(s *[8]float64, p, y *float32, n int)

//go:noescape
func squaredErrorAVX512(s *[8]float64, p, y *float32, n int)

//go:noescape
func scaledDiffAVX(d, p, y *float32, n int, k float32)

//go:noescape
func scaledDiffAVX512(d, p, y *float32, n int, k float32)

// squaredError adds the squared differences of float32 p and y to s with
// the kernels of mse_amd64.s, eight elements at a time (AVX-512: one
// register of eight float64 sums; AVX2: two of four), and returns how many
// elements it took: a multiple of eight, the rest left to Go.
func squaredError[T Float](s *[8]float64, p, y []T) int {
	p32, ok := any(p).([]float32)
	if !ok || isa < isaAVX2 {
		return 0
	}
	y32 := any(y).([]float32)
	n := len(p32) &^ 7
	if n == 0 {
		return 0
	}
	_ = y32[n-1]
	if isa >= isaAVX512 {
		squaredErrorAVX512(s, &p32[0], &y32[0], n)
	} else {
		squaredErrorAVX(s, &p32[0], &y32[0], n)
	}
	return n
}

// scaledDiff runs float32 through the kernels of mse_amd64.s: AVX-512
// (sixteen values at a time, the last ones masked), or AVX2 (eight at a
// time, the rest in Go).
func scaledDiff[T Float](d, p, y []T, k T) {
	d32, ok := any(d).([]float32)
	if !ok || isa < isaAVX2 {
		portableScaledDiff(d, p, y, k)
		return
	}
	p32, y32 := any(p).([]float32), any(y).([]float32)
	if len(p32) == 0 {
		return
	}
	_, _ = d32[len(p32)-1], y32[len(p32)-1]
	if isa >= isaAVX512 {
		scaledDiffAVX512(&d32[0], &p32[0], &y32[0], len(p32), float32(k))
		return
	}
	n := len(p32) &^ 7
	if n > 0 {
		scaledDiffAVX(&d32[0], &p32[0], &y32[0], n, float32(k))
	}
	portableScaledDiff(d32[n:], p32[n:], y32[n:], float32(k))
}
