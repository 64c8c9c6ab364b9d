package model

import (
	"math"
	"testing"
)

// naive reference products in float64.
func refMatMul(a, b []float64, m, k, n int, ta, tb bool) []float64 {
	c := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for l := 0; l < k; l++ {
				av := a[i*k+l]
				if ta {
					av = a[l*m+i]
				}
				bv := b[l*n+j]
				if tb {
					bv = b[j*k+l]
				}
				s += av * bv
			}
			c[i*n+j] = s
		}
	}
	return c
}

func TestMatrixKernelsMatchNaiveProducts(t *testing.T) {
	r := newUniform(8)
	for _, sh := range [][3]int{{1, 1, 1}, {3, 5, 7}, {16, 100, 200}, {14, 200, 100}, {5, 33, 9}} {
		m, k, n := sh[0], sh[1], sh[2]
		a, b := randomMatrix(r, m, k), randomMatrix(r, k, n)
		check := func(name string, got, want []float64) {
			t.Helper()
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12*float64(k) {
					t.Fatalf("%s %v: element %d = %v, want %v", name, sh, i, got[i], want[i])
				}
			}
		}
		c := make([]float64, m*n)
		matMul(c, a, b, m, k, n)
		check("matMul", c, refMatMul(a, b, m, k, n, false, false))

		at := make([]float64, k*m) // a stored transposed: k×m
		transpose(at, a, m, k)
		matMulTN(c, at, b, make([]float64, m*k), k, m, n)
		check("matMulTN", c, refMatMul(a, b, m, k, n, false, false))

		bt := make([]float64, n*k) // b stored transposed: n×k
		transpose(bt, b, k, n)
		matMulNT(c, a, bt, m, k, n)
		check("matMulNT", c, refMatMul(a, b, m, k, n, false, false))
	}
}

// BenchmarkMatMulNT times dy·kernelᵀ for the notebook's shapes in float32.
func BenchmarkMatMulNT(b *testing.B) {
	for _, sh := range [][3]int{{16, 200, 100}, {16, 100, 200}, {16, 100, 100}} {
		m, k, n := sh[0], sh[1], sh[2]
		x, w, c := make([]float32, m*k), make([]float32, n*k), make([]float32, m*n)
		b.Run("", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				matMulNT(c, x, w, m, k, n)
			}
		})
	}
}
