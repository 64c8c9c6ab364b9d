//go:build !amd64 || noasm

package kernels

func batchMoments[T Float](mean, variance []float64, x []T, m, n int) {
	portableMomentsCols(mean, variance, x, m, n, 0, n)
}

func normalize[T Float](y, x, inv, shift []T, m, n int) {
	portableNormalizeCols(y, x, inv, shift, m, n, 0, n)
}

func normSums[T Float](sumDy, sumDyXh []float64, x, dy []T, mean, invStd []float64, m, n int) {
	portableNormSumsCols(sumDy, sumDyXh, x, dy, mean, invStd, m, n, 0, n)
}

func normGradInput[T Float](dx, x, dy []T, mean, invStd, scale, sumDy, sumDyXh []float64, B float64, m, n int) {
	portableNormGradInputCols(dx, x, dy, mean, invStd, scale, sumDy, sumDyXh, B, m, n, 0, n)
}

func normTrainStats[T Float](movingMean, movingVar, inv, shift, gamma, beta []T, mean, invStd []float64, decay T, eps float64) {
	portableNormTrainStats(movingMean, movingVar, inv, shift, gamma, beta, mean, invStd, decay, eps)
}

func normScale[T Float](scale []float64, gamma []T, invStd []float64, B float64) {
	portableNormScale(scale, gamma, invStd, B)
}
