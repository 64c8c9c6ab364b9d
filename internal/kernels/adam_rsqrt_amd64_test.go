//go:build amd64 && !noasm

package kernels

import (
	"flag"
	"math"
	"testing"
)

var sqrtAll = flag.Bool("sqrtall", false, "check SQRT_RS against the correctly rounded square root on every float32 (about 10 s)")

// refSqrt32 is VSQRTPS under FTZ and DAZ, as the kernels run: a denormal
// input counts as a zero of its sign, a negative one gives the default
// NaN, a NaN comes back quiet, and anything else is the correctly rounded
// square root (float64's, rounded once more to float32, is).
func refSqrt32(b uint32) uint32 {
	x := math.Float32frombits(b)
	switch {
	case x != x:
		return b | 0x00400000
	case b&0x7f800000 == 0: // a zero or a denormal
		return b & 0x80000000
	case b>>31 == 1:
		return 0xffc00000
	}
	return math.Float32bits(float32(math.Sqrt(float64(x))))
}

// checkSqrtRS runs sqrtRS512 over the bit patterns from lo to hi (hi
// excluded, both multiples of 16) under the kernels' flush mode and
// compares every result with refSqrt32.
func checkSqrtRS(t *testing.T, lo, hi uint64) {
	t.Helper()
	const chunk = 1 << 16
	src, dst := make([]float32, chunk), make([]float32, chunk)
	bad := 0
	for at := lo; at < hi; at += chunk {
		n := int(min(chunk, hi-at))
		for i := range n {
			src[i] = math.Float32frombits(uint32(at) + uint32(i))
		}
		func() {
			defer flushEnd(flushBegin())
			sqrtRS512(&dst[0], &src[0], n)
		}()
		for i := range n {
			b := math.Float32bits(src[i])
			if got, want := math.Float32bits(dst[i]), refSqrt32(b); got != want {
				if bad++; bad <= 5 {
					t.Errorf("sqrt(%g) (%#08x) = %#08x, want %#08x", src[i], b, got, want)
				}
			}
		}
	}
	if bad > 5 {
		t.Errorf("%d wrong in all", bad)
	}
}

// TestSqrtRSIsVSQRTPS checks that the square root of adamRS512 gives
// VSQRTPS's bits: on two whole binades above 2^-64 (every mantissa, both
// exponent parities: the steps scale exactly with x, by powers of four),
// around the threshold 2^-64 and +Inf, and on every special class; with
// -sqrtall on every float32.
func TestSqrtRSIsVSQRTPS(t *testing.T) {
	if isa < isaAVX512 {
		t.Skip("no AVX-512")
	}
	if *sqrtAll {
		checkSqrtRS(t, 0, 1<<32)
		return
	}
	for _, r := range [][2]uint64{
		{0x3f800000, 0x40800000},                 // [1, 4): both parities
		{0x1f800000 - 1<<16, 0x1f800000 + 1<<16}, // around 2^-64
		{0x7f800000 - 1<<16, 0x7f800000 + 1<<16}, // the largest numbers, +Inf and NaNs
		{0, 1 << 16},                             // zeros and denormals
		{0x80000000, 0x80000000 + 1<<16},         // negative zeros and denormals
		{0xbf800000, 0xbf800000 + 1<<16},         // negative numbers
		{0xffc00000 - 1<<16, 1 << 32},            // negative NaNs
	} {
		checkSqrtRS(t, r[0], r[1])
	}
}
