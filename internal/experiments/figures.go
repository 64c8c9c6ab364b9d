package experiments

import (
	"fmt"
	"path/filepath"

	"gonum.org/v1/plot/vg"

	"github.com/gorgonia-ae/autoencoder/plots"
)

// Figure sizes: the notebook's matplotlib default, 6.4 × 4.8 inches.
const (
	figWidth  = 6.4 * vg.Inch
	figHeight = 4.8 * vg.Inch
)

// CurvesFile is the name of configuration c's learning-curve figure.
func CurvesFile(c Config) string { return "curves_" + c.Name() + ".png" }

// ComparisonFile is the name of the figure with every configuration's
// val_loss.
const ComparisonFile = "comparison.png"

// WriteFigures writes CurvesFile(c) for every configuration (train and
// val loss of each seed, on a log axis) and ComparisonFile (each
// configuration's val_loss, averaged over the seeds epoch by epoch) into
// dir. It returns the names of the files written.
func WriteFigures(dir string, r Results) ([]string, error) {
	var names []string
	var series []plots.Series
	for _, c := range r.Sweep.Configs {
		runs := r.Of(c)
		var curves []plots.Run
		for _, run := range runs {
			curves = append(curves, plots.Run{Label: fmt.Sprintf("seed %d", run.Seed),
				Epochs: run.History.EpochNumbers(), Train: run.History.Loss(), Val: run.History.ValLoss()})
		}
		p, err := plots.SeedCurves(fmt.Sprintf("%s (%s)", c.Name(), c.Describe()), curves)
		if err != nil {
			return names, err
		}
		name := CurvesFile(c)
		if err := plots.Save(p, filepath.Join(dir, name), figWidth, figHeight); err != nil {
			return names, err
		}
		names = append(names, name)
		label := c.Name()
		if len(runs) > 1 {
			label += fmt.Sprintf(" (mean of %d seeds)", len(runs))
		}
		series = append(series, plots.Series{Label: label, Epochs: runs[0].History.EpochNumbers(), Y: meanCurve(runs)})
	}
	p, err := plots.Comparison("val_loss by configuration", series)
	if err != nil {
		return names, err
	}
	if err := plots.Save(p, filepath.Join(dir, ComparisonFile), figWidth, figHeight); err != nil {
		return names, err
	}
	return append(names, ComparisonFile), nil
}

// meanCurve is the epoch-by-epoch mean of the runs' val_loss (all runs of a
// sweep have the same number of epochs).
func meanCurve(runs []Run) []float64 {
	out := make([]float64, runs[0].History.Len())
	for _, run := range runs {
		for i, v := range run.History.ValLoss() {
			out[i] += v / float64(len(runs))
		}
	}
	return out
}
