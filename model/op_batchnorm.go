package model

import (
	"fmt"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/kernels"
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
	inv, shift   []T
	out          buffer[T]

	// pass counts the forward passes; sums caches Σdy and Σdy·x̂ for the
	// gradient ops of the pass sumsPass, which both need them.
	pass, sumsPass uint64
	sums           struct {
		x, dy          *T
		sumDy, sumDyXh []float64
	}
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

// inferNormShape checks a batch normalisation's inputs, x (batch × n) then
// vectors of n, and returns x's shape.
func inferNormShape(op opBase, in []G.DimSizer) (tensor.Shape, error) {
	s, err := op.shapesOf(in)
	if err != nil {
		return nil, err
	}
	x := s[0]
	if len(x) != 2 {
		return nil, fmt.Errorf("%s: x of shape %v is not a matrix", op.label, x)
	}
	for i, v := range s[1:] {
		if len(v) != 1 || v[0] != x[1] {
			return nil, fmt.Errorf("%s: input %d of shape %v, want (%d)", op.label, i+1, v, x[1])
		}
	}
	return x.Clone(), nil
}

func (op *normTrainOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, n, err := tensorInputs[T](op.opBase, in, 3)
	if err != nil {
		return nil, err
	}
	x, gamma, beta := v[0], v[1], v[2]
	if len(gamma) < n || len(beta) < n {
		return nil, fmt.Errorf("%s: gamma and beta need %d values", op.label, n)
	}
	if len(op.mean) != n {
		op.mean, op.invStd = make([]float64, n), make([]float64, n)
		op.inv, op.shift = make([]T, n), make([]T, n)
	}
	op.pass++
	t, y := op.out.get(m, n)
	// invStd holds the variance until NormTrainStats replaces it.
	kernels.BatchMoments(op.mean, op.invStd, x, m, n)
	kernels.NormTrainStats(op.movingMean[:n], op.movingVar[:n], op.inv, op.shift, gamma[:n], beta[:n],
		op.mean, op.invStd, T(1-op.momentum), op.eps)
	kernels.Normalize(y, x, op.inv, op.shift, m, n)
	return t, nil
}

// gradSums returns Σ_rows dy and Σ_rows dy·x̂ (n each) for x and dy (m × n)
// of the last forward pass, computing them once per pass for both gradient
// ops that need them.
func (op *normTrainOp[T]) gradSums(x, dy []T, m, n int) (sumDy, sumDyXh []float64) {
	c := &op.sums
	if op.sumsPass != op.pass || c.x != &x[0] || c.dy != &dy[0] || len(c.sumDy) != n {
		if len(c.sumDy) != n {
			c.sumDy, c.sumDyXh = make([]float64, n), make([]float64, n)
		}
		kernels.NormSums(c.sumDy, c.sumDyXh, x, dy, op.mean, op.invStd, m, n)
		op.sumsPass, c.x, c.dy = op.pass, &x[0], &dy[0]
	}
	return c.sumDy, c.sumDyXh
}

// normAffine sets inv = gamma·invStd and shift = beta − mean·inv (n each),
// the per-column factors of Keras's x·inv + shift, in T.
func normAffine[T Float](inv, shift, gamma, beta []T, mean, invStd []float64) {
	for j := range inv {
		inv[j] = gamma[j] * T(invStd[j])
		shift[j] = beta[j] - T(T(mean[j])*inv[j])
	}
}

func (op *normTrainOp[T]) DiffWRT(int) []bool { return []bool{true, true, true} }

func (op *normTrainOp[T]) SymDiff(in G.Nodes, out, grad *G.Node) (G.Nodes, error) {
	if err := op.checkArity(len(in)); err != nil {
		return nil, err
	}
	x, gamma := in[0], in[1]
	dx, err := apply(&normGradInputOp[T]{gradOp: gradOp{opBase{"BatchNormGradInput(" + op.layer + ")", 3}}, fwd: op},
		op.layer+"/norm/grad_input", x, gamma, grad)
	if err != nil {
		return nil, err
	}
	dgamma, err := apply(&normGradGammaOp[T]{gradOp: gradOp{opBase{"BatchNormGradGamma(" + op.layer + ")", 2}}, fwd: op},
		op.layer+"/norm/grad_gamma", x, grad)
	if err != nil {
		return nil, err
	}
	dbeta, err := apply(newSumRowsOp[T](op.layer+"/norm/beta"),
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
	gradOp
	fwd   *normTrainOp[T]
	scale []float64
	out   buffer[T]
}

func (op *normGradInputOp[T]) Type() hm.Type {
	return hm.NewFnType(matType(), vecType(), matType(), matType())
}

func (op *normGradInputOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return op.firstShape(in)
}

func (op *normGradInputOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, n, err := tensorInputs[T](op.opBase, in, 3)
	if err != nil {
		return nil, err
	}
	x, gamma, dy := v[0], v[1], v[2]
	if len(op.fwd.mean) != n {
		return nil, fmt.Errorf("%s: the forward pass has not run", op.label)
	}
	if len(gamma) < n || len(dy) < m*n {
		return nil, fmt.Errorf("%s: gamma or dy too short for %d × %d", op.label, m, n)
	}
	if len(op.scale) != n {
		op.scale = make([]float64, n)
	}
	mean, invStd := op.fwd.mean, op.fwd.invStd
	sumDy, sumDyXh := op.fwd.gradSums(x, dy, m, n)
	B := float64(m)
	kernels.NormScale(op.scale, gamma[:n], invStd, B)
	t, dx := op.out.get(m, n)
	kernels.NormGradInput(dx, x, dy, mean, invStd, op.scale, sumDy, sumDyXh, B, m, n)
	return t, nil
}

// normGradGammaOp maps x (batch × n) and dy (batch × n) to the gradient of
// the batch normalisation with respect to gamma: Σ_rows dy·x̂ (n).
type normGradGammaOp[T Float] struct {
	gradOp
	fwd *normTrainOp[T]
	out buffer[T]
}

func (op *normGradGammaOp[T]) Type() hm.Type { return hm.NewFnType(matType(), matType(), vecType()) }

func (op *normGradGammaOp[T]) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, err := op.shapesOf(in)
	if err != nil {
		return nil, err
	}
	if len(s[0]) != 2 {
		return nil, fmt.Errorf("%s: x of shape %v is not a matrix", op.label, s[0])
	}
	return tensor.Shape{s[0][1]}, nil
}

func (op *normGradGammaOp[T]) Do(in ...G.Value) (G.Value, error) {
	v, m, n, err := tensorInputs[T](op.opBase, in, 2)
	if err != nil {
		return nil, err
	}
	x, dy := v[0], v[1]
	if len(op.fwd.mean) != n {
		return nil, fmt.Errorf("%s: the forward pass has not run", op.label)
	}
	if len(dy) < m*n {
		return nil, fmt.Errorf("%s: dy too short for %d × %d", op.label, m, n)
	}
	_, sumDyXh := op.fwd.gradSums(x, dy, m, n)
	t, dg := op.out.get(n)
	for j := range dg {
		dg[j] = T(sumDyXh[j])
	}
	return t, nil
}

// normInferOp is keras.layers.BatchNormalization in inference mode. It maps
// x (batch × n), gamma, beta, moving mean and moving variance (n each) to
// x·inv + (beta − mean·inv) with inv = gamma / sqrt(moving variance + ε).
type normInferOp[T Float] struct {
	opBase
	eps          float64
	mean, invStd []float64
	inv, shift   []T
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
	v, m, n, err := tensorInputs[T](op.opBase, in, 5)
	if err != nil {
		return nil, err
	}
	x, gamma, beta, mm, mv := v[0], v[1], v[2], v[3], v[4]
	for i, vec := range v[1:] {
		if len(vec) < n {
			return nil, fmt.Errorf("%s: input %d has %d values, want %d", op.label, i+1, len(vec), n)
		}
	}
	if len(op.mean) != n {
		op.mean, op.invStd = make([]float64, n), make([]float64, n)
		op.inv, op.shift = make([]T, n), make([]T, n)
	}
	for j := 0; j < n; j++ {
		op.mean[j] = float64(mm[j])
		op.invStd[j] = 1 / math.Sqrt(float64(mv[j])+op.eps)
	}
	normAffine(op.inv, op.shift, gamma[:n], beta[:n], op.mean, op.invStd)
	t, y := op.out.get(m, n)
	kernels.Normalize(y, x, op.inv, op.shift, m, n)
	return t, nil
}

func (op *normInferOp[T]) DiffWRT(int) []bool { return []bool{false, false, false, false, false} }

func (op *normInferOp[T]) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("%s: inference-mode batch normalisation is not differentiable here", op.label)
}
