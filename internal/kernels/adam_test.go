package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAdamKernelMatchesScalar runs Adam (the assembly kernels on amd64)
// and the scalar portableAdam side by side for several steps, in both
// dtypes, over lengths that leave vector remainders, and requires the same
// weights and moments bit for bit.
func TestAdamKernelMatchesScalar(t *testing.T) {
	for _, level := range isas() {
		t.Run(isaName(level), func(t *testing.T) {
			withISA(t, level, func() {
				t.Run("float32", testAdamKernelMatchesScalar[float32])
				t.Run("float64", testAdamKernelMatchesScalar[float64])
			})
		})
	}
}

func testAdamKernelMatchesScalar[T Float](t *testing.T) {
	r := uniform{rand.New(rand.NewPCG(4, 7))}
	const lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-7
	bits := func(x T) uint64 { return math.Float64bits(float64(x)) }
	for _, n := range []int{1, 3, 4, 5, 7, 8, 9, 31, 200, 1003} {
		w1, g := make([]T, n), make([]T, n)
		for i := range w1 {
			w1[i] = T(r.Uniform(-1, 1))
			if i >= 32 && i < 48 {
				w1[i] = 0 // so that their first, tiny updates keep every bit
			}
		}
		w0 := append([]T(nil), w1...)
		w2 := append([]T(nil), w1...)
		m1, v1 := make([]T, n), make([]T, n)
		m2, v2 := make([]T, n), make([]T, n)
		for step := 1; step <= 5; step++ {
			for i := range g {
				g[i] = T(r.Uniform(-1, 1) * math.Pow(10, -4*r.Uniform(0, 1)))
			}
			if step == 2 {
				g[0] = 0
			}
			if step == 1 && n >= 48 {
				// Whole vectors of second moments that are zero, and
				// below 2^-64, whose square roots are zero or tiny.
				for i := 16; i < 48; i++ {
					g[i] = T(float64(i/32) * 1e-12)
				}
			}
			lrT := lr * math.Sqrt(1-math.Pow(beta2, float64(step))) / (1 - math.Pow(beta1, float64(step)))
			k := NewAdamConsts[T](beta1, beta2, eps, lrT)
			Adam(w1, g, m1, v1, &k)
			portableAdam(w2, g, m2, v2, &k)
			for i := range w1 {
				if bits(w1[i]) != bits(w2[i]) || bits(m1[i]) != bits(m2[i]) || bits(v1[i]) != bits(v2[i]) {
					t.Fatalf("n=%d step %d element %d: kernel w,m,v = %v,%v,%v, scalar %v,%v,%v",
						n, step, i, w1[i], m1[i], v1[i], w2[i], m2[i], v2[i])
				}
			}
		}
		// Every weight moved, so the comparison above was not of idle values.
		for i := range w1 {
			if w1[i] == w0[i] {
				t.Fatalf("n=%d: weight %d did not move", n, i)
			}
		}
	}
}

// TestAdamEachMatchesAdam updates tensors of several lengths with one
// AdamEach call and each with its own Adam call, and requires the same
// weights and moments bit for bit, in both dtypes.
func TestAdamEachMatchesAdam(t *testing.T) {
	testAdamEach[float32](t)
	testAdamEach[float64](t)
}

func testAdamEach[T Float](t *testing.T) {
	r := uniform{rand.New(rand.NewPCG(5, 9))}
	lens := []int{1, 9, 16, 200, 1003}
	ws1, gs, ms1, vs1 := make([][]T, len(lens)), make([][]T, len(lens)), make([][]T, len(lens)), make([][]T, len(lens))
	ws2, ms2, vs2 := make([][]T, len(lens)), make([][]T, len(lens)), make([][]T, len(lens))
	for j, n := range lens {
		ws1[j], gs[j] = make([]T, n), make([]T, n)
		for i := range n {
			ws1[j][i], gs[j][i] = T(r.Uniform(-1, 1)), T(r.Uniform(-1, 1))
		}
		ws2[j] = append([]T(nil), ws1[j]...)
		ms1[j], vs1[j], ms2[j], vs2[j] = make([]T, n), make([]T, n), make([]T, n), make([]T, n)
	}
	w0 := ws1[4][5]
	for step := 1; step <= 3; step++ {
		k := NewAdamConsts[T](0.9, 0.999, 1e-7, 1e-3*float64(step))
		AdamEach(ws1, gs, ms1, vs1, &k)
		for j := range lens {
			Adam(ws2[j], gs[j], ms2[j], vs2[j], &k)
		}
	}
	if ws1[4][5] == w0 {
		t.Fatal("AdamEach did not move the weights")
	}
	for j := range lens {
		for i := range ws1[j] {
			if ws1[j][i] != ws2[j][i] || ms1[j][i] != ms2[j][i] || vs1[j][i] != vs2[j][i] {
				t.Fatalf("%T tensor %d element %d: AdamEach w,m,v = %v,%v,%v, Adam %v,%v,%v",
					w0, j, i, ws1[j][i], ms1[j][i], vs1[j][i], ws2[j][i], ms2[j][i], vs2[j][i])
			}
		}
	}
}

// TestAdamFollowsKerasUpdate checks Adam at every instruction-set level
// (the portable kernel alone under noasm and off amd64) against Keras's
// update written out in float64 in the test: m = β1·m + (1−β1)·g,
// v = β2·v + (1−β2)·g², w −= lr_t·m/(√v + ε), over 4 steps, with
// gradients around ε so that ε matters.
func TestAdamFollowsKerasUpdate(t *testing.T) {
	const lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-7
	for _, level := range isas() {
		withISA(t, level, func() {
			r := newUniform(13)
			n := 37
			w, g, m, v := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
			ww, wm, wv := make([]float64, n), make([]float64, n), make([]float64, n)
			for i := range w {
				w[i] = r.Uniform(-1, 1)
				ww[i] = w[i]
			}
			for step := 1; step <= 4; step++ {
				for i := range g {
					g[i] = r.Uniform(-1, 1) * math.Pow(10, -7*r.Uniform(0, 1))
				}
				lrT := lr * math.Sqrt(1-math.Pow(beta2, float64(step))) / (1 - math.Pow(beta1, float64(step)))
				k := NewAdamConsts[float64](beta1, beta2, eps, lrT)
				Adam(w, g, m, v, &k)
				for i, gi := range g {
					wm[i] = beta1*wm[i] + (1-beta1)*gi
					wv[i] = beta2*wv[i] + (1-beta2)*gi*gi
					ww[i] -= lrT * wm[i] / (math.Sqrt(wv[i]) + eps)
				}
				for i := range w {
					if math.Abs(m[i]-wm[i]) > 1e-12*math.Abs(wm[i]) || math.Abs(v[i]-wv[i]) > 1e-12*wv[i] || math.Abs(w[i]-ww[i]) > 1e-15 {
						t.Fatalf("%s step %d element %d: w,m,v = %v,%v,%v; Keras's update gives %v,%v,%v",
							isaName(level), step, i, w[i], m[i], v[i], ww[i], wm[i], wv[i])
					}
				}
			}
		})
	}
}
