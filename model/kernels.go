package model

import (
	"github.com/viterin/vek"
	"github.com/viterin/vek/vek32"
)

// Float is the element type of a model: float32 (as Keras) or float64.
type Float interface{ float32 | float64 }

// The matrix kernels below work on row-major slices. They dispatch to vek's
// AVX2 kernels (pure Go assembly, no cgo) when the CPU has AVX2, and to
// portable Go loops otherwise.

// matMul sets c (m×n) = a (m×k) · b (k×n).
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
// the dot product of a row of a and a row of b, both contiguous. (For the
// model's shapes this beats transposing b and multiplying, and multiplying
// b·aᵀ with a narrow result, measured by BenchmarkMatMulNT.)
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

// sumRows sets s (n) to the column sums of x (m×n): the sum of its rows.
func sumRows[T Float](s, x []T, m, n int) {
	s = s[:n]
	copy(s, x[:n])
	for i := 1; i < m; i++ {
		row := x[i*n : i*n+n]
		for j, v := range row {
			s[j] += v
		}
	}
}
