//go:build !amd64 || noasm

package kernels

func leaky[T Float](y, x []T, slope T) { portableLeaky(y, x, slope) }

func leakyGrad[T Float](dx, x, dy []T, slope T) { portableLeakyGrad(dx, x, dy, slope) }
