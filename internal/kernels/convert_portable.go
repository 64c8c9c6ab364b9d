//go:build !amd64 || noasm

package kernels

func float32From64(dst []float32, src []float64) { portableFloat32From64(dst, src) }
