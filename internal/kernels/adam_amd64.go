//go:build amd64 && !noasm

package kernels

//go:noescape
func adamAVX(w, grad, m, v *float32, n int, k *AdamConsts[float32])

//go:noescape
func adamAVX512(w, grad, m, v *float32, n int, k *AdamConsts[float32])

// adam runs float32 through the kernels of adam_amd64.s, sixteen elements
// at a time with AVX-512, then eight with AVX (the rest in Go); the results
// are the same bit for bit.
func adam[T Float](w, g, m, v []T, k *AdamConsts[T]) {
	w32, ok := any(w).([]float32)
	if !ok || isa < isaAVX2 {
		portableAdam(w, g, m, v, k)
		return
	}
	g32, m32, v32 := any(g).([]float32), any(m).([]float32), any(v).([]float32)
	k32 := any(k).(*AdamConsts[float32])
	if n := len(w32) &^ 15; isa >= isaAVX512 && n > 0 {
		_, _, _ = g32[n-1], m32[n-1], v32[n-1]
		adamAVX512(&w32[0], &g32[0], &m32[0], &v32[0], n, k32)
		w32, g32, m32, v32 = w32[n:], g32[n:], m32[n:], v32[n:]
	}
	if n := len(w32) &^ 7; n > 0 {
		_, _, _ = g32[n-1], m32[n-1], v32[n-1]
		adamAVX(&w32[0], &g32[0], &m32[0], &v32[0], n, k32)
		w32, g32, m32, v32 = w32[n:], g32[n:], m32[n:], v32[n:]
	}
	portableAdam(w32, g32, m32, v32, k32)
}
