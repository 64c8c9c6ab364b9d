package training

import (
	"fmt"

	"gorgonia.org/tensor"
)

// AdamState is Adam's position for a list of weights: its step count and,
// for each weight, the first and second moments m and v, each a tensor of
// the weight's shape and dtype.
type AdamState struct {
	Iterations int
	M, V       []*tensor.Dense
}

// State returns Adam's position for the weights ws. The moment tensors share
// Adam's memory (they are views, not copies), so they are valid until the
// next Step; a weight that has not been stepped yet gets zero moments.
func (a *Adam) State(ws []*tensor.Dense) AdamState {
	s := AdamState{Iterations: a.t, M: make([]*tensor.Dense, len(ws)), V: make([]*tensor.Dense, len(ws))}
	for i, w := range ws {
		shape := tensor.WithShape(w.Shape().Clone()...)
		switch st := a.state[w].(type) {
		case *moments[float32]:
			s.M[i] = tensor.New(shape, tensor.WithBacking(st.m))
			s.V[i] = tensor.New(shape, tensor.WithBacking(st.v))
		case *moments[float64]:
			s.M[i] = tensor.New(shape, tensor.WithBacking(st.m))
			s.V[i] = tensor.New(shape, tensor.WithBacking(st.v))
		default:
			s.M[i] = tensor.New(shape, tensor.Of(w.Dtype()))
			s.V[i] = tensor.New(shape, tensor.Of(w.Dtype()))
		}
	}
	return s
}

// SetState moves Adam to the position s for the weights ws (the same
// weights, in the same order, as the State it came from): the step count
// and a copy of each weight's moments, which must have the weight's shape
// and dtype. Moments of other weights are forgotten.
func (a *Adam) SetState(ws []*tensor.Dense, s AdamState) error {
	if s.Iterations < 0 {
		return fmt.Errorf("adam: negative step count %d", s.Iterations)
	}
	if len(s.M) != len(ws) || len(s.V) != len(ws) {
		return fmt.Errorf("adam: moments for %d and %d weights, want %d", len(s.M), len(s.V), len(ws))
	}
	state := make(map[*tensor.Dense]any, len(ws))
	for i, w := range ws {
		m, v := s.M[i], s.V[i]
		if m == nil || v == nil || !m.Shape().Eq(w.Shape()) || !v.Shape().Eq(w.Shape()) || m.Dtype() != w.Dtype() || v.Dtype() != w.Dtype() {
			return fmt.Errorf("adam: the moments of weight %d do not match its %v %v shape", i, w.Shape(), w.Dtype())
		}
		switch w.Dtype() {
		case tensor.Float32:
			state[w] = &moments[float32]{m: append([]float32(nil), m.Float32s()...), v: append([]float32(nil), v.Float32s()...)}
		case tensor.Float64:
			state[w] = &moments[float64]{m: append([]float64(nil), m.Float64s()...), v: append([]float64(nil), v.Float64s()...)}
		default:
			return fmt.Errorf("adam: weight %d has unsupported dtype %v", i, w.Dtype())
		}
	}
	a.t, a.state = s.Iterations, state
	return nil
}
