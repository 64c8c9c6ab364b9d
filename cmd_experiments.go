package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/gorgonia-ae/autoencoder/compare"
	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/experiments"
	"github.com/gorgonia-ae/autoencoder/training"
)

// experimentsFlags are the experiments command's settings.
type experimentsFlags struct {
	configs  string
	seeds    string
	epochs   int
	batch    int
	parallel int
	out      string
	baseline string
	torch    string
}

func newExperimentsFlagSet(f *experimentsFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("autoencoder experiments", flag.ContinueOnError)
	fs.StringVar(&f.configs, "configs", experiments.DefaultConfigs,
		"comma-separated configurations: bn<B> or bn<B>_l2 (hidden 200,100), bn<B>_l3 (hidden 200,100,50), bn<B>_h<W>-<W>... (any widths)")
	fs.StringVar(&f.seeds, "seeds", "1,2,3", "comma-separated seeds of numpy's RandomState; every configuration runs with each")
	fs.IntVar(&f.epochs, "epochs", 200, "epochs per run")
	fs.IntVar(&f.batch, "batch", 16, "rows per minibatch")
	fs.IntVar(&f.parallel, "parallel", 0, fmt.Sprintf("runs that train at once; 0 means GOMAXPROCS (%d here); 1 runs them one after another", runtime.GOMAXPROCS(0)))
	fs.StringVar(&f.out, "out", "out/experiments", "directory for results.csv, sweep.json, the figures and report.md (created if needed)")
	fs.StringVar(&f.baseline, "baseline", "", "sweep.json of the same sweep run with -parallel 1: the report sets this sweep's wall time against it")
	fs.StringVar(&f.torch, "torch", "", "directory of reference/torch_keras_semantics.py histories named <config>_s<seed>.csv (e.g. bn50_l3_s2.csv): "+
		"the report sets each run beside the replica's run from the same seed")
	return fs
}

// sweep validates the flags that need no data and returns the sweep and
// the baseline timing (nil without -baseline).
func (f *experimentsFlags) sweep() (experiments.Sweep, *experiments.Timing, error) {
	configs, err := experiments.ParseConfigs(f.configs)
	if err != nil {
		return experiments.Sweep{}, nil, fmt.Errorf("-configs: %w", err)
	}
	seeds, err := experiments.ParseSeeds(f.seeds)
	if err != nil {
		return experiments.Sweep{}, nil, fmt.Errorf("-seeds: %w", err)
	}
	switch {
	case f.epochs <= 0:
		return experiments.Sweep{}, nil, fmt.Errorf("-epochs must be positive, got %d", f.epochs)
	case f.batch <= 0:
		return experiments.Sweep{}, nil, fmt.Errorf("-batch must be positive, got %d", f.batch)
	case f.parallel < 0:
		return experiments.Sweep{}, nil, fmt.Errorf("-parallel must be 0 (GOMAXPROCS) or more, got %d", f.parallel)
	case strings.TrimSpace(f.out) == "":
		return experiments.Sweep{}, nil, fmt.Errorf("-out must name a directory")
	}
	s := experiments.Sweep{Configs: configs, Seeds: seeds, Epochs: f.epochs, BatchSize: f.batch, Parallel: f.parallel}
	if f.baseline == "" {
		return s, nil, nil
	}
	base, err := experiments.ReadTiming(f.baseline)
	if err != nil {
		return s, nil, fmt.Errorf("-baseline: %w", err)
	}
	if base.Parallel != 1 {
		return s, nil, fmt.Errorf("-baseline: %s ran %d at a time; the baseline must be a -parallel 1 sweep", f.baseline, base.Parallel)
	}
	if err := (experiments.Results{Sweep: s}).Timing().SameSweep(base); err != nil {
		return s, nil, fmt.Errorf("-baseline: %s is another sweep: %w", f.baseline, err)
	}
	return s, &base, nil
}

// runExperiments trains every configuration with every seed, in parallel,
// and writes the results and the report.
func runExperiments(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f experimentsFlags
	fs := newExperimentsFlagSet(&f)
	help, err := parseFlags(fs, args, stdout, "usage: autoencoder experiments [flags]")
	if help {
		return exitOK
	}
	var sweep experiments.Sweep
	var base *experiments.Timing
	var sameSeed map[string]compare.History
	if err == nil {
		sweep, base, err = f.sweep()
	}
	if err == nil && f.torch != "" {
		sameSeed, err = experiments.ReadSameSeed(f.torch, sweep)
		if err != nil {
			err = fmt.Errorf("-torch: %w", err)
		}
	}
	if err == nil {
		err = checkWritableDir(f.out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder experiments: %v\n", err)
		return exitUsage
	}

	_, train, test, err := dataset.Notebook()
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder experiments: generate the notebook's data: %v\n", err)
		return exitFailure
	}
	total := len(sweep.Configs) * len(sweep.Seeds)
	workers := sweep.Parallel
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
		sweep.Parallel = workers
	}
	// Gorgonia's TapeMachine.RunAll locks the calling goroutine to its OS
	// thread and runs the tape on another goroutine, so every training step
	// moves a P from thread to thread twice. With one P per core, one run's
	// woken thread waits for the P that the other run holds and the cores
	// idle (measured: 1.4 of 2 cores busy); two Ps per concurrent run let the
	// hand-offs overlap (15 s instead of 19 s for a 100-epoch sweep here).
	// The runs' numbers do not depend on it.
	if prev := runtime.GOMAXPROCS(0); workers > 1 && 2*workers > prev {
		runtime.GOMAXPROCS(2 * workers)
		defer runtime.GOMAXPROCS(prev)
	}
	fmt.Fprintf(stdout, "%d configurations × %d seeds = %d runs of %d epochs, %d at a time\n",
		len(sweep.Configs), len(sweep.Seeds), total, sweep.Epochs, min(workers, total))
	res, err := experiments.Execute(ctx, sweep, train, test, func(r experiments.Run, done, total int) {
		loss, val := r.Final()
		best, _ := r.History.Best()
		fmt.Fprintf(stdout, "[%d/%d] %s seed %d: loss %s - val_loss %s - min val_loss %s at epoch %d - %.1f s\n",
			done, total, r.Config.Name(), r.Seed, training.FormatLoss(loss), training.FormatLoss(val),
			training.FormatLoss(best.ValLoss), best.Epoch, r.Wall.Seconds())
	})
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "autoencoder experiments: interrupted; nothing written\n")
		return exitInterrupted
	case err != nil:
		fmt.Fprintf(stderr, "autoencoder experiments: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "sweep: %d runs in %s\n", total, res.Wall.Round(time.Millisecond))

	var ks []int
	for _, c := range sweep.Configs {
		ks = append(ks, c.Bottleneck)
	}
	sub, err := experiments.AnalyseSubspace(train, test, ks)
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder experiments: %v\n", err)
		return exitFailure
	}
	rep := experiments.Report{Results: res, Subspace: sub, Baseline: base, SameSeed: sameSeed,
		Command: "go run . experiments " + strings.Join(args, " ")}
	names, err := experiments.Write(f.out, rep)
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder experiments: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "wrote %s in %s\n", strings.Join(names, ", "), f.out)
	if base != nil {
		fmt.Fprintf(stdout, "parallel/sequential wall time: %.1f s / %.1f s = %.2f\n",
			res.Wall.Seconds(), base.WallSeconds, res.Wall.Seconds()/base.WallSeconds)
	}
	return exitOK
}
