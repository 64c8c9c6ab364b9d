package dataset

import (
	"fmt"
	"math"
	"math/big"
)

// ClassificationParams are the arguments of scikit-learn's
// make_classification. The scikit-learn names are given with each field.
type ClassificationParams struct {
	Samples          int // n_samples
	Features         int // n_features
	Informative      int // n_informative
	Redundant        int // n_redundant
	Repeated         int // n_repeated
	Classes          int // n_classes
	ClustersPerClass int // n_clusters_per_class
	// Weights are the class proportions (weights); nil means balanced
	// classes, and Classes-1 values get the last one inferred as 1 - sum.
	Weights  []float64
	FlipY    float64 // flip_y; negative values skip the label draw, as in 1.2.1
	ClassSep float64 // class_sep
	// Hypercube puts the cluster centres on hypercube vertices (hypercube);
	// false scales them into a random polytope.
	Hypercube bool
	Shift     float64 // shift, added to every feature unless RandomShift
	Scale     float64 // scale, multiplying every feature unless RandomScale
	// RandomShift draws a shift per feature in [-ClassSep, ClassSep]
	// (shift=None); RandomScale draws a scale per feature in [1, 101)
	// (scale=None).
	RandomShift, RandomScale bool
	Shuffle                  bool   // shuffle the samples and the features
	Seed                     uint32 // random_state
}

// NotebookParams returns the notebook's call,
// make_classification(n_samples=1000, n_features=100, n_informative=10,
// n_redundant=90, random_state=1), with the other arguments at scikit-learn's
// defaults.
func NotebookParams() ClassificationParams {
	return ClassificationParams{
		Samples: 1000, Features: 100, Informative: 10, Redundant: 90, Repeated: 0,
		Classes: 2, ClustersPerClass: 2, FlipY: 0.01, ClassSep: 1,
		Hypercube: true, Shift: 0, Scale: 1, Shuffle: true, Seed: 1,
	}
}

// maxElements bounds Samples*Features so that bad input fails cleanly
// instead of exhausting memory: 2^31, or where an int has 32 bits the
// largest count whose float64s' bytes fit in an int.
const maxElements = min(1<<31, math.MaxInt/8)

// Validate checks p as make_classification does, naming the parameter at
// fault. It rejects what scikit-learn 1.2.1 rejects (with messages of its
// own) and what makes it crash (negative sizes, no classes or clusters, no
// informative features, weights that give a cluster a NaN or infinite
// number of samples), and also negative redundant or repeated counts, which
// 1.2.1 accepts with meaningless results. Finite weights, however large or
// negative, are accepted, as scikit-learn accepts them (see clusterStops).
func (p ClassificationParams) Validate() error {
	type bound struct {
		name string
		v    int
		min  int
	}
	for _, b := range []bound{
		{"n_samples", p.Samples, 0},
		{"n_features", p.Features, 1},
		{"n_informative", p.Informative, 1},
		{"n_redundant", p.Redundant, 0},
		{"n_repeated", p.Repeated, 0},
		{"n_classes", p.Classes, 1},
		{"n_clusters_per_class", p.ClustersPerClass, 1},
	} {
		if b.v < b.min {
			return fmt.Errorf("%s is %d; it must be %d or more", b.name, b.v, b.min)
		}
	}
	// Subtracted rather than summed, so that no count can overflow.
	if p.Redundant > p.Features-p.Informative || p.Repeated > p.Features-p.Informative-p.Redundant {
		sum := big.NewInt(int64(p.Informative)) // exact, however large the counts
		sum.Add(sum, big.NewInt(int64(p.Redundant))).Add(sum, big.NewInt(int64(p.Repeated)))
		return fmt.Errorf("n_informative + n_redundant + n_repeated = %d + %d + %d = %v, more than the %d features (n_features)",
			p.Informative, p.Redundant, p.Repeated, sum, p.Features)
	}
	if float64(p.Samples)*float64(p.Features) > maxElements {
		return fmt.Errorf("n_samples(%d) * n_features(%d) exceeds %d values", p.Samples, p.Features, maxElements)
	}
	// scikit-learn compares n_informative < log2(n_classes*n_clusters_per_class);
	// in integers that is n_classes*n_clusters_per_class > 2^n_informative.
	clusters := float64(p.Classes) * float64(p.ClustersPerClass)
	if p.Informative < 63 && clusters > float64(int64(1)<<p.Informative) {
		return fmt.Errorf("n_classes × n_clusters_per_class = %d × %d clusters, but n_informative = %d leaves room for at most 2^%d = %d",
			p.Classes, p.ClustersPerClass, p.Informative, p.Informative, int64(1)<<p.Informative)
	}
	if clusters > maxElements || clusters*float64(p.Informative) > maxElements {
		return fmt.Errorf("n_classes × n_clusters_per_class = %d × %d clusters of %d informative features: too many", p.Classes, p.ClustersPerClass, p.Informative)
	}
	if p.Weights != nil {
		if len(p.Weights) != p.Classes && len(p.Weights) != p.Classes-1 {
			return fmt.Errorf("weights: %d values for %d classes; give %d, or %d and the last class takes the rest",
				len(p.Weights), p.Classes, p.Classes, p.Classes-1)
		}
	}
	return p.checkClusterSizes()
}

// classWeights returns the weights make_classification uses: balanced
// (1/n_classes each), as given, or with the last one inferred as
// 1 - sum(others) summed left to right as Python's sum does.
func (p ClassificationParams) classWeights() []float64 {
	if p.Weights == nil {
		w := make([]float64, p.Classes)
		for i := range w {
			w[i] = 1 / float64(p.Classes)
		}
		return w
	}
	w := append([]float64(nil), p.Weights...)
	if len(w) == p.Classes-1 {
		s := 0.0
		for _, v := range w {
			s += v
		}
		w = append(w, 1-s)
	}
	return w
}

// checkClusterSizes refuses the weights whose n_samples_per_cluster
// entries, int(n_samples * weights[k % n_classes] / n_clusters_per_class),
// Python's int() cannot convert: NaN or infinite quotients. Any finite one
// is an integer to Python, however large.
func (p ClassificationParams) checkClusterSizes() error {
	w := p.classWeights()
	for c := 0; c < p.Classes; c++ {
		v := float64(p.Samples) * w[c] / float64(p.ClustersPerClass)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("weights[%d] = %v: cannot convert %v samples to an integer", c, w[c], v)
		}
	}
	return nil
}

// clusterStops returns, for each cluster k, where make_classification's loop
// ends its rows: stop = sum(n_samples_per_cluster[:k+1]), so that cluster k
// is X[start:stop] with start the previous cluster's stop (0 for the
// first). n_samples_per_cluster is int(n_samples * weights[k % n_classes] /
// n_clusters_per_class), then n_samples - sum(n_samples_per_cluster) samples
// (when positive) handed out one per cluster in turn: here in one step,
// each cluster getting the quotient by the number of clusters and the first
// ones one more of the remainder, which is what the loop gives (even where
// so many are left over that Python's loop would never end).
//
// Weights far from balanced (negative, or summing to far more than 1) make
// sizes and stops out of all proportion to n_samples, beyond an int and even
// beyond float64's exact integers (weights of 1e20 give 5e21 samples to a
// cluster), and Python's integers hold them exactly; so the sums are exact
// here too, and each stop is then clipped to [-(n_samples+1),
// n_samples+1], which leaves what pySlice selects unchanged. p must have
// passed Validate.
func (p ClassificationParams) clusterStops() []int {
	w := p.classWeights()
	nClusters := p.Classes * p.ClustersPerClass
	// Each class's size: a float64 truncated toward zero, as Python's
	// int(), is an integer, exact in a big.Int.
	sizes := make([]big.Int, p.Classes)
	total := new(big.Int)
	var f big.Float
	for c := range sizes {
		v := float64(p.Samples) * w[c] / float64(p.ClustersPerClass)
		f.SetFloat64(math.Trunc(v)).Int(&sizes[c])
		total.Add(total, &sizes[c])
	}
	total.Mul(total, big.NewInt(int64(p.ClustersPerClass)))
	// The samples left over: each cluster gets extra // nClusters, and the
	// first extra % nClusters one more.
	each, rest := new(big.Int), new(big.Int)
	if extra := new(big.Int).Sub(big.NewInt(int64(p.Samples)), total); extra.Sign() > 0 {
		each.QuoRem(extra, big.NewInt(int64(nClusters)), rest)
	}
	nRest := int(rest.Int64()) // below nClusters
	limit := big.NewInt(int64(p.Samples) + 1)
	negLimit := new(big.Int).Neg(limit)
	one := big.NewInt(1)
	stops := make([]int, nClusters)
	stop := new(big.Int)
	for k := range stops {
		stop.Add(stop, &sizes[k%p.Classes]).Add(stop, each)
		if k < nRest {
			stop.Add(stop, one)
		}
		switch {
		case stop.Cmp(limit) > 0:
			stops[k] = p.Samples + 1
		case stop.Cmp(negLimit) < 0:
			stops[k] = -(p.Samples + 1)
		default:
			stops[k] = int(stop.Int64())
		}
	}
	return stops
}

// pySlice returns the range [start, stop) that Python's seq[start:stop]
// selects from a sequence of length n (negative indices count from the end;
// both ends are clipped; an empty range has stop <= start).
func pySlice(start, stop, n int) (int, int) {
	clip := func(i int) int {
		if i < 0 {
			i += n
			if i < 0 {
				i = 0
			}
		}
		if i > n {
			i = n
		}
		return i
	}
	start, stop = clip(start), clip(stop)
	if stop < start {
		stop = start
	}
	return start, stop
}

// GenerateMemory estimates the peak bytes of a process that generates p's
// data with MakeClassification and, with split, splits and scales it:
// measured, about 3.1 times the float64 matrix without a split
// (make_classification's own arrays) and 4.0 with one (the split and its
// scaled copy), plus the program itself; a little more, to err on the side
// of refusing.
//
// The clusters' arrays come on top: their centroids on the hypercube
// (clusters × informative float64s, and a copy of the last 30 columns
// when there are more), the draw of the hypercube's vertices (numpy's
// sample without replacement: a permutation of all 2^min(informative, 30)
// vertices, a set of the drawn ones, or the drawn ones alone, by the share
// drawn) and their sizes.
func (p ClassificationParams) GenerateMemory(split bool) float64 {
	copies := 3.2
	if split {
		copies = 4.2
	}
	clusters := float64(p.Classes) * float64(p.ClustersPerClass)
	dims := min(p.Informative, 30)
	vertices := math.Ldexp(1, dims)
	c := 8 * clusters * float64(p.Informative) // centroids
	if p.Informative > 30 {
		c += 8 * clusters * 30
	}
	switch ratio := clusters / vertices; {
	case ratio > 0.01 && ratio < 0.99:
		c += 8 * vertices // a permutation of every vertex
	case ratio < 0.2:
		c += 64 * clusters // the drawn vertices and a map of them
	default:
		c += 8 * clusters
	}
	c += 8 * clusters // the cluster sizes
	return copies*8*float64(p.Samples)*float64(p.Features) + c + 32<<20
}
