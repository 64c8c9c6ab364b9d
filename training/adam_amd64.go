//go:build amd64 && !noasm

package training

import "golang.org/x/sys/cpu"

// hasAVX reports whether adamAVX can run. It is fixed at start-up.
var hasAVX = cpu.X86.HasAVX

//go:noescape
func adamAVX(w, grad, m, v *float32, n int, k *adamConsts[float32])

// adamUpdate32 is adamGo for float32, eight elements at a time with AVX
// where the CPU has it; the results are the same bit for bit.
func adamUpdate32(w, g, m, v []float32, k *adamConsts[float32]) {
	n := len(w) &^ 7
	if hasAVX && n > 0 {
		_, _, _ = g[n-1], m[n-1], v[n-1]
		adamAVX(&w[0], &g[0], &m[0], &v[0], n, k)
		w, g, m, v = w[n:], g[n:], m[n:], v[n:]
	}
	adamGo(w, g, m, v, k)
}
