//go:build !amd64 || noasm

package kernels

import "testing"

// The portable build has one variant.

func isas() []int { return []int{0} }

func withISA(t testing.TB, level int, f func()) { f() }

func isaName(int) string { return "portable" }

// transposeF32 is the float32 transpose the products use.
func transposeF32(dst, src []float32, rows, cols int) { transpose(dst, src, rows, cols) }
