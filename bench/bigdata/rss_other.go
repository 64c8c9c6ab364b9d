//go:build !linux

package main

import "math"

// peakMiB is NaN: the peak resident memory is read on Linux only.
func peakMiB() float64 { return math.NaN() }
