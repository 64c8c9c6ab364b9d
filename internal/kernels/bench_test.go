package kernels

import (
	"fmt"
	"testing"
)

// benchShapes are the (m, k, n) of the notebook's products: a batch of 16
// through the 100→200, 200→100 and 100→100 layers, and the 330-row
// validation pass through 100→200.
var benchShapes = [][3]int{{16, 100, 200}, {16, 200, 100}, {16, 100, 100}, {330, 100, 200}}

// reportGFLOPS adds the products' arithmetic rate to b's results.
func reportGFLOPS(b *testing.B, m, k, n int) {
	b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkDenseForward times y = x·w + bias (this build's backend) in
// float32.
func BenchmarkDenseForward(b *testing.B) {
	for _, sh := range benchShapes {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		x, w, bias, y := signedMatrix(r, m, k), signedMatrix(r, k, n), signedMatrix(r, 1, n), make([]float32, m*n)
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				DenseForward(y, x, w, bias, m, k, n)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkDenseGradKernel times dw = xᵀ·dy (this build's backend) in
// float32 for a batch of m rows.
func BenchmarkDenseGradKernel(b *testing.B) {
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		x, dy, dw := signedMatrix(r, m, k), signedMatrix(r, m, n), make([]float32, k*n)
		var s []float32
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				DenseGradKernel(dw, x, dy, m, k, n, &s)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkDenseGradInput times dx = dy·wᵀ (this build's backend) in
// float32 for a batch of m rows.
func BenchmarkDenseGradInput(b *testing.B) {
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		dy, w, dx := signedMatrix(r, m, n), signedMatrix(r, k, n), make([]float32, m*k)
		var s []float32
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				DenseGradInput(dx, dy, w, m, n, k, &s)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkPortableGradInput times the portable dy·wᵀ (one vek dot product
// per element), for comparison with BenchmarkDenseGradInput.
func BenchmarkPortableGradInput(b *testing.B) {
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		dy, w, dx := signedMatrix(r, m, n), signedMatrix(r, k, n), make([]float32, m*k)
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				portableGradInput(dx, dy, w, m, n, k)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkLeaky times LeakyReLU and its gradient over a batch of 16 rows of
// 200 (this build's kernels).
func BenchmarkLeaky(b *testing.B) {
	r := newUniform(1)
	x, dy, y := signedMatrix(r, 16, 200), signedMatrix(r, 16, 200), make([]float32, 16*200)
	b.Run("forward", func(b *testing.B) {
		for b.Loop() {
			Leaky(y, x, 0.3)
		}
	})
	b.Run("grad", func(b *testing.B) {
		for b.Loop() {
			LeakyGrad(y, x, dy, 0.3)
		}
	})
}
