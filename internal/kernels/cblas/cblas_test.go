//go:build openblas && cgo

package cblas

import (
	"math"
	"strings"
	"testing"
)

// TestGemmMatchesNaiveProducts checks the four transpose combinations of
// Sgemm and Dgemm against naive float64 products.
func TestGemmMatchesNaiveProducts(t *testing.T) {
	const m, n, k = 5, 7, 3
	val := func(i int) float64 { return math.Sin(float64(i)*1.7) * 2 }
	for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
		ta, tb := tr[0], tr[1]
		a64, b64 := make([]float64, m*k), make([]float64, k*n)
		for i := range a64 {
			a64[i] = val(i)
		}
		for i := range b64 {
			b64[i] = val(i + 100)
		}
		// a(i,p) and b(p,j) as the call reads them.
		at := func(i, p int) float64 {
			if ta {
				return a64[p*m+i]
			}
			return a64[i*k+p]
		}
		bt := func(p, j int) float64 {
			if tb {
				return b64[j*k+p]
			}
			return b64[p*n+j]
		}
		lda, ldb := k, n
		if ta {
			lda = m
		}
		if tb {
			ldb = k
		}
		c64 := make([]float64, m*n)
		Dgemm(ta, tb, m, n, k, a64, lda, b64, ldb, c64, n)
		a32, b32, c32 := make([]float32, len(a64)), make([]float32, len(b64)), make([]float32, m*n)
		for i, v := range a64 {
			a32[i] = float32(v)
		}
		for i, v := range b64 {
			b32[i] = float32(v)
		}
		Sgemm(ta, tb, m, n, k, a32, lda, b32, ldb, c32, n)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var want float64
				for p := 0; p < k; p++ {
					want += at(i, p) * bt(p, j)
				}
				if math.Abs(c64[i*n+j]-want) > 1e-12 || math.Abs(float64(c32[i*n+j])-want) > 1e-5 {
					t.Fatalf("trans %v: c[%d][%d] = %v (float64), %v (float32), want %v", tr, i, j, c64[i*n+j], c32[i*n+j], want)
				}
			}
		}
	}
}

// TestGemmPanicsOnShortSlices checks that a size mismatch stops in Go.
func TestGemmPanicsOnShortSlices(t *testing.T) {
	defer func() {
		r := recover()
		if s, _ := r.(string); !strings.Contains(s, "does not fit") {
			t.Fatalf("recovered %v, want a size panic", r)
		}
	}()
	Sgemm(false, false, 2, 2, 2, make([]float32, 3), 2, make([]float32, 4), 2, make([]float32, 4), 2)
}

// TestGemmEmptySumClearsC checks k = 0: the product is zero.
func TestGemmEmptySumClearsC(t *testing.T) {
	c := []float32{1, 2, 3, 4}
	Sgemm(false, false, 2, 2, 0, nil, 0, nil, 2, c, 2)
	for i, v := range c {
		if v != 0 {
			t.Fatalf("c[%d] = %v after an empty sum", i, v)
		}
	}
}
