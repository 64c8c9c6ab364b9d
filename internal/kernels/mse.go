package kernels

// SquaredError returns the sum of (p[i] − y[i])² over p and y (of equal
// length), each difference and square in float64: the numerator of Keras's
// 'mse' loss. The sum runs in eight partial sums, element i going to sum
// i mod 8 in order, which are then added as ((s0+s4) + (s2+s6)) +
// ((s1+s5) + (s3+s7)). Every variant adds in this order, so all return the
// same bits; eight independent sums keep the additions from waiting on one
// another, as one running sum does (1,600 dependent float64 additions were
// 0.8 µs of a training step).
func SquaredError[T Float](p, y []T) float64 {
	defer flushEnd(flushBegin())
	var s [8]float64
	y = y[:len(p)]
	n := squaredError(&s, p, y)
	portableSquaredError(&s, p[n:], y[n:])
	return ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]))
}

// ScaledDiff sets d[i] = (p[i] − y[i])·k, elementwise: the gradient of
// the 'mse' loss with respect to the prediction p, with k = 2/(rows·cols)
// times the gradient the loss receives (1 when it is what is minimised).
func ScaledDiff[T Float](d, p, y []T, k T) {
	defer flushEnd(flushBegin())
	scaledDiff(d, p, y, k)
}

// portableSquaredError adds (p[i] − y[i])² to s[i mod 8], in order. p's
// first element must be one whose index in the whole sum is a multiple of
// eight.
func portableSquaredError[T Float](s *[8]float64, p, y []T) {
	y = y[:len(p)]
	for i, v := range p {
		d := float64(v) - float64(y[i])
		s[i&7] += float64(d * d) // the conversion keeps Go from fusing a multiply-add
	}
}

// portableScaledDiff is ScaledDiff in Go.
func portableScaledDiff[T Float](d, p, y []T, k T) {
	d, y = d[:len(p)], y[:len(p)]
	for i, v := range p {
		d[i] = (v - y[i]) * k
	}
}
