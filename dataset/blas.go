package dataset

import (
	"math"
	"os"
	"runtime"
	"strconv"
)

// This file reproduces numpy.dot for float64 matrices as numpy 1.24 computes
// it through OpenBLAS 0.3.21 on AVX-512 CPUs (Debian 12's DYNAMIC_ARCH build
// picks its Cooperlake/SkylakeX kernels there). A product's last bits depend
// on which kernel runs, in which order it sums over k and where it fuses
// multiply-adds, so each path below follows the kernel's compiled code. For
// C = A·B with A m x k and B k x n, numpy picks (numpy/core/src/common/
// cblasfuncs.c):
//
//   - a 1x1 operand: plain products (exact, order-free);
//   - A 1 x k, B k x 1: ddot;
//   - A a matrix, B a column: dgemv (row-major, no transpose: OpenBLAS's
//     dgemv_t kernel);
//   - A a row, B a matrix: dgemv (row-major, transposed: dgemv_n);
//   - otherwise dgemm, which OpenBLAS sends to its "small matrix" kernel when
//     m*n*k <= 1e6 and to the blocked Goto kernel otherwise.
//
// OpenBLAS runs dgemv on several threads when m*k >= 9216 and splits the
// outputs between them, which changes how some outputs are grouped; the
// models take the thread count (see openBLASThreads). Its threaded dgemm
// (m*n*k > 1e6 with more than one thread) sums some entries in another order
// that is not modelled here: gemmRegular is exact for a single-threaded
// OpenBLAS only.

// openBLASThreads returns the number of threads OpenBLAS would use in this
// process: OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS or OMP_NUM_THREADS if set,
// capped at the CPUs available, which is also the default.
func openBLASThreads() int {
	n := runtime.NumCPU()
	for _, env := range []string{"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"} {
		if v, err := strconv.Atoi(os.Getenv(env)); err == nil && v > 0 {
			if v < n {
				n = v
			}
			break
		}
	}
	if n > 64 {
		n = 64
	}
	return n
}

// operand shapes as numpy's _select_matrix_shape classifies them.
const (
	shapeScalar = iota
	shapeRow
	shapeColumn
	shapeMatrix
)

func shapeOf(rows, cols int) int {
	if rows > 1 {
		if cols == 1 {
			return shapeColumn
		}
		return shapeMatrix
	}
	if cols == 1 {
		return shapeScalar
	}
	return shapeRow
}

// dot returns numpy.dot(A, B): [m, n]. A is m x k with row stride lda (a
// view into a wider matrix, as make_classification's slices are); B is k x n
// and contiguous. threads is OpenBLAS's thread count.
func dot(a []float64, m, k, lda int, b []float64, n int, threads int) Matrix {
	c := NewMatrix(m, n)
	if m == 0 || n == 0 || k == 0 {
		return c
	}
	s1, s2 := shapeOf(m, k), shapeOf(k, n)
	switch {
	case s1 == shapeScalar || s2 == shapeScalar:
		// One factor is 1x1, so k == 1: single products.
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				c.Data[i*n+j] = a[i*lda] * b[j]
			}
		}
	case s2 == shapeColumn && s1 != shapeMatrix:
		c.Data[0] = ddot(a[:k], b[:k])
	case s1 == shapeMatrix && s2 != shapeMatrix:
		gemvT(a, m, k, lda, b, c.Data, threads)
	case s1 != shapeMatrix && s2 == shapeMatrix:
		gemvN(a[:k], b, k, n, c.Data, threads)
	default:
		gemm(a, m, k, lda, b, n, c.Data)
	}
	return c
}

// fmaChain returns sum_p x(p)*y(p) for p in [lo, hi) as one accumulator
// updated by fused multiply-adds in increasing p, starting from 0.
func fmaChain(lo, hi int, x, y func(p int) float64) float64 {
	acc := 0.0
	for p := lo; p < hi; p++ {
		acc = math.FMA(x(p), y(p), acc)
	}
	return acc
}

// ddot is OpenBLAS's ddot_k for unit strides. Below 16 elements it is one
// fused chain. Otherwise the first n&^15 elements go through AVX-512
// accumulators: a 32-wide loop into four 8-lane registers, each folded to 4
// lanes (l + l+4), a 16-wide loop into the four 4-lane registers, the
// registers added in order, lanes reduced as (0+2)+(1+3); the rest continues
// the fused chain from that sum. (Vectors longer than 10000 would be split
// across threads; make_classification never gets there.)
func ddot(x, y []float64) float64 {
	n := len(x)
	n16 := n &^ 15
	if n16 == 0 {
		return fmaChain(0, n, func(p int) float64 { return x[p] }, func(p int) float64 { return y[p] })
	}
	var acc [4][4]float64 // acc[g][l]
	p := 0
	if n32 := n16 &^ 31; n32 > 0 {
		var z [4][8]float64
		for ; p < n32; p += 32 {
			for q := 0; q < 32; q++ {
				g, l := q/8, q%8
				z[g][l] = math.FMA(x[p+q], y[p+q], z[g][l])
			}
		}
		for g := range acc {
			for l := range acc[g] {
				acc[g][l] = z[g][l] + z[g][l+4]
			}
		}
	}
	for ; p < n16; p += 16 {
		for q := 0; q < 16; q++ {
			g, l := q/4, q%4
			acc[g][l] = math.FMA(x[p+q], y[p+q], acc[g][l])
		}
	}
	var s [4]float64
	for l := range s {
		s[l] = ((acc[0][l] + acc[1][l]) + acc[2][l]) + acc[3][l]
	}
	d := (s[0] + s[2]) + (s[1] + s[3])
	for ; p < n; p++ {
		d = math.FMA(x[p], y[p], d)
	}
	return d
}

// gemvRanges splits n outputs between threads as OpenBLAS's gemv_thread.c
// does (widths rounded up, at least 4) and returns the range [lo, hi) that
// holds output i. dgemv runs on one thread when its m*n < 9216.
func gemvRange(i, n, mn, threads int) (lo, hi int) {
	if threads <= 1 || mn < 2304*4 {
		return 0, n
	}
	start, rem := 0, n
	for t := 0; rem > 0; t++ {
		w := (rem + threads - t - 1) / (threads - t)
		if w < 4 {
			w = 4
		}
		if rem < w {
			w = rem
		}
		if i < start+w {
			return start, start + w
		}
		start += w
		rem -= w
	}
	return start, n
}

// gemvT computes y = A·x for A m x k (row stride lda) as OpenBLAS's dgemv_t
// kernel (kernel/x86_64/dgemv_t_4.c with the Haswell micro-kernel) does, in
// column-major terms a dot product of length k per output. Within each
// thread's range, outputs go in groups of four through an FMA kernel (4
// lanes over k mod 4, reduced (0+2)+(1+3)), then a pair through an SSE kernel
// (2 lanes, separate multiply and add, reduced 0+1), then a single one
// through another SSE kernel (4 lanes, reduced (0+2)+(1+3)). Those kernels
// see the first k&^3 elements in blocks of at most 2048; the last k%4
// elements are added afterwards in C code: y + a1*x1 (fused with a0*x0, and
// a2*x2 fused on top when there are three), or a single fused a*x+y.
func gemvT(a []float64, m, k, lda int, x, y []float64, threads int) {
	m3 := k & 3
	for i := 0; i < m; i++ {
		row := a[i*lda : i*lda+k]
		lo, hi := gemvRange(i, m, m*k, threads)
		nloc, li := hi-lo, i-lo
		n1 := nloc >> 2
		acc := 0.0
		for start := 0; start < k-m3; start += 2048 {
			end := start + 2048
			if end > k-m3 {
				end = k - m3
			}
			var t float64
			switch {
			case li < 4*n1:
				var v [4]float64
				for p := start; p < end; p++ {
					v[(p-start)%4] = math.FMA(row[p], x[p], v[(p-start)%4])
				}
				t = (v[0] + v[2]) + (v[1] + v[3])
			case nloc&2 != 0 && li < 4*n1+2:
				var v [2]float64
				for p := start; p < end; p++ {
					v[(p-start)%2] += float64(row[p] * x[p])
				}
				t = v[0] + v[1]
			default:
				var v [4]float64
				for p := start; p < end; p++ {
					v[(p-start)%4] += float64(row[p] * x[p])
				}
				t = (v[0] + v[2]) + (v[1] + v[3])
			}
			acc += t
		}
		nb := k - m3
		switch m3 {
		case 1:
			acc = math.FMA(row[nb], x[nb], acc)
		case 2:
			acc += math.FMA(row[nb], x[nb], row[nb+1]*x[nb+1])
		case 3:
			acc += math.FMA(row[nb+2], x[nb+2], math.FMA(row[nb], x[nb], row[nb+1]*x[nb+1]))
		}
		y[i] = acc
	}
}

// gemvN computes y = x·B for x of length k and B k x n as OpenBLAS's
// dgemv_n kernel (kernel/x86_64/dgemv_n_4.c with the SkylakeX micro-kernel)
// does: outputs are the rows of B's column-major view. Within each thread's
// range, the first n&^3 outputs add, per group of four inputs,
// fma(b3,x3, fma(b2,x2, fma(b0,x0, b1*x1))) to y; then a pair
// fma(b0,x0, b1*x1); then a last single product, rounded before the add.
// The last n%4 outputs are computed by gemvNTail.
func gemvN(x, b []float64, k, n int, y []float64, threads int) {
	col := func(p, j int) float64 { return b[p*n+j] }
	for j := 0; j < n; j++ {
		lo, hi := gemvRange(j, n, n*k, threads)
		nloc, lj := hi-lo, j-lo
		if lj >= nloc&^3 {
			y[j] = gemvNTail(x, k, n, nloc&3, func(p int) float64 { return col(p, j) })
			continue
		}
		acc, p := 0.0, 0
		for ; p+4 <= k; p += 4 {
			s := math.FMA(col(p, j), x[p], col(p+1, j)*x[p+1])
			s = math.FMA(col(p+2, j), x[p+2], s)
			s = math.FMA(col(p+3, j), x[p+3], s)
			acc += s
		}
		if k&2 != 0 {
			acc += math.FMA(col(p, j), x[p], col(p+1, j)*x[p+1])
			p += 2
		}
		if k&1 != 0 {
			acc += float64(col(p, j) * x[p])
		}
		y[j] = acc
	}
}

// gemm computes C = A·B (A m x k with row stride lda, B k x n) as OpenBLAS's
// dgemm does for numpy's row-major call, which it runs as the column-major
// product C' = B'·A' with M = n, N = m.
func gemm(a []float64, m, k, lda int, b []float64, n int, c []float64) {
	ax := func(i int) func(p int) float64 { return func(p int) float64 { return a[i*lda+p] } }
	bx := func(j int) func(p int) float64 { return func(p int) float64 { return b[p*n+j] } }
	if float64(n)*float64(m)*float64(k) <= 1e6 {
		gemmSmall(m, k, n, ax, bx, c)
		return
	}
	gemmRegular(m, k, n, ax, bx, c)
}

// gemmSmall is OpenBLAS's dgemm_small_kernel_b0_nn for SkylakeX. Its
// column-major rows (numpy's columns j) go in vector blocks of 32, 16 and 8,
// each entry one fused chain over k. For the last n%8 columns, when there
// are at most 4 of them and k >= 16, it switches to a dot-product style: 8
// lanes over k mod 8 (the tail masked), reduced either as
// ((0+1)+(2+3))+((4+5)+(6+7)) (when 4 columns remain, or for numpy's rows
// below m&^3) or as ((0+4)+(2+6))+((1+5)+(3+7)).
func gemmSmall(m, k, n int, ax func(int) func(int) float64, bx func(int) func(int) float64, c []float64) {
	n8 := n &^ 7
	mm := n - n8
	m4 := m &^ 3
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if j < n8 || mm > 4 || k < 16 {
				c[i*n+j] = fmaChain(0, k, ax(i), bx(j))
				continue
			}
			x, y := ax(i), bx(j)
			var v [8]float64
			for p := 0; p < k; p++ {
				v[p%8] = math.FMA(x(p), y(p), v[p%8])
			}
			if mm == 4 || i < m4 {
				c[i*n+j] = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))
			} else {
				c[i*n+j] = ((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]))
			}
		}
	}
}

// gemmRegular is OpenBLAS's blocked dgemm (driver/level3/level3.c with the
// 16x2 SkylakeX kernel) on one thread: each entry is a fused chain over a
// block of k, and the blocks (of GEMM_Q = 384, or two balanced halves
// rounded to 16 when fewer than 768 remain) are added to C in order.
func gemmRegular(m, k, n int, ax func(int) func(int) float64, bx func(int) func(int) float64, c []float64) {
	const q, unroll = 384, 16
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			acc := 0.0
			for ls := 0; ls < k; {
				minl := k - ls
				if minl >= 2*q {
					minl = q
				} else if minl > q {
					minl = (minl/2 + unroll - 1) / unroll * unroll
				}
				acc += fmaChain(ls, ls+minl, ax(i), bx(j))
				ls += minl
			}
			c[i*n+j] = acc
		}
	}
}

// gemvNTail is dgemv_n's C code for the last m3 = n%4 outputs of a range:
// one fused chain over the k inputs, except when the matrix has exactly m3
// columns (2 or 3), where the compiled loop takes the inputs four at a time
// and adds fma(b0,x0, b1*x1), then fma(b2,x2, b3*x3), before chaining the
// last k%4.
func gemvNTail(x []float64, k, n, m3 int, b func(p int) float64) float64 {
	p, acc := 0, 0.0
	if (m3 == 2 || m3 == 3) && n == m3 {
		for ; p+4 <= k; p += 4 {
			acc += math.FMA(b(p), x[p], b(p+1)*x[p+1])
			acc += math.FMA(b(p+2), x[p+2], b(p+3)*x[p+3])
		}
	}
	for ; p < k; p++ {
		acc = math.FMA(b(p), x[p], acc)
	}
	return acc
}
