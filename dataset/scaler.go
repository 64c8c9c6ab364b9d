package dataset

import (
	"fmt"
	"math"
)

// MinMaxScaler maps each feature linearly onto [0, 1] over the range seen in
// the rows it was fitted on, as scikit-learn 1.2.1's MinMaxScaler with its
// default feature_range=(0, 1) does. All slices have one value per feature:
// DataMin and DataMax are the fitted column minima and maxima (NaN ignored),
// Scale is 1/(DataMax-DataMin) (1 for columns whose range is below 10
// machine epsilons) and Min is 0 - DataMin*Scale. A saved scaler needs only
// Scale and Min to transform new raw rows.
type MinMaxScaler struct {
	DataMin, DataMax, Scale, Min []float64
}

// FitMinMaxScaler fits a scaler on the rows of X: [rows, cols] with at least
// one row and one column and no infinite values.
func FitMinMaxScaler(X Matrix) (*MinMaxScaler, error) {
	if err := X.check("MinMaxScaler: X"); err != nil {
		return nil, err
	}
	if X.Rows < 1 || X.Cols < 1 {
		return nil, fmt.Errorf("MinMaxScaler: a matrix of shape (%d, %d); fitting needs at least one row and one column", X.Rows, X.Cols)
	}
	if err := checkFinite(X); err != nil {
		return nil, err
	}
	s := &MinMaxScaler{
		DataMin: make([]float64, X.Cols), DataMax: make([]float64, X.Cols),
		Scale: make([]float64, X.Cols), Min: make([]float64, X.Cols),
	}
	const eps = 0x1p-52 // np.finfo(float64).eps
	// One pass over the rows, in order, so each column's values are met in
	// the same order as a pass down the column would meet them, at memory
	// speed on a large matrix. Between -0 and +0 the later one wins, as
	// numpy's nanmin and nanmax over the rows of a table of several
	// columns keep it (checked against scikit-learn 1.2.1 on random tables
	// of signed zeros); for a single column numpy takes another, vectorised
	// path, whose choice between the zeros can differ. Only the sign of a
	// zero DataMin or DataMax depends on it, never a scaled value.
	lo, hi := s.DataMin, s.DataMax
	for j := range lo {
		lo[j], hi[j] = math.NaN(), math.NaN()
	}
	for i := 0; i < X.Rows; i++ {
		for j, v := range X.Row(i) {
			if math.IsNaN(v) {
				continue
			}
			if math.IsNaN(lo[j]) || v <= lo[j] {
				lo[j] = v
			}
			if math.IsNaN(hi[j]) || v >= hi[j] {
				hi[j] = v
			}
		}
	}
	for j := range lo {
		width := hi[j] - lo[j]
		if width < 10*eps {
			width = 1
		}
		s.Scale[j] = 1 / width
		s.Min[j] = 0 - float64(lo[j]*s.Scale[j])
	}
	return s, nil
}

// Transform returns X scaled column by column as scikit-learn computes it,
// X*Scale then + Min (two roundings): [rows, cols]. X must have the fitted
// number of columns and no infinite values.
func (s *MinMaxScaler) Transform(X Matrix) (Matrix, error) {
	if err := s.checkInput(X); err != nil {
		return Matrix{}, err
	}
	out := NewMatrix(X.Rows, X.Cols)
	for i := 0; i < X.Rows; i++ {
		src, dst := X.Row(i), out.Row(i)
		for j, v := range src {
			dst[j] = float64(v*s.Scale[j]) + s.Min[j]
		}
	}
	return out, nil
}

// checkInput checks that X has the fitted number of columns and no
// infinite values.
func (s *MinMaxScaler) checkInput(X Matrix) error {
	if err := s.checkShape(X); err != nil {
		return err
	}
	return checkFinite(X)
}

// checkShape checks that X is a matrix of the fitted number of columns.
func (s *MinMaxScaler) checkShape(X Matrix) error {
	if err := X.check("MinMaxScaler: X"); err != nil {
		return err
	}
	if X.Cols != len(s.Scale) || len(s.Min) != len(s.Scale) {
		return fmt.Errorf("MinMaxScaler: %d columns, but the scaler was fitted on %d", X.Cols, len(s.Scale))
	}
	return nil
}

func checkFinite(X Matrix) error {
	for i, v := range X.Data {
		if math.IsInf(v, 0) {
			return fmt.Errorf("MinMaxScaler: the value at row %d, column %d is infinite", i/X.Cols, i%X.Cols)
		}
	}
	return nil
}
