//go:build !amd64 || noasm

package kernels

// The portable build sets no floating-point mode: flushBegin and flushEnd
// do nothing.

func flushBegin() uint32 { return 0 }

func flushEnd(uint32) {}
