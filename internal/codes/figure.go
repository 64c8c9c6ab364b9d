package codes

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/plots"
)

// SaveFigure writes the picture of codes.png to path: on the left the
// inputs, [rows, inputs], on the right their codes, [rows, bottleneck],
// each projected onto its own first two principal components (PCA) and
// coloured by the class in y, [rows]. The axes say how much of the variance
// each component carries; a matrix of one column has one component, drawn
// along the x axis. It needs two rows or more. The format follows the
// extension (.png, .svg, .pdf).
func SaveFigure(path string, inputs, codes dataset.Matrix, y []int) error {
	left, err := pcaScatter(fmt.Sprintf("scaled inputs (%d features)", inputs.Cols), inputs, y)
	if err != nil {
		return fmt.Errorf("figure %s: inputs: %w", path, err)
	}
	right, err := pcaScatter(fmt.Sprintf("bottleneck codes (%d features)", codes.Cols), codes, y)
	if err != nil {
		return fmt.Errorf("figure %s: codes: %w", path, err)
	}
	return plots.SideBySide(path, left, right, 12*vg.Inch, 5*vg.Inch)
}

// pcaScatter plots the rows of x on their first two principal components,
// or on the one a single column has.
func pcaScatter(title string, x dataset.Matrix, y []int) (*plot.Plot, error) {
	if x.Rows != len(y) {
		return nil, fmt.Errorf("%d rows, %d labels", x.Rows, len(y))
	}
	k := min(2, x.Cols)
	pr, err := PCA(x, k)
	if err != nil {
		return nil, err
	}
	pc1, pc2 := make([]float64, x.Rows), make([]float64, x.Rows)
	for i := range pc1 {
		pc1[i] = pr.Scores.At(i, 0)
		if k == 2 {
			pc2[i] = pr.Scores.At(i, 1)
		}
	}
	p, err := plots.Scatter2D(title, pc1, pc2, y)
	if err != nil {
		return nil, err
	}
	p.X.Label.Text = fmt.Sprintf("PC 1 (%.0f%% of the variance)", 100*pr.Explained[0])
	p.Y.Label.Text = "no PC 2: one column"
	if k == 2 {
		p.Y.Label.Text = fmt.Sprintf("PC 2 (%.0f%% of the variance)", 100*pr.Explained[1])
	}
	return p, nil
}
