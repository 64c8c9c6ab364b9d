package kernels

// Leaky sets y = x where x > 0 and x·slope elsewhere, elementwise:
// keras.layers.LeakyReLU.
func Leaky[T Float](y, x []T, slope T) {
	defer flushEnd(flushBegin())
	leaky(y, x, slope)
}

// LeakyGrad sets dx = dy where x > 0 and dy·slope elsewhere, elementwise:
// LeakyReLU's gradient with respect to its input.
func LeakyGrad[T Float](dx, x, dy []T, slope T) {
	defer flushEnd(flushBegin())
	leakyGrad(dx, x, dy, slope)
}

// portableLeaky is Leaky in Go.
func portableLeaky[T Float](y, x []T, slope T) {
	y = y[:len(x)]
	for i, v := range x {
		if v > 0 {
			y[i] = v
		} else {
			y[i] = v * slope
		}
	}
}

// portableLeakyGrad is LeakyGrad in Go.
func portableLeakyGrad[T Float](dx, x, dy []T, slope T) {
	dx, dy = dx[:len(x)], dy[:len(x)]
	for i, v := range x {
		if v > 0 {
			dx[i] = dy[i]
		} else {
			dx[i] = dy[i] * slope
		}
	}
}
