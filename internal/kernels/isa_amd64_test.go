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

func isaName(level int) string { return isaNames[level] }
