package model

import (
	"fmt"
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// checkOpGradient builds loss = MSE(f(inputs), target) for a random target,
// differentiates it with gorgonia.Grad and compares every element of every
// input's gradient with central finite differences, in float64.
func checkOpGradient(t *testing.T, inputs []*tensor.Dense, f func(ins []*G.Node) (*G.Node, error)) {
	t.Helper()
	g := G.NewGraph()
	nodes := make([]*G.Node, len(inputs))
	for i, in := range inputs {
		name := fmt.Sprintf("in%d", i)
		if len(in.Shape()) == 2 {
			nodes[i] = G.NewMatrix(g, tensor.Float64, G.WithShape(in.Shape()...), G.WithName(name), G.WithValue(in))
		} else {
			nodes[i] = G.NewVector(g, tensor.Float64, G.WithShape(in.Shape()...), G.WithName(name), G.WithValue(in))
		}
	}
	out, err := f(nodes)
	if err != nil {
		t.Fatal(err)
	}
	r := newUniform(11)
	target := tensor.New(tensor.WithShape(out.Shape()...), tensor.WithBacking(randomMatrix(r, 1, out.Shape().TotalSize())))
	tn := G.NewMatrix(g, tensor.Float64, G.WithShape(out.Shape()...), G.WithName("target"), G.WithValue(target))
	loss, err := apply(newMSEOp[float64](), "loss", out, tn)
	if err != nil {
		t.Fatal(err)
	}
	grads, err := G.Grad(loss, nodes...)
	if err != nil {
		t.Fatal(err)
	}
	m := G.NewTapeMachine(g)
	defer m.Close()
	run := func() float64 {
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		m.Reset()
		v, err := scalar(loss.Value())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	run()
	analytic := make([][]float64, len(grads))
	for i, gr := range grads {
		analytic[i] = Float64s(gr.Value().(*tensor.Dense))
	}
	const h = 1e-6
	for i, in := range inputs {
		d := in.Data().([]float64)
		for j := range d {
			orig := d[j]
			d[j] = orig + h
			up := run()
			d[j] = orig - h
			down := run()
			d[j] = orig
			num := (up - down) / (2 * h)
			if got := analytic[i][j]; math.Abs(num-got) > 1e-7*math.Max(1, math.Abs(num)) {
				t.Errorf("input %d element %d: gradient %.10g, finite difference %.10g", i, j, got, num)
			}
		}
	}
}

func randomTensor(r uniform, lo, hi float64, shape ...int) *tensor.Dense {
	n := 1
	for _, s := range shape {
		n *= s
	}
	d := make([]float64, n)
	for i := range d {
		d[i] = r.Uniform(lo, hi)
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(d))
}

func TestDenseGradientMatchesFiniteDifferences(t *testing.T) {
	r := newUniform(1)
	ins := []*tensor.Dense{randomTensor(r, -1, 1, 4, 3), randomTensor(r, -1, 1, 3, 5), randomTensor(r, -1, 1, 5)}
	checkOpGradient(t, ins, func(n []*G.Node) (*G.Node, error) {
		return apply(newDenseOp[float64]("d", true), "d", n...)
	})
}

func TestBatchNormGradientMatchesFiniteDifferences(t *testing.T) {
	r := newUniform(2)
	p := ZeroParams(Config{Inputs: 1, Hidden: []int{6}, Bottleneck: 1, Dtype: tensor.Float64}).Norm[0]
	ins := []*tensor.Dense{randomTensor(r, -2, 3, 5, 6), randomTensor(r, 0.5, 1.5, 6), randomTensor(r, -1, 1, 6)}
	checkOpGradient(t, ins, func(n []*G.Node) (*G.Node, error) {
		return apply(newNormTrainOp[float64]("bn", p), "bn", n...)
	})
}

func TestLeakyReLUGradientMatchesFiniteDifferences(t *testing.T) {
	r := newUniform(3)
	x := randomTensor(r, -1, 1, 4, 5)
	checkOpGradient(t, []*tensor.Dense{x}, func(n []*G.Node) (*G.Node, error) {
		return apply(newLeakyOp[float64]("act", LeakySlope), "act", n...)
	})
}

func TestMSEGradientMatchesFiniteDifferences(t *testing.T) {
	// The harness's loss is the MSE op itself: with the identity as f it
	// checks the MSE's gradient with respect to its prediction.
	r := newUniform(4)
	p := randomTensor(r, -1, 1, 3, 4)
	checkOpGradient(t, []*tensor.Dense{p}, func(n []*G.Node) (*G.Node, error) { return n[0], nil })
}

// TestBatchNormTrainingUsesBatchStatistics checks the training-mode output
// and the moving-statistics update against a hand computation.
func TestBatchNormTrainingUsesBatchStatistics(t *testing.T) {
	c := Config{Inputs: 1, Hidden: []int{2}, Bottleneck: 1, Dtype: tensor.Float64}
	p := ZeroParams(c).Norm[0]
	op := newNormTrainOp[float64]("bn", p)
	x := tensor.New(tensor.WithShape(4, 2), tensor.WithBacking([]float64{1, 10, 2, 20, 3, 30, 6, 40}))
	gamma := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{2, 1}))
	beta := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{0.5, -1}))
	out, err := op.Do(x, gamma, beta)
	if err != nil {
		t.Fatal(err)
	}
	y := out.Data().([]float64)
	// Column 0: mean 3, biased variance (4+1+0+9)/4 = 3.5.
	// Column 1: mean 25, biased variance (225+25+25+225)/4 = 125.
	mean := []float64{3, 25}
	variance := []float64{3.5, 125}
	xs := x.Data().([]float64)
	for i := 0; i < 4; i++ {
		for j := 0; j < 2; j++ {
			g, b := gamma.Data().([]float64)[j], beta.Data().([]float64)[j]
			inv := g / math.Sqrt(variance[j]+NormEpsilon)
			want := xs[i*2+j]*inv + (b - mean[j]*inv)
			if math.Abs(y[i*2+j]-want) > 1e-12 {
				t.Errorf("y[%d,%d] = %.15g, want %.15g", i, j, y[i*2+j], want)
			}
		}
	}
	// Keras: moving -= (moving - batch) * (1 - 0.99), from 0 and 1.
	mm, mv := p.MovingMean.Data().([]float64), p.MovingVar.Data().([]float64)
	for j := 0; j < 2; j++ {
		wantMean := 0 - (0-mean[j])*(1-0.99)
		wantVar := 1 - (1-variance[j])*(1-0.99)
		if math.Abs(mm[j]-wantMean) > 1e-15 || math.Abs(mv[j]-wantVar) > 1e-13 {
			t.Errorf("moving statistics of column %d = (%v, %v), want (%v, %v)", j, mm[j], mv[j], wantMean, wantVar)
		}
	}
}

// TestBatchNormUsesMovingStatsInInference checks that inference mode
// normalises with the moving statistics, not the batch's.
func TestBatchNormUsesMovingStatsInInference(t *testing.T) {
	op := newNormInferOp[float64]("bn")
	x := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))
	gamma := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{1, 2}))
	beta := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{0, 1}))
	mm := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{0.5, -1}))
	mv := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{4, 0.25}))
	out, err := op.Do(x, gamma, beta, mm, mv)
	if err != nil {
		t.Fatal(err)
	}
	y := out.Data().([]float64)
	xs := []float64{1, 2, 3, 4}
	g, b, m, v := []float64{1, 2}, []float64{0, 1}, []float64{0.5, -1}, []float64{4, 0.25}
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			inv := g[j] / math.Sqrt(v[j]+NormEpsilon)
			want := xs[i*2+j]*inv + (b[j] - m[j]*inv)
			if math.Abs(y[i*2+j]-want) > 1e-12 {
				t.Errorf("y[%d,%d] = %.15g, want %.15g", i, j, y[i*2+j], want)
			}
		}
	}
	// A single row would have zero batch variance; inference must not care.
	x1 := tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, 2}))
	out1, err := newNormInferOp[float64]("bn1").Do(x1, gamma, beta, mm, mv)
	if err != nil {
		t.Fatal(err)
	}
	if got := out1.Data().([]float64); math.Abs(got[0]-y[0]) > 1e-15 || math.Abs(got[1]-y[1]) > 1e-15 {
		t.Errorf("single-row inference %v differs from the same row in a batch %v", got, y[:2])
	}
}

func TestLeakyReLUOutput(t *testing.T) {
	op := newLeakyOp[float32]("act", LeakySlope)
	x := tensor.New(tensor.WithShape(1, 4), tensor.WithBacking([]float32{-2, -0.5, 0, 3}))
	out, err := op.Do(x)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{-0.6, -0.15, 0, 3}
	for i, v := range out.Data().([]float32) {
		if v != want[i] {
			t.Errorf("LeakyReLU(%v) = %v, want %v", x.Data().([]float32)[i], v, want[i])
		}
	}
}
