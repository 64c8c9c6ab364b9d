package experiments

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gorgonia-ae/autoencoder/internal/compare"
	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
)

// Report is what report.md is written from: a finished sweep, the linear
// analysis of its data, and optionally the timing of the same sweep run one
// run at a time.
type Report struct {
	Results  Results
	Subspace Subspace
	// Baseline, if set, is the same sweep's timing with -parallel 1: the
	// report sets this sweep's wall time against it.
	Baseline *Timing
	// Command is the command line that ran the sweep, quoted in the report.
	Command string
	// SameSeed, if set, holds reference/torch_keras_semantics.py's histories
	// for the sweep's configurations and seeds (ReadSameSeed), keyed by
	// SameSeedFile: runs that start from the same weights and shuffles.
	SameSeed map[string]compare.History
}

// WriteMarkdown writes report.md: the sweep's results table, answers to
// the notebook's Questions 1-3 from the measured numbers, every
// configuration set against the Keras replica's seed band, TensorFlow.js and
// the tutorial's printed figures, and the parallel speed-up. Figures are
// linked by their file names (report.md goes next to them).
func (rep Report) WriteMarkdown(w io.Writer) error {
	r := rep.Results
	if len(r.Runs) == 0 || len(r.Sweep.Configs) == 0 {
		return fmt.Errorf("report: the sweep has no runs")
	}
	for i, run := range r.Runs {
		if run.History.Len() == 0 {
			return fmt.Errorf("report: run %d has no finished epoch", i+1)
		}
	}
	var b bytes.Buffer
	rep.header(&b)
	rep.results(&b)
	rep.q1(&b)
	rep.q2(&b)
	rep.q3(&b)
	if err := rep.keras(&b); err != nil {
		return err
	}
	rep.speed(&b)
	_, err := w.Write(b.Bytes())
	return err
}

// g formats a loss with three significant digits.
func g(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.3g", v)
}

// pm formats mean ± sd, or the mean alone for one seed.
func pm(s kerasref.Stat) string {
	if math.IsNaN(s.SD) {
		return g(s.Mean)
	}
	return g(s.Mean) + " ± " + g(s.SD)
}

// overSeeds names how a figure was taken from the runs of each
// configuration: "mean over the seeds" for stat "mean", or "seed 7 alone"
// when the sweep ran one seed.
func (rep Report) overSeeds(stat string) string {
	if s := rep.Results.Sweep.Seeds; len(s) == 1 {
		return fmt.Sprintf("seed %d alone", s[0])
	}
	return stat + " over the seeds"
}

// seedList is "seed 4" or "seeds 1,2,3".
func seedList(r Results) string {
	s := make([]string, len(r.Sweep.Seeds))
	for i, v := range r.Sweep.Seeds {
		s[i] = fmt.Sprint(v)
	}
	if len(s) == 1 {
		return "seed " + s[0]
	}
	return "seeds " + strings.Join(s, ",")
}

func intList(v []int) string { return joinInts(v, ", ") }

// thousands writes n with comma separators: 8400 → "8,400".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (rep Report) header(b *bytes.Buffer) {
	r := rep.Results
	fmt.Fprintf(b, "# The exercise, answered: minibatches, bottlenecks and a third level\n\n")
	if rep.Command != "" {
		fmt.Fprintf(b, "Written by `%s`", rep.Command)
	} else {
		fmt.Fprintf(b, "Written by the experiments command")
	}
	fmt.Fprintf(b, " (%s, %d runs, %d at a time, GOMAXPROCS %d on %d CPUs). Every number below was measured by that run; "+
		"`results.csv` has one row per run and `sweep.json` the sweep's timing.\n\n",
		r.Timing().GoVersion, len(r.Runs), r.Workers, r.MaxProcs, r.NumCPU)
	fmt.Fprintf(b, "**Data**: the notebook's `make_classification` (%d features: 10 informative, 90 redundant), "+
		"%d training rows and %d validation rows, scaled to [0, 1] on the training rows. "+
		"**Model**: Dense–BatchNorm–LeakyReLU(0.3) per encoder level, a linear bottleneck, the mirrored decoder and a linear output; "+
		"float32, Adam (lr 1e-3), mean squared error, batches of %d shuffled every epoch, %d epochs, "+
		"%s (numpy `RandomState`: the glorot-uniform weights, then each epoch's order); the %s graph.\n\n",
		r.Inputs, r.Rows, r.ValRows, r.Sweep.BatchSize, r.Sweep.Epochs, seedList(r), r.Sweep.Graph)
}

func (rep Report) results(b *bytes.Buffer) {
	r := rep.Results
	fmt.Fprintf(b, "## Results\n\n")
	if len(r.Sweep.Seeds) == 1 {
		fmt.Fprintf(b, "One seed: each figure is that run's.\n\n")
	} else {
		fmt.Fprintf(b, "Mean ± sample standard deviation over the seeds.\n\n")
	}
	fmt.Fprintf(b, "| config | hidden | bottleneck | parameters | final loss | final val_loss | min val_loss | epoch of min (per seed) | median seconds per run |\n")
	fmt.Fprintf(b, "|---|---|---|---:|---|---|---|---|---:|\n")
	for _, c := range r.Sweep.Configs {
		s := statsOf(r.Of(c))
		fmt.Fprintf(b, "| %s | %s | %d | %s | %s | %s | %s | %s | %.1f |\n", c.Name(), joinInts(c.Hidden, ","), c.Bottleneck,
			thousands(s.Params), pm(stat(s.FinalLoss)), pm(stat(s.FinalVal)), pm(stat(s.MinVal)), intList(s.MinEpoch), median(s.RunSec))
	}
	fmt.Fprintf(b, "\n![every configuration's val_loss, %s, log scale](%s)\n\n", rep.overSeeds("mean"), ComparisonFile)
	runs := "seeds"
	if len(r.Sweep.Seeds) == 1 {
		runs = "run"
	}
	fmt.Fprintf(b, "Each configuration's %s, train (dashed) and val (solid): ", runs)
	for i, c := range r.Sweep.Configs {
		if i > 0 {
			fmt.Fprintf(b, " · ")
		}
		fmt.Fprintf(b, "[%s](%s)", c.Name(), CurvesFile(c))
	}
	fmt.Fprintf(b, ".\n\n")
}

// notebookConfig is the configuration Q1 is measured on: the notebook's own
// (bottleneck 100, two levels) if the sweep ran it, else the first.
func (rep Report) notebookConfig() Config {
	for _, c := range rep.Results.Sweep.Configs {
		if c.Name() == "bn100_l2" {
			return c
		}
	}
	return rep.Results.Sweep.Configs[0]
}

func (rep Report) q1(b *bytes.Buffer) {
	r := rep.Results
	c := rep.notebookConfig()
	runs := r.Of(c)
	s := statsOf(runs)
	steps := runs[0].History.Epochs[0].Steps
	full, last := r.Rows/r.Sweep.BatchSize, r.Rows%r.Sweep.BatchSize
	fmt.Fprintf(b, "## Q1. What is the difference between minibatches and epochs?\n\n")
	fmt.Fprintf(b, "A **minibatch** is %d rows: Keras computes the loss on them, its gradient, and makes **one Adam update** of every weight. "+
		"An **epoch** is one pass over all %d training rows in a fresh random order, followed by the validation loss on the %d validation rows. ",
		r.Sweep.BatchSize, r.Rows, r.ValRows)
	if last > 0 {
		fmt.Fprintf(b, "%d rows / %d = %.3g, so an epoch is **%d steps**: %d minibatches of %d and one of %d. ",
			r.Rows, r.Sweep.BatchSize, float64(r.Rows)/float64(r.Sweep.BatchSize), steps, full, r.Sweep.BatchSize, last)
	} else {
		fmt.Fprintf(b, "%d rows / %d = %d, so an epoch is **%d steps**. ", r.Rows, r.Sweep.BatchSize, full, steps)
	}
	fmt.Fprintf(b, "%d epochs make **%s updates** (counted in this run: %s).\n\n",
		r.Sweep.Epochs, thousands(steps*r.Sweep.Epochs), thousands(runs[0].Steps()))

	stepMs, epochMs := median(s.StepMs), median(s.EpochMs)
	valMs := epochMs - stepMs*float64(steps)
	fmt.Fprintf(b, "What each costs, measured on %s (%s, %s trainable parameters), %s: "+
		"a step takes **%.2f ms** (forward, backward and update on %d rows); an epoch takes **%.1f ms**: %d steps (%.1f ms) "+
		"plus the shuffle and the validation pass in inference mode (%.1f ms); the %d-epoch run takes **%.1f s**.",
		c.Name(), c.Describe(), thousands(s.Params), rep.overSeeds("median"), stepMs, r.Sweep.BatchSize, epochMs, steps, stepMs*float64(steps),
		valMs, r.Sweep.Epochs, median(s.RunSec))
	if r.Workers > 1 {
		fmt.Fprintf(b, " These runs trained %d at a time on %d CPUs, so each was slower than it would be alone.", r.Workers, r.NumCPU)
	}
	fmt.Fprintf(b, "\n\n")

	fmt.Fprintf(b, "What the epochs buy (%s, %s):\n\n", c.Name(), rep.overSeeds("mean"))
	fmt.Fprintf(b, "| after epoch | updates | loss | val_loss |\n|---:|---:|---|---|\n")
	for _, e := range checkpoints(r.Sweep.Epochs) {
		l, v := meanAt(runs, e)
		fmt.Fprintf(b, "| %d | %s | %s | %s |\n", e, thousands(e*steps), g(l), g(v))
	}
	fl, fv := stat(s.FinalLoss).Mean, stat(s.FinalVal).Mean
	fmt.Fprintf(b, "\n`loss` is the mean of the epoch's %d minibatch losses, each taken in training mode (BatchNorm on the minibatch's own statistics) "+
		"before its update, so it averages over weights that change during the epoch; `val_loss` is taken once, after the epoch, "+
		"in inference mode (BatchNorm's moving statistics).", steps)
	if fl > fv {
		fmt.Fprintf(b, " That is how the final loss (%s) can be above the final val_loss (%s) although the model never trains on the validation rows.", g(fl), g(fv))
	}
	fmt.Fprintf(b, "\n\n")
}

// checkpoints are the epochs Q1's table shows: 1, 10, 50, 100 and the last.
func checkpoints(epochs int) []int {
	var out []int
	for _, e := range []int{1, 10, 50, 100} {
		if e < epochs {
			out = append(out, e)
		}
	}
	return append(out, epochs)
}
