//go:build !amd64 || noasm

package model

// rowwiseDenseForward sets y (m×n) = x (m×k) · w (k×n) + bias (n), bias
// possibly nil, such that a row of y depends on its row of x alone, bit for
// bit, whatever m is.
func rowwiseDenseForward[T Float](y, x, w, bias []T, m, k, n int) {
	portableDenseForward(y, x, w, bias, m, k, n)
}

// leaky sets y = x where x > 0 and x·slope elsewhere, elementwise.
func leaky[T Float](y, x []T, slope T) { leakyGo(y, x, slope) }

// leakyGrad sets dx = dy where x > 0 and dy·slope elsewhere, elementwise.
func leakyGrad[T Float](dx, x, dy []T, slope T) { leakyGradGo(dx, x, dy, slope) }

// batchMoments sets mean and variance (n) to the column means and biased
// variances of x (m × n), accumulated in float64.
func batchMoments[T Float](mean, variance []float64, x []T, m, n int) {
	batchMomentsCols(mean, variance, x, m, n, 0, n)
}

// normalize sets y = x·inv + shift, per column, for x and y (m × n).
func normalize[T Float](y, x, inv, shift []T, m, n int) { normalizeCols(y, x, inv, shift, m, n, 0, n) }

// normSums sets sumDy and sumDyXh (n) to Σ_rows dy and Σ_rows dy·x̂.
func normSums[T Float](sumDy, sumDyXh []float64, x, dy []T, mean, invStd []float64, m, n int) {
	normSumsCols(sumDy, sumDyXh, x, dy, mean, invStd, m, n, 0, n)
}

// normGradInput sets dx = scale·((B·dy − sumDy) − x̂·sumDyXh) per column.
func normGradInput[T Float](dx, x, dy []T, mean, invStd, scale, sumDy, sumDyXh []float64, B float64, m, n int) {
	normGradInputCols(dx, x, dy, mean, invStd, scale, sumDy, sumDyXh, B, m, n, 0, n)
}
