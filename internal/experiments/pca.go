package experiments

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// Subspace is the linear analysis of the training data that explains the
// bottleneck question: how many dimensions the rows really span, and the
// best reconstruction any linear code of k dimensions achieves.
type Subspace struct {
	// Singular values of the centred training rows, largest first.
	Singular []float64
	// Rank is the number of singular values above 1e-9 times the largest.
	Rank int
	// PCAValLoss maps k to the mean squared error, over every element of the
	// validation rows, of their reconstruction from the training rows' top k
	// principal components (train mean + projection): the val_loss of the
	// best linear autoencoder with a bottleneck of k.
	PCAValLoss map[int]float64
}

// AnalyseSubspace computes the singular values of the centred training
// rows (rows × cols) and the PCA reconstruction error of val for every k in
// ks (k above cols counts as cols).
func AnalyseSubspace(train, val dataset.Matrix, ks []int) (Subspace, error) {
	if train.Rows < 2 || train.Cols == 0 || val.Cols != train.Cols || val.Rows == 0 {
		return Subspace{}, fmt.Errorf("subspace analysis needs at least 2 training rows and validation rows of the same width, got %dx%d and %dx%d",
			train.Rows, train.Cols, val.Rows, val.Cols)
	}
	n, d := train.Rows, train.Cols
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			mean[j] += train.Data[i*d+j]
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	centred := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			centred.Set(i, j, train.Data[i*d+j]-mean[j])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(centred, mat.SVDThin) {
		return Subspace{}, fmt.Errorf("subspace analysis: SVD of the %dx%d training rows did not converge", n, d)
	}
	s := Subspace{Singular: svd.Values(nil), PCAValLoss: map[int]float64{}}
	for _, v := range s.Singular {
		if v > 1e-9*s.Singular[0] {
			s.Rank++
		}
	}
	var v mat.Dense
	svd.VTo(&v) // d × min(n, d), columns are the principal directions

	m := val.Rows
	vc := mat.NewDense(m, d, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < d; j++ {
			vc.Set(i, j, val.Data[i*d+j]-mean[j])
		}
	}
	_, cols := v.Dims()
	for _, want := range ks {
		k := max(0, min(want, cols))
		var rec mat.Dense
		if k > 0 {
			vk := v.Slice(0, d, 0, k)
			var codes mat.Dense
			codes.Mul(vc, vk)       // m × k
			rec.Mul(&codes, vk.T()) // m × d
		} else {
			rec = *mat.NewDense(m, d, nil)
		}
		var sse float64
		for i := 0; i < m; i++ {
			for j := 0; j < d; j++ {
				e := vc.At(i, j) - rec.At(i, j)
				sse += e * e
			}
		}
		s.PCAValLoss[want] = sse / float64(m*d)
	}
	return s, nil
}
