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
// outputs between them, which changes how some outputs are grouped; its
// blocked dgemm runs on several threads whenever it has them, and the way it
// splits the product between them decides which entries the kernel sums in
// split chains (see gemmRegular). The models take the thread count (see
// openBLASThreads); the dgemm one was checked against numpy for 1 to 8
// threads, the dgemv ones for 1 and 2.

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
		gemm(a, m, k, lda, b, n, c.Data, threads)
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

// gemvRange splits n outputs between threads as OpenBLAS's gemv_thread.c
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
// product C' = B'·A' with M = n, N = m, on threads threads.
func gemm(a []float64, m, k, lda int, b []float64, n int, c []float64, threads int) {
	ax := func(i int) func(p int) float64 { return func(p int) float64 { return a[i*lda+p] } }
	bx := func(j int) func(p int) float64 { return func(p int) float64 { return b[p*n+j] } }
	if float64(n)*float64(m)*float64(k) <= 1e6 {
		gemmSmall(m, k, n, ax, bx, c)
		return
	}
	gemmRegular(a, m, k, lda, b, n, c, threads)
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

// OpenBLAS's blocked dgemm, as Debian builds it: DYNAMIC_ARCH=1
// TARGET=GENERIC NO_AFFINITY=1 NUM_THREADS=64 (debian/rules), so the drivers
// in driver/level3 are compiled once with GENERIC's param.h (no SWITCH_RATIO
// or GEMM_PREFERED_SIZE, no SKYLAKEX/COOPERLAKE branches) while GEMM_P/Q/R
// and the unroll sizes come at run time from the Cooperlake table (param.h
// lines 1937-1983): GEMM_P = 192, GEMM_Q = 384, GEMM_UNROLL_M = 16,
// GEMM_UNROLL_N = 2, and GEMM_R = 43472 from kernel/setparam-ref.c's
// ((BUFFER_SIZE - P*Q*8) / (Q*8) - 15) &^ 15 with BUFFER_SIZE = 128 MiB.
const (
	gemmP       = 192
	gemmQ       = 384
	gemmR       = 43472
	gemmUnrollM = 16
	switchRatio = 2 // level3_thread.c's default
)

// gemmRegular is OpenBLAS's blocked dgemm (M = n, N = m in OpenBLAS's
// column-major terms) with the 16x2 SkylakeX kernel
// (kernel/x86_64/dgemm_kernel_16x2_skylakex.c). Every entry of C is summed
// over blocks of k that are added to C in order (C starts at 0: beta is 0);
// within a block the kernel keeps one fused chain per entry, with one
// exception. The kernel walks M in tiles of 16, then one each of 8, 4, 2
// and 1 rows, and N in groups of 12 (line 582), then 10, 8, 6, 4, 2, 1
// columns. For a 4-row tile in a 12-column group it splits k into two fused
// chains, even and odd positions (KERNEL_k1m4n12, line 295); for a 2- or
// 1-row tile in a 12-column group into four, by k mod 4 (KERNEL_k1m2n12 and
// KERNEL_k1m1n12, lines 374 and 441); the chains are added as c0+c1 or
// (c0+c1)+(c2+c3) and the last k%2 or k%4 terms fused onto that sum. Which
// entries meet that case depends on how the driver calls the kernel:
//
//   - One thread (driver/level3/level3.c): k in blocks of GEMM_Q, or two
//     halves rounded up to 16 when fewer than 2*GEMM_Q remain (line 301); M
//     in blocks of GEMM_P, or halves rounded up to 16 when fewer than
//     2*GEMM_P remain; N in chunks of GEMM_R. The first M block meets N in
//     kernel calls of 6 or 2 columns (GENERIC's min_jj branch, line 340:
//     3*GEMM_UNROLL_N, else GEMM_UNROLL_N), so never a 12-column group;
//     later M blocks meet the whole chunk in one call (line 390).
//   - Several threads: interface/gemm.c (lines 503-506) takes
//     num_cpu_avail's count when M*N*K > 65536*GEMM_MULTITHREAD_THRESHOLD
//     (4), i.e. always beyond the small kernel's 1e6. gemm_thread_nn
//     (driver/level3/level3_thread.c, line 734) picks nthreads_m (the
//     threads, halved while M < nthreads_m*SWITCH_RATIO; 1 when M < 4) and
//     nthreads_n (ceil(N/(SWITCH_RATIO*nthreads_m)), at most
//     threads/nthreads_m), and runs level3.c when their product is 1.
//     gemm_driver splits M into nthreads_m ranges (line 644) and each
//     GEMM_R*nthreads columns of N into nthreads = nthreads_m*nthreads_n
//     ranges (lines 682-691), widths ceil(rest/parts left), N's at least
//     SWITCH_RATIO. Thread t owns N range t and works on M range
//     t mod nthreads_m against the N ranges of its group of nthreads_m
//     threads. In inner_thread, k goes in blocks of GEMM_Q, or (rest+1)/2
//     without rounding when fewer than 2*GEMM_Q remain (line 325). A
//     thread's first M block (as above, line 337) meets its own N range in
//     calls of 6 or 2 columns (line 374) and each other N range of its group
//     in two calls over halves of ceil(width/2) columns (line 430); its
//     later M blocks (line 456) meet every N range of the group, its own
//     included, in such halves (line 474).
//
// Threads therefore change which entries go through split chains, and the
// k blocks when k > GEMM_Q, never the arithmetic of a chain. Checked
// against numpy for 1 to 8 threads, k up to 1200, M beyond GEMM_P and
// 2*GEMM_P, M < 4 (a 2-D thread grid) and N beyond GEMM_R*threads.
func gemmRegular(a []float64, m, k, lda int, b []float64, n int, c []float64, threads int) {
	bigM, bigN := n, m // OpenBLAS's M and N
	nthM, nthN := 1, 1
	if threads > 1 {
		nthM, nthN = gemmThreadGrid(bigM, bigN, threads)
	}
	threaded := nthM*nthN > 1
	nth := nthM * nthN

	// k blocks.
	var kb []int // block boundaries
	for ls := 0; ls < k; {
		minl := k - ls
		if minl >= 2*gemmQ {
			minl = gemmQ
		} else if minl > gemmQ {
			if threaded {
				minl = (minl + 1) / 2
			} else {
				minl = (minl/2 + gemmUnrollM - 1) / gemmUnrollM * gemmUnrollM
			}
		}
		kb = append(kb, ls)
		ls += minl
	}
	kb = append(kb, k)

	// Per M index (numpy column j): its M range, whether it lies in that
	// range's first M block, and the split of its tile (0, 2 or 4 chains)
	// in a 12-column group.
	mPart := make([]int, bigM)
	mFirst := make([]bool, bigM)
	mSplit := make([]int, bigM)
	mRanges := []int{0, bigM}
	if threaded {
		mRanges = splitRange(bigM, nthM, 1)
	}
	for p := 0; p+1 < len(mRanges); p++ {
		from, to := mRanges[p], mRanges[p+1]
		for is, first := from, true; is < to; first = false {
			mini := to - is
			if mini >= 2*gemmP {
				mini = gemmP
			} else if mini > gemmP {
				half := mini / 2
				if threaded && !first {
					half = (mini + 1) / 2
				}
				mini = (half + gemmUnrollM - 1) / gemmUnrollM * gemmUnrollM
			}
			for i := is; i < is+mini; i++ {
				mPart[i], mFirst[i] = p, first
				mSplit[i] = tileSplit(i-is, mini)
			}
			is += mini
		}
	}

	// Per N index (numpy row i): its N range and whether a kernel call
	// over a whole half range (threads) or over all N (one thread) puts it
	// in a 12-column group.
	nPart := make([]int, bigN)
	nTwelve := make([]bool, bigN)
	step := gemmR
	if threaded {
		step = gemmR * nth
	}
	for js := 0; js < bigN; js += step {
		w := bigN - js
		if w > step {
			w = step
		}
		if !threaded {
			for i := js; i < js+w; i++ {
				nTwelve[i] = i-js < w/12*12
			}
			continue
		}
		r := splitRange(w, nth, switchRatio)
		for p := 0; p+1 < len(r); p++ {
			from, to := js+r[p], js+r[p+1]
			div := (to - from + 1) / 2
			for h := from; h < to; h += div {
				hw := to - h
				if hw > div {
					hw = div
				}
				for i := h; i < h+hw; i++ {
					nPart[i] = p
					nTwelve[i] = i-h < hw/12*12
				}
			}
		}
	}

	bt := make([]float64, n*k) // B's columns, contiguous
	for p := 0; p < k; p++ {
		for j := 0; j < n; j++ {
			bt[j*k+p] = b[p*n+j]
		}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			split := 0
			own := !threaded || nPart[i]%nthM == mPart[j]
			if nTwelve[i] && !(mFirst[j] && own) {
				split = mSplit[j]
			}
			x, y := a[i*lda:i*lda+k], bt[j*k:j*k+k]
			acc := 0.0
			for q := 0; q+1 < len(kb); q++ {
				acc += kernelSum(kb[q], kb[q+1], split, x, y)
			}
			c[i*n+j] = acc
		}
	}
}

// gemmThreadGrid is gemm_thread_nn's choice of nthreads_m and nthreads_n
// for an M x N product on threads threads (level3_thread.c's CNAME).
func gemmThreadGrid(bigM, bigN, threads int) (nthM, nthN int) {
	if bigM < 2*switchRatio {
		nthM = 1
	} else {
		nthM = threads
		for bigM < nthM*switchRatio {
			nthM /= 2
		}
	}
	if bigN < switchRatio*nthM {
		nthN = 1
	} else {
		nthN = (bigN + switchRatio*nthM - 1) / (switchRatio * nthM)
		if nthM*nthN > threads {
			nthN = threads / nthM
		}
	}
	return nthM, nthN
}

// splitRange is gemm_driver's partition of w into at most parts ranges,
// each ceil(rest/parts left) wide but at least min (the last one cut to
// fit); it returns the boundaries, starting at 0.
func splitRange(w, parts, min int) []int {
	r := []int{0}
	for num := 0; w > 0; num++ {
		width := (w + parts - num - 1) / (parts - num)
		if width < min {
			width = min
		}
		w -= width
		if w < 0 {
			width += w
		}
		r = append(r, r[len(r)-1]+width)
	}
	return r
}

// tileSplit returns how many chains the kernel's tile holding row off of an
// M block of mini rows splits k into when it meets a 12-column group: 16-
// and 8-row tiles keep one (0 here), a 4-row tile two, 2- and 1-row tiles
// four.
func tileSplit(off, mini int) int {
	start := mini &^ 15
	if off < start {
		return 0
	}
	for _, t := range []int{8, 4, 2, 1} {
		if mini&t == 0 {
			continue
		}
		if off < start+t {
			switch t {
			case 4:
				return 2
			case 2, 1:
				return 4
			}
			return 0
		}
		start += t
	}
	return 0
}

// kernelSum is the kernel's sum over [lo, hi) of x[p]*y[p] for one entry:
// one fused chain (split 0), or split chains over the first
// (hi-lo)&^(split-1) terms added as c0+c1 or (c0+c1)+(c2+c3), with the rest
// fused onto that sum (no split when fewer than split terms).
func kernelSum(lo, hi, split int, x, y []float64) float64 {
	p := lo
	var v [4]float64
	s := 0.0
	if split > 0 && hi-lo >= split {
		for ; p+split <= hi; p += split {
			for q := 0; q < split; q++ {
				v[q] = math.FMA(x[p+q], y[p+q], v[q])
			}
		}
		s = v[0] + v[1]
		if split == 4 {
			s = (v[0] + v[1]) + (v[2] + v[3])
		}
	}
	for ; p < hi; p++ {
		s = math.FMA(x[p], y[p], s)
	}
	return s
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
