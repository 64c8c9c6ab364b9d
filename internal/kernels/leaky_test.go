package kernels

import (
	"math"
	"testing"
)

// TestLeakyKernelsMatchDefinition checks LeakyReLU and its gradient, in both
// element types and over lengths that leave vector remainders, against the
// definition, including zeros of both signs.
func TestLeakyKernelsMatchDefinition(t *testing.T) {
	for _, level := range isas() {
		t.Run(isaName(level), func(t *testing.T) {
			withISA(t, level, func() {
				r := newUniform(11)
				for _, n := range []int{1, 7, 8, 9, 33, 3200} {
					x := signedMatrix(r, 1, n)
					dy := signedMatrix(r, 1, n)
					x[0] = 0
					if n > 1 {
						x[1] = float32(math.Copysign(0, -1))
					}
					y, dx := make([]float32, n), make([]float32, n)
					Leaky(y, x, float32(0.3))
					LeakyGrad(dx, x, dy, float32(0.3))
					for i, v := range x {
						wantY, wantDx := v*0.3, dy[i]*0.3
						if v > 0 {
							wantY, wantDx = v, dy[i]
						}
						if math.Float32bits(y[i]) != math.Float32bits(wantY) || math.Float32bits(dx[i]) != math.Float32bits(wantDx) {
							t.Fatalf("n=%d, x[%d]=%v: leaky %v (want %v), grad %v (want %v)", n, i, v, y[i], wantY, dx[i], wantDx)
						}
					}
					x64, dy64 := float64s(x), float64s(dy)
					y64, dx64 := make([]float64, n), make([]float64, n)
					Leaky(y64, x64, 0.3)
					LeakyGrad(dx64, x64, dy64, 0.3)
					for i, v := range x64 {
						wantY, wantDx := v*0.3, dy64[i]*0.3
						if v > 0 {
							wantY, wantDx = v, dy64[i]
						}
						if y64[i] != wantY || dx64[i] != wantDx {
							t.Fatalf("float64 n=%d, x[%d]=%v: leaky %v (want %v), grad %v (want %v)", n, i, v, y64[i], wantY, dx64[i], wantDx)
						}
					}
				}
			})
		})
	}
}
