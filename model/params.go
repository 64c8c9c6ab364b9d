package model

import (
	"slices"

	"fmt"
	"math"

	"gorgonia.org/tensor"
)

// DenseParams are one Dense layer's weights: y = x·Kernel + Bias.
type DenseParams struct {
	Kernel *tensor.Dense // In × Out
	Bias   *tensor.Dense // Out
}

// NormParams are one BatchNormalization layer's weights and statistics, each
// a vector of the layer's width. Gamma and Beta are trained; MovingMean and
// MovingVar are updated by every training-mode forward pass and used in
// inference mode.
type NormParams struct {
	Gamma, Beta           *tensor.Dense
	MovingMean, MovingVar *tensor.Dense
}

// Params holds every weight of a model. Dense[i] belongs to Config.Layers()[i];
// Norm[i] to the i-th layer whose Norm flag is set.
type Params struct {
	Config Config
	Dense  []DenseParams
	Norm   []NormParams
}

// Uniformer draws uniform variates in [lo, hi), such as numpy's
// RandomState.uniform.
type Uniformer interface {
	Uniform(lo, hi float64) float64
}

// NewParams initialises a model as Keras does: glorot-uniform kernels drawn
// from U(±sqrt(6/(in+out))), layer by layer in model order and row-major,
// from r (for numpy's RandomState this equals
// rs.uniform(-lim, lim, size=(in, out)) per layer); zero biases; BatchNorm
// gamma 1, beta 0, moving mean 0 and moving variance 1.
func NewParams(c Config, r Uniformer) (*Params, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	p := ZeroParams(c)
	for i, l := range c.Layers() {
		lim := math.Sqrt(6 / float64(l.In+l.Out))
		setAll(p.Dense[i].Kernel, func(int) float64 { return r.Uniform(-lim, lim) })
	}
	return p, nil
}

// ZeroParams returns the parameters of c with zero kernels and biases, and
// BatchNorm layers in their initial state (gamma 1, beta 0, moving mean 0,
// moving variance 1). c must be valid.
func ZeroParams(c Config) *Params {
	p := &Params{Config: c}
	for _, l := range c.Layers() {
		p.Dense = append(p.Dense, DenseParams{
			Kernel: tensor.New(tensor.WithShape(l.In, l.Out), tensor.Of(c.Dtype)),
			Bias:   tensor.New(tensor.WithShape(l.Out), tensor.Of(c.Dtype)),
		})
		if l.Norm {
			n := NormParams{
				Gamma:      tensor.New(tensor.WithShape(l.Out), tensor.Of(c.Dtype)),
				Beta:       tensor.New(tensor.WithShape(l.Out), tensor.Of(c.Dtype)),
				MovingMean: tensor.New(tensor.WithShape(l.Out), tensor.Of(c.Dtype)),
				MovingVar:  tensor.New(tensor.WithShape(l.Out), tensor.Of(c.Dtype)),
			}
			one := func(int) float64 { return 1 }
			setAll(n.Gamma, one)
			setAll(n.MovingVar, one)
			p.Norm = append(p.Norm, n)
		}
	}
	return p
}

// Check reports whether p holds what its Config says: a valid Config, and
// for every layer its tensors, none nil, each of the Config's dtype and of
// its layer's shape. Params from NewParams or ZeroParams pass; the nets
// check the Params they are built from.
func (p *Params) Check() error {
	if p == nil {
		return fmt.Errorf("no weights")
	}
	if err := p.Config.Validate(); err != nil {
		return err
	}
	layers := p.Config.Layers()
	norms := 0
	for _, l := range layers {
		if l.Norm {
			norms++
		}
	}
	if len(p.Dense) != len(layers) || len(p.Norm) != norms {
		return fmt.Errorf("weights of %d Dense and %d BatchNorm layers for the model %v, which has %d and %d", len(p.Dense), len(p.Norm), p.Config, len(layers), norms)
	}
	// In Tensors' order, so that of several bad tensors the first is named.
	ts := p.Tensors()
	for _, l := range layers {
		k := 2 // kernel and bias, then BatchNorm's four
		if l.Norm {
			k = 6
		}
		for j, nt := range ts[:k] {
			want := []int{l.Out}
			if j == 0 {
				want = []int{l.In, l.Out}
			}
			switch t := nt.Tensor; {
			case t == nil:
				return fmt.Errorf("%s: no tensor", nt.Name)
			case t.Dtype() != p.Config.Dtype:
				return fmt.Errorf("%s: %v, the model is %v", nt.Name, t.Dtype(), p.Config.Dtype)
			case !slices.Equal([]int(t.Shape()), want):
				return fmt.Errorf("%s: shape %v, want %v", nt.Name, t.Shape(), tensor.Shape(want))
			}
		}
		ts = ts[k:]
	}
	return nil
}

// NamedTensor is a weight with a stable name such as "encoder_1/kernel" or
// "encoder_1/norm/moving_variance".
type NamedTensor struct {
	Name      string
	Tensor    *tensor.Dense
	Trainable bool
}

// Tensors lists every weight in Keras model order: for each Dense layer its
// kernel then bias, followed (for normalised layers) by the BatchNorm's gamma,
// beta, moving mean and moving variance. This is the order of Keras's
// model.get_weights() and of the reference training/testdata/init_bn100.json.gz.
func (p *Params) Tensors() []NamedTensor {
	var out []NamedTensor
	ni := 0
	for i, l := range p.Config.Layers() {
		d := p.Dense[i]
		out = append(out,
			NamedTensor{l.Name + "/kernel", d.Kernel, true},
			NamedTensor{l.Name + "/bias", d.Bias, true})
		if l.Norm {
			n := p.Norm[ni]
			ni++
			out = append(out,
				NamedTensor{l.Name + "/norm/gamma", n.Gamma, true},
				NamedTensor{l.Name + "/norm/beta", n.Beta, true},
				NamedTensor{l.Name + "/norm/moving_mean", n.MovingMean, false},
				NamedTensor{l.Name + "/norm/moving_variance", n.MovingVar, false})
		}
	}
	return out
}

// Trainable lists the weights that gradient descent updates, in model order.
func (p *Params) Trainable() []NamedTensor {
	var out []NamedTensor
	for _, t := range p.Tensors() {
		if t.Trainable {
			out = append(out, t)
		}
	}
	return out
}

// CountTrainable returns the number of trainable scalars (102,000 for the
// notebook's model).
func (p *Params) CountTrainable() int {
	n := 0
	for _, t := range p.Trainable() {
		n += t.Tensor.Shape().TotalSize()
	}
	return n
}

// SetFrom copies values into the weights in Tensors() order. values[i] holds
// the i-th tensor row-major, and shapes[i] its shape, which must match.
func (p *Params) SetFrom(shapes [][]int, values [][]float64) error {
	ts := p.Tensors()
	if len(shapes) != len(ts) || len(values) != len(ts) {
		return fmt.Errorf("got %d tensors, model %v has %d", len(values), p.Config, len(ts))
	}
	for i, t := range ts {
		want := t.Tensor.Shape()
		if !slices.Equal([]int(want), shapes[i]) {
			return fmt.Errorf("tensor %d (%s): shape %v, want %v", i, t.Name, shapes[i], []int(want))
		}
		if len(values[i]) != want.TotalSize() {
			return fmt.Errorf("tensor %d (%s): %d values, want %d", i, t.Name, len(values[i]), want.TotalSize())
		}
		vals := values[i]
		setAll(t.Tensor, func(j int) float64 { return vals[j] })
	}
	return nil
}

// Clone returns a deep copy of p.
func (p *Params) Clone() *Params {
	q := ZeroParams(p.Config)
	q.CopyFrom(p)
	return q
}

// CopyFrom copies every weight of src, a model of the same Config, into p.
func (p *Params) CopyFrom(src *Params) {
	s, d := src.Tensors(), p.Tensors()
	for i := range s {
		tensor.Copy(d[i].Tensor, s[i].Tensor)
	}
}

// setAll sets element i of t, in flat row-major order, to f(i) rounded to
// t's dtype, calling f for i = 0, 1, ... in turn.
func setAll(t *tensor.Dense, f func(i int) float64) {
	switch t.Dtype() {
	case tensor.Float32:
		d := t.Float32s()
		for i := range d {
			d[i] = float32(f(i))
		}
	case tensor.Float64:
		d := t.Float64s()
		for i := range d {
			d[i] = f(i)
		}
	}
}

// Float64s returns a copy of t's values as float64, row-major.
func Float64s(t *tensor.Dense) []float64 {
	switch t.Dtype() {
	case tensor.Float32:
		d := t.Float32s()
		out := make([]float64, len(d))
		for i, v := range d {
			out[i] = float64(v)
		}
		return out
	case tensor.Float64:
		return append([]float64(nil), t.Float64s()...)
	}
	return nil
}
