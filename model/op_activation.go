package model

import (
	"fmt"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/kernels"
)

// leakyOp is keras.layers.LeakyReLU: it maps x to x where x > 0 and slope·x
// elsewhere, elementwise, keeping the shape.
type leakyOp[T Float] struct {
	opBase
	layer string
	slope T
	out   buffer[T]
}

func newLeakyOp[T Float](layer string, slope float64) *leakyOp[T] {
	return &leakyOp[T]{opBase: opBase{fmt.Sprintf("LeakyReLU(%s, %g)", layer, slope), 1}, layer: layer, slope: T(slope)}
}

func (op *leakyOp[T]) Type() hm.Type { return hm.NewFnType(matType(), matType()) }

func (op *leakyOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return op.firstShape(in)
}

func (op *leakyOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, n, err := tensorInputs[T](op.opBase, in, 1)
	if err != nil {
		return nil, err
	}
	x := v[0]
	t, y := op.out.get(m, n)
	kernels.Leaky(y, x[:m*n], op.slope)
	return t, nil
}

func (op *leakyOp[T]) DiffWRT(int) []bool { return []bool{true} }

func (op *leakyOp[T]) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	g := &leakyGradOp[T]{gradOp: gradOp{opBase{fmt.Sprintf("LeakyReLUGrad(%s, %g)", op.layer, op.slope), 2}}, slope: op.slope}
	dx, err := apply(g, op.layer+"/act/grad_input", in[0], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx}, nil
}

// leakyGradOp maps x and dy (same shape) to dy where x > 0 and slope·dy
// elsewhere: the gradient of LeakyReLU with respect to its input.
type leakyGradOp[T Float] struct {
	gradOp
	slope T
	out   buffer[T]
}

func (op *leakyGradOp[T]) Type() hm.Type { return hm.NewFnType(matType(), matType(), matType()) }

func (op *leakyGradOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return op.firstShape(in)
}

func (op *leakyGradOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, n, err := tensorInputs[T](op.opBase, in, 2)
	if err != nil {
		return nil, err
	}
	x, dy := v[0], v[1]
	t, dx := op.out.get(m, n)
	if len(dy) < m*n {
		return nil, fmt.Errorf("%s: gradient has %d values, want %d", op.label, len(dy), m*n)
	}
	kernels.LeakyGrad(dx, x[:m*n], dy[:m*n], op.slope)
	return t, nil
}
