//go:build (amd64 || arm64) && !noasm

package kernels

import (
	"runtime"
	"testing"
)

// tiny32 is a float32 subnormal, and its square and its product with
// anything below 1 are below the smallest subnormal.
const tiny32 = float32(1e-39)

// TestKernelsFlushDenormalsAndRestoreFPMode runs every entry point at every
// instruction-set level on inputs whose arithmetic gives denormals, checks
// that the results are those of flushing to zero, and that the thread's
// floating-point mode (MXCSR on amd64, FPCR on arm64) is as it was
// afterwards.
func TestKernelsFlushDenormalsAndRestoreFPMode(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := fpMode()
	if before&fpFlushBits != 0 {
		t.Fatalf("%s %#x already flushes denormals before any kernel ran", fpModeName, before)
	}
	check := func(what string) {
		t.Helper()
		if got := fpMode(); got&^fpStickyFlags != before&^fpStickyFlags {
			t.Fatalf("%s: %s %#x afterwards, was %#x", what, fpModeName, got, before)
		}
	}
	// Go code after the kernels still keeps denormals.
	defer func() {
		if x := square32(1e-20); x == 0 {
			t.Errorf("Go arithmetic after the kernels flushed a denormal to zero")
		}
	}()
	for _, level := range isas() {
		withISA(t, level, func() {
			name := isaName(level)
			// Products: x, w ~ 1e-20, so every product (1e-40) is
			// denormal and flushes to zero; the sums stay zero.
			const m, k, n = 16, 100, 200
			x, w, y := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
			for i := range x {
				x[i] = 1e-20
			}
			for i := range w {
				w[i] = -3e-20
			}
			DenseForward(y, x, w, nil, m, k, n)
			check(name + " DenseForward")
			for i, v := range y {
				if v != 0 {
					t.Fatalf("%s: DenseForward of denormal products: y[%d] = %g, want 0", name, i, v)
				}
			}
			// The same in float64: x, w ~ 1e-160, products about 1e-320.
			x64, w64, y64 := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
			for i := range x64 {
				x64[i] = 1e-160
			}
			for i := range w64 {
				w64[i] = -3e-160
			}
			DenseForward(y64, x64, w64, nil, m, k, n)
			check(name + " DenseForward float64")
			for i, v := range y64 {
				if v != 0 {
					t.Fatalf("%s: float64 DenseForward of denormal products: y[%d] = %g, want 0", name, i, v)
				}
			}
			var s64 []float64
			dw64 := make([]float64, k*n)
			DenseGradKernel(dw64, x64, w64[:m*n], m, k, n, &s64)
			check(name + " DenseGradKernel float64")
			for i, v := range dw64 {
				// OpenBLAS's threads keep their own floating-point mode.
				if v != 0 && !BLAS {
					t.Fatalf("%s: float64 DenseGradKernel of denormal products: c[%d] = %g, want 0", name, i, v)
				}
			}
			var s []float32
			dw := make([]float32, k*n)
			DenseGradKernel(dw, x, y, m, k, n, &s)
			check(name + " DenseGradKernel")
			c := make([]float32, m*k)
			DenseGradInput(c, y[:m*n], w, m, n, k, &s)
			check(name + " DenseGradInput")

			// LeakyReLU: a denormal input is zero (DAZ), so not positive.
			in := []float32{tiny32, -tiny32, 1, tiny32, tiny32, tiny32, tiny32, tiny32, tiny32}
			out := make([]float32, len(in))
			Leaky(out, in, 0.3)
			check(name + " Leaky")
			for i, v := range out {
				if i != 2 && v != 0 {
					t.Fatalf("%s: Leaky(%g) = %g, want 0 (denormals are zero)", name, in[i], v)
				}
			}
			LeakyGrad(out, in, in, 0.3)
			check(name + " LeakyGrad")

			// Adam from zero moments with g = 1e-20: g·g (1e-40) flushes
			// to zero, so v stays 0 and w moves by lr_t·m/ε.
			wa, g := make([]float32, 9), make([]float32, 9)
			ma, va := make([]float32, 9), make([]float32, 9)
			for i := range g {
				g[i] = 1e-20
			}
			kc := NewAdamConsts[float32](0.9, 0.999, 1e-7, 1e-3)
			Adam(wa, g, ma, va, &kc)
			check(name + " Adam")
			for i := range va {
				if va[i] != 0 {
					t.Fatalf("%s: Adam: v[%d] = %g after a step with g = 1e-20, want 0 (g² flushed)", name, i, va[i])
				}
			}

			// BatchNorm: statistics and normalisation of denormal inputs.
			bx := make([]float32, 4*8)
			for i := range bx {
				bx[i] = tiny32 * float32(i%3)
			}
			mean, variance := make([]float64, 8), make([]float64, 8)
			BatchMoments(mean, variance, bx, 4, 8)
			check(name + " BatchMoments")
			inv, shift := make([]float32, 8), make([]float32, 8)
			for j := range inv {
				inv[j], shift[j] = 2, 0.5
			}
			by := make([]float32, len(bx))
			Normalize(by, bx, inv, shift, 4, 8)
			check(name + " Normalize")
			for i, v := range by {
				if v != 0.5 {
					t.Fatalf("%s: Normalize of a denormal: y[%d] = %g, want 0.5 (x taken as 0)", name, i, v)
				}
			}
			sd, sx := make([]float64, 8), make([]float64, 8)
			NormSums(sd, sx, bx, bx, mean, variance, 4, 8)
			check(name + " NormSums")
			NormGradInput(by, bx, bx, mean, variance, mean, sd, sx, 4, 4, 8)
			check(name + " NormGradInput")
			sum := make([]float32, 8)
			SumRows(sum, bx, 4, 8)
			check(name + " SumRows")
		})
	}
}

// square32 returns x·x, computed at run time by Go code.
//
//go:noinline
func square32(x float32) float32 { return x * x }
