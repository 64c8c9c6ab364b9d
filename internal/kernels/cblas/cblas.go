//go:build openblas && cgo

package cblas

/*
#cgo LDFLAGS: -lopenblas
#include <cblas.h>
*/
import "C"

import "unsafe"

// Sgemm sets c (m×n, row step ldc) = op(a)·op(b) for row-major float32
// matrices, where op transposes a (k×m stored, else m×k; row step lda) when
// transA is set and likewise b (n×k stored, else k×n; row step ldb). It
// checks that the slices hold every element the call touches, and panics
// otherwise, before handing the pointers to C.
func Sgemm(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if !checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) {
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
		return
	}
	C.cblas_sgemm(C.CblasRowMajor, trans(transA), trans(transB), C.blasint(m), C.blasint(n), C.blasint(k),
		1, (*C.float)(unsafe.Pointer(&a[0])), C.blasint(lda), (*C.float)(unsafe.Pointer(&b[0])), C.blasint(ldb),
		0, (*C.float)(unsafe.Pointer(&c[0])), C.blasint(ldc))
}

// Dgemm is Sgemm for float64.
func Dgemm(transA, transB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if !checkGemm(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) {
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
		return
	}
	C.cblas_dgemm(C.CblasRowMajor, trans(transA), trans(transB), C.blasint(m), C.blasint(n), C.blasint(k),
		1, (*C.double)(unsafe.Pointer(&a[0])), C.blasint(lda), (*C.double)(unsafe.Pointer(&b[0])), C.blasint(ldb),
		0, (*C.double)(unsafe.Pointer(&c[0])), C.blasint(ldc))
}

func trans(t bool) uint32 {
	if t {
		return C.CblasTrans
	}
	return C.CblasNoTrans
}
