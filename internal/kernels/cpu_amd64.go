//go:build amd64 && !noasm

package kernels

import "golang.org/x/sys/cpu"

// hasAVX2FMA reports whether the AVX2/FMA assembly kernels can run. It is
// fixed at start-up.
var hasAVX2FMA = cpu.X86.HasAVX && cpu.X86.HasAVX2 && cpu.X86.HasFMA

// hasAVX reports whether the AVX kernels (Adam) can run.
var hasAVX = cpu.X86.HasAVX
