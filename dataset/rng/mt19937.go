package rng

// Parameters of the 32-bit Mersenne Twister (Matsumoto and Nishimura, 1998).
const (
	mtN         = 624
	mtM         = 397
	mtMatrixA   = 0x9908b0df
	mtUpperMask = 0x80000000
	mtLowerMask = 0x7fffffff
)

// RandomState is numpy's legacy random number generator: an MT19937 state
// plus the cached second Gaussian of the polar method.
type RandomState struct {
	mt       [mtN]uint32
	pos      int
	hasGauss bool
	gauss    float64
}

// New returns the state numpy builds for np.random.RandomState(seed): the
// MT19937 key filled by init_genrand, mt[0] = seed and
// mt[i] = 1812433253*(mt[i-1] ^ (mt[i-1] >> 30)) + i (mod 2^32).
func New(seed uint32) *RandomState {
	r := &RandomState{}
	r.mt[0] = seed
	for i := 1; i < mtN; i++ {
		prev := r.mt[i-1]
		r.mt[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	r.pos = mtN
	return r
}

// generate refills the key with the next 624 words.
func (r *RandomState) generate() {
	mag01 := [2]uint32{0, mtMatrixA}
	var i int
	for i = 0; i < mtN-mtM; i++ {
		y := (r.mt[i] & mtUpperMask) | (r.mt[i+1] & mtLowerMask)
		r.mt[i] = r.mt[i+mtM] ^ (y >> 1) ^ mag01[y&1]
	}
	for ; i < mtN-1; i++ {
		y := (r.mt[i] & mtUpperMask) | (r.mt[i+1] & mtLowerMask)
		r.mt[i] = r.mt[i+(mtM-mtN)] ^ (y >> 1) ^ mag01[y&1]
	}
	y := (r.mt[mtN-1] & mtUpperMask) | (r.mt[0] & mtLowerMask)
	r.mt[mtN-1] = r.mt[mtM-1] ^ (y >> 1) ^ mag01[y&1]
	r.pos = 0
}

// Uint32 returns the next tempered 32-bit output of MT19937.
func (r *RandomState) Uint32() uint32 {
	if r.pos >= mtN {
		r.generate()
	}
	y := r.mt[r.pos]
	r.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// Uint64 returns two 32-bit outputs joined as numpy's next_uint64 does for
// MT19937: the first draw is the high word.
func (r *RandomState) Uint64() uint64 {
	hi := uint64(r.Uint32())
	return hi<<32 | uint64(r.Uint32())
}
