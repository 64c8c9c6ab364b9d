package model

import (
	"fmt"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/kernels"
)

// denseOp is keras.layers.Dense without activation: it maps x (batch × in),
// kernel (in × out) and bias (out) to x·kernel + bias (batch × out).
// Its derivative is three ops: dx = dy·kernelᵀ (omitted for the first layer,
// whose input is data), dkernel = xᵀ·dy and dbias = Σ_rows dy.
type denseOp[T Float] struct {
	opBase
	layer     string
	inputGrad bool
	out       buffer[T]
}

func newDenseOp[T Float](layer string, inputGrad bool) *denseOp[T] {
	return &denseOp[T]{opBase: opBase{"Dense(" + layer + ")", 3}, layer: layer, inputGrad: inputGrad}
}

func (op *denseOp[T]) Type() hm.Type {
	return hm.NewFnType(matType(), matType(), vecType(), matType())
}

func (op *denseOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, err := op.shapesOf(in)
	if err != nil {
		return nil, err
	}
	x, w, b := s[0], s[1], s[2]
	if len(x) != 2 || len(w) != 2 || len(b) != 1 || x[1] != w[0] || b[0] != w[1] {
		return nil, fmt.Errorf("%s: shapes x %v, kernel %v, bias %v do not fit", op.label, x, w, b)
	}
	return tensor.Shape{x[0], w[1]}, nil
}

func (op *denseOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, k, err := tensorInputs[T](op.opBase, in, 3)
	if err != nil {
		return nil, err
	}
	x, w, b := v[0], v[1], v[2]
	n := in[1].Shape()[1]
	t, y := op.out.get(m, n)
	kernels.DenseForward(y, x, w, b, m, k, n)
	return t, nil
}

func (op *denseOp[T]) DiffWRT(int) []bool { return []bool{op.inputGrad, true, true} }

func (op *denseOp[T]) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, w := in[0], in[1]
	var dx *G.Node
	if op.inputGrad {
		var err error
		dx, err = apply(newDenseGradOp[T](gradInput, op.layer), op.layer+"/grad_input", grad, w)
		if err != nil {
			return nil, err
		}
	}
	dw, err := apply(newDenseGradOp[T](gradKernel, op.layer), op.layer+"/grad_kernel", x, grad)
	if err != nil {
		return nil, err
	}
	db, err := apply(newSumRowsOp[T](op.layer+"/bias"), op.layer+"/grad_bias", grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dw, db}, nil
}

// gradKind tells which of a Dense layer's products a denseGradOp computes.
type gradKind int

const (
	// gradInput maps dy (m × n) and the kernel (k × n) to dy·kernelᵀ (m × k).
	gradInput gradKind = iota
	// gradKernel maps x (m × k) and dy (m × n) to xᵀ·dy (k × n).
	gradKernel
)

// denseGradOp computes one gradient product of a Dense layer: the gradient
// of its input, dy·kernelᵀ, or of its kernel, xᵀ·dy.
type denseGradOp[T Float] struct {
	gradOp
	kind    gradKind
	out     buffer[T]
	scratch []T
}

func newDenseGradOp[T Float](kind gradKind, layer string) *denseGradOp[T] {
	name := "DenseGradInput("
	if kind == gradKernel {
		name = "DenseGradKernel("
	}
	return &denseGradOp[T]{gradOp: gradOp{opBase{name + layer + ")", 2}}, kind: kind}
}

func (op *denseGradOp[T]) Type() hm.Type { return hm.NewFnType(matType(), matType(), matType()) }

func (op *denseGradOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, err := op.shapesOf(in)
	if err != nil {
		return nil, err
	}
	a, b := s[0], s[1]
	if len(a) != 2 || len(b) != 2 {
		return nil, fmt.Errorf("%s: shapes %v and %v are not matrices", op.label, a, b)
	}
	if op.kind == gradInput {
		if a[1] != b[1] {
			return nil, fmt.Errorf("%s: shapes %v and %v do not fit a·bᵀ", op.label, a, b)
		}
		return tensor.Shape{a[0], b[0]}, nil
	}
	if a[0] != b[0] {
		return nil, fmt.Errorf("%s: shapes %v and %v do not fit aᵀ·b", op.label, a, b)
	}
	return tensor.Shape{a[1], b[1]}, nil
}

func (op *denseGradOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, ar, ac, err := tensorInputs[T](op.opBase, in, 2)
	if err != nil {
		return nil, err
	}
	a, b := v[0], v[1]
	bs := in[1].Shape()
	br, bc := bs[0], bs[1]
	if op.kind == gradInput {
		t, c := op.out.get(ar, br)
		kernels.DenseGradInput(c, a, b, ar, ac, br, &op.scratch)
		return t, nil
	}
	t, c := op.out.get(ac, bc)
	kernels.DenseGradKernel(c, a, b, ar, ac, bc, &op.scratch)
	return t, nil
}

// sumRowsOp maps x (m × n) to its column sums (n): the gradient of a bias.
type sumRowsOp[T Float] struct {
	gradOp
	out buffer[T]
}

func newSumRowsOp[T Float](of string) *sumRowsOp[T] {
	return &sumRowsOp[T]{gradOp: gradOp{opBase{"SumRows(" + of + ")", 1}}}
}

func (op *sumRowsOp[T]) Type() hm.Type { return hm.NewFnType(matType(), vecType()) }

func (op *sumRowsOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, err := op.shapesOf(in)
	if err != nil {
		return nil, err
	}
	if len(s[0]) != 2 {
		return nil, fmt.Errorf("%s: shape %v is not a matrix", op.label, s[0])
	}
	return tensor.Shape{s[0][1]}, nil
}

func (op *sumRowsOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, n, err := tensorInputs[T](op.opBase, in, 1)
	if err != nil {
		return nil, err
	}
	x := v[0]
	t, s := op.out.get(n)
	kernels.SumRows(s, x, m, n)
	return t, nil
}
