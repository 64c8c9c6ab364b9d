// Package rng reproduces, draw for draw, the parts of numpy's legacy
// RandomState (numpy 1.24) that scikit-learn's data generators use, so that a
// seed gives the same numbers in Go as np.random.RandomState(seed) in Python.
//
// The generator is MT19937 seeded with Knuth's init_genrand. On top of it sit
// numpy's legacy distributions: RandomSample (53-bit doubles), Uniform,
// StandardNormal (the polar method with a cached second value, which needs
// the C library's natural log; Log is a bit-exact port of glibc 2.36's FMA
// log), RandInt (masked rejection sampling), Shuffle and Permutation (the
// legacy Fisher-Yates shuffle), and scikit-learn's SampleWithoutReplacement.
//
// A RandomState is not safe for concurrent use.
package rng
