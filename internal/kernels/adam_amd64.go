//go:build amd64 && !noasm

package kernels

//go:noescape
func adamAVX(w, grad, m, v *float32, n int, k *AdamConsts[float32])

//go:noescape
func adamAVX512(w, grad, m, v *float32, n int, k *AdamConsts[float32])

//go:noescape
func adam64AVX(w, grad, m, v *float64, n int, k *AdamConsts[float64])

//go:noescape
func adam64AVX512(w, grad, m, v *float64, n int, k *AdamConsts[float64])

// adam runs float32 through the kernels of adam_amd64.s sixteen elements at
// a time with AVX-512, then eight with AVX, and float64 eight, then four;
// the rest in Go. The results are the same bit for bit.
func adam[T Float](w, g, m, v []T, k *AdamConsts[T]) {
	if isa >= isaAVX2 {
		switch w := any(w).(type) {
		case []float32:
			adam32(w, any(g).([]float32), any(m).([]float32), any(v).([]float32), any(k).(*AdamConsts[float32]))
			return
		case []float64:
			adam64(w, any(g).([]float64), any(m).([]float64), any(v).([]float64), any(k).(*AdamConsts[float64]))
			return
		}
	}
	portableAdam(w, g, m, v, k)
}

// adam32 is adam for float32. (The kernels are called directly, not
// through a function value, so that k does not escape to the heap.)
func adam32(w, g, m, v []float32, k *AdamConsts[float32]) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	if n := len(w) &^ 15; isa >= isaAVX512 && n > 0 {
		adamAVX512(&w[0], &g[0], &m[0], &v[0], n, k)
		w, g, m, v = w[n:], g[n:], m[n:], v[n:]
	}
	if n := len(w) &^ 7; n > 0 {
		adamAVX(&w[0], &g[0], &m[0], &v[0], n, k)
		w, g, m, v = w[n:], g[n:], m[n:], v[n:]
	}
	portableAdam(w, g, m, v, k)
}

// adam64 is adam for float64.
func adam64(w, g, m, v []float64, k *AdamConsts[float64]) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	if n := len(w) &^ 7; isa >= isaAVX512 && n > 0 {
		adam64AVX512(&w[0], &g[0], &m[0], &v[0], n, k)
		w, g, m, v = w[n:], g[n:], m[n:], v[n:]
	}
	if n := len(w) &^ 3; n > 0 {
		adam64AVX(&w[0], &g[0], &m[0], &v[0], n, k)
		w, g, m, v = w[n:], g[n:], m[n:], v[n:]
	}
	portableAdam(w, g, m, v, k)
}
