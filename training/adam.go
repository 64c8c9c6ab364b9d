package training

import (
	"fmt"
	"math"

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
// weight's dtype, and allocated on the first step.
type Adam struct {
	LR, Beta1, Beta2, Epsilon float64

	t     int
	state map[*tensor.Dense]*moments
}

type moments struct {
	m, v any // []float32 or []float64
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
		a.state = make(map[*tensor.Dense]*moments, len(params))
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
		s := a.state[w]
		switch wd := w.Data().(type) {
		case []float32:
			if s == nil {
				s = &moments{m: make([]float32, len(wd)), v: make([]float32, len(wd))}
				a.state[w] = s
			}
			adamUpdate(wd, g.Data().([]float32), s.m.([]float32), s.v.([]float32), a, lrT)
		case []float64:
			if s == nil {
				s = &moments{m: make([]float64, len(wd)), v: make([]float64, len(wd))}
				a.state[w] = s
			}
			adamUpdate(wd, g.Data().([]float64), s.m.([]float64), s.v.([]float64), a, lrT)
		default:
			return fmt.Errorf("adam: weight %d has unsupported dtype %v", i, w.Dtype())
		}
	}
	return nil
}

func adamUpdate[T float32 | float64](w, g, m, v []T, a *Adam, lrT float64) {
	b1, b2 := T(a.Beta1), T(a.Beta2)
	c1, c2 := T(1-a.Beta1), T(1-a.Beta2)
	lr, eps := T(lrT), T(a.Epsilon)
	g = g[:len(w)]
	m = m[:len(w)]
	v = v[:len(w)]
	for i, gi := range g {
		mi := b1*m[i] + c1*gi
		vi := b2*v[i] + c2*gi*gi
		m[i], v[i] = mi, vi
		w[i] -= lr * mi / (T(math.Sqrt(float64(vi))) + eps)
	}
}

// weightGrad pairs a weight tensor with its gradient tensor as a
// gorgonia.ValueGrad.
type weightGrad struct {
	w, g *tensor.Dense
}

func (p weightGrad) Value() G.Value         { return p.w }
func (p weightGrad) Grad() (G.Value, error) { return p.g, nil }
