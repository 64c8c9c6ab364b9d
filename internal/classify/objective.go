package classify

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// objective is the function scikit-learn 1.2.1 hands to L-BFGS-B for the
// lbfgs solver (LinearModelLoss.loss_gradient with unit sample weights and
// l2_reg_strength = 1/C):
//
//	f(W, b) = sum_i loss_i + 1/(2C) * ||W||^2
//
// The loss is summed over samples, not averaged (later scikit-learn releases
// divide both terms by n, scikit-learn issue #24752, which leaves the minimum
// in place but changes what tol and ftol stop on), and the intercepts b are
// not penalised. For two classes loss_i is the half binomial deviance
// log(1+exp(z_i)) - y_i*z_i with z_i = x_i·w + b and y_i in {0, 1}; for K > 2
// classes it is the half multinomial deviance logsumexp(z_i) - z_i[y_i] with
// z_i = W x_i + b.
//
// The parameter vector holds rows = 1 (binary) or K (multinomial) blocks of
// width = features (+1 with an intercept): block k is [w_k, b_k]. It reuses
// scratch space, so one objective serves one optimisation at a time.
type objective struct {
	x         *mat.Dense // samples: [n, features]
	target    []int      // class index per sample, in [0, classes)
	rows      int        // coefficient vectors: 1 for binary, K otherwise
	intercept bool       // whether each block ends with an intercept
	alpha     float64    // L2 strength 1/C

	z *mat.Dense // scratch: [n, rows], raw predictions, then residuals
}

func newObjective(x *mat.Dense, target []int, classes int, intercept bool, c float64) *objective {
	rows := classes
	if classes == 2 {
		rows = 1
	}
	n, _ := x.Dims()
	return &objective{
		x: x, target: target, rows: rows, intercept: intercept, alpha: 1 / c,
		z: mat.NewDense(n, rows, nil),
	}
}

// width is the length of one block of the parameter vector.
func (o *objective) width() int {
	_, p := o.x.Dims()
	if o.intercept {
		return p + 1
	}
	return p
}

// dim is the length of the parameter vector.
func (o *objective) dim() int { return o.rows * o.width() }

// evaluate returns f at params (length dim) and, when grad is not nil,
// writes the gradient of f into grad (length dim).
func (o *objective) evaluate(params, grad []float64) float64 {
	n, p := o.x.Dims()
	w := mat.NewDense(o.rows, o.width(), params)
	coef := w.Slice(0, o.rows, 0, p)

	// Raw predictions z = X·Wᵀ + b, [n, rows].
	o.z.Mul(o.x, coef.T())
	if o.intercept {
		for i := 0; i < n; i++ {
			row := o.z.RawRowView(i)
			for k := range row {
				row[k] += w.At(k, p)
			}
		}
	}

	// Per-sample losses; z is overwritten with d loss_i / d z_i.
	var loss float64
	for i := 0; i < n; i++ {
		row := o.z.RawRowView(i)
		if o.rows == 1 {
			y := float64(o.target[i])
			loss += log1pExp(row[0]) - y*row[0]
			row[0] = expit(row[0]) - y
			continue
		}
		lse := logSumExp(row)
		loss += lse - row[o.target[i]]
		for k := range row {
			row[k] = math.Exp(row[k] - lse)
		}
		row[o.target[i]]--
	}

	var norm2 float64
	for k := 0; k < o.rows; k++ {
		for j := 0; j < p; j++ {
			v := w.At(k, j)
			norm2 += v * v
		}
	}
	f := loss + 0.5*o.alpha*norm2
	if grad == nil {
		return f
	}

	// Gradient: residualsᵀ·X + alpha·W for the coefficients, column sums of
	// the residuals for the intercepts.
	g := mat.NewDense(o.rows, o.width(), grad)
	gc := g.Slice(0, o.rows, 0, p).(*mat.Dense)
	gc.Mul(o.z.T(), o.x)
	for k := 0; k < o.rows; k++ {
		for j := 0; j < p; j++ {
			gc.Set(k, j, gc.At(k, j)+o.alpha*w.At(k, j))
		}
		if o.intercept {
			var s float64
			for i := 0; i < n; i++ {
				s += o.z.At(i, k)
			}
			g.Set(k, p, s)
		}
	}
	return f
}

// log1pExp returns log(1+exp(x)) without overflow or loss of small values.
func log1pExp(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// expit returns the logistic function 1/(1+exp(-x)) without overflow.
func expit(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// logSumExp returns log(sum_k exp(z_k)), shifted by the maximum for stability.
func logSumExp(z []float64) float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, v)
	}
	var s float64
	for _, v := range z {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}
