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

// TestNormStatsMatchPortableBitForBit runs NormTrainStats and NormScale at
// every instruction-set level against the portable loops, over widths that
// leave vector remainders, and requires the same bits in every output.
func TestNormStatsMatchPortableBitForBit(t *testing.T) {
	r := newUniform(18)
	for _, level := range isas() {
		withISA(t, level, func() {
			for _, n := range []int{1, 7, 8, 9, 100, 200} {
				f32 := func(lo, hi float64) []float32 {
					x := make([]float32, n)
					for i := range x {
						x[i] = float32(r.Uniform(lo, hi))
					}
					return x
				}
				f64 := func(lo, hi float64) []float64 {
					x := make([]float64, n)
					for i := range x {
						x[i] = r.Uniform(lo, hi)
					}
					return x
				}
				mm, mv, gamma, beta := f32(-1, 1), f32(0.1, 2), f32(0.5, 1.5), f32(-0.5, 0.5)
				mean, variance := f64(-2, 2), f64(0, 3)
				mm2, mv2 := append([]float32(nil), mm...), append([]float32(nil), mv...)
				inv1, shift1, inv2, shift2 := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
				is1, is2 := append([]float64(nil), variance...), append([]float64(nil), variance...)
				NormTrainStats(mm, mv, inv1, shift1, gamma, beta, mean, is1, float32(1-0.99), 1e-3)
				portableNormTrainStats(mm2, mv2, inv2, shift2, gamma, beta, mean, is2, float32(1-0.99), 1e-3)
				for j := 0; j < n; j++ {
					if math.Float32bits(mm[j]) != math.Float32bits(mm2[j]) || math.Float32bits(mv[j]) != math.Float32bits(mv2[j]) ||
						math.Float64bits(is1[j]) != math.Float64bits(is2[j]) ||
						math.Float32bits(inv1[j]) != math.Float32bits(inv2[j]) || math.Float32bits(shift1[j]) != math.Float32bits(shift2[j]) {
						t.Fatalf("%s n=%d column %d: moving %v %v, invStd %v, inv %v, shift %v; portable %v %v, %v, %v, %v",
							isaName(level), n, j, mm[j], mv[j], is1[j], inv1[j], shift1[j], mm2[j], mv2[j], is2[j], inv2[j], shift2[j])
					}
				}
				s1, s2 := make([]float64, n), make([]float64, n)
				NormScale(s1, gamma, is1, 16)
				portableNormScale(s2, gamma, is1, 16)
				for j := range s1 {
					if math.Float64bits(s1[j]) != math.Float64bits(s2[j]) {
						t.Fatalf("%s n=%d: scale[%d] = %v, portable %v", isaName(level), n, j, s1[j], s2[j])
					}
				}
			}
		})
	}
}

// TestDivideByMatchesDivision checks that divideBy's multiplication by
// 1/m for powers of two gives the quotients bit for bit, for ordinary,
// huge and subnormal results.
func TestDivideByMatchesDivision(t *testing.T) {
	r := newUniform(13)
	xs := []float64{0, math.Copysign(0, -1), 1, -3, math.MaxFloat64, math.SmallestNonzeroFloat64, 3 * math.SmallestNonzeroFloat64, 0x1p-1020, -0x1.fffffffffffffp-1020, math.Inf(1)}
	for range 1000 {
		xs = append(xs, r.Uniform(-1, 1)*math.Pow(2, math.Floor(r.Uniform(-1075, 1024))))
	}
	for _, m := range []int{1, 2, 14, 16, 330, 512, 4096} {
		s := append([]float64(nil), xs...)
		divideBy(s, m)
		for i, x := range xs {
			if want := x / float64(m); math.Float64bits(s[i]) != math.Float64bits(want) {
				t.Fatalf("%v / %d: divideBy gives %v, want %v", x, m, s[i], want)
			}
		}
	}
}
