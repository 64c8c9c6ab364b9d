package kernels

import (
	"math"
	"testing"
)

// TestNormKernelsMatchPortableBitForBit runs the batch normalisation kernels
// of this build (assembly on amd64 for float32) and the portable column
// loops on the same float32 data, over widths that leave vector remainders,
// and requires identical results: both sum every column over the rows in
// order with the same float64 operations.
func TestNormKernelsMatchPortableBitForBit(t *testing.T) {
	for _, level := range isas() {
		t.Run(isaName(level), func(t *testing.T) {
			withISA(t, level, func() {
				r := newUniform(12)
				for _, sh := range [][2]int{{1, 4}, {16, 3}, {16, 7}, {14, 13}, {16, 100}, {16, 200}, {330, 100}} {
					m, n := sh[0], sh[1]
					x, dy := signedMatrix(r, m, n), signedMatrix(r, m, n)
					for i := range x {
						x[i] = 3*x[i] + 0.5 // a mean away from zero
					}
					mean, variance := make([]float64, n), make([]float64, n)
					wantMean, wantVar := make([]float64, n), make([]float64, n)
					BatchMoments(mean, variance, x, m, n)
					portableMomentsCols(wantMean, wantVar, x, m, n, 0, n)
					invStd := make([]float64, n)
					for j := range mean {
						if mean[j] != wantMean[j] || variance[j] != wantVar[j] {
							t.Fatalf("%v: column %d moments %v, %v; portable %v, %v", sh, j, mean[j], variance[j], wantMean[j], wantVar[j])
						}
						invStd[j] = 1 / math.Sqrt(variance[j]+1e-3)
					}

					inv, shift := signedMatrix(r, 1, n), signedMatrix(r, 1, n)
					y, want := make([]float32, m*n), make([]float32, m*n)
					Normalize(y, x, inv, shift, m, n)
					portableNormalizeCols(want, x, inv, shift, m, n, 0, n)
					for i := range want {
						if math.Float32bits(y[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%v: normalize element %d = %v, portable %v", sh, i, y[i], want[i])
						}
					}

					sumDy, sumDyXh := make([]float64, n), make([]float64, n)
					wantDy, wantDyXh := make([]float64, n), make([]float64, n)
					NormSums(sumDy, sumDyXh, x, dy, mean, invStd, m, n)
					portableNormSumsCols(wantDy, wantDyXh, x, dy, mean, invStd, m, n, 0, n)
					for j := range sumDy {
						if sumDy[j] != wantDy[j] || sumDyXh[j] != wantDyXh[j] {
							t.Fatalf("%v: column %d sums %v, %v; portable %v, %v", sh, j, sumDy[j], sumDyXh[j], wantDy[j], wantDyXh[j])
						}
					}

					scale := float64s(signedMatrix(r, 1, n))
					dx := make([]float32, m*n)
					NormGradInput(dx, x, dy, mean, invStd, scale, sumDy, sumDyXh, float64(m), m, n)
					portableNormGradInputCols(want, x, dy, mean, invStd, scale, sumDy, sumDyXh, float64(m), m, n, 0, n)
					for i := range want {
						if math.Float32bits(dx[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%v: normGradInput element %d = %v, portable %v", sh, i, dx[i], want[i])
						}
					}
				}
			})
		})
	}
}
