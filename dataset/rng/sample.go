package rng

import (
	"fmt"
	"math"
)

// SampleWithoutReplacement returns samples distinct integers from
// [0, population), drawn as scikit-learn 1.2's
// sklearn.utils.random.sample_without_replacement(method="auto") draws them
// from this state. With ratio = samples/population (1 when population is
// 0) it uses:
//   - 0.01 < ratio < 0.99: Permutation(population)[:samples];
//   - ratio < 0.2 otherwise (ratio <= 0.01): tracking selection, RandInt(0,
//     population) redrawn while the value was already chosen;
//   - otherwise (ratio >= 0.99): reservoir sampling, out = [0, samples) and
//     for i from samples to population-1, j = RandInt(0, i+1) replaces
//     out[j] when j < samples.
//
// It refuses what scikit-learn refuses: a negative population, more samples
// than the population, and a negative number of samples; and a population
// above 2^31 (2^31-1 where an int has 32 bits), whose permutation would
// not fit in memory.
func (r *RandomState) SampleWithoutReplacement(population, samples int) ([]int, error) {
	if population < 0 || population > maxPopulation {
		return nil, fmt.Errorf("sample without replacement: a population of %d", population)
	}
	if samples > population {
		return nil, fmt.Errorf("sample without replacement: %d samples from a population of %d", samples, population)
	}
	if samples < 0 {
		return nil, fmt.Errorf("sample without replacement: %d samples", samples)
	}
	ratio := 1.0
	if population != 0 {
		ratio = float64(samples) / float64(population)
	}
	switch {
	case ratio > 0.01 && ratio < 0.99:
		return r.Permutation(population)[:samples], nil
	case ratio < 0.2:
		out := make([]int, samples)
		selected := make(map[int]bool, samples)
		for i := range out {
			j := r.RandInt(0, population)
			for selected[j] {
				j = r.RandInt(0, population)
			}
			selected[j] = true
			out[i] = j
		}
		return out, nil
	default:
		out := make([]int, samples)
		for i := range out {
			out[i] = i
		}
		for i := samples; i < population; i++ {
			if j := r.RandInt(0, i+1); j < samples {
				out[j] = i
			}
		}
		return out, nil
	}
}

// maxPopulation is the largest population SampleWithoutReplacement takes:
// 2^31, or the largest int where an int has 32 bits. (make_classification
// draws its hypercube's vertices from populations up to 2^30.)
const maxPopulation = min(1<<31, math.MaxInt)
