package rng

import (
	"fmt"
	"math"
)

// RandomSample returns a float64 in [0, 1) with 53 random bits, as numpy's
// random_sample: a = next32 >> 5, b = next32 >> 6, (a*2^26 + b) / 2^53.
func (r *RandomState) RandomSample() float64 {
	a := r.Uint32() >> 5
	b := r.Uint32() >> 6
	// a*2^26 + b < 2^53 is exact, so the expression has a single rounding-free
	// value whatever the compiler fuses.
	return (float64(a)*67108864.0 + float64(b)) / 9007199254740992.0
}

// Uniform returns lo + (hi-lo)*RandomSample(), numpy's uniform(lo, hi), with
// the product rounded before the sum as numpy does.
func (r *RandomState) Uniform(lo, hi float64) float64 {
	return lo + float64((hi-lo)*r.RandomSample())
}

// StandardNormal returns numpy's legacy Gaussian: the polar (Marsaglia)
// method, which makes two values per accepted pair; the second is cached and
// returned by the next call.
func (r *RandomState) StandardNormal() float64 {
	if r.hasGauss {
		r.hasGauss = false
		g := r.gauss
		r.gauss = 0
		return g
	}
	var x1, x2, r2 float64
	for {
		x1 = 2*r.RandomSample() - 1
		x2 = 2*r.RandomSample() - 1
		// numpy's build does not fuse x1*x1 + x2*x2; the conversions stop Go
		// from fusing it either.
		r2 = float64(x1*x1) + float64(x2*x2)
		if r2 < 1 && r2 != 0 {
			break
		}
	}
	f := math.Sqrt(-2 * Log(r2) / r2)
	r.gauss = f * x1
	r.hasGauss = true
	return f * x2
}

// mask returns the smallest number of the form 2^b-1 that is >= max.
func mask(max uint64) uint64 {
	m := max
	m |= m >> 1
	m |= m >> 2
	m |= m >> 4
	m |= m >> 8
	m |= m >> 16
	m |= m >> 32
	return m
}

// Bounded returns a uniform integer in [0, max] by masked rejection, as
// numpy's random_bounded_uint64 with use_masked does for randint: no draw
// when max is 0, 32-bit draws when max fits in 32 bits, 64-bit draws
// (Uint64) otherwise.
func (r *RandomState) Bounded(max uint64) uint64 {
	if max == 0 {
		return 0
	}
	m := mask(max)
	if max <= math.MaxUint32 {
		for {
			if v := uint64(r.Uint32()) & m; v <= max {
				return v
			}
		}
	}
	for {
		if v := r.Uint64() & m; v <= max {
			return v
		}
	}
}

// Interval returns a uniform integer in [0, max] as numpy's legacy
// random_interval, the draw behind shuffle and permutation. It uses the same
// masked rejection as Bounded.
func (r *RandomState) Interval(max uint64) uint64 {
	return r.Bounded(max)
}

// RandInt returns numpy's randint(lo, hi): a uniform integer in [lo, hi),
// drawn as lo + Bounded(hi-1-lo). When hi-lo is 1 it draws nothing. It panics
// if hi <= lo, as numpy raises "low >= high".
func (r *RandomState) RandInt(lo, hi int) int {
	if hi <= lo {
		panic(fmt.Sprintf("rng: RandInt(%d, %d): low >= high", lo, hi))
	}
	return lo + int(r.Bounded(uint64(hi-1-lo)))
}

// Shuffle permutes n items with numpy's legacy shuffle: for i from n-1 down
// to 1 it draws j = Interval(i) and calls swap(i, j).
func (r *RandomState) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i >= 1; i-- {
		j := int(r.Interval(uint64(i)))
		swap(i, j)
	}
}

// ShuffleInts shuffles x in place as numpy's shuffle of a 1-D array.
func (r *RandomState) ShuffleInts(x []int) {
	r.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })
}

// Permutation returns numpy's permutation(n): arange(n) shuffled. n must
// not be negative (numpy raises ValueError; this panics, as make does).
func (r *RandomState) Permutation(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.ShuffleInts(p)
	return p
}
