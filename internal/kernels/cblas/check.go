//go:build openblas

package cblas

import "fmt"

// checkGemm validates a gemm call's sizes against the slice lengths. It
// panics if a slice is too short or a row step too small for its matrix,
// and returns false when the product is an empty sum (k = 0) or empty, in
// which case C (if any) is to be cleared by the caller.
func checkGemm(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) bool {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("cblas: negative size %d×%d×%d", m, n, k))
	}
	if m == 0 || n == 0 {
		return false
	}
	need := func(name string, rows, cols, ld, have int) {
		if ld < cols || (rows-1)*ld+cols > have {
			panic(fmt.Sprintf("cblas: %s of %d×%d with row step %d does not fit in %d values", name, rows, cols, ld, have))
		}
	}
	need("c", m, n, ldc, lenC)
	if k == 0 {
		return false
	}
	if transA {
		need("a", k, m, lda, lenA)
	} else {
		need("a", m, k, lda, lenA)
	}
	if transB {
		need("b", n, k, ldb, lenB)
	} else {
		need("b", k, n, ldb, lenB)
	}
	return true
}
