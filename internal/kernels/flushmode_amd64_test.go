//go:build amd64 && !noasm

package kernels

// The thread's floating-point mode on amd64 is MXCSR: FTZ is bit 15 and DAZ
// bit 6; its low six bits are sticky exception flags, which any arithmetic
// (the test's own included) may set, and are not part of the mode.
const (
	fpModeName    = "MXCSR"
	fpFlushBits   = 0x8040
	fpStickyFlags = 0x3f
)

func fpMode() uint32 { return mxcsrGet() }
