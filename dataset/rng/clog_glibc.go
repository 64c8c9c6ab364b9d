//go:build cgo && glibclog

package rng

// This file exists only under the glibclog build tag: it gives the tests in
// log_glibc_test.go the C library's log to compare Log with.

/*
#cgo CFLAGS: -O2
#cgo LDFLAGS: -lm
#include <math.h>
static double c_log(double x) { return log(x); }
static int c_has_fma(void) { return __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2"); }
*/
import "C"

// cLog returns the C library's log(x).
func cLog(x float64) float64 { return float64(C.c_log(C.double(x))) }

// cHasFMA reports whether glibc's ifunc picks its FMA build of log here.
func cHasFMA() bool { return C.c_has_fma() != 0 }
