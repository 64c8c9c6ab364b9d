package dataset

import (
	"fmt"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
)

// MakeClassification generates a random n-class classification problem
// exactly as scikit-learn 1.2.1's make_classification does with
// random_state=p.Seed: X is [Samples, Features], y holds a class in
// [0, Classes) per sample.
//
// In the order of its random draws (all from one rng.RandomState): the
// cluster centres as distinct hypercube vertices (sample_without_replacement,
// after randint bits for dimensions beyond 30), scaled by 2*ClassSep and
// shifted by -ClassSep; unless Hypercube, a random factor per centre and per
// dimension; the informative features from the standard normal; per cluster
// a random linear map 2*U-1 applied with a matrix product, plus the centre;
// the redundant features as the informative ones times another random 2*U-1
// matrix; repeated copies of random informative or redundant columns;
// standard-normal useless features; a label flip for each sample whose
// uniform draw is below FlipY; the shift and scale (drawn per feature when
// RandomShift or RandomScale); and, with Shuffle, a permutation of the
// samples and then one of the features.
func MakeClassification(p ClassificationParams) (X Matrix, y []int, err error) {
	return makeClassification(p, openBLASThreads())
}

// makeClassification is MakeClassification with OpenBLAS's thread count
// given, which only matters for a few matrix shapes (see blas.go).
func makeClassification(p ClassificationParams, threads int) (Matrix, []int, error) {
	if err := p.Validate(); err != nil {
		return Matrix{}, nil, fmt.Errorf("make_classification: %w", err)
	}
	stops := p.clusterStops()
	r := rng.New(p.Seed)
	n, nf, ni := p.Samples, p.Features, p.Informative
	nClusters := p.Classes * p.ClustersPerClass
	X := NewMatrix(n, nf)
	y := make([]int, n)

	centroids, err := hypercube(r, nClusters, ni)
	if err != nil {
		return Matrix{}, nil, fmt.Errorf("make_classification: %w", err)
	}
	twoSep := 2 * p.ClassSep
	for i, v := range centroids.Data {
		centroids.Data[i] = float64(v*twoSep) - p.ClassSep
	}
	if !p.Hypercube {
		for c := 0; c < nClusters; c++ {
			f := r.RandomSample()
			row := centroids.Row(c)
			for j := range row {
				row[j] *= f
			}
		}
		f := make([]float64, ni)
		for j := range f {
			f[j] = r.RandomSample()
		}
		for c := 0; c < nClusters; c++ {
			row := centroids.Row(c)
			for j := range row {
				row[j] *= f[j]
			}
		}
	}

	// Informative features, then each cluster's covariance and centre.
	for i := 0; i < n; i++ {
		row := X.Row(i)
		for j := 0; j < ni; j++ {
			row[j] = r.StandardNormal()
		}
	}
	for k := 0; k < nClusters; k++ {
		start := 0
		if k > 0 {
			start = stops[k-1]
		}
		lo, hi := pySlice(start, stops[k], n)
		for i := lo; i < hi; i++ {
			y[i] = k % p.Classes
		}
		A := randomSigned(r, ni, ni)
		Xk := dot(X.Data[lo*nf:], hi-lo, ni, nf, A.Data, ni, threads)
		centre := centroids.Row(k)
		for i := lo; i < hi; i++ {
			row, prod := X.Row(i), Xk.Row(i-lo)
			for j := 0; j < ni; j++ {
				row[j] = prod[j] + centre[j]
			}
		}
	}

	if p.Redundant > 0 {
		B := randomSigned(r, ni, p.Redundant)
		red := dot(X.Data, n, ni, nf, B.Data, p.Redundant, threads)
		for i := 0; i < n; i++ {
			copy(X.Row(i)[ni:ni+p.Redundant], red.Row(i))
		}
	}
	if p.Repeated > 0 {
		nu := ni + p.Redundant
		idx := make([]int, p.Repeated)
		for q := range idx {
			idx[q] = int(float64(float64(nu-1)*r.RandomSample()) + 0.5)
		}
		for i := 0; i < n; i++ {
			row := X.Row(i)
			for q, src := range idx {
				row[nu+q] = row[src]
			}
		}
	}
	if useless := nf - ni - p.Redundant - p.Repeated; useless > 0 {
		for i := 0; i < n; i++ {
			row := X.Row(i)
			for j := nf - useless; j < nf; j++ {
				row[j] = r.StandardNormal()
			}
		}
	}

	if p.FlipY >= 0 {
		var flip []int
		for i := 0; i < n; i++ {
			if r.RandomSample() < p.FlipY {
				flip = append(flip, i)
			}
		}
		for _, i := range flip {
			y[i] = r.RandInt(0, p.Classes)
		}
	}

	shift := make([]float64, nf)
	for j := range shift {
		if p.RandomShift {
			shift[j] = float64(2*r.RandomSample()-1) * p.ClassSep
		} else {
			shift[j] = p.Shift
		}
	}
	for i := 0; i < n; i++ {
		row := X.Row(i)
		for j := range row {
			row[j] += shift[j]
		}
	}
	scale := make([]float64, nf)
	for j := range scale {
		if p.RandomScale {
			scale[j] = 1 + float64(100*r.RandomSample())
		} else {
			scale[j] = p.Scale
		}
	}
	for i := 0; i < n; i++ {
		row := X.Row(i)
		for j := range row {
			row[j] *= scale[j]
		}
	}

	if p.Shuffle {
		rows := arange(n)
		r.ShuffleInts(rows)
		X = X.rowsOf(rows)
		yy := make([]int, n)
		for i, src := range rows {
			yy[i] = y[src]
		}
		y = yy
		cols := arange(nf)
		r.ShuffleInts(cols)
		tmp := make([]float64, nf)
		for i := 0; i < n; i++ {
			row := X.Row(i)
			for j, src := range cols {
				tmp[j] = row[src]
			}
			copy(row, tmp)
		}
	}
	return X, y, nil
}

// hypercube returns scikit-learn's _generate_hypercube(samples, dims): distinct
// vertices of the dims-dimensional unit hypercube, [samples, dims] of 0/1.
// Up to 30 dimensions they are sample_without_replacement(2^dims, samples),
// each value's bits written most significant first; beyond 30, randint(2)
// bits for the first dims-30 columns (drawn first, row by row) and 30
// dimensions done that way for the rest.
func hypercube(r *rng.RandomState, samples, dims int) (Matrix, error) {
	out := NewMatrix(samples, dims)
	if dims > 30 {
		extra := dims - 30
		for i := 0; i < samples; i++ {
			for j := 0; j < extra; j++ {
				out.Data[i*dims+j] = float64(r.RandInt(0, 2))
			}
		}
		low, err := hypercube(r, samples, 30)
		if err != nil {
			return Matrix{}, err
		}
		for i := 0; i < samples; i++ {
			copy(out.Row(i)[extra:], low.Row(i))
		}
		return out, nil
	}
	vals, err := r.SampleWithoutReplacement(1<<dims, samples)
	if err != nil {
		return Matrix{}, err
	}
	for i, v := range vals {
		for j := 0; j < dims; j++ {
			out.Data[i*dims+j] = float64((v >> (dims - 1 - j)) & 1)
		}
	}
	return out, nil
}

// randomSigned returns 2*uniform(size=(rows, cols)) - 1, drawn row by row.
func randomSigned(r *rng.RandomState, rows, cols int) Matrix {
	m := NewMatrix(rows, cols)
	for i := range m.Data {
		m.Data[i] = 2*r.RandomSample() - 1
	}
	return m
}

// arange returns [0, 1, ..., n-1].
func arange(n int) []int {
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	return a
}
