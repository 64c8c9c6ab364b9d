package model

import (
	"fmt"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// normTrainOp is keras.layers.BatchNormalization in training mode. It maps x
// (batch × n), gamma (n) and beta (n) to x·inv + (beta − mean·inv) with
// inv = gamma / sqrt(var + ε), where mean and var are the batch mean and the
// biased batch variance of each column. As a side effect it moves the layer's
// moving statistics towards the batch's, as Keras does:
// moving −= (moving − batch)·(1 − momentum).
//
// The batch mean and 1/sqrt(var + ε) are kept for the gradient ops, which
// run later in the same TapeMachine pass.
type normTrainOp[T Float] struct {
	opBase
	layer                 string
	movingMean, movingVar []T
	momentum, eps         float64

	mean, invStd []float64 // of the last forward pass
	out          buffer[T]
}

func newNormTrainOp[T Float](layer string, p NormParams) *normTrainOp[T] {
	return &normTrainOp[T]{
		opBase:     opBase{"BatchNorm(" + layer + ", training)", 3},
		layer:      layer,
		movingMean: p.MovingMean.Data().([]T),
		movingVar:  p.MovingVar.Data().([]T),
		momentum:   NormMomentum,
		eps:        NormEpsilon,
	}
}

func (op *normTrainOp[T]) Type() hm.Type {
	return hm.NewFnType(matType(), vecType(), vecType(), matType())
}

func (op *normTrainOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return inferNormShape(op.opBase, in)
}

func inferNormShape(op opBase, in []G.DimSizer) (tensor.Shape, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, err := shapeOf(in[0])
	if err != nil {
		return nil, err
	}
	if len(x) != 2 {
		return nil, fmt.Errorf("%s: x of shape %v is not a matrix", op.label, x)
	}
	for i := 1; i < len(in); i++ {
		v, err := shapeOf(in[i])
		if err != nil {
			return nil, err
		}
		if len(v) != 1 || v[0] != x[1] {
			return nil, fmt.Errorf("%s: input %d of shape %v, want (%d)", op.label, i, v, x[1])
		}
	}
	return x.Clone(), nil
}

func (op *normTrainOp[T]) Do(in ...G.Value) (G.Value, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, m, n, err := values[T](in[0])
	if err != nil {
		return nil, fmt.Errorf("%s: x: %w", op.label, err)
	}
	gamma, _, _, err := values[T](in[1])
	if err != nil {
		return nil, fmt.Errorf("%s: gamma: %w", op.label, err)
	}
	beta, _, _, err := values[T](in[2])
	if err != nil {
		return nil, fmt.Errorf("%s: beta: %w", op.label, err)
	}
	if len(op.mean) != n {
		op.mean, op.invStd = make([]float64, n), make([]float64, n)
	}
	t, y := op.out.get(m, n)
	batchMoments(op.mean, op.invStd, x, m, n)
	decay := T(1 - op.momentum)
	for j := 0; j < n; j++ {
		// invStd holds the variance until it is replaced below.
		variance := op.invStd[j]
		op.movingMean[j] -= (op.movingMean[j] - T(op.mean[j])) * decay
		op.movingVar[j] -= (op.movingVar[j] - T(variance)) * decay
		op.invStd[j] = 1 / math.Sqrt(variance+op.eps)
	}
	normalize(y, x, gamma, beta, op.mean, op.invStd, m, n)
	return t, nil
}

// batchMoments sets mean and variance (n) to the column means and biased
// variances of x (m × n), accumulated in float64.
func batchMoments[T Float](mean, variance []float64, x []T, m, n int) {
	for j := range mean[:n] {
		mean[j], variance[j] = 0, 0
	}
	for i := 0; i < m; i++ {
		for j, v := range x[i*n : i*n+n] {
			mean[j] += float64(v)
		}
	}
	for j := range mean[:n] {
		mean[j] /= float64(m)
	}
	for i := 0; i < m; i++ {
		for j, v := range x[i*n : i*n+n] {
			d := float64(v) - mean[j]
			variance[j] += d * d
		}
	}
	for j := range variance[:n] {
		variance[j] /= float64(m)
	}
}

// normalize sets y = x·inv + (beta − mean·inv) with inv = gamma·invStd,
// Keras's formula, for x and y (m × n).
func normalize[T Float](y, x, gamma, beta []T, mean, invStd []float64, m, n int) {
	var inv, shift [256]T
	for j0 := 0; j0 < n; j0 += len(inv) {
		j1 := min(j0+len(inv), n)
		for j := j0; j < j1; j++ {
			inv[j-j0] = gamma[j] * T(invStd[j])
			shift[j-j0] = beta[j] - T(mean[j])*inv[j-j0]
		}
		w := j1 - j0
		for i := 0; i < m; i++ {
			xr, yr := x[i*n+j0:i*n+j1], y[i*n+j0:i*n+j1]
			for j := 0; j < w; j++ {
				yr[j] = xr[j]*inv[j] + shift[j]
			}
		}
	}
}

func (op *normTrainOp[T]) DiffWRT(int) []bool { return []bool{true, true, true} }

func (op *normTrainOp[T]) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, gamma := in[0], in[1]
	dx, err := apply(&normGradInputOp[T]{opBase: opBase{"BatchNormGradInput(" + op.layer + ")", 3}, fwd: op},
		op.layer+"/norm/grad_input", x, gamma, grad)
	if err != nil {
		return nil, err
	}
	dgamma, err := apply(&normGradGammaOp[T]{opBase: opBase{"BatchNormGradGamma(" + op.layer + ")", 2}, fwd: op},
		op.layer+"/norm/grad_gamma", x, grad)
	if err != nil {
		return nil, err
	}
	dbeta, err := apply(&sumRowsOp[T]{opBase: opBase{"SumRows(" + op.layer + "/norm/beta)", 1}},
		op.layer+"/norm/grad_beta", grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dgamma, dbeta}, nil
}

// normGradInputOp maps x (batch × n), gamma (n) and dy (batch × n) to the
// gradient of the training-mode batch normalisation with respect to x:
// dx = gamma·invStd/B · (B·dy − Σdy − x̂·Σ(dy·x̂)), x̂ = (x − mean)·invStd,
// the sums running over the batch, with the statistics of fwd's last pass.
type normGradInputOp[T Float] struct {
	opBase
	fwd            *normTrainOp[T]
	sumDy, sumDyXh []float64
	out            buffer[T]
}

func (op *normGradInputOp[T]) Type() hm.Type {
	return hm.NewFnType(matType(), vecType(), matType(), matType())
}

func (op *normGradInputOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	return shapeOf(in[0])
}

func (op *normGradInputOp[T]) Do(in ...G.Value) (G.Value, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, m, n, err := values[T](in[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	gamma, _, _, err := values[T](in[1])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	dy, _, _, err := values[T](in[2])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	if len(op.fwd.mean) != n {
		return nil, fmt.Errorf("%s: the forward pass has not run", op.label)
	}
	if len(op.sumDy) != n {
		op.sumDy, op.sumDyXh = make([]float64, n), make([]float64, n)
	}
	mean, invStd := op.fwd.mean, op.fwd.invStd
	normSums(op.sumDy, op.sumDyXh, x, dy, mean, invStd, m, n)
	t, dx := op.out.get(m, n)
	B := float64(m)
	for i := 0; i < m; i++ {
		xr, dyr, dxr := x[i*n:i*n+n], dy[i*n:i*n+n], dx[i*n:i*n+n]
		for j := range dxr {
			xh := (float64(xr[j]) - mean[j]) * invStd[j]
			g := float64(gamma[j]) * invStd[j] / B
			dxr[j] = T(g * (B*float64(dyr[j]) - op.sumDy[j] - xh*op.sumDyXh[j]))
		}
	}
	return t, nil
}

// normSums sets sumDy and sumDyXh (n) to Σ_rows dy and Σ_rows dy·x̂.
func normSums[T Float](sumDy, sumDyXh []float64, x, dy []T, mean, invStd []float64, m, n int) {
	for j := 0; j < n; j++ {
		sumDy[j], sumDyXh[j] = 0, 0
	}
	for i := 0; i < m; i++ {
		xr, dyr := x[i*n:i*n+n], dy[i*n:i*n+n]
		for j, d := range dyr {
			sumDy[j] += float64(d)
			sumDyXh[j] += float64(d) * (float64(xr[j]) - mean[j]) * invStd[j]
		}
	}
}

func (op *normGradInputOp[T]) DiffWRT(int) []bool { return []bool{false, false, false} }

func (op *normGradInputOp[T]) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("%s: second derivatives are not implemented", op.label)
}

// normGradGammaOp maps x (batch × n) and dy (batch × n) to the gradient of
// the batch normalisation with respect to gamma: Σ_rows dy·x̂ (n).
type normGradGammaOp[T Float] struct {
	opBase
	fwd    *normTrainOp[T]
	sumDy  []float64
	sumDyX []float64
	out    buffer[T]
}

func (op *normGradGammaOp[T]) Type() hm.Type { return hm.NewFnType(matType(), matType(), vecType()) }

func (op *normGradGammaOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, err := shapeOf(in[0])
	if err != nil {
		return nil, err
	}
	if len(x) != 2 {
		return nil, fmt.Errorf("%s: x of shape %v is not a matrix", op.label, x)
	}
	return tensor.Shape{x[1]}, nil
}

func (op *normGradGammaOp[T]) Do(in ...G.Value) (G.Value, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, m, n, err := values[T](in[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	dy, _, _, err := values[T](in[1])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.label, err)
	}
	if len(op.fwd.mean) != n {
		return nil, fmt.Errorf("%s: the forward pass has not run", op.label)
	}
	if len(op.sumDy) != n {
		op.sumDy, op.sumDyX = make([]float64, n), make([]float64, n)
	}
	normSums(op.sumDy, op.sumDyX, x, dy, op.fwd.mean, op.fwd.invStd, m, n)
	t, dg := op.out.get(n)
	for j := range dg {
		dg[j] = T(op.sumDyX[j])
	}
	return t, nil
}

func (op *normGradGammaOp[T]) DiffWRT(int) []bool { return []bool{false, false} }

func (op *normGradGammaOp[T]) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("%s: second derivatives are not implemented", op.label)
}

// normInferOp is keras.layers.BatchNormalization in inference mode. It maps
// x (batch × n), gamma, beta, moving mean and moving variance (n each) to
// x·inv + (beta − mean·inv) with inv = gamma / sqrt(moving variance + ε).
type normInferOp[T Float] struct {
	opBase
	eps          float64
	mean, invStd []float64
	out          buffer[T]
}

func newNormInferOp[T Float](layer string) *normInferOp[T] {
	return &normInferOp[T]{opBase: opBase{"BatchNorm(" + layer + ", inference)", 5}, eps: NormEpsilon}
}

func (op *normInferOp[T]) Type() hm.Type {
	return hm.NewFnType(matType(), vecType(), vecType(), vecType(), vecType(), matType())
}

func (op *normInferOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return inferNormShape(op.opBase, in)
}

func (op *normInferOp[T]) Do(in ...G.Value) (G.Value, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	var vecs [4][]T
	x, m, n, err := values[T](in[0])
	if err != nil {
		return nil, fmt.Errorf("%s: x: %w", op.label, err)
	}
	for i := range vecs {
		if vecs[i], _, _, err = values[T](in[i+1]); err != nil {
			return nil, fmt.Errorf("%s: input %d: %w", op.label, i+1, err)
		}
	}
	gamma, beta, mm, mv := vecs[0], vecs[1], vecs[2], vecs[3]
	if len(op.mean) != n {
		op.mean, op.invStd = make([]float64, n), make([]float64, n)
	}
	for j := 0; j < n; j++ {
		op.mean[j] = float64(mm[j])
		op.invStd[j] = 1 / math.Sqrt(float64(mv[j])+op.eps)
	}
	t, y := op.out.get(m, n)
	normalize(y, x, gamma, beta, op.mean, op.invStd, m, n)
	return t, nil
}

func (op *normInferOp[T]) DiffWRT(int) []bool { return []bool{false, false, false, false, false} }

func (op *normInferOp[T]) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("%s: inference-mode batch normalisation is not differentiable here", op.label)
}
