package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

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

// TestWholeGraphGradientMatchesFiniteDifferences checks every trainable
// weight's gradient, element by element, against central differences of the
// training-mode loss in float64, for both kinds of graph.
func TestWholeGraphGradientMatchesFiniteDifferences(t *testing.T) {
	for _, kind := range Graphs() {
		t.Run(kind.String(), func(t *testing.T) { checkWholeGraphGradient(t, kind) })
	}
}

func checkWholeGraphGradient(t *testing.T, kind Graph) {
	c := Config{Inputs: 5, Hidden: []int{7, 4}, Bottleneck: 3, Dtype: tensor.Float64}
	r := newUniform(3)
	p, err := NewParams(c, r)
	if err != nil {
		t.Fatal(err)
	}
	// Non-trivial gamma, beta and biases so that their gradients matter.
	for _, w := range p.Trainable() {
		d := w.Tensor.Data().([]float64)
		for i := range d {
			d[i] += r.Uniform(-0.5, 0.5)
		}
	}
	const batch = 6
	net, err := NewTrainingNetOf(kind, p, batch)
	if err != nil {
		t.Fatal(err)
	}
	if err := net.SetInput(randomMatrix(r, batch, c.Inputs)); err != nil {
		t.Fatal(err)
	}
	if err := net.Run(); err != nil {
		t.Fatal(err)
	}
	grads, err := net.GradValues()
	if err != nil {
		t.Fatal(err)
	}
	analytic := make([][]float64, len(grads))
	for i, g := range grads {
		analytic[i] = Float64s(g)
	}
	loss := func() float64 {
		if err := net.Run(); err != nil {
			t.Fatal(err)
		}
		v, err := net.LossValue()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const h = 1e-6
	checked := 0
	for i, w := range p.Trainable() {
		d := w.Tensor.Data().([]float64)
		for j := range d {
			orig := d[j]
			d[j] = orig + h
			up := loss()
			d[j] = orig - h
			down := loss()
			d[j] = orig
			num := (up - down) / (2 * h)
			got := analytic[i][j]
			if math.Abs(num-got) > 1e-6*math.Max(1, math.Abs(num)) {
				t.Errorf("%s[%d]: gradient %.10g, finite difference %.10g", w.Name, j, got, num)
			}
			checked++
		}
	}
	if checked != p.CountTrainable() {
		t.Fatalf("checked %d gradients, want %d", checked, p.CountTrainable())
	}
}
