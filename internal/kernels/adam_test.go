package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAdamFloat32KernelMatchesScalar runs Adam (AVX on amd64) and the
// scalar portableAdam side by side for several steps, over lengths that leave
// vector remainders, and requires the same weights and moments bit for bit.
func TestAdamFloat32KernelMatchesScalar(t *testing.T) {
	for _, level := range isas() {
		t.Run(isaName(level), func(t *testing.T) {
			withISA(t, level, func() {
				r := uniform{rand.New(rand.NewPCG(4, 7))}
				const lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-7
				for _, n := range []int{1, 7, 8, 9, 31, 200, 1003} {
					w1, g := make([]float32, n), make([]float32, n)
					for i := range w1 {
						w1[i] = float32(r.Uniform(-1, 1))
					}
					w0 := append([]float32(nil), w1...)
					w2 := append([]float32(nil), w1...)
					m1, v1 := make([]float32, n), make([]float32, n)
					m2, v2 := make([]float32, n), make([]float32, n)
					for step := 1; step <= 5; step++ {
						for i := range g {
							g[i] = float32(r.Uniform(-1, 1) * math.Pow(10, -4*r.Uniform(0, 1)))
						}
						if step == 2 {
							g[0] = 0
						}
						lrT := lr * math.Sqrt(1-math.Pow(beta2, float64(step))) / (1 - math.Pow(beta1, float64(step)))
						k := NewAdamConsts[float32](beta1, beta2, eps, lrT)
						Adam(w1, g, m1, v1, &k)
						portableAdam(w2, g, m2, v2, &k)
						for i := range w1 {
							if math.Float32bits(w1[i]) != math.Float32bits(w2[i]) || math.Float32bits(m1[i]) != math.Float32bits(m2[i]) ||
								math.Float32bits(v1[i]) != math.Float32bits(v2[i]) {
								t.Fatalf("n=%d step %d element %d: kernel w,m,v = %v,%v,%v, scalar %v,%v,%v",
									n, step, i, w1[i], m1[i], v1[i], w2[i], m2[i], v2[i])
							}
						}
					}
					// Every weight moved, so the comparison above was not of idle values.
					for i := range w1 {
						if w1[i] == w0[i] {
							t.Fatalf("n=%d: weight %d did not move", n, i)
						}
					}
				}
			})
		})
	}
}
