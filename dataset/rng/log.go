package rng

import "math"

// Log returns the natural logarithm of x rounded exactly as glibc 2.36's log
// rounds it on x86-64 CPUs with FMA, the build numpy's legacy Gaussian calls
// there. Go's math.Log is a different algorithm and differs from it in the
// last bit for about 7% of inputs in (0, 1).
//
// The algorithm is the table-driven one of ARM's optimized-routines that
// glibc ships as sysdeps/ieee754/dbl-64/e_log.c: x = 2^k z with z in
// [0x1.6p-1, 0x1.6p0), z/c - 1 = r for a tabulated c, and
// log(x) = k*ln2 + log(c) + log1p(r) with a degree-6 polynomial, plus a
// separate degree-12 polynomial for x within about 1/16 of 1. Every multiply-
// add below is written as math.FMA exactly where glibc's FMA build (compiled
// with -mfma, contracting freely) uses a fused instruction, and as separate
// roundings everywhere else; the order follows the compiled code.
//
// Special values: Log(0) = -Inf, Log(+Inf) = +Inf, Log(x<0) = NaN,
// Log(NaN) = NaN; subnormals are scaled by 2^52 first, as glibc does.
func Log(x float64) float64 {
	const (
		lo  = 0x3fee000000000000 // asuint64(1.0 - 0x1p-4)
		hi  = 0x3ff1090000000000 // asuint64(1.0 + 0x1.09p-4)
		off = 0x3fe6000000000000
	)
	ix := math.Float64bits(x)
	if ix-lo < hi-lo {
		return logNearOne(x, ix)
	}
	top := ix >> 48
	if top-0x0010 >= 0x7ff0-0x0010 {
		// x < 0x1p-1022, or x is Inf or NaN.
		switch {
		case ix<<1 == 0:
			return math.Inf(-1)
		case ix == 0x7ff0000000000000:
			return x
		case top&0x8000 != 0 || top&0x7ff0 == 0x7ff0:
			return math.NaN()
		}
		// Subnormal: normalize.
		ix = math.Float64bits(x*0x1p52) - 52<<52
	}
	tmp := ix - off
	i := (tmp >> (52 - 7)) % 128
	k := int64(tmp) >> 52
	iz := ix - tmp&(0xfff<<52)
	invc := logTab[i].invc
	logc := logTab[i].logc
	z := math.Float64frombits(iz)
	kd := float64(k)

	r := math.FMA(z, invc, -1)
	w := math.FMA(kd, logLn2Hi, logc)
	h := w + r
	l := math.FMA(kd, logLn2Lo, float64(w-h)+r)
	r2 := r * r
	r3 := r * r2
	p := math.FMA(math.FMA(r, logPoly[4], logPoly[3]), r2, math.FMA(r, logPoly[2], logPoly[1]))
	y := math.FMA(r3, p, math.FMA(r2, logPoly[0], l))
	return y + h
}

// logNearOne is log for x in [1 - 0x1p-4, 1 + 0x1.09p-4).
func logNearOne(x float64, ix uint64) float64 {
	if ix == 0x3ff0000000000000 {
		return 0
	}
	b := &logPoly1
	r := x - 1
	r2 := r * r
	r3 := r * r2
	q1 := math.FMA(r2, b[3], math.FMA(r, b[2], b[1]))
	q2 := math.FMA(r2, b[6], math.FMA(r, b[5], b[4]))
	q3 := math.FMA(r3, b[10], math.FMA(r2, b[9], math.FMA(r, b[8], b[7])))
	q := math.FMA(math.FMA(q3, r3, q2), r3, q1)
	// rhi is r with its low 27 bits cleared (r + r*2^27 - r*2^27, the first
	// addition fused), so rhi*rhi is exact.
	rhi := math.FMA(-0x1p27, r, math.FMA(r, 0x1p27, r))
	rlo := r - rhi
	rhi2 := rhi * rhi
	hiPart := math.FMA(rhi2, b[0], r)
	loPart := math.FMA(rhi2, b[0], r-hiPart)
	loPart = math.FMA(b[0]*rlo, r+rhi, loPart)
	y := math.FMA(q, r3, loPart)
	return hiPart + y
}
