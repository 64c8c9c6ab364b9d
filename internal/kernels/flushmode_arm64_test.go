//go:build arm64 && !noasm

package kernels

// The thread's floating-point mode on arm64 is FPCR, whose FZ bit flushes
// denormal inputs and results; its exception flags live in FPSR, not here.
const (
	fpModeName    = "FPCR"
	fpFlushBits   = fpcrFZ
	fpStickyFlags = 0
)

func fpMode() uint32 { return fpcrGet() }
