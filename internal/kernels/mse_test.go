package kernels

import (
	"math"
	"testing"
)

// squaredErrorByDefinition is SquaredError's order of additions written
// out: element i into sum i mod 8, the sums added pairwise.
func squaredErrorByDefinition(p, y []float64) float64 {
	var s [8]float64
	for i := range p {
		d := p[i] - y[i]
		s[i%8] += float64(d * d)
	}
	return ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]))
}

// TestMSEKernelsMatchDefinition checks SquaredError and ScaledDiff, in both
// element types and at every instruction-set level, bit for bit against
// their definitions, over lengths that leave every vector remainder, and
// SquaredError against a sum in plain order to within float64 rounding.
func TestMSEKernelsMatchDefinition(t *testing.T) {
	for _, level := range isas() {
		t.Run(isaName(level), func(t *testing.T) {
			withISA(t, level, func() {
				r := newUniform(12)
				for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 33, 1600, 3203} {
					p, y := signedMatrix(r, 1, n), signedMatrix(r, 1, n)
					p64, y64 := float64s(p), float64s(y)
					want := squaredErrorByDefinition(p64, y64)
					if got := SquaredError(p, y); math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("float32 n=%d: SquaredError %v, want %v", n, got, want)
					}
					if got := SquaredError(p64, y64); math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("float64 n=%d: SquaredError %v, want %v", n, got, want)
					}
					var inOrder float64
					for i := range p64 {
						d := p64[i] - y64[i]
						inOrder += d * d
					}
					if math.Abs(want-inOrder) > 1e-14*inOrder {
						t.Fatalf("n=%d: eight sums give %v, one sum in order %v", n, want, inOrder)
					}

					k := float32(2) / float32(max(n, 1))
					d := make([]float32, n)
					ScaledDiff(d, p, y, k)
					for i := range p {
						if w := (p[i] - y[i]) * k; math.Float32bits(d[i]) != math.Float32bits(w) {
							t.Fatalf("float32 n=%d: ScaledDiff[%d] = %v, want %v", n, i, d[i], w)
						}
					}
					d64 := make([]float64, n)
					ScaledDiff(d64, p64, y64, float64(k))
					for i := range p64 {
						if w := (p64[i] - y64[i]) * float64(k); d64[i] != w {
							t.Fatalf("float64 n=%d: ScaledDiff[%d] = %v, want %v", n, i, d64[i], w)
						}
					}
				}
			})
		})
	}
}
