//go:build !linux

package dataset

// makeFloats returns make([]float64, n, capacity).
func makeFloats(n, capacity int) []float64 { return make([]float64, n, capacity) }
