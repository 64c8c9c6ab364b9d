// Package plots draws the figures of the autoencoder notebook and of the
// runs that reproduce it: the train/test loss curves ("Loss", legend titled
// "datasets"), seed-by-seed and config-by-config loss curves on a log axis,
// and 2-D scatter plots of encoded samples coloured by class.
//
// It knows nothing of Gorgonia or of training: every function takes plain
// slices (epochs []int, losses []float64) and returns a *plot.Plot from
// gonum.org/v1/plot, which Save and SideBySide write to .png, .svg or .pdf.
//
// Input is checked, not trusted: slices of different lengths, empty input,
// NaN or infinite values, and values that are zero or negative on a log
// axis are reported as errors (they are never skipped silently).
package plots
