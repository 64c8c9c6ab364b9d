//go:build amd64 && !noasm

package kernels

import (
	"runtime"

	"golang.org/x/sys/cpu"
)

// The instruction sets the amd64 kernels use, from least to most.
const (
	isaPortable = iota // the portable kernels
	isaAVX2            // AVX2 and FMA (and BMI2)
	isaAVX512          // AVX-512 F, DQ, VL and BW on top of AVX2
)

// isa is the best instruction set the CPU (and the OS) supports, fixed at
// start-up. Tests lower it to run every variant on one machine.
var isa = detectISA()

func detectISA() int {
	x := cpu.X86
	avx2 := x.HasAVX && x.HasAVX2 && x.HasFMA && x.HasBMI2
	switch {
	case avx2 && x.HasAVX512F && x.HasAVX512DQ && x.HasAVX512VL && x.HasAVX512BW:
		return isaAVX512
	case avx2:
		return isaAVX2
	}
	return isaPortable
}

// mxcsrFlushOn sets the FTZ (flush to zero, bit 15) and DAZ (denormals are
// zero, bit 6) bits of the calling thread's MXCSR and returns its old value.
func mxcsrFlushOn() uint32

// mxcsrSet loads v into the calling thread's MXCSR.
func mxcsrSet(v uint32)

// mxcsrGet returns the calling thread's MXCSR. Only the tests call it
// (flushmode_amd64_test.go); its body is in cpu_amd64.s, which needs this
// declaration.
func mxcsrGet() uint32

// flushBegin makes the calling thread's SSE and AVX arithmetic flush
// denormal results and inputs to zero, as TensorFlow sets every kernel
// thread to do, and returns what flushEnd needs to undo it. MXCSR belongs to
// the OS thread, and a goroutine may move to another thread between two Go
// statements, so flushBegin locks the goroutine to its thread until
// flushEnd: no other goroutine sees the setting, and the kernel's
// goroutine cannot leave it behind.
func flushBegin() uint32 {
	runtime.LockOSThread()
	return mxcsrFlushOn()
}

// flushEnd restores the MXCSR that flushBegin found and unlocks the
// goroutine.
func flushEnd(old uint32) {
	mxcsrSet(old)
	runtime.UnlockOSThread()
}
