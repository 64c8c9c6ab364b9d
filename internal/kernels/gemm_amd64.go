//go:build amd64 && !noasm

package kernels

// The float32 products in AVX-512 assembly (gemm_avx512_amd64.s) or AVX2/FMA
// assembly (gemm_amd64.s), whichever the CPU has; the float64 ones in AVX-512
// assembly where the CPU has it; the rest on the portable kernels.

//go:noescape
func sgemmKernel(k int, a0, a1, a2, a3 *float32, csA int, b *float32, ldb int, c *float32, ldc int, mr, nr int, bias *float32)

//go:noescape
func sgemmKernel512(k int, a *float32, rsA, csA int, b *float32, ldb int, c *float32, ldc int, m, nr int, bias *float32)

//go:noescape
func dgemmKernel512(k int, a *float64, rsA, csA int, b *float64, ldb int, c *float64, ldc int, m, nr int, bias *float64)

//go:noescape
func sgemmKernelT512(k int, a *float32, rsA, csA int, b *float32, ldb int, c *float32, ldc int, m, nr int)

//go:noescape
func transpose16(dst *float32, ldd int, src *float32, lds int, rows, cols int)

// transpose32 sets dst (cols×rows) to the transpose of src (rows×cols), in
// blocks of 16×16 with AVX-512 where the CPU has it.
func transpose32(dst, src []float32, rows, cols int) {
	if isa < isaAVX512 || rows <= 0 || cols <= 0 {
		transpose(dst, src, rows, cols)
		return
	}
	_, _ = dst[rows*cols-1], src[rows*cols-1]
	for i := 0; i < rows; i += 16 {
		for j := 0; j < cols; j += 16 {
			transpose16(&dst[j*rows+i], rows, &src[i*cols+j], cols, min(16, rows-i), min(16, cols-j))
		}
	}
}

//go:noescape
func sgemmKernelT(k int, a0, a1, a2, a3 *float32, csA int, b *float32, ldb int, c *float32, ldc int, mr, nr int)

// sgemm computes the m×n product of A (m×k, element (i, p) at
// a[i·rsA + p·csA]) and B (k×n, element (p, j) at b[p·ldb + j]), in blocks
// of 8×32 (AVX-512; 8×16 transposed) or 4×16 (AVX2) with the assembly
// kernels, each element a chain of fused multiply-adds over p in order from
// zero. Without trans it sets
// c[i·ldc + j] to the product plus bias[j] (bias may be nil); with trans it
// sets c[j·ldc + i] to the product (bias must be nil). The caller must have
// checked isa >= isaAVX2; the slices are bounds-checked here, so a wrong size
// panics instead of touching memory outside them.
func sgemm(m, n, k int, a []float32, rsA, csA int, b []float32, ldb int, c []float32, ldc int, bias []float32, trans bool) {
	if m <= 0 || n <= 0 {
		return
	}
	// The highest index each kernel reads or writes.
	if trans {
		_ = c[(n-1)*ldc+m-1]
	} else {
		_ = c[(m-1)*ldc+n-1]
	}
	if bias != nil {
		_ = bias[n-1]
	}
	if k == 0 {
		emptyProduct(c, ldc, bias, m, n, trans)
		return
	}
	_ = a[(m-1)*rsA+(k-1)*csA]
	_ = b[(k-1)*ldb+n-1]
	if isa >= isaAVX512 {
		// Panels of 32 columns (16 transposed), in blocks of eight rows,
		// rows and columns beyond the matrix masked.
		nb := 32
		if trans {
			nb = 16
		}
		for j := 0; j < n; j += nb {
			nr := min(nb, n-j)
			if trans {
				sgemmKernelT512(k, &a[0], rsA, csA, &b[j], ldb, &c[j*ldc], ldc, m, nr)
				continue
			}
			var bp *float32
			if bias != nil {
				bp = &bias[j]
			}
			sgemmKernel512(k, &a[0], rsA, csA, &b[j], ldb, &c[j], ldc, m, nr, bp)
		}
		return
	}
	for j := 0; j < n; j += 16 {
		nr := min(16, n-j)
		for i := 0; i < m; i += 4 {
			mr := min(4, m-i)
			a0 := &a[i*rsA]
			a1, a2, a3 := a0, a0, a0
			if mr > 1 {
				a1 = &a[(i+1)*rsA]
			}
			if mr > 2 {
				a2 = &a[(i+2)*rsA]
			}
			if mr > 3 {
				a3 = &a[(i+3)*rsA]
			}
			bj := &b[j]
			if trans {
				sgemmKernelT(k, a0, a1, a2, a3, csA, bj, ldb, &c[j*ldc+i], ldc, mr, nr)
				continue
			}
			var bp *float32
			if bias != nil {
				bp = &bias[j]
			}
			sgemmKernel(k, a0, a1, a2, a3, csA, bj, ldb, &c[i*ldc+j], ldc, mr, nr, bp)
		}
	}
}

// emptyProduct sets the m×n product of an empty sum (k = 0) in c: zero,
// plus bias[j] when bias is not nil; with trans it stores it transposed
// (c[j·ldc + i]), as sgemm does.
func emptyProduct[T Float](c []T, ldc int, bias []T, m, n int, trans bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var v T
			if bias != nil {
				v = bias[j]
			}
			if trans {
				c[j*ldc+i] = v
			} else {
				c[i*ldc+j] = v
			}
		}
	}
}

// dgemm sets c (m×n, row step ldc) to the product of A (m×k, element (i, p)
// at a[i·rsA + p·csA]) and B (k×n, element (p, j) at b[p·ldb + j]) plus
// bias (n, possibly nil), in float64, with the AVX-512 kernel in panels of
// 16 columns, each element a chain of fused multiply-adds over p in order
// from zero, as sgemm does in float32. The caller must have checked
// isa >= isaAVX512; the slices are bounds-checked here.
func dgemm(m, n, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int, bias []float64) {
	if m <= 0 || n <= 0 {
		return
	}
	_ = c[(m-1)*ldc+n-1]
	if bias != nil {
		_ = bias[n-1]
	}
	if k == 0 {
		emptyProduct(c, ldc, bias, m, n, false)
		return
	}
	_ = a[(m-1)*rsA+(k-1)*csA]
	_ = b[(k-1)*ldb+n-1]
	for j := 0; j < n; j += 16 {
		var bp *float64
		if bias != nil {
			bp = &bias[j]
		}
		dgemmKernel512(k, &a[0], rsA, csA, &b[j], ldb, &c[j], ldc, m, min(16, n-j), bp)
	}
}

// denseForward sets y (m×n) = x (m×k) · w (k×n) + bias (n), bias possibly
// nil, with the assembly kernel when the CPU has it (AVX2 for float32,
// AVX-512 for float64) and the portable kernel otherwise. All compute every
// element as the same FMA chain whatever m is.
func denseForward[T Float](y, x, w, bias []T, m, k, n int) {
	if y32, ok := any(y).([]float32); ok && isa >= isaAVX2 {
		sgemm(m, n, k, any(x).([]float32), k, 1, any(w).([]float32), n, y32, n, any(bias).([]float32), false)
		return
	}
	if y64, ok := any(y).([]float64); ok && isa >= isaAVX512 {
		dgemm(m, n, k, any(x).([]float64), k, 1, any(w).([]float64), n, y64, n, any(bias).([]float64))
		return
	}
	portableDenseForward(y, x, w, bias, m, k, n)
}

// nativeGradKernel sets c (m×n) = aᵀ · b for a (k×m) and b (k×n): A is read
// down a's columns, so nothing is transposed.
func nativeGradKernel[T Float](c, a, b []T, k, m, n int, s *[]T) {
	if c32, ok := any(c).([]float32); ok && isa >= isaAVX2 {
		sgemm(m, n, k, any(a).([]float32), 1, m, any(b).([]float32), n, c32, n, nil, false)
		return
	}
	if c64, ok := any(c).([]float64); ok && isa >= isaAVX512 {
		dgemm(m, n, k, any(a).([]float64), 1, m, any(b).([]float64), n, c64, n, nil)
		return
	}
	portableGradKernel(c, a, b, k, m, n, s)
}

// nativeGradInput sets c (m×n) = a · bᵀ for a (m×k) and b (n×k). It computes
// cᵀ = b · aᵀ with aᵀ transposed into s, and stores the result transposed.
func nativeGradInput[T Float](c, a, b []T, m, k, n int, s *[]T) {
	if c32, ok := any(c).([]float32); ok && isa >= isaAVX2 {
		at := any(scratch(s, k*m)).([]float32)
		transpose32(at, any(a).([]float32)[:m*k], m, k)
		sgemm(n, m, k, any(b).([]float32), k, 1, at, m, c32, n, nil, true)
		return
	}
	if c64, ok := any(c).([]float64); ok && isa >= isaAVX512 && m > 0 && n > 0 {
		// The same in float64, where no kernel stores transposed: cᵀ goes
		// to s and is transposed into c.
		sc := any(scratch(s, k*m+n*m)).([]float64)
		at, ct := sc[:k*m], sc[k*m:k*m+n*m]
		transpose(at, any(a).([]float64)[:m*k], m, k)
		dgemm(n, m, k, any(b).([]float64), k, 1, at, m, ct, m, nil)
		transpose(c64[:m*n], ct, n, m)
		return
	}
	portableGradInput(c, a, b, m, k, n)
}

//go:noescape
func sumRows512(s, x *float32, m, n int)

// sumRows adds float32 rows with AVX-512 where the CPU has it, in the same
// order, so to the same bits.
func sumRows[T Float](s, x []T, m, n int) {
	s32, ok := any(s).([]float32)
	if !ok || isa < isaAVX512 || m <= 0 || n <= 0 {
		portableSumRows(s, x, m, n)
		return
	}
	x32 := any(x).([]float32)
	_, _ = s32[n-1], x32[m*n-1]
	sumRows512(&s32[0], &x32[0], m, n)
}
