package kernels

import (
	"github.com/viterin/vek"
	"github.com/viterin/vek/vek32"
)

// DenseForward sets y (m×n) = x (m×k) · w (k×n) + bias (n); bias may be
// nil. Every backend computes each element as the same chain of fused
// multiply-adds over k in order, from zero, whatever m is, so a row of y
// depends on its row of x alone, bit for bit: encoding rows in one batch or
// another gives the same codes. (OpenBLAS does not promise that, so the
// openblas build keeps this product on the default kernels.)
func DenseForward[T Float](y, x, w, bias []T, m, k, n int) {
	defer flushEnd(flushBegin())
	denseForward(y, x, w, bias, m, k, n)
}

// DenseGradKernel sets c (m×n) = aᵀ · b for a (k×m) and b (k×n): a Dense
// layer's kernel gradient xᵀ·dy. s is a scratch slice the call may grow and
// reuse.
func DenseGradKernel[T Float](c, a, b []T, k, m, n int, s *[]T) {
	defer flushEnd(flushBegin())
	gradKernel(c, a, b, k, m, n, s)
}

// DenseGradInput sets c (m×n) = a · bᵀ for a (m×k) and b (n×k): a Dense
// layer's input gradient dy·wᵀ. s is a scratch slice the call may grow and
// reuse.
func DenseGradInput[T Float](c, a, b []T, m, k, n int, s *[]T) {
	defer flushEnd(flushBegin())
	gradInput(c, a, b, m, k, n, s)
}

// BLAS reports whether the gradient products come from an external BLAS
// (-tags openblas), which sums in its own order: then they agree with the
// other backends only to rounding.
const BLAS = blasBackend

// The portable kernels below work on row-major slices and dispatch to vek's
// AVX2 kernels (Go assembly, no cgo) when the CPU has AVX2, and to plain Go
// loops otherwise.

// matMul sets c (m×n) = a (m×k) · b (k×n). Each element is a chain of fused
// multiply-adds over k in order, from zero.
//
// vek's MatMul splits a product of 4 rows or more and 100,000 or more
// multiply-adds among goroutines, one per CPU, and waits for them: that
// would move every training step onto several threads and cores. It is
// therefore called on at most matMulRows rows at a time, which it computes
// on the calling goroutine; its rows do not depend on each other, so the
// result is the same.
func matMul[T Float](c, a, b []T, m, k, n int) {
	for i := 0; i < m; i += matMulRows {
		r := min(matMulRows, m-i)
		switch cc := any(c).(type) {
		case []float32:
			vek32.MatMul_Into(cc[i*n:(i+r)*n], any(a).([]float32)[i*k:(i+r)*k], any(b).([]float32)[:k*n], k)
		case []float64:
			vek.MatMul_Into(cc[i*n:(i+r)*n], any(a).([]float64)[i*k:(i+r)*k], any(b).([]float64)[:k*n], k)
		}
	}
}

// matMulRows is the most rows vek's MatMul computes without goroutines.
const matMulRows = 3

// transpose sets dst (cols×rows) to the transpose of src (rows×cols).
func transpose[T Float](dst, src []T, rows, cols int) {
	const blk = 32
	for i0 := 0; i0 < rows; i0 += blk {
		i1 := min(i0+blk, rows)
		for j0 := 0; j0 < cols; j0 += blk {
			j1 := min(j0+blk, cols)
			for i := i0; i < i1; i++ {
				row := src[i*cols : i*cols+cols]
				for j := j0; j < j1; j++ {
					dst[j*rows+i] = row[j]
				}
			}
		}
	}
}

// matMulTN sets c (m×n) = aᵀ · b for a (k×m) and b (k×n), using scratch
// (at least m·k long) for aᵀ.
func matMulTN[T Float](c, a, b, scratch []T, k, m, n int) {
	transpose(scratch[:m*k], a[:k*m], k, m)
	matMul(c, scratch, b, m, k, n)
}

// matMulNT sets c (m×n) = a · bᵀ for a (m×k) and b (n×k): each element is
// the dot product of a row of a and a row of b, both contiguous (vek's Dot:
// 32 interleaved partial sums, then the rest). With vek's kernels this beats
// transposing b and multiplying (BenchmarkMatMulNT); the assembly backend
// transposes the small a instead and uses its own product.
func matMulNT[T Float](c, a, b []T, m, k, n int) {
	switch cc := any(c).(type) {
	case []float32:
		a, b := any(a).([]float32), any(b).([]float32)
		for i := 0; i < m; i++ {
			ar, cr := a[i*k:i*k+k], cc[i*n:i*n+n]
			for j := range cr {
				cr[j] = vek32.Dot(ar, b[j*k:j*k+k])
			}
		}
	case []float64:
		a, b := any(a).([]float64), any(b).([]float64)
		for i := 0; i < m; i++ {
			ar, cr := a[i*k:i*k+k], cc[i*n:i*n+n]
			for j := range cr {
				cr[j] = vek.Dot(ar, b[j*k:j*k+k])
			}
		}
	}
}

// addRowVector adds v (n) to every row of x (m×n) in place.
func addRowVector[T Float](x, v []T, m, n int) {
	for i := 0; i < m; i++ {
		row := x[i*n : i*n+n]
		for j, b := range v[:n] {
			row[j] += b
		}
	}
}

// portableDenseForward, portableGradKernel and portableGradInput are the
// three products built from the portable kernels.
func portableDenseForward[T Float](y, x, w, bias []T, m, k, n int) {
	matMul(y, x, w, m, k, n)
	if bias != nil {
		addRowVector(y, bias, m, n)
	}
}

func portableGradKernel[T Float](c, a, b []T, k, m, n int, s *[]T) {
	matMulTN(c, a, b, scratch(s, m*k), k, m, n)
}

func portableGradInput[T Float](c, a, b []T, m, k, n int) {
	matMulNT(c, a, b, m, k, n)
}

// SumRows sets s (n) to the column sums of x (m×n): the sum of its rows,
// added in row order. It is a bias's gradient.
func SumRows[T Float](s, x []T, m, n int) {
	defer flushEnd(flushBegin())
	sumRows(s, x, m, n)
}

// portableSumRows is SumRows with vek's kernels.
func portableSumRows[T Float](s, x []T, m, n int) {
	s = s[:n]
	copy(s, x[:n])
	switch ss := any(s).(type) {
	case []float32:
		x := any(x).([]float32)
		for i := 1; i < m; i++ {
			vek32.Add_Inplace(ss, x[i*n:i*n+n])
		}
	case []float64:
		x := any(x).([]float64)
		for i := 1; i < m; i++ {
			vek.Add_Inplace(ss, x[i*n:i*n+n])
		}
	}
}
