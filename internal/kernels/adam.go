package kernels

import "math"

// AdamConsts are one Adam step's constants in a dtype: β1, 1−β1, β2, 1−β2,
// ε and lr_t = lr · sqrt(1 − β2^t) / (1 − β1^t), each rounded from float64
// once.
type AdamConsts[T Float] [6]T

// NewAdamConsts rounds the step constants to T.
func NewAdamConsts[T Float](beta1, beta2, epsilon, lrT float64) AdamConsts[T] {
	return AdamConsts[T]{T(beta1), T(1 - beta1), T(beta2), T(1 - beta2), T(epsilon), T(lrT)}
}

// Adam applies one step of Keras's Adam to w with gradient g and moments m
// and v (all the same length), in place, every operation rounded to T in
// this order:
//
//	m = m·β1 + g·(1−β1)
//	v = v·β2 + (g·g)·(1−β2)
//	w = w − (m / (sqrt(v) + ε))·lr_t
//
// The result is the same, bit for bit, on every backend.
func Adam[T Float](w, g, m, v []T, k *AdamConsts[T]) {
	defer flushEnd(flushBegin())
	adam(w, g, m, v, k)
}

// AdamEach applies Adam to several tensors with the same step constants:
// the i-th update is Adam(w[i], g[i], m[i], v[i], k), with the same bits.
// It sets the flush mode up once for all of them instead of once a tensor,
// which saves a thread lock and two MXCSR writes for each tensor after the
// first. g, m and v have at least len(w) entries.
func AdamEach[T Float](w, g, m, v [][]T, k *AdamConsts[T]) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	defer flushEnd(flushBegin())
	for i := range w {
		adam(w[i], g[i], m[i], v[i], k)
	}
}

// portableAdam is Adam in Go. Every product and sum is converted to T
// explicitly, which rounds it and keeps the compiler from fusing a multiply
// and an add, so the result is the same on every architecture and equals
// the assembly kernel's.
func portableAdam[T Float](w, g, m, v []T, k *AdamConsts[T]) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i, gi := range g {
		mi := T(m[i]*k[0]) + T(gi*k[1])
		vi := T(v[i]*k[2]) + T(T(gi*gi)*k[3])
		m[i], v[i] = mi, vi
		w[i] -= T(T(mi/T(T(math.Sqrt(float64(vi)))+k[4])) * k[5])
	}
}
