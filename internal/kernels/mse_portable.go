//go:build !amd64 || noasm

package kernels

func squaredError[T Float](*[8]float64, []T, []T) int { return 0 }

func scaledDiff[T Float](d, p, y []T, k T) { portableScaledDiff(d, p, y, k) }
