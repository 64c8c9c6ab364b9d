//go:build !amd64 || noasm

package kernels

import "testing"

// The portable build has one variant.

func isas() []int { return []int{0} }

func withISA(t testing.TB, level int, f func()) { f() }

func isaName(int) string { return "portable" }
