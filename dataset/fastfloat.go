package dataset

import (
	"math"
	"math/big"
	"math/bits"
	"sync"
)

// scanFloatTab parses the decimal number that starts at b[i] (after spaces)
// and ends, after more spaces, at the separator c or the end of b, with
// pow10 the table of powers of ten (pow10Table). It handles the common
// form, [+-]digits[.digits][e[+-]digits] with at most 19 significant
// digits, and gives exactly what strconv.ParseFloat gives for it: the exact
// float64 arithmetic or the Eisel-Lemire algorithm that strconv itself
// tries first, each correctly rounded. For anything else (a longer
// mantissa, hex, inf, nan, underscores, non-ASCII spaces, a result
// Eisel-Lemire cannot decide, a syntax error) ok is false and the caller
// parses the field with strconv. next is the index of the separator, or
// len(b).
func scanFloatTab(b []byte, i int, c byte, pow10 [][2]uint64) (v float64, next int, ok bool) {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	var (
		man       uint64
		nd        int // significant digits
		dp        int // digits before the point, less leading zeros
		sawDigits bool
	)
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		sawDigits = true
		if d == 0 && nd == 0 {
			continue
		}
		man = man*10 + uint64(d)
		nd++
		dp++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			sawDigits = true
			if d == 0 && nd == 0 {
				dp--
				continue
			}
			man = man*10 + uint64(d)
			nd++
		}
	}
	if !sawDigits || nd > 19 {
		return 0, 0, false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		e, start := 0, i
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			if e < 10000 {
				e = e*10 + int(d)
			}
		}
		if i == start {
			return 0, 0, false
		}
		if eneg {
			e = -e
		}
		dp += e
	}
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	if i < len(b) && b[i] != c {
		return 0, 0, false
	}
	exp := 0
	if man != 0 {
		exp = dp - nd
	}
	if f, ok := exactFloat(man, exp, neg); ok {
		return f, i, true
	}
	if f, ok := eiselLemire64(man, exp, neg, pow10); ok {
		return f, i, true
	}
	return 0, 0, false
}

// float64pow10 holds the powers of ten that float64 holds exactly.
var float64pow10 = [...]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
	1e20, 1e21, 1e22,
}

// exactFloat is strconv's atof64exact: man×10^exp in one correctly rounded
// float64 operation, when man and the power of ten are exact float64s.
func exactFloat(man uint64, exp int, neg bool) (float64, bool) {
	if man>>52 != 0 {
		return 0, false
	}
	f := float64(man)
	if neg {
		f = -f
	}
	switch {
	case exp == 0:
		return f, true
	case exp > 0 && exp <= 15+22:
		if exp > 22 {
			f *= float64pow10[exp-22]
			exp = 22
		}
		if f > 1e15 || f < -1e15 {
			return 0, false
		}
		return f * float64pow10[exp], true
	case exp < 0 && exp >= -22:
		return f / float64pow10[-exp], true
	}
	return 0, false
}

// The 128-bit mantissas of the powers of ten 1e-348 to 1e347, rounded
// down, the high bit set: the table strconv's Eisel-Lemire uses
// (internal/strconv/pow10gen.go), computed here on first use.
const (
	pow10Min = -348
	pow10Max = 347
)

var pow10Table = sync.OnceValue(func() [][2]uint64 {
	t := make([][2]uint64, pow10Max-pow10Min+1)
	ten := big.NewInt(10)
	for e := pow10Min; e <= pow10Max; e++ {
		p := new(big.Int).Exp(ten, big.NewInt(int64(max(e, -e))), nil)
		var d *big.Int
		if e >= 0 {
			// 10^e shifted to 128 bits, rounded down.
			if n := p.BitLen(); n > 128 {
				d = p.Rsh(p, uint(n-128))
			} else {
				d = p.Lsh(p, uint(128-n))
			}
		} else {
			// 2^k / 10^-e, with k so that the quotient has 128 bits.
			k := 127 + p.BitLen()
			d = new(big.Int).Quo(new(big.Int).Lsh(big.NewInt(1), uint(k)), p)
			if d.BitLen() > 128 {
				d.Rsh(d, uint(d.BitLen()-128))
			}
		}
		lo := new(big.Int).And(d, new(big.Int).SetUint64(math.MaxUint64))
		t[e-pow10Min] = [2]uint64{new(big.Int).Rsh(d, 64).Uint64(), lo.Uint64()}
	}
	return t
})

// eiselLemire64 is strconv's eiselLemire64 (internal/strconv/atofeisel.go,
// after https://nigeltao.github.io/blog/2020/eisel-lemire.html): man×10^exp10
// correctly rounded, or ok false when it cannot tell.
func eiselLemire64(man uint64, exp10 int, neg bool, pow10 [][2]uint64) (f float64, ok bool) {
	if man == 0 {
		if neg {
			f = math.Float64frombits(0x8000000000000000)
		}
		return f, true
	}
	if exp10 < pow10Min || exp10 > pow10Max {
		return 0, false
	}
	pow := pow10[exp10-pow10Min]
	exp2 := 1 + (exp10*108853)>>15 // 1 + floor(exp10 × log2(10))

	clz := bits.LeadingZeros64(man)
	man <<= uint(clz)
	const float64Bias = -1023
	retExp2 := uint64(exp2+63-float64Bias) - uint64(clz)

	xHi, xLo := bits.Mul64(man, pow[0])
	if xHi&0x1FF == 0x1FF && xLo+man < man {
		yHi, yLo := bits.Mul64(man, pow[1])
		mergedHi, mergedLo := xHi, xLo+yHi
		if mergedLo < xLo {
			mergedHi++
		}
		if mergedHi&0x1FF == 0x1FF && mergedLo+1 == 0 && yLo+man < man {
			return 0, false
		}
		xHi, xLo = mergedHi, mergedLo
	}

	msb := xHi >> 63
	retMantissa := xHi >> (msb + 9)
	retExp2 -= 1 ^ msb

	if xLo == 0 && xHi&0x1FF == 0 && retMantissa&3 == 1 {
		return 0, false
	}

	retMantissa += retMantissa & 1
	retMantissa >>= 1
	if retMantissa>>53 > 0 {
		retMantissa >>= 1
		retExp2 += 1
	}
	if retExp2-1 >= 0x7FF-1 {
		return 0, false
	}
	retBits := retExp2<<52 | retMantissa&(1<<52-1)
	if neg {
		retBits |= 0x8000000000000000
	}
	return math.Float64frombits(retBits), true
}
