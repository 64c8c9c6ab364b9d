package model

import (
	"fmt"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
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
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, err := shapeOf(in[0])
	if err != nil {
		return nil, err
	}
	w, err := shapeOf(in[1])
	if err != nil {
		return nil, err
	}
	b, err := shapeOf(in[2])
	if err != nil {
		return nil, err
	}
	if len(x) != 2 || len(w) != 2 || len(b) != 1 || x[1] != w[0] || b[0] != w[1] {
		return nil, fmt.Errorf("%s: shapes x %v, kernel %v, bias %v do not fit", op.label, x, w, b)
	}
	return tensor.Shape{x[0], w[1]}, nil
}

func (op *denseOp[T]) Do(in ...G.Value) (G.Value, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, m, k, err := values[T](in[0])
	if err != nil {
		return nil, fmt.Errorf("%s: x: %w", op.label, err)
	}
	w, _, n, err := values[T](in[1])
	if err != nil {
		return nil, fmt.Errorf("%s: kernel: %w", op.label, err)
	}
	b, _, _, err := values[T](in[2])
	if err != nil {
		return nil, fmt.Errorf("%s: bias: %w", op.label, err)
	}
	t, y := op.out.get(m, n)
	denseForward(y, x, w, b, m, k, n)
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
		dx, err = apply(&matMulNTOp[T]{opBase: opBase{"DenseGradInput(" + op.layer + ")", 2}}, op.layer+"/grad_input", grad, w)
		if err != nil {
			return nil, err
		}
	}
	dw, err := apply(&matMulTNOp[T]{opBase: opBase{"DenseGradKernel(" + op.layer + ")", 2}}, op.layer+"/grad_kernel", x, grad)
	if err != nil {
		return nil, err
	}
	db, err := apply(&sumRowsOp[T]{opBase: opBase{"SumRows(" + op.layer + "/bias)", 1}}, op.layer+"/grad_bias", grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dw, db}, nil
}

// matMulNTOp maps a (m × k) and b (n × k) to a·bᵀ (m × n): the gradient of a
// Dense layer's input, dy·kernelᵀ.
type matMulNTOp[T Float] struct {
	opBase
	out     buffer[T]
	scratch []T
}

func (op *matMulNTOp[T]) Type() hm.Type { return hm.NewFnType(matType(), matType(), matType()) }

func (op *matMulNTOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	a, err := shapeOf(in[0])
	if err != nil {
		return nil, err
	}
	b, err := shapeOf(in[1])
	if err != nil {
		return nil, err
	}
	if len(a) != 2 || len(b) != 2 || a[1] != b[1] {
		return nil, fmt.Errorf("%s: shapes %v and %v do not fit a·bᵀ", op.label, a, b)
	}
	return tensor.Shape{a[0], b[0]}, nil
}

func (op *matMulNTOp[T]) Do(in ...G.Value) (G.Value, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	a, m, k, err := values[T](in[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	b, n, _, err := values[T](in[1])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	t, c := op.out.get(m, n)
	denseGradInput(c, a, b, m, k, n, &op.scratch)
	return t, nil
}

func (op *matMulNTOp[T]) DiffWRT(int) []bool { return []bool{false, false} }

func (op *matMulNTOp[T]) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("%s: second derivatives are not implemented", op.label)
}

// matMulTNOp maps a (k × m) and b (k × n) to aᵀ·b (m × n): the gradient of a
// Dense layer's kernel, xᵀ·dy.
type matMulTNOp[T Float] struct {
	opBase
	out     buffer[T]
	scratch []T
}

func (op *matMulTNOp[T]) Type() hm.Type { return hm.NewFnType(matType(), matType(), matType()) }

func (op *matMulTNOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	a, err := shapeOf(in[0])
	if err != nil {
		return nil, err
	}
	b, err := shapeOf(in[1])
	if err != nil {
		return nil, err
	}
	if len(a) != 2 || len(b) != 2 || a[0] != b[0] {
		return nil, fmt.Errorf("%s: shapes %v and %v do not fit aᵀ·b", op.label, a, b)
	}
	return tensor.Shape{a[1], b[1]}, nil
}

func (op *matMulTNOp[T]) Do(in ...G.Value) (G.Value, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	a, k, m, err := values[T](in[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	b, _, n, err := values[T](in[1])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	t, c := op.out.get(m, n)
	denseGradKernel(c, a, b, k, m, n, &op.scratch)
	return t, nil
}

func (op *matMulTNOp[T]) DiffWRT(int) []bool { return []bool{false, false} }

func (op *matMulTNOp[T]) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("%s: second derivatives are not implemented", op.label)
}

// sumRowsOp maps x (m × n) to its column sums (n): the gradient of a bias.
type sumRowsOp[T Float] struct {
	opBase
	out buffer[T]
}

func (op *sumRowsOp[T]) Type() hm.Type { return hm.NewFnType(matType(), vecType()) }

func (op *sumRowsOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, err := shapeOf(in[0])
	if err != nil {
		return nil, err
	}
	if len(x) != 2 {
		return nil, fmt.Errorf("%s: shape %v is not a matrix", op.label, x)
	}
	return tensor.Shape{x[1]}, nil
}

func (op *sumRowsOp[T]) Do(in ...G.Value) (G.Value, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, m, n, err := values[T](in[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	t, s := op.out.get(n)
	sumRows(s, x, m, n)
	return t, nil
}

func (op *sumRowsOp[T]) DiffWRT(int) []bool { return []bool{false} }

func (op *sumRowsOp[T]) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("%s: second derivatives are not implemented", op.label)
}
