package training

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/kernels"
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
// weight's dtype, and allocated on the first step; the update is one fused
// pass over each tensor (kernels.AdamEach, one call per dtype for all the
// tensors), every operation rounded to the weight's dtype in the order
// written above. A step whose weights or gradients do not fit updates
// nothing, and does not count.
type Adam struct {
	LR, Beta1, Beta2, Epsilon float64

	t     int
	state map[*tensor.Dense]any

	// One step's tensors by dtype, handed to the kernels at once; kept
	// between steps so that a step does not allocate.
	batch32 adamBatch[float32]
	batch64 adamBatch[float64]
}

// adamBatch lists the slices of the tensors one step updates in a dtype.
type adamBatch[T float32 | float64] struct {
	w, g, m, v [][]T
}

// add appends a weight's slices, with its moments (allocated on its first
// step).
func (b *adamBatch[T]) add(a *Adam, w *tensor.Dense, wd, g []T) {
	s, ok := a.state[w].(*moments[T])
	if !ok {
		s = newMoments[T](len(wd))
		a.state[w] = s
	}
	b.w, b.g, b.m, b.v = append(b.w, wd), append(b.g, g), append(b.m, s.m), append(b.v, s.v)
}

// run updates the listed tensors.
func (b *adamBatch[T]) run(k *kernels.AdamConsts[T]) {
	if len(b.w) > 0 {
		kernels.AdamEach(b.w, b.g, b.m, b.v, k)
	}
}

// reset empties the list, keeping its memory but not the tensors'.
func (b *adamBatch[T]) reset() {
	clear(b.w)
	clear(b.g)
	clear(b.m)
	clear(b.v)
	b.w, b.g, b.m, b.v = b.w[:0], b.g[:0], b.m[:0], b.v[:0]
}

// moments is Adam's state for one weight tensor: the first and second
// moments m and v.
type moments[T float32 | float64] struct {
	m, v []T
}

func newMoments[T float32 | float64](n int) *moments[T] {
	return &moments[T]{m: make([]T, n), v: make([]T, n)}
}

// newAdamConsts returns one step's constants in a dtype: β1, 1−β1, β2,
// 1−β2, ε and lr_t, each rounded from float64 once.
func newAdamConsts[T float32 | float64](a *Adam, lrT float64) kernels.AdamConsts[T] {
	return kernels.NewAdamConsts[T](a.Beta1, a.Beta2, a.Epsilon, lrT)
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
	t := float64(a.t + 1)
	lrT := a.LR * math.Sqrt(1-math.Pow(a.Beta2, t)) / (1 - math.Pow(a.Beta1, t))
	k32, k64 := newAdamConsts[float32](a, lrT), newAdamConsts[float64](a, lrT)
	// Check every weight before any is updated, then update them all with
	// one call per dtype.
	defer a.batch32.reset()
	defer a.batch64.reset()
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
		// Float32s and Float64s hand out the backing slices without the
		// reflection (and allocation) of Data.
		switch w.Dtype() {
		case tensor.Float32:
			a.batch32.add(a, w, w.Float32s(), g.Float32s())
		case tensor.Float64:
			a.batch64.add(a, w, w.Float64s(), g.Float64s())
		default:
			return fmt.Errorf("adam: weight %d has unsupported dtype %v", i, w.Dtype())
		}
	}
	a.batch32.run(&k32)
	a.batch64.run(&k64)
	a.t++
	return nil
}
