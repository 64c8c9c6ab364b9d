package kernels

import (
	"math"
	"testing"
)

// TestFloat32From64MatchesGo converts values that round every way, and
// denormal and out-of-range ones, at every instruction-set level and over
// lengths that leave remainders, and requires Go's conversion bit for bit.
func TestFloat32From64MatchesGo(t *testing.T) {
	r := newUniform(16)
	special := []float64{0, math.Copysign(0, -1), 1e-40, -1e-45, 1e-310, 3.4e38, 4e38, -1e39, math.Inf(1), math.Inf(-1),
		1 + 1.0/(1<<24), 1 + 3.0/(1<<25), 0.1, 1.0 / 3}
	for _, level := range isas() {
		withISA(t, level, func() {
			for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 100, 1600, 3300} {
				src := make([]float64, n)
				for i := range src {
					src[i] = r.Uniform(-2, 2) * math.Pow(10, r.Uniform(-6, 3))
					if i < len(special) {
						src[i] = special[i]
					}
				}
				dst := make([]float32, n+1)
				dst[n] = 42
				Float32From64(dst, src)
				for i, v := range src {
					if math.Float32bits(dst[i]) != math.Float32bits(float32(v)) {
						t.Fatalf("%s n=%d: float32(%g) = %g, want %g", isaName(level), n, v, dst[i], float32(v))
					}
				}
				if dst[n] != 42 {
					t.Fatalf("%s n=%d: wrote past the end", isaName(level), n)
				}
			}
		})
	}
}

// BenchmarkFloat32From64 converts the validation set's 330 rows of 100.
func BenchmarkFloat32From64(b *testing.B) {
	src := randomMatrix(newUniform(17), 330, 100)
	dst := make([]float32, len(src))
	for _, level := range isas() {
		b.Run(isaName(level), func(b *testing.B) {
			withISA(b, level, func() {
				for b.Loop() {
					Float32From64(dst, src)
				}
			})
		})
	}
}
