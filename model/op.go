package model

import (
	"slices"

	"fmt"
	"hash"
	"hash/fnv"
	"io"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// opBase holds what every op of this package shares. The label names the op
// and its layer ("Dense(encoder_1)"); it is also the op's hash, so two nodes
// of different layers are never merged by Gorgonia's hash-consing.
type opBase struct {
	label string
	arity int
}

func (b opBase) Arity() int            { return b.arity }
func (b opBase) ReturnsPtr() bool      { return false }
func (b opBase) CallsExtern() bool     { return false }
func (b opBase) OverwritesInput() int  { return -1 }
func (b opBase) WriteHash(h hash.Hash) { io.WriteString(h, b.label) }
func (b opBase) String() string        { return b.label }
func (b opBase) Hashcode() uint32      { h := fnv.New32a(); b.WriteHash(h); return h.Sum32() }
func (b opBase) checkArity(n int) error {
	if n != b.arity {
		return fmt.Errorf("%s: got %d inputs, want %d", b.label, n, b.arity)
	}
	return nil
}

// shapesOf checks the number of inputs and returns their shapes.
func (b opBase) shapesOf(in []G.DimSizer) ([]tensor.Shape, error) {
	if err := b.checkArity(len(in)); err != nil {
		return nil, err
	}
	out := make([]tensor.Shape, len(in))
	for i, d := range in {
		s, err := shapeOf(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.label, err)
		}
		out[i] = s
	}
	return out, nil
}

// firstShape checks the inputs and returns the first one's shape: the
// output shape of elementwise ops.
func (b opBase) firstShape(in []G.DimSizer) (tensor.Shape, error) {
	s, err := b.shapesOf(in)
	if err != nil {
		return nil, err
	}
	return s[0].Clone(), nil
}

// gradOp is the base of the ops that compute gradients. The model needs no
// second derivatives, so Gorgonia is told that they are not differentiable.
type gradOp struct{ opBase }

func (g gradOp) DiffWRT(n int) []bool { return make([]bool, n) }

func (g gradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("%s: second derivatives are not implemented", g.label)
}

// Gorgonia types of the values the ops take and return. Every op is
// polymorphic in its element type a (Float32 or Float64).
func elemType() hm.Type { return hm.TypeVariable('a') }
func matType() hm.Type  { return G.TensorType{Dims: 2, Of: elemType()} }
func vecType() hm.Type  { return G.TensorType{Dims: 1, Of: elemType()} }

// buffer is an op's output tensor, allocated on the first run and reused by
// every later one: the TapeMachine gets the same tensor back each step.
type buffer[T Float] struct {
	t    *tensor.Dense
	data []T // t's backing slice
}

// get returns the buffer shaped as shape, allocating it if needed.
func (b *buffer[T]) get(shape ...int) (*tensor.Dense, []T) {
	if b.t == nil || !slices.Equal([]int(b.t.Shape()), shape) {
		n := 1
		for _, s := range shape {
			n *= s
		}
		b.data = make([]T, n)
		b.t = tensor.New(tensor.WithShape(shape...), tensor.WithBacking(b.data))
	}
	return b.t, b.data
}

// values returns v's elements and its shape as rows × cols (a vector of n is
// 1 × n).
func values[T Float](v G.Value) (data []T, rows, cols int, err error) {
	d, ok := denseData[T](v)
	if !ok {
		var zero T
		return nil, 0, 0, fmt.Errorf("value of type %v, want %T", v.Dtype(), zero)
	}
	s := v.Shape()
	switch len(s) {
	case 1:
		return d, 1, s[0], nil
	case 2:
		return d, s[0], s[1], nil
	}
	return nil, 0, 0, fmt.Errorf("value of shape %v, want a vector or a matrix", s)
}

// denseData returns v's elements as []T. For a *tensor.Dense of T it takes
// the backing slice directly, without the reflection of Value.Data, which
// costs more than a small op's arithmetic.
func denseData[T Float](v G.Value) ([]T, bool) {
	if t, ok := v.(*tensor.Dense); ok && !t.IsScalar() {
		var zero T
		switch any(zero).(type) {
		case float32:
			if t.Dtype() == tensor.Float32 {
				return any(t.Float32s()).([]T), true
			}
		case float64:
			if t.Dtype() == tensor.Float64 {
				return any(t.Float64s()).([]T), true
			}
		}
		return nil, false
	}
	d, ok := v.Data().([]T)
	return d, ok
}

// tensorInputs checks the number of inputs and returns the elements of the
// first k of them (at most 5), which must be vectors or matrices, with the
// first one's rows and columns.
func tensorInputs[T Float](op opBase, in []G.Value, k int) (v [5][]T, rows, cols int, err error) {
	if err = op.checkArity(len(in)); err != nil {
		return v, 0, 0, err
	}
	for i := 0; i < k; i++ {
		var r, c int
		if v[i], r, c, err = values[T](in[i]); err != nil {
			return v, 0, 0, fmt.Errorf("%s: input %d: %w", op.label, i, err)
		}
		if i == 0 {
			rows, cols = r, c
		}
	}
	return v, rows, cols, nil
}

// scalar returns a scalar value as float64.
func scalar(v G.Value) (float64, error) {
	switch s := v.(type) {
	case *G.F32:
		return float64(*s), nil
	case *G.F64:
		return float64(*s), nil
	}
	return 0, fmt.Errorf("value %v is not a float scalar", v)
}

// shapeOf returns the shape of a DimSizer as a tensor.Shape.
func shapeOf(d G.DimSizer) (tensor.Shape, error) {
	s, ok := d.(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("shape %v is not a tensor.Shape", d)
	}
	return s, nil
}

// apply adds op to the graph of its children, naming the node.
func apply(op G.Op, name string, children ...*G.Node) (*G.Node, error) {
	n, err := G.ApplyOpWithName(op, name, children...)
	if err != nil {
		return nil, fmt.Errorf("apply %v: %w", op, err)
	}
	return n, nil
}
