package codes

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// Projection is x projected onto its first principal components.
type Projection struct {
	// Scores holds each row's coordinates along the components: [rows, k].
	Scores dataset.Matrix
	// Explained is the fraction of x's total variance each component
	// carries: [k].
	Explained []float64
}

// PCA projects the rows of x, [rows, cols] with rows >= 2, onto its first k
// principal components (gonum's stat.PC, which centres the columns): the
// scores are (x - column means)·V[:, :k]. Each component's sign is chosen
// so that its largest loading is positive, so that the picture does not
// flip between runs or machines. (scikit-learn 1.2.1's PCA makes each
// component's largest score positive instead, so an axis may point the
// other way there: for ExamplePCA's rows it gives PC 2 as +1, -1 where
// this gives -1, +1.)
func PCA(x dataset.Matrix, k int) (Projection, error) {
	if x.Rows < 2 || x.Cols < 1 || len(x.Data) != x.Rows*x.Cols {
		return Projection{}, fmt.Errorf("PCA: need a matrix of at least 2 rows, got %d×%d (%d values)", x.Rows, x.Cols, len(x.Data))
	}
	if k < 1 || k > min(x.Rows, x.Cols) {
		return Projection{}, fmt.Errorf("PCA: %d components asked of a %d×%d matrix", k, x.Rows, x.Cols)
	}
	for i, v := range x.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Projection{}, fmt.Errorf("PCA: row %d, column %d is %v", i/x.Cols+1, i%x.Cols+1, v)
		}
	}
	a := mat.NewDense(x.Rows, x.Cols, x.Data)
	var pc stat.PC
	if !pc.PrincipalComponents(a, nil) {
		return Projection{}, fmt.Errorf("PCA: the SVD of the %d×%d matrix failed", x.Rows, x.Cols)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	total := 0.0
	for _, v := range vars {
		total += v
	}

	centred := mat.DenseCopyOf(a)
	for j := 0; j < x.Cols; j++ {
		m := stat.Mean(mat.Col(nil, j, a), nil)
		for i := 0; i < x.Rows; i++ {
			centred.Set(i, j, centred.At(i, j)-m)
		}
	}
	v := mat.DenseCopyOf(vecs.Slice(0, x.Cols, 0, k))
	for j := 0; j < k; j++ {
		big := 0.0
		for i := 0; i < x.Cols; i++ {
			if math.Abs(v.At(i, j)) > math.Abs(big) {
				big = v.At(i, j)
			}
		}
		if big < 0 {
			for i := 0; i < x.Cols; i++ {
				v.Set(i, j, -v.At(i, j))
			}
		}
	}
	var scores mat.Dense
	scores.Mul(centred, v)
	out := Projection{Scores: dataset.NewMatrix(x.Rows, k), Explained: make([]float64, k)}
	for i := 0; i < x.Rows; i++ {
		for j := 0; j < k; j++ {
			out.Scores.Data[i*k+j] = scores.At(i, j)
		}
	}
	for j := 0; j < k; j++ {
		if total > 0 {
			out.Explained[j] = vars[j] / total
		}
	}
	return out, nil
}
