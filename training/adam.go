package training

import (
	"fmt"
	"math"

	"github.com/viterin/vek"
	"github.com/viterin/vek/vek32"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Adam is Keras's Adam optimizer (tf.keras.optimizers.Adam) with its
// "epsilon hat" update, applied in place:
//
//	t   += 1
//	lr_t = lr · sqrt(1 − β2^t) / (1 − β1^t)
//	m    = β1·m + (1 − β1)·g
//	v    = β2·v + (1 − β2)·g²
//	w   -= lr_t · m / (sqrt(v) + ε)
//
// It implements gorgonia.Solver. Moments are kept per weight tensor, in the
// weight's dtype, and allocated on the first step; the update runs as
// vectorised passes over each tensor.
type Adam struct {
	LR, Beta1, Beta2, Epsilon float64

	t     int
	state map[*tensor.Dense]any
}

// moments is Adam's state for one weight tensor: the first and second
// moments m and v, and two scratch vectors for the vectorised update.
type moments[T float32 | float64] struct {
	m, v, t1, t2 []T
}

func newMoments[T float32 | float64](n int) *moments[T] {
	return &moments[T]{m: make([]T, n), v: make([]T, n), t1: make([]T, n), t2: make([]T, n)}
}

// NewAdam returns Adam with Keras's defaults: lr 1e-3, β1 0.9, β2 0.999,
// ε 1e-7.
func NewAdam() *Adam {
	return &Adam{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}
}

// Iterations returns the number of steps taken.
func (a *Adam) Iterations() int { return a.t }

// Step applies one update to every weight with its gradient.
func (a *Adam) Step(params []G.ValueGrad) error {
	if a.state == nil {
		a.state = make(map[*tensor.Dense]any, len(params))
	}
	a.t++
	t := float64(a.t)
	lrT := a.LR * math.Sqrt(1-math.Pow(a.Beta2, t)) / (1 - math.Pow(a.Beta1, t))
	for i, p := range params {
		w, ok := p.Value().(*tensor.Dense)
		if !ok {
			return fmt.Errorf("adam: weight %d is a %T, not a tensor", i, p.Value())
		}
		gv, err := p.Grad()
		if err != nil {
			return fmt.Errorf("adam: gradient of weight %d: %w", i, err)
		}
		g, ok := gv.(*tensor.Dense)
		if !ok || g.Shape().TotalSize() != w.Shape().TotalSize() || g.Dtype() != w.Dtype() {
			return fmt.Errorf("adam: gradient of weight %d does not match its %v %v weight", i, w.Shape(), w.Dtype())
		}
		switch wd := w.Data().(type) {
		case []float32:
			s, ok := a.state[w].(*moments[float32])
			if !ok {
				s = newMoments[float32](len(wd))
				a.state[w] = s
			}
			adamUpdate32(wd, g.Data().([]float32), s, a, lrT)
		case []float64:
			s, ok := a.state[w].(*moments[float64])
			if !ok {
				s = newMoments[float64](len(wd))
				a.state[w] = s
			}
			adamUpdate64(wd, g.Data().([]float64), s, a, lrT)
		default:
			return fmt.Errorf("adam: weight %d has unsupported dtype %v", i, w.Dtype())
		}
	}
	return nil
}

// adamUpdate32 applies one Adam step to w with gradient g, as a sequence of
// vectorised passes (vek's AVX2 kernels): m = β1·m + (1−β1)·g,
// v = β2·v + (1−β2)·g², w −= lr_t·m/(sqrt(v)+ε).
func adamUpdate32(w, g []float32, s *moments[float32], a *Adam, lrT float64) {
	g = g[:len(w)]
	vek32.MulNumber_Inplace(s.m, float32(a.Beta1))
	vek32.MulNumber_Into(s.t1, g, float32(1-a.Beta1))
	vek32.Add_Inplace(s.m, s.t1)
	vek32.Mul_Into(s.t1, g, g)
	vek32.MulNumber_Inplace(s.t1, float32(1-a.Beta2))
	vek32.MulNumber_Inplace(s.v, float32(a.Beta2))
	vek32.Add_Inplace(s.v, s.t1)
	vek32.Sqrt_Into(s.t1, s.v)
	vek32.AddNumber_Inplace(s.t1, float32(a.Epsilon))
	vek32.Div_Into(s.t2, s.m, s.t1)
	vek32.MulNumber_Inplace(s.t2, float32(lrT))
	vek32.Sub_Inplace(w, s.t2)
}

// adamUpdate64 is adamUpdate32 for float64 weights.
func adamUpdate64(w, g []float64, s *moments[float64], a *Adam, lrT float64) {
	g = g[:len(w)]
	vek.MulNumber_Inplace(s.m, a.Beta1)
	vek.MulNumber_Into(s.t1, g, 1-a.Beta1)
	vek.Add_Inplace(s.m, s.t1)
	vek.Mul_Into(s.t1, g, g)
	vek.MulNumber_Inplace(s.t1, 1-a.Beta2)
	vek.MulNumber_Inplace(s.v, a.Beta2)
	vek.Add_Inplace(s.v, s.t1)
	vek.Sqrt_Into(s.t1, s.v)
	vek.AddNumber_Inplace(s.t1, a.Epsilon)
	vek.Div_Into(s.t2, s.m, s.t1)
	vek.MulNumber_Inplace(s.t2, lrT)
	vek.Sub_Inplace(w, s.t2)
}

// weightGrad pairs a weight tensor with its gradient tensor as a
// gorgonia.ValueGrad.
type weightGrad struct {
	w, g *tensor.Dense
}

func (p weightGrad) Value() G.Value         { return p.w }
func (p weightGrad) Grad() (G.Value, error) { return p.g, nil }
