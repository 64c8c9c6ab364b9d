//go:build amd64 && !noasm

package kernels

import "testing"

// isas returns the instruction-set levels this machine can run, best
// first, for tests and benchmarks that cover every variant.
func isas() []int {
	var l []int
	for i := detectISA(); i >= isaPortable; i-- {
		l = append(l, i)
	}
	return l
}

// withISA runs f as a subtest with the kernels forced to level, and puts
// the detected level back afterwards.
func withISA(t testing.TB, level int, f func()) {
	saved := isa
	isa = level
	defer func() { isa = saved }()
	f()
}

// isaName names a level for test and benchmark messages.
func isaName(level int) string {
	return [...]string{isaPortable: "portable", isaAVX2: "avx2", isaAVX512: "avx512"}[level]
}

// transposeF32 is the float32 transpose the products use.
func transposeF32(dst, src []float32, rows, cols int) { transpose32(dst, src, rows, cols) }
