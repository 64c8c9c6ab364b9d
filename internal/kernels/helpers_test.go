package kernels

import "math/rand/v2"

// uniform draws from math/rand for tests.
type uniform struct{ r *rand.Rand }

func (u uniform) Uniform(lo, hi float64) float64 { return lo + (hi-lo)*u.r.Float64() }

func newUniform(seed uint64) uniform { return uniform{rand.New(rand.NewPCG(seed, 1))} }

func randomMatrix(r uniform, rows, cols int) []float64 {
	x := make([]float64, rows*cols)
	for i := range x {
		x[i] = r.Uniform(0, 1)
	}
	return x
}
