//go:build arm64 && !noasm

package kernels

import "runtime"

// fpcrFZ is the FZ bit of FPCR: denormal inputs and results of
// single- and double-precision arithmetic are flushed to zero.
const fpcrFZ = 1 << 24

// fpcrGet returns the calling thread's FPCR.
func fpcrGet() uint32

// fpcrSet loads v into the calling thread's FPCR.
func fpcrSet(v uint32)

// flushBegin makes the calling thread's floating-point arithmetic flush
// denormal inputs and results to zero (FPCR.FZ, which on arm64 covers
// both), as TensorFlow sets every kernel thread to do, and returns what
// flushEnd needs to undo it. FPCR belongs to the OS thread, and a goroutine
// may move to another thread between two Go statements, so flushBegin locks
// the goroutine to its thread until flushEnd: no other goroutine sees the
// setting, and the kernel's goroutine cannot leave it behind.
func flushBegin() uint32 {
	runtime.LockOSThread()
	old := fpcrGet()
	fpcrSet(old | fpcrFZ)
	return old
}

// flushEnd restores the FPCR that flushBegin found and unlocks the
// goroutine.
func flushEnd(old uint32) {
	fpcrSet(old)
	runtime.UnlockOSThread()
}
