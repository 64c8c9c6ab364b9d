//go:build amd64 && !noasm

package kernels

// The batch normalisation kernels for float32 in AVX assembly
// (batchnorm_amd64.s), on the leading columns in multiples of the vector
// width; the portable column loops take the rest, and everything where the
// CPU lacks AVX2/FMA.

//go:noescape
func bnAccum512(sum *float64, x *float32, m, n, ld int)

//go:noescape
func bnSqDev512(sum *float64, x *float32, mean *float64, m, n, ld int)

//go:noescape
func bnNormSums512(sumDy, sumDyXh *float64, x, dy *float32, mean, invStd *float64, m, n, ld int)

//go:noescape
func bnGradInput512(dx, x, dy *float32, mean, invStd, scale, sumDy, sumDyXh *float64, b float64, m, n, ld int)

//go:noescape
func bnNormalize512(y, x, inv, shift *float32, m, n, ld int)

//go:noescape
func bnAccum(sum *float64, x *float32, m, n, ld int)

//go:noescape
func bnSqDev(sum *float64, x *float32, mean *float64, m, n, ld int)

//go:noescape
func bnNormSums(sumDy, sumDyXh *float64, x, dy *float32, mean, invStd *float64, m, n, ld int)

//go:noescape
func bnGradInput(dx, x, dy *float32, mean, invStd, scale, sumDy, sumDyXh *float64, b float64, m, n, ld int)

//go:noescape
func bnNormalize(y, x, inv, shift *float32, m, n, ld int)

// f32Cols returns x as []float32 and how many leading columns of a matrix
// of width n the assembly kernels take (a multiple of width), or 0 when
// they cannot run. It bounds-checks x as an m×n matrix.
func f32Cols[T Float](x []T, m, n, width int) ([]float32, int) {
	x32, ok := any(x).([]float32)
	if !ok || isa < isaAVX2 || m <= 0 || n < width {
		return nil, 0
	}
	_ = x32[m*n-1]
	if isa >= isaAVX512 {
		return x32, n // the AVX-512 kernels mask the last columns
	}
	return x32, n &^ (width - 1)
}

// batchMoments sets mean and variance (n) to the column means and biased
// variances of x (m × n), accumulated in float64.
func batchMoments[T Float](mean, variance []float64, x []T, m, n int) {
	x32, n4 := f32Cols(x, m, n, 4)
	if n4 > 0 {
		mean, variance := mean[:n4], variance[:n4]
		clear(mean)
		clear(variance)
		if isa >= isaAVX512 {
			bnAccum512(&mean[0], &x32[0], m, n4, n)
		} else {
			bnAccum(&mean[0], &x32[0], m, n4, n)
		}
		divideBy(mean, m)
		if isa >= isaAVX512 {
			bnSqDev512(&variance[0], &x32[0], &mean[0], m, n4, n)
		} else {
			bnSqDev(&variance[0], &x32[0], &mean[0], m, n4, n)
		}
		divideBy(variance, m)
	}
	portableMomentsCols(mean, variance, x, m, n, n4, n)
}

// normalize sets y = x·inv + shift, per column, for x and y (m × n).
func normalize[T Float](y, x, inv, shift []T, m, n int) {
	x32, n8 := f32Cols(x, m, n, 8)
	if n8 > 0 {
		y32, inv32, shift32 := any(y).([]float32), any(inv).([]float32), any(shift).([]float32)
		_, _, _ = y32[m*n-1], inv32[n8-1], shift32[n8-1]
		if isa >= isaAVX512 {
			bnNormalize512(&y32[0], &x32[0], &inv32[0], &shift32[0], m, n8, n)
		} else {
			bnNormalize(&y32[0], &x32[0], &inv32[0], &shift32[0], m, n8, n)
		}
	}
	portableNormalizeCols(y, x, inv, shift, m, n, n8, n)
}

// normSums sets sumDy and sumDyXh (n) to Σ_rows dy and Σ_rows dy·x̂ with
// x̂ = (x − mean)·invStd.
func normSums[T Float](sumDy, sumDyXh []float64, x, dy []T, mean, invStd []float64, m, n int) {
	x32, n4 := f32Cols(x, m, n, 4)
	if n4 > 0 {
		dy32 := any(dy).([]float32)
		sumDy, sumDyXh := sumDy[:n4], sumDyXh[:n4]
		_, _, _ = dy32[m*n-1], mean[n4-1], invStd[n4-1]
		clear(sumDy)
		clear(sumDyXh)
		if isa >= isaAVX512 {
			bnNormSums512(&sumDy[0], &sumDyXh[0], &x32[0], &dy32[0], &mean[0], &invStd[0], m, n4, n)
		} else {
			bnNormSums(&sumDy[0], &sumDyXh[0], &x32[0], &dy32[0], &mean[0], &invStd[0], m, n4, n)
		}
	}
	portableNormSumsCols(sumDy, sumDyXh, x, dy, mean, invStd, m, n, n4, n)
}

// normGradInput sets dx = scale·((B·dy − sumDy) − x̂·sumDyXh), x̂ =
// (x − mean)·invStd, per column.
func normGradInput[T Float](dx, x, dy []T, mean, invStd, scale, sumDy, sumDyXh []float64, B float64, m, n int) {
	x32, n4 := f32Cols(x, m, n, 4)
	if n4 > 0 {
		dx32, dy32 := any(dx).([]float32), any(dy).([]float32)
		_, _ = dx32[m*n-1], dy32[m*n-1]
		_, _, _, _, _ = mean[n4-1], invStd[n4-1], scale[n4-1], sumDy[n4-1], sumDyXh[n4-1]
		if isa >= isaAVX512 {
			bnGradInput512(&dx32[0], &x32[0], &dy32[0], &mean[0], &invStd[0], &scale[0], &sumDy[0], &sumDyXh[0], B, m, n4, n)
		} else {
			bnGradInput(&dx32[0], &x32[0], &dy32[0], &mean[0], &invStd[0], &scale[0], &sumDy[0], &sumDyXh[0], B, m, n4, n)
		}
	}
	portableNormGradInputCols(dx, x, dy, mean, invStd, scale, sumDy, sumDyXh, B, m, n, n4, n)
}

//go:noescape
func bnTrainStats512(movingMean, movingVar, inv, shift, gamma, beta *float32, mean, invStd *float64, n int, decay float32, eps float64)

//go:noescape
func bnScale512(scale *float64, gamma *float32, invStd *float64, n int, b float64)

func normTrainStats[T Float](movingMean, movingVar, inv, shift, gamma, beta []T, mean, invStd []float64, decay T, eps float64) {
	n := len(mean)
	mm32, ok := any(movingMean).([]float32)
	if !ok || isa < isaAVX512 || n == 0 {
		portableNormTrainStats(movingMean, movingVar, inv, shift, gamma, beta, mean, invStd, decay, eps)
		return
	}
	mv32, inv32, shift32 := any(movingVar).([]float32), any(inv).([]float32), any(shift).([]float32)
	gamma32, beta32 := any(gamma).([]float32), any(beta).([]float32)
	_, _, _, _, _, _, _ = mm32[n-1], mv32[n-1], inv32[n-1], shift32[n-1], gamma32[n-1], beta32[n-1], invStd[n-1]
	bnTrainStats512(&mm32[0], &mv32[0], &inv32[0], &shift32[0], &gamma32[0], &beta32[0], &mean[0], &invStd[0], n, float32(decay), eps)
}

func normScale[T Float](scale []float64, gamma []T, invStd []float64, B float64) {
	n := len(scale)
	g32, ok := any(gamma).([]float32)
	if !ok || isa < isaAVX512 || n == 0 {
		portableNormScale(scale, gamma, invStd, B)
		return
	}
	_, _ = g32[n-1], invStd[n-1]
	bnScale512(&scale[0], &g32[0], &invStd[0], n, B)
}
