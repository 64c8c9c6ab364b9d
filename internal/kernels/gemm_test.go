package kernels

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

// kernelShapes are (m, k, n) triples: the notebook's (batches of 16 and 14,
// the validation pass of 330 rows) and odd ones that leave partial blocks in
// every dimension.
var kernelShapes = [][3]int{
	{1, 1, 1}, {3, 5, 7}, {5, 33, 9}, {2, 3, 16}, {4, 16, 8}, {7, 16, 31}, {9, 1, 17},
	{16, 100, 200}, {16, 200, 100}, {14, 100, 100}, {330, 100, 200}, {330, 200, 100},
}

func float32s(x []float64) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

// signedMatrix returns rows×cols values uniform in [-1, 1) as float32.
func signedMatrix(r uniform, rows, cols int) []float32 {
	x := make([]float32, rows*cols)
	for i := range x {
		x[i] = float32(r.Uniform(-1, 1))
	}
	return x
}

// TestDenseKernelsMatchPortableBitForBit checks the forward product (with
// bias) and the kernel gradient aᵀ·b of this build's backend against the
// portable kernels, in float32 and float64 (where only AVX-512 has kernels
// of its own). Both compute every element as a chain of fused multiply-adds
// over k in order, so they must agree to the bit; with -tags openblas the
// gradient comes from OpenBLAS, which sums in its own order, and is checked
// only against the float64 bound of TestDenseKernelsFloat32MatchFloat64.
func TestDenseKernelsMatchPortableBitForBit(t *testing.T) {
	for _, level := range isas() {
		t.Run(isaName(level), func(t *testing.T) {
			withISA(t, level, func() {
				t.Run("float32", testDenseKernelsMatchPortable[float32])
				t.Run("float64", testDenseKernelsMatchPortable[float64])
			})
		})
	}
}

func testDenseKernelsMatchPortable[T Float](t *testing.T) {
	r := newUniform(9)
	signed := func(rows, cols int) []T {
		x := make([]T, rows*cols)
		for i := range x {
			x[i] = T(r.Uniform(-1, 1))
		}
		return x
	}
	bits := func(x T) uint64 { return math.Float64bits(float64(x)) }
	for _, sh := range kernelShapes {
		m, k, n := sh[0], sh[1], sh[2]
		x, w, bias := signed(m, k), signed(k, n), signed(1, n)
		got, want := make([]T, m*n), make([]T, m*n)
		for i := range got {
			got[i] = T(math.NaN()) // every element must be written
		}
		DenseForward(got, x, w, bias, m, k, n)
		portableDenseForward(want, x, w, bias, m, k, n)
		for i := range want {
			if bits(got[i]) != bits(want[i]) {
				t.Fatalf("denseForward %v: element %d = %v, portable %v", sh, i, got[i], want[i])
			}
		}
		if BLAS {
			continue
		}
		// aᵀ·b with a (k×m).
		a, b := signed(k, m), signed(k, n)
		var s1, s2 []T
		DenseGradKernel(got, a, b, k, m, n, &s1)
		portableGradKernel(want, a, b, k, m, n, &s2)
		for i := range want {
			if bits(got[i]) != bits(want[i]) {
				t.Fatalf("denseGradKernel %v: element %d = %v, portable %v", sh, i, got[i], want[i])
			}
		}
	}
}

// TestDenseGradInputFloat64IsOneFMAChain checks the float64 input gradient
// a·bᵀ where it has a kernel (AVX-512): every element must be the chain of
// fused multiply-adds over k in order from zero, bit for bit, as in the
// float32 kernels. (Elsewhere it is vek's dot product, which sums in 32
// interleaved parts.)
func TestDenseGradInputFloat64IsOneFMAChain(t *testing.T) {
	for _, level := range isas() {
		if isaName(level) != "avx512" || BLAS {
			continue
		}
		withISA(t, level, func() {
			r := newUniform(21)
			var s []float64
			for _, sh := range kernelShapes {
				m, k, n := sh[0], sh[1], sh[2]
				a, b := randomMatrix(r, m, k), randomMatrix(r, n, k)
				for i := range b {
					b[i] -= 0.5
				}
				c := make([]float64, m*n)
				DenseGradInput(c, a, b, m, k, n, &s)
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						want := 0.0
						for p := 0; p < k; p++ {
							want = math.FMA(a[i*k+p], b[j*k+p], want)
						}
						if got := c[i*n+j]; math.Float64bits(got) != math.Float64bits(want) {
							t.Fatalf("%v: element (%d, %d) = %v, the FMA chain gives %v", sh, i, j, got, want)
						}
					}
				}
			}
		})
	}
}

// TestDenseKernelsFloat32MatchFloat64 checks the three float32 products of
// this build's backend against float64 references: every element within
// 2·k float32 roundings of the sum of |terms| (the bound of any summation
// order), and the bias added.
func TestDenseKernelsFloat32MatchFloat64(t *testing.T) {
	for _, level := range isas() {
		t.Run(isaName(level), func(t *testing.T) {
			withISA(t, level, func() {
				r := newUniform(10)
				const eps = 1.0 / (1 << 24)
				for _, sh := range kernelShapes {
					m, k, n := sh[0], sh[1], sh[2]
					a64, b64 := randomMatrix(r, m, k), randomMatrix(r, k, n)
					for i := range a64 {
						a64[i] = 2*a64[i] - 1
					}
					for i := range b64 {
						b64[i] = 2*b64[i] - 1
					}
					bias := float32s(randomMatrix(r, 1, n))
					a, b := float32s(a64), float32s(b64)
					abs := func(x []float64) []float64 {
						y := make([]float64, len(x))
						for i, v := range x {
							y[i] = math.Abs(v)
						}
						return y
					}
					// References from the float32 values, exactly representable in float64.
					ref := refMatMul(float64s(a), float64s(b), m, k, n, false, false)
					bound := refMatMul(abs(float64s(a)), abs(float64s(b)), m, k, n, false, false)
					check := func(name string, got []float32, withBias bool) {
						t.Helper()
						for i := range ref {
							want := ref[i]
							tol := 2 * float64(k+1) * eps * (bound[i] + 1e-30)
							if withBias {
								want += float64(bias[i%n])
								tol += 2 * eps * math.Abs(want)
							}
							if math.Abs(float64(got[i])-want) > tol {
								t.Fatalf("%s %v: element %d = %v, want %v ± %.2g", name, sh, i, got[i], want, tol)
							}
						}
					}
					c := make([]float32, m*n)
					DenseForward(c, a, b, bias, m, k, n)
					check("denseForward", c, true)

					at := make([]float32, k*m) // a stored transposed: k×m
					transpose(at, a, m, k)
					var s []float32
					DenseGradKernel(c, at, b, k, m, n, &s)
					check("denseGradKernel", c, false)

					bt := make([]float32, n*k) // b stored transposed: n×k
					transpose(bt, b, k, n)
					for i := range c {
						c[i] = float32(math.NaN()) // every element must be written
					}
					DenseGradInput(c, a, bt, m, k, n, &s)
					check("denseGradInput", c, false)
				}
			})
		})
	}
}

func float64s(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// TestDenseForwardRowsDoNotDependOnTheBatch checks, for every backend and
// instruction-set variant, that a row's forward product is the same bit for
// bit whether it is computed alone, with a few neighbours or within 330
// rows, and wherever it sits in the batch (the encode command relies on
// it).
func TestDenseForwardRowsDoNotDependOnTheBatch(t *testing.T) {
	for _, level := range isas() {
		t.Run(isaName(level), func(t *testing.T) {
			withISA(t, level, func() {
				r := newUniform(13)
				const m, k, n = 330, 100, 200
				x, w, bias := signedMatrix(r, m, k), signedMatrix(r, k, n), signedMatrix(r, 1, n)
				all := make([]float32, m*n)
				DenseForward(all, x, w, bias, m, k, n)
				for _, rows := range [][2]int{{0, 1}, {3, 4}, {5, 12}, {15, 17}, {100, 130}, {329, 330}} {
					mm := rows[1] - rows[0]
					part := make([]float32, mm*n)
					DenseForward(part, x[rows[0]*k:rows[1]*k], w, bias, mm, k, n)
					for i, v := range part {
						if want := all[rows[0]*n+i]; math.Float32bits(v) != math.Float32bits(want) {
							t.Fatalf("rows %d-%d alone: element %d = %v, %v within all %d rows", rows[0], rows[1], i, v, want, m)
						}
					}
				}
			})
		})
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

// TestDenseGradInputSameOnEveryISA checks that the input gradient dy·wᵀ is
// the same, bit for bit, from every assembly variant: each computes every
// element as one chain of fused multiply-adds over k in order. (The
// portable kernel sums in vek's order, checked against float64 above.)
func TestDenseGradInputSameOnEveryISA(t *testing.T) {
	r := newUniform(14)
	for _, sh := range kernelShapes {
		m, k, n := sh[0], sh[1], sh[2]
		a, b := signedMatrix(r, m, k), signedMatrix(r, n, k)
		var want []float32
		for _, level := range isas() {
			if isaName(level) == "portable" || BLAS {
				continue
			}
			c := make([]float32, m*n)
			var s []float32
			withISA(t, level, func() { DenseGradInput(c, a, b, m, k, n, &s) })
			if want == nil {
				want = c
				continue
			}
			for i := range want {
				if math.Float32bits(c[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%v %s: element %d = %v, %v from the first variant", sh, isaName(level), i, c[i], want[i])
				}
			}
		}
	}
}

// TestTransposeMatchesDefinition checks this build's float32 transpose at
// every instruction-set level, over shapes that leave partial 16×16 blocks.
func TestTransposeMatchesDefinition(t *testing.T) {
	r := newUniform(15)
	for _, level := range isas() {
		withISA(t, level, func() {
			for _, sh := range [][2]int{{1, 1}, {16, 16}, {16, 200}, {14, 100}, {3, 37}, {33, 17}, {40, 5}} {
				rows, cols := sh[0], sh[1]
				src := signedMatrix(r, rows, cols)
				dst := make([]float32, rows*cols+1)
				dst[rows*cols] = 42 // must stay
				transposeF32(dst[:rows*cols], src, rows, cols)
				for i := 0; i < rows; i++ {
					for j := 0; j < cols; j++ {
						if dst[j*rows+i] != src[i*cols+j] {
							t.Fatalf("%s %v: dst[%d][%d] = %v, want %v", isaName(level), sh, j, i, dst[j*rows+i], src[i*cols+j])
						}
					}
				}
				if dst[rows*cols] != 42 {
					t.Fatalf("%s %v: wrote past the end", isaName(level), sh)
				}
			}
		})
	}
}

// TestSumRowsMatchesPortableBitForBit checks the column sums at every
// instruction-set level against the portable ones, and those against the
// rows added in order.
func TestSumRowsMatchesPortableBitForBit(t *testing.T) {
	r := newUniform(19)
	for _, level := range isas() {
		withISA(t, level, func() {
			for _, sh := range [][2]int{{1, 1}, {16, 200}, {14, 100}, {3, 33}, {330, 100}, {2, 64}} {
				m, n := sh[0], sh[1]
				x := signedMatrix(r, m, n)
				got, want := make([]float32, n+1), make([]float32, n)
				got[n] = 42
				SumRows(got[:n], x, m, n)
				portableSumRows(want, x, m, n)
				for j := range want { // the definition: the rows added in order, in float32
					s := x[j]
					for i := 1; i < m; i++ {
						s += x[i*n+j]
					}
					if math.Float32bits(want[j]) != math.Float32bits(s) {
						t.Fatalf("%v: portable column %d sums to %v, the rows added in order to %v", sh, j, want[j], s)
					}
				}
				for j := range want {
					if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
						t.Fatalf("%s %v: column %d sums to %v, portable %v", isaName(level), sh, j, got[j], want[j])
					}
				}
				if got[n] != 42 {
					t.Fatalf("%s %v: wrote past the end", isaName(level), sh)
				}
			}
		})
	}
}
