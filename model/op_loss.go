package model

import (
	"fmt"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/kernels"
)

// mseOp is Keras's 'mse' loss: it maps a prediction and a target (batch × n
// each) to the mean of their squared differences over all elements, a
// scalar. The sum is accumulated in float64, in eight partial sums
// (kernels.SquaredError).
type mseOp[T Float] struct {
	opBase
	out scalarBuffer[T]
}

func newMSEOp[T Float]() *mseOp[T] { return &mseOp[T]{opBase: opBase{"MeanSquaredError", 2}} }

func (op *mseOp[T]) Type() hm.Type { return hm.NewFnType(matType(), matType(), elemType()) }

func (op *mseOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, err := op.shapesOf(in)
	if err != nil {
		return nil, err
	}
	a, b := s[0], s[1]
	if !a.Eq(b) {
		return nil, fmt.Errorf("%s: prediction %v and target %v differ in shape", op.label, a, b)
	}
	return tensor.ScalarShape(), nil
}

func (op *mseOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, n, err := tensorInputs[T](op.opBase, in, 2)
	if err != nil {
		return nil, err
	}
	s := kernels.SquaredError(v[0][:m*n], v[1][:m*n])
	return op.out.set(s / float64(m*n)), nil
}

func (op *mseOp[T]) DiffWRT(int) []bool { return []bool{true, false} }

func (op *mseOp[T]) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	dp, err := apply(&mseGradOp[T]{gradOp: gradOp{opBase{"MeanSquaredErrorGrad", 3}}}, "loss/grad_output", in[0], in[1], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dp, nil}, nil
}

// mseGradOp maps a prediction p, a target y (batch × n each) and the
// loss's gradient g (scalar) to 2·g·(p − y)/(batch·n).
type mseGradOp[T Float] struct {
	gradOp
	out buffer[T]
}

func (op *mseGradOp[T]) Type() hm.Type {
	return hm.NewFnType(matType(), matType(), elemType(), matType())
}

func (op *mseGradOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return op.firstShape(in)
}

func (op *mseGradOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, n, err := tensorInputs[T](op.opBase, in, 2)
	if err != nil {
		return nil, err
	}
	p, y := v[0], v[1]
	g, err := scalar(in[2])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	t, dp := op.out.get(m, n)
	kernels.ScaledDiff(dp, p[:m*n], y, T(2*g/float64(m*n)))
	return t, nil
}

// scalarBuffer is an op's scalar output, reused across runs.
type scalarBuffer[T Float] struct {
	f32 G.F32
	f64 G.F64
}

func (b *scalarBuffer[T]) set(v float64) G.Value {
	var zero T
	if _, ok := any(zero).(float32); ok {
		b.f32 = G.F32(v)
		return &b.f32
	}
	b.f64 = G.F64(v)
	return &b.f64
}
