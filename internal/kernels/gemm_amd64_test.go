//go:build amd64 && !noasm

package kernels

import "testing"

// TestEmptyProducts checks sgemm and dgemm on k = 0: the product of an
// empty sum is the bias (or zero), stored transposed where sgemm is asked
// to. Both return before any assembly runs, so it runs on every CPU.
func TestEmptyProducts(t *testing.T) {
	const m, n = 3, 5
	bias32, bias64 := []float32{1, 2, 3, 4, 5}, []float64{1, 2, 3, 4, 5}
	c32, ct, c64 := make([]float32, m*n), make([]float32, m*n), make([]float64, m*n)
	for i := range c32 {
		c32[i], ct[i], c64[i] = -1, -1, -1 // every element must be written
	}
	sgemm(m, n, 0, nil, 0, 1, nil, n, c32, n, bias32, false)
	sgemm(m, n, 0, nil, 0, 1, nil, n, ct, m, nil, true)
	dgemm(m, n, 0, nil, 0, 1, nil, n, c64, n, bias64)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if c32[i*n+j] != bias32[j] || c64[i*n+j] != bias64[j] || ct[j*m+i] != 0 {
				t.Fatalf("element (%d, %d): sgemm %v, dgemm %v, transposed %v; want %v, %v and 0",
					i, j, c32[i*n+j], c64[i*n+j], ct[j*m+i], bias32[j], bias64[j])
			}
		}
	}
}
