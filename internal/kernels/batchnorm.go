package kernels

import "math"

// BatchMoments sets mean and variance (n) to the column means and biased
// variances of x (m × n), accumulated in float64 in row order.
func BatchMoments[T Float](mean, variance []float64, x []T, m, n int) {
	defer flushEnd(flushBegin())
	batchMoments(mean, variance, x, m, n)
}

// Normalize sets y = x·inv + shift, per column, for x and y (m × n).
func Normalize[T Float](y, x, inv, shift []T, m, n int) {
	defer flushEnd(flushBegin())
	normalize(y, x, inv, shift, m, n)
}

// NormSums sets sumDy and sumDyXh (n) to Σ_rows dy and Σ_rows dy·x̂ with
// x̂ = (x − mean)·invStd, in float64, in row order.
func NormSums[T Float](sumDy, sumDyXh []float64, x, dy []T, mean, invStd []float64, m, n int) {
	defer flushEnd(flushBegin())
	normSums(sumDy, sumDyXh, x, dy, mean, invStd, m, n)
}

// NormGradInput sets dx = scale·((B·dy − sumDy) − x̂·sumDyXh), x̂ =
// (x − mean)·invStd, per column, in float64, rounded to T once: the
// training-mode batch normalisation's input gradient.
func NormGradInput[T Float](dx, x, dy []T, mean, invStd, scale, sumDy, sumDyXh []float64, B float64, m, n int) {
	defer flushEnd(flushBegin())
	normGradInput(dx, x, dy, mean, invStd, scale, sumDy, sumDyXh, B, m, n)
}

// The portable batch normalisation kernels. Each works on the columns j0..j1-1 of
// row-major m×n matrices, so that a vectorised kernel can take the columns
// in multiples of its width and these loops the rest; every column's sums
// run over the rows in order, in float64, and every element's operations
// are written in the order the assembly kernels perform them.

// portableMomentsCols sets mean and variance (n) to the column means and biased
// variances of x (m × n), accumulated in float64.
func portableMomentsCols[T Float](mean, variance []float64, x []T, m, n, j0, j1 int) {
	for j := j0; j < j1; j++ {
		mean[j], variance[j] = 0, 0
	}
	for i := 0; i < m; i++ {
		xr := x[i*n : i*n+n]
		for j := j0; j < j1; j++ {
			mean[j] += float64(xr[j])
		}
	}
	divideBy(mean[j0:j1], m)
	for i := 0; i < m; i++ {
		xr := x[i*n : i*n+n]
		for j := j0; j < j1; j++ {
			d := float64(xr[j]) - mean[j]
			variance[j] += float64(d * d)
		}
	}
	divideBy(variance[j0:j1], m)
}

// divideBy divides each element of s by m. Where m is a power of two it
// multiplies by 1/m instead, with the same results: 1/m is exact, and both
// ways round the same real quotient once (even where it is subnormal); a
// multiplication pipelines where a division does not (1,200 divisions were
// 1% of a training step).
func divideBy(s []float64, m int) {
	if m > 0 && m&(m-1) == 0 {
		r := 1 / float64(m)
		for j := range s {
			s[j] *= r
		}
		return
	}
	d := float64(m)
	for j := range s {
		s[j] /= d
	}
}

// portableNormalizeCols sets y = x·inv + shift, per column, for x and y (m × n).
func portableNormalizeCols[T Float](y, x, inv, shift []T, m, n, j0, j1 int) {
	for i := 0; i < m; i++ {
		xr, yr := x[i*n:i*n+n], y[i*n:i*n+n]
		for j := j0; j < j1; j++ {
			yr[j] = T(xr[j]*inv[j]) + shift[j]
		}
	}
}

// portableNormSumsCols sets sumDy and sumDyXh (n) to Σ_rows dy and Σ_rows dy·x̂ with
// x̂ = (x − mean)·invStd.
func portableNormSumsCols[T Float](sumDy, sumDyXh []float64, x, dy []T, mean, invStd []float64, m, n, j0, j1 int) {
	for j := j0; j < j1; j++ {
		sumDy[j], sumDyXh[j] = 0, 0
	}
	for i := 0; i < m; i++ {
		xr, dyr := x[i*n:i*n+n], dy[i*n:i*n+n]
		for j := j0; j < j1; j++ {
			d := float64(dyr[j])
			sumDy[j] += d
			sumDyXh[j] += float64(float64(d*(float64(xr[j])-mean[j])) * invStd[j])
		}
	}
}

// portableNormGradInputCols sets dx = scale·((B·dy − sumDy) − x̂·sumDyXh), x̂ =
// (x − mean)·invStd, per column, in float64, rounded to T once.
func portableNormGradInputCols[T Float](dx, x, dy []T, mean, invStd, scale, sumDy, sumDyXh []float64, B float64, m, n, j0, j1 int) {
	for i := 0; i < m; i++ {
		xr, dyr, dxr := x[i*n:i*n+n], dy[i*n:i*n+n], dx[i*n:i*n+n]
		for j := j0; j < j1; j++ {
			xh := float64(float64(xr[j])-mean[j]) * invStd[j]
			t := float64(B*float64(dyr[j])) - sumDy[j]
			t -= float64(xh * sumDyXh[j])
			dxr[j] = T(scale[j] * t)
		}
	}
}

// NormTrainStats finishes a training-mode batch normalisation's statistics
// for n = len(mean) columns, given the batch means and, in invStd, the batch
// variances: it moves the moving statistics towards the batch's, as Keras
// does (moving −= (moving − batch)·decay, in T), replaces each variance by
// 1/sqrt(variance + eps) (in float64), and sets the per-column factors of
// y = x·inv + shift: inv = gamma·invStd and shift = beta − mean·inv (in T).
func NormTrainStats[T Float](movingMean, movingVar, inv, shift, gamma, beta []T, mean, invStd []float64, decay T, eps float64) {
	defer flushEnd(flushBegin())
	normTrainStats(movingMean, movingVar, inv, shift, gamma, beta, mean, invStd, decay, eps)
}

// NormScale sets scale[j] = gamma[j]·invStd[j]/B, in float64: the factor of
// the input gradient's columns.
func NormScale[T Float](scale []float64, gamma []T, invStd []float64, B float64) {
	defer flushEnd(flushBegin())
	normScale(scale, gamma, invStd, B)
}

// portableNormTrainStats is NormTrainStats in Go; every product is rounded
// to T before it is subtracted, as the assembly does it.
func portableNormTrainStats[T Float](movingMean, movingVar, inv, shift, gamma, beta []T, mean, invStd []float64, decay T, eps float64) {
	n := len(mean)
	movingMean, movingVar, inv, shift = movingMean[:n], movingVar[:n], inv[:n], shift[:n]
	gamma, beta, invStd = gamma[:n], beta[:n], invStd[:n]
	for j := range mean {
		variance := invStd[j]
		movingMean[j] -= T((movingMean[j] - T(mean[j])) * decay)
		movingVar[j] -= T((movingVar[j] - T(variance)) * decay)
		invStd[j] = 1 / math.Sqrt(variance+eps)
		inv[j] = gamma[j] * T(invStd[j])
		shift[j] = beta[j] - T(T(mean[j])*inv[j])
	}
}

// portableNormScale is NormScale in Go.
func portableNormScale[T Float](scale []float64, gamma []T, invStd []float64, B float64) {
	gamma, invStd = gamma[:len(scale)], invStd[:len(scale)]
	for j := range scale {
		scale[j] = float64(gamma[j]) * invStd[j] / B
	}
}
