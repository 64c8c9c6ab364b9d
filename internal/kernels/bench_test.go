package kernels

import (
	"fmt"
	"slices"
	"testing"
)

// The kernel benchmarks run every instruction-set variant this machine has
// (avx512, avx2, portable; one in the portable build), on ordinary inputs
// and on tiny ones whose arithmetic gives denormals: with flushing on, the
// two must cost about the same.

// benchShapes are the (m, k, n) of the notebook's products: a batch of 16
// through the 100→200, 200→100 and 100→100 layers, and the 330-row
// validation pass through 100→200.
var benchShapes = [][3]int{{16, 100, 200}, {16, 200, 100}, {16, 100, 100}, {330, 100, 200}}

// benchInputs are the two kinds of input values: ordinary ones uniform in
// [-1, 1), and tiny ones, 1e-20 times those, whose products (about 1e-40)
// and squares are below float32's smallest normal number.
var benchInputs = []struct {
	name  string
	scale float32
}{{"ordinary", 1}, {"tiny", 1e-20}}

// scaled returns x times s.
func scaled(x []float32, s float32) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = v * s
	}
	return y
}

// reportGFLOPS adds the products' arithmetic rate to b's results.
func reportGFLOPS(b *testing.B, m, k, n int) {
	b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// benchVariants runs f under every instruction-set level and input kind,
// as sub-benchmarks named level/shape/kind.
func benchVariants(b *testing.B, shape string, f func(b *testing.B, scale float32)) {
	for _, level := range isas() {
		for _, in := range benchInputs {
			b.Run(isaName(level)+"/"+shape+"/"+in.name, func(b *testing.B) {
				withISA(b, level, func() { f(b, in.scale) })
			})
		}
	}
}

// BenchmarkDenseForward times y = x·w + bias in float32.
func BenchmarkDenseForward(b *testing.B) {
	for _, sh := range benchShapes {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		x, w, bias, y := signedMatrix(r, m, k), signedMatrix(r, k, n), signedMatrix(r, 1, n), make([]float32, m*n)
		benchVariants(b, fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B, s float32) {
			x, w, bias := scaled(x, s), scaled(w, s), scaled(bias, s*s)
			for b.Loop() {
				DenseForward(y, x, w, bias, m, k, n)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkDenseGradKernel times dw = xᵀ·dy in float32 for a batch of m
// rows.
func BenchmarkDenseGradKernel(b *testing.B) {
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		x, dy, dw := signedMatrix(r, m, k), signedMatrix(r, m, n), make([]float32, k*n)
		var sc []float32
		benchVariants(b, fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B, s float32) {
			x, dy := scaled(x, s), scaled(dy, s)
			for b.Loop() {
				DenseGradKernel(dw, x, dy, m, k, n, &sc)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkDenseGradInput times dx = dy·wᵀ in float32 for a batch of m
// rows.
func BenchmarkDenseGradInput(b *testing.B) {
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		dy, w, dx := signedMatrix(r, m, n), signedMatrix(r, k, n), make([]float32, m*k)
		var sc []float32
		benchVariants(b, fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B, s float32) {
			dy, w := scaled(dy, s), scaled(w, s)
			for b.Loop() {
				DenseGradInput(dx, dy, w, m, n, k, &sc)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkDenseFloat64 times the three products in float64 (-dtype
// float64) on the notebook's 16-row shapes, with ordinary inputs: the
// forward product and the kernel gradient have AVX-512 kernels, the input
// gradient is vek's on every level.
func BenchmarkDenseFloat64(b *testing.B) {
	widen := func(x []float32) []float64 {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = float64(v)
		}
		return y
	}
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		x, w, bias := widen(signedMatrix(r, m, k)), widen(signedMatrix(r, k, n)), widen(signedMatrix(r, 1, n))
		dy := widen(signedMatrix(r, m, n))
		y, dw, dx := make([]float64, m*n), make([]float64, k*n), make([]float64, m*k)
		var sc []float64
		shape := fmt.Sprintf("%dx%dx%d", m, k, n)
		for _, level := range isas() {
			for _, p := range []struct {
				name string
				run  func()
			}{
				{"forward", func() { DenseForward(y, x, w, bias, m, k, n) }},
				{"gradkernel", func() { DenseGradKernel(dw, x, dy, m, k, n, &sc) }},
				{"gradinput", func() { DenseGradInput(dx, dy, w, m, n, k, &sc) }},
			} {
				b.Run(isaName(level)+"/"+p.name+"/"+shape, func(b *testing.B) {
					withISA(b, level, func() {
						for b.Loop() {
							p.run()
						}
						reportGFLOPS(b, m, k, n)
					})
				})
			}
		}
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
// 200.
func BenchmarkLeaky(b *testing.B) {
	r := newUniform(1)
	x, dy, y := signedMatrix(r, 16, 200), signedMatrix(r, 16, 200), make([]float32, 16*200)
	benchVariants(b, "forward", func(b *testing.B, s float32) {
		x := scaled(x, s*1e-19) // denormal inputs
		for b.Loop() {
			Leaky(y, x, 0.3)
		}
	})
	benchVariants(b, "grad", func(b *testing.B, s float32) {
		dy := scaled(dy, s*1e-19)
		for b.Loop() {
			LeakyGrad(y, x, dy, 0.3)
		}
	})
}

// BenchmarkAdam times one Adam step over the notebook's 102,000 weights
// (one tensor), with moments from a few earlier steps, on ordinary
// gradients and on gradients near 1e-20, whose squares are denormal.
func BenchmarkAdam(b *testing.B) {
	const n = 102000
	w, g0 := adamBenchInputs(n)
	benchVariants(b, "102000", func(b *testing.B, s float32) {
		benchAdam(b, slices.Clone(w), scaled(g0, s*1e3*(1+s*1e19))) // 1e-3 or about 1e-20
	})
}

// BenchmarkAdamSize times float32 Adam over arrays of several sizes, with
// the CPU's best instruction set and ordinary gradients, and reports the
// time per weight: flat across the sizes where the arithmetic bounds the
// update, rising where the weights, gradients and moments (16 bytes a
// weight) leave a cache. 2,000 weights fit in L1 (32 KB), 20,000 in L2
// (320 KB), the notebook's 102,000 (1.6 MB) in a 2 MB L2 but not in a 1 MB
// one, and 1,000,000 (16 MB) in neither.
func BenchmarkAdamSize(b *testing.B) {
	for _, n := range []int{2000, 20000, 102000, 1000000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w, g := adamBenchInputs(n)
			benchAdam(b, w, g)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())*1e3/float64(b.N)/float64(n), "ps/weight")
		})
	}
}

// adamBenchInputs returns n weights in [-1, 1) and n gradients in
// [-1e-3, 1e-3).
func adamBenchInputs(n int) (w, g []float32) {
	r := newUniform(2)
	w, g = signedMatrix(r, 1, n), signedMatrix(r, 1, n)
	for i := range g {
		g[i] *= 1e-3
	}
	return w, g
}

// benchAdam times Adam steps on w with gradient g, after three steps that
// give the moments their values.
func benchAdam(b *testing.B, w, g []float32) {
	m, v := make([]float32, len(w)), make([]float32, len(w))
	k := NewAdamConsts[float32](0.9, 0.999, 1e-7, 1e-3)
	for range 3 {
		Adam(w, g, m, v, &k)
	}
	for b.Loop() {
		Adam(w, g, m, v, &k)
	}
}

// BenchmarkAdamFloat64 is BenchmarkAdam in float64 (-dtype float64); the
// tiny gradients, about 1e-20, have squares below float32's normal numbers
// but not float64's.
func BenchmarkAdamFloat64(b *testing.B) {
	const n = 102000
	r := newUniform(2)
	w32, g32 := signedMatrix(r, 1, n), signedMatrix(r, 1, n)
	benchVariants(b, "102000", func(b *testing.B, s float32) {
		w, g := make([]float64, n), make([]float64, n)
		for i := range w {
			w[i], g[i] = float64(w32[i]), float64(g32[i])*1e-3*float64(s)
		}
		m, v := make([]float64, n), make([]float64, n)
		k := NewAdamConsts[float64](0.9, 0.999, 1e-7, 1e-3)
		for range 3 {
			Adam(w, g, m, v, &k)
		}
		for b.Loop() {
			Adam(w, g, m, v, &k)
		}
	})
}

// BenchmarkBatchNorm times the training-mode batch normalisation kernels on
// a batch of 16 rows of 200: statistics, normalisation, gradient sums and
// input gradient.
func BenchmarkBatchNorm(b *testing.B) {
	const m, n = 16, 200
	r := newUniform(3)
	x0, dy0 := signedMatrix(r, m, n), signedMatrix(r, m, n)
	benchVariants(b, fmt.Sprintf("%dx%d", m, n), func(b *testing.B, s float32) {
		x, dy := scaled(x0, s), scaled(dy0, s)
		mean, variance := make([]float64, n), make([]float64, n)
		sumDy, sumDyXh, scale := make([]float64, n), make([]float64, n), make([]float64, n)
		inv, shift, y := make([]float32, n), make([]float32, n), make([]float32, m*n)
		for j := range inv {
			inv[j], shift[j], scale[j] = 1.5, 0.1, 0.01
		}
		for b.Loop() {
			BatchMoments(mean, variance, x, m, n)
			Normalize(y, x, inv, shift, m, n)
			NormSums(sumDy, sumDyXh, x, dy, mean, variance, m, n)
			NormGradInput(y, x, dy, mean, variance, scale, sumDy, sumDyXh, m, m, n)
		}
	})
}

// BenchmarkNormStats times the per-column statistics of a training-mode
// batch normalisation of 200 columns: NormTrainStats and NormScale.
func BenchmarkNormStats(b *testing.B) {
	const n = 200
	r := newUniform(4)
	mm, mv, gamma, beta := signedMatrix(r, 1, n), signedMatrix(r, 1, n), signedMatrix(r, 1, n), signedMatrix(r, 1, n)
	mean, variance := randomMatrix(r, 1, n), randomMatrix(r, 1, n)
	inv, shift, invStd, scale := make([]float32, n), make([]float32, n), make([]float64, n), make([]float64, n)
	for _, level := range isas() {
		b.Run(isaName(level), func(b *testing.B) {
			withISA(b, level, func() {
				for b.Loop() {
					copy(invStd, variance)
					NormTrainStats(mm, mv, inv, shift, gamma, beta, mean, invStd, 0.01, 1e-3)
					NormScale(scale, gamma, invStd, 16)
				}
			})
		})
	}
}

// BenchmarkMSE times the mean squared error's sum and its gradient over a
// batch of 16 rows of 100 (a training step) and over the 330 validation
// rows. With tiny inputs the gradient's products are denormal in float32;
// the sum works in float64, where they are not.
func BenchmarkMSE(b *testing.B) {
	r := newUniform(1)
	for _, rows := range []int{16, 330} {
		p, y, d := signedMatrix(r, rows, 100), signedMatrix(r, rows, 100), make([]float32, rows*100)
		benchVariants(b, fmt.Sprintf("sum/%dx100", rows), func(b *testing.B, s float32) {
			p, y := scaled(p, s), scaled(y, s)
			for b.Loop() {
				SquaredError(p, y)
			}
		})
		benchVariants(b, fmt.Sprintf("grad/%dx100", rows), func(b *testing.B, s float32) {
			p, y := scaled(p, s), scaled(y, s)
			k := float32(2) / float32(rows*100)
			for b.Loop() {
				ScaledDiff(d, p, y, k)
			}
		})
	}
}
