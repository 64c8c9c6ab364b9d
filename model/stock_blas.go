package model

import (
	"github.com/gorgonia-ae/autoencoder/internal/kernels"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
)

// kernelBLAS is the BLAS that Gorgonia's matrix products (gorgonia.Mul, and
// the products gorgonia.Grad derives from it) run on once a stock net is
// built: Gorgonia's default, gonum's, with the three products a Dense layer
// needs — A·B, Aᵀ·B and A·Bᵀ of contiguous row-major matrices, with α = 1
// and β = 0 — computed by the fused ops' kernels instead (this build's
// backend, see package internal/kernels). Every other call goes to gonum.
//
// On the notebook's shapes gonum's products split into goroutines and cost
// more than half of the stock graph's step; the fused ops' kernels do the
// same arithmetic on one thread (see BenchmarkStockTrainStep).
type kernelBLAS struct{ gonum.Implementation }

// Sgemm sets c = α·op(a)·op(b) + β·c.
func (kernelBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if alpha != 1 || beta != 0 || !gemmKernels(&scratch32, tA, tB, m, n, k, a, lda, b, ldb, c, ldc) {
		gonum.Implementation{}.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Dgemm sets c = α·op(a)·op(b) + β·c.
func (kernelBLAS) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if alpha != 1 || beta != 0 || !gemmKernels(&scratch64, tA, tB, m, n, k, a, lda, b, ldb, c, ldc) {
		gonum.Implementation{}.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// scratch32 and scratch64 hold the kernels' scratch slices (*[]float32,
// *[]float64), one per concurrent product.
var scratch32, scratch64 sync.Pool

// gemmKernels sets c (m×n, row step ldc) = op(a)·op(b) with the dense
// kernels and reports true, if the product is one they compute: a and b
// contiguous, c = a·b, aᵀ·b or a·bᵀ. Otherwise it does nothing and reports
// false.
func gemmKernels[T Float](pool *sync.Pool, tA, tB blas.Transpose, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) bool {
	if m <= 0 || n <= 0 || k <= 0 || ldc != n || len(c) < m*n {
		return false
	}
	s, _ := pool.Get().(*[]T)
	if s == nil {
		s = new([]T)
	}
	defer pool.Put(s)
	switch {
	case tA == blas.NoTrans && tB == blas.NoTrans && lda == k && ldb == n && len(a) >= m*k && len(b) >= k*n:
		kernels.DenseForward(c, a, b, nil, m, k, n)
	case tA == blas.Trans && tB == blas.NoTrans && lda == m && ldb == n && len(a) >= k*m && len(b) >= k*n:
		kernels.DenseGradKernel(c, a, b, k, m, n, s)
	case tA == blas.NoTrans && tB == blas.Trans && lda == k && ldb == k && len(a) >= m*k && len(b) >= n*k:
		kernels.DenseGradInput(c, a, b, m, k, n, s)
	default:
		return false
	}
	return true
}

var kernelBLASOnce sync.Once

// useKernelBLAS makes Gorgonia's products run on kernelBLAS, unless a BLAS
// other than Gorgonia's default was chosen with gorgonia.Use. It changes
// only how the products are computed, not what they compute.
func useKernelBLAS() {
	kernelBLASOnce.Do(func() {
		if _, ok := G.WhichBLAS().(gonum.Implementation); ok {
			G.Use(kernelBLAS{})
		}
	})
}
