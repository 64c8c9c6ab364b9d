//go:build amd64 && !noasm

package model

import "golang.org/x/sys/cpu"

// hasAVX2FMA reports whether the assembly kernels of kernels_amd64.s can
// run. It is fixed at start-up.
var hasAVX2FMA = cpu.X86.HasAVX && cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func sgemmKernel(k int, a0, a1, a2, a3 *float32, csA int, b *float32, ldb int, c *float32, ldc int, mr, nr int, bias *float32)

//go:noescape
func sgemmKernelT(k int, a0, a1, a2, a3 *float32, csA int, b *float32, ldb int, c *float32, ldc int, mr, nr int)

//go:noescape
func leakyAVX(y, x *float32, n int, slope float32)

//go:noescape
func leakyGradAVX(dx, x, dy *float32, n int, slope float32)

// sgemm computes the m×n product of A (m×k, element (i, p) at
// a[i·rsA + p·csA]) and B (k×n, element (p, j) at b[p·ldb + j]), in blocks
// of 4×16 with the assembly kernels, each element a chain of fused
// multiply-adds over p in order from zero. Without trans it sets
// c[i·ldc + j] to the product plus bias[j] (bias may be nil); with trans it
// sets c[j·ldc + i] to the product (bias must be nil). The caller must have
// checked hasAVX2FMA; the slices are bounds-checked here, so a wrong size
// panics instead of touching memory outside them.
func sgemm(m, n, k int, a []float32, rsA, csA int, b []float32, ldb int, c []float32, ldc int, bias []float32, trans bool) {
	if m <= 0 || n <= 0 {
		return
	}
	// The highest index each kernel reads or writes.
	if trans {
		_ = c[(n-1)*ldc+m-1]
	} else {
		_ = c[(m-1)*ldc+n-1]
	}
	if bias != nil {
		_ = bias[n-1]
	}
	if k == 0 {
		// An empty sum: the product is zero.
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				v := float32(0)
				if bias != nil {
					v = bias[j]
				}
				if trans {
					c[j*ldc+i] = v
				} else {
					c[i*ldc+j] = v
				}
			}
		}
		return
	}
	_ = a[(m-1)*rsA+(k-1)*csA]
	_ = b[(k-1)*ldb+n-1]
	for j := 0; j < n; j += 16 {
		nr := min(16, n-j)
		for i := 0; i < m; i += 4 {
			mr := min(4, m-i)
			a0 := &a[i*rsA]
			a1, a2, a3 := a0, a0, a0
			if mr > 1 {
				a1 = &a[(i+1)*rsA]
			}
			if mr > 2 {
				a2 = &a[(i+2)*rsA]
			}
			if mr > 3 {
				a3 = &a[(i+3)*rsA]
			}
			bj := &b[j]
			if trans {
				sgemmKernelT(k, a0, a1, a2, a3, csA, bj, ldb, &c[j*ldc+i], ldc, mr, nr)
				continue
			}
			var bp *float32
			if bias != nil {
				bp = &bias[j]
			}
			sgemmKernel(k, a0, a1, a2, a3, csA, bj, ldb, &c[i*ldc+j], ldc, mr, nr, bp)
		}
	}
}

// rowwiseDenseForward sets y (m×n) = x (m×k) · w (k×n) + bias (n), bias
// possibly nil, with the assembly kernel for float32 when the CPU has it and
// the portable kernel otherwise. Both compute every element as the same FMA
// chain whatever m is, so a row of y depends on its row of x alone, bit for
// bit: encoding rows one batch or another gives the same codes.
func rowwiseDenseForward[T Float](y, x, w, bias []T, m, k, n int) {
	if y32, ok := any(y).([]float32); ok && hasAVX2FMA {
		sgemm(m, n, k, any(x).([]float32), k, 1, any(w).([]float32), n, y32, n, any(bias).([]float32), false)
		return
	}
	portableDenseForward(y, x, w, bias, m, k, n)
}

// leaky sets y = x where x > 0 and x·slope elsewhere, elementwise.
func leaky[T Float](y, x []T, slope T) {
	if y32, ok := any(y).([]float32); ok && hasAVX2FMA {
		x32 := any(x).([]float32)
		n := len(x32) &^ 7
		if n > 0 {
			_ = y32[n-1]
			leakyAVX(&y32[0], &x32[0], n, float32(slope))
		}
		leakyGo(y32[n:], x32[n:], float32(slope))
		return
	}
	leakyGo(y, x, slope)
}

// leakyGrad sets dx = dy where x > 0 and dy·slope elsewhere, elementwise.
func leakyGrad[T Float](dx, x, dy []T, slope T) {
	if dx32, ok := any(dx).([]float32); ok && hasAVX2FMA {
		x32, dy32 := any(x).([]float32), any(dy).([]float32)
		n := len(x32) &^ 7
		if n > 0 {
			_, _ = dx32[n-1], dy32[n-1]
			leakyGradAVX(&dx32[0], &x32[0], &dy32[0], n, float32(slope))
		}
		leakyGradGo(dx32[n:], x32[n:], dy32[n:], float32(slope))
		return
	}
	leakyGradGo(dx, x, dy, slope)
}

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
	if !ok || !hasAVX2FMA || m <= 0 || n < width {
		return nil, 0
	}
	_ = x32[m*n-1]
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
		bnAccum(&mean[0], &x32[0], m, n4, n)
		for j := range mean {
			mean[j] /= float64(m)
		}
		bnSqDev(&variance[0], &x32[0], &mean[0], m, n4, n)
		for j := range variance {
			variance[j] /= float64(m)
		}
	}
	batchMomentsCols(mean, variance, x, m, n, n4, n)
}

// normalize sets y = x·inv + shift, per column, for x and y (m × n).
func normalize[T Float](y, x, inv, shift []T, m, n int) {
	x32, n8 := f32Cols(x, m, n, 8)
	if n8 > 0 {
		y32, inv32, shift32 := any(y).([]float32), any(inv).([]float32), any(shift).([]float32)
		_, _, _ = y32[m*n-1], inv32[n8-1], shift32[n8-1]
		bnNormalize(&y32[0], &x32[0], &inv32[0], &shift32[0], m, n8, n)
	}
	normalizeCols(y, x, inv, shift, m, n, n8, n)
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
		bnNormSums(&sumDy[0], &sumDyXh[0], &x32[0], &dy32[0], &mean[0], &invStd[0], m, n4, n)
	}
	normSumsCols(sumDy, sumDyXh, x, dy, mean, invStd, m, n, n4, n)
}

// normGradInput sets dx = scale·((B·dy − sumDy) − x̂·sumDyXh), x̂ =
// (x − mean)·invStd, per column.
func normGradInput[T Float](dx, x, dy []T, mean, invStd, scale, sumDy, sumDyXh []float64, B float64, m, n int) {
	x32, n4 := f32Cols(x, m, n, 4)
	if n4 > 0 {
		dx32, dy32 := any(dx).([]float32), any(dy).([]float32)
		_, _ = dx32[m*n-1], dy32[m*n-1]
		_, _, _, _, _ = mean[n4-1], invStd[n4-1], scale[n4-1], sumDy[n4-1], sumDyXh[n4-1]
		bnGradInput(&dx32[0], &x32[0], &dy32[0], &mean[0], &invStd[0], &scale[0], &sumDy[0], &sumDyXh[0], B, m, n4, n)
	}
	normGradInputCols(dx, x, dy, mean, invStd, scale, sumDy, sumDyXh, B, m, n, n4, n)
}
