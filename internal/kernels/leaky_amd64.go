//go:build amd64 && !noasm

package kernels

//go:noescape
func leakyAVX(y, x *float32, n int, slope float32)

//go:noescape
func leakyGradAVX(dx, x, dy *float32, n int, slope float32)

//go:noescape
func leakyAVX512(y, x *float32, n int, slope float32)

//go:noescape
func leakyGradAVX512(dx, x, dy *float32, n int, slope float32)

// leaky runs float32 through the branch-free kernels of leaky_amd64.s:
// AVX-512 (sixteen values at a time, the last ones masked), or AVX2 (eight
// at a time, the rest in Go).
func leaky[T Float](y, x []T, slope T) {
	if y32, ok := any(y).([]float32); ok && isa >= isaAVX2 {
		x32 := any(x).([]float32)
		if isa >= isaAVX512 {
			if len(x32) > 0 {
				_ = y32[len(x32)-1]
				leakyAVX512(&y32[0], &x32[0], len(x32), float32(slope))
			}
			return
		}
		n := len(x32) &^ 7
		if n > 0 {
			_ = y32[n-1]
			leakyAVX(&y32[0], &x32[0], n, float32(slope))
		}
		portableLeaky(y32[n:], x32[n:], float32(slope))
		return
	}
	portableLeaky(y, x, slope)
}

// leakyGrad is leaky's gradient, likewise.
func leakyGrad[T Float](dx, x, dy []T, slope T) {
	if dx32, ok := any(dx).([]float32); ok && isa >= isaAVX2 {
		x32, dy32 := any(x).([]float32), any(dy).([]float32)
		if isa >= isaAVX512 {
			if len(x32) > 0 {
				_, _ = dx32[len(x32)-1], dy32[len(x32)-1]
				leakyGradAVX512(&dx32[0], &x32[0], &dy32[0], len(x32), float32(slope))
			}
			return
		}
		n := len(x32) &^ 7
		if n > 0 {
			_, _ = dx32[n-1], dy32[n-1]
			leakyGradAVX(&dx32[0], &x32[0], &dy32[0], n, float32(slope))
		}
		portableLeakyGrad(dx32[n:], x32[n:], dy32[n:], float32(slope))
		return
	}
	portableLeakyGrad(dx, x, dy, slope)
}
