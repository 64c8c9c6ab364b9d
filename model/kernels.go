package model

import (
	"github.com/viterin/vek"
	"github.com/viterin/vek/vek32"
)

// Float is the element type of a model: float32 (as Keras) or float64.
type Float interface{ float32 | float64 }

// The ops call the matrix kernels through three entry points, defined once
// per backend (chosen at build time):
//
//	denseForward(y, x, w, bias, m, k, n)  y (m×n) = x (m×k) · w (k×n) + bias (n)
//	denseGradKernel(c, a, b, k, m, n, s)  c (m×n) = aᵀ · b, a (k×m), b (k×n)
//	denseGradInput(c, a, b, m, k, n, s)   c (m×n) = a · bᵀ, a (m×k), b (n×k)
//
// where s is a reusable scratch slice. The backends are
//
//	kernels_asm.go       amd64 (default): AVX2/FMA assembly for float32 when
//	                     the CPU has it, the portable kernels otherwise
//	kernels_openblas.go  -tags openblas: cblas_sgemm/dgemm from OpenBLAS,
//	                     through cgo in model/internal/cblas
//	kernels_portable.go  other architectures, or -tags noasm
//
// The elementwise kernels (LeakyReLU, BatchNorm in kernels_norm.go) are
// AVX assembly on amd64 (kernels_amd64.go) and Go loops elsewhere
// (kernels_noasm.go), whatever the product backend.
//
// The portable kernels below work on row-major slices and dispatch to vek's
// AVX2 kernels (Go assembly, no cgo) when the CPU has AVX2, and to plain Go
// loops otherwise.

// matMul sets c (m×n) = a (m×k) · b (k×n). Each element is a chain of fused
// multiply-adds over k in order, from zero.
func matMul[T Float](c, a, b []T, m, k, n int) {
	switch cc := any(c).(type) {
	case []float32:
		vek32.MatMul_Into(cc[:m*n], any(a).([]float32)[:m*k], any(b).([]float32)[:k*n], k)
	case []float64:
		vek.MatMul_Into(cc[:m*n], any(a).([]float64)[:m*k], any(b).([]float64)[:k*n], k)
	}
}

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
// three entry points built from the portable kernels.
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

// sumRows sets s (n) to the column sums of x (m×n): the sum of its rows,
// added in row order.
func sumRows[T Float](s, x []T, m, n int) {
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

// leakyGo sets y = x where x > 0 and x·slope elsewhere.
func leakyGo[T Float](y, x []T, slope T) {
	y = y[:len(x)]
	for i, v := range x {
		if v > 0 {
			y[i] = v
		} else {
			y[i] = v * slope
		}
	}
}

// leakyGradGo sets dx = dy where x > 0 and dy·slope elsewhere.
func leakyGradGo[T Float](dx, x, dy []T, slope T) {
	dx, dy = dx[:len(x)], dy[:len(x)]
	for i, v := range x {
		if v > 0 {
			dx[i] = dy[i]
		} else {
			dx[i] = dy[i] * slope
		}
	}
}
