package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/checkpoint"
	"github.com/gorgonia-ae/autoencoder/compare"
	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/plots"
	"github.com/gorgonia-ae/autoencoder/training"
)

// compareFlags are the compare command's settings.
type compareFlags struct {
	history    string
	goHistory  string
	label      string
	init       string
	bottleneck int
	hidden     string
	seed       uint64
	epochs     int
	batch      int
	shuffle    bool
	every      int
	out        string
}

// compareTrainingFlags are the flags that describe the Go run to train;
// they do not apply with -go.
var compareTrainingFlags = []string{"init", "bottleneck", "hidden", "seed", "epochs", "batch", "shuffle"}

func newCompareFlagSet(f *compareFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("autoencoder compare", flag.ContinueOnError)
	fs.StringVar(&f.history, "history", "", "the reference history (required): Keras's history.history as JSON, or a CSV with epoch,loss,val_loss")
	fs.StringVar(&f.goHistory, "go", "", "compare this Go history.csv (from the train command) instead of training a run")
	fs.StringVar(&f.label, "label", "reference", "the reference's name in the figure, e.g. keras")
	fs.StringVar(&f.init, "init", "", "start the Go run from these initial weights (JSON tensor list, e.g. keras_notebook.py --export-init) instead of -seed's")
	fs.IntVar(&f.bottleneck, "bottleneck", 100, "units in the bottleneck")
	fs.StringVar(&f.hidden, "hidden", "200,100", "comma-separated encoder widths (the decoder mirrors them)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of numpy's RandomState: the initial weights (unless -init) and each epoch's shuffle")
	fs.IntVar(&f.epochs, "epochs", 0, "epochs of the Go run (default: as many as the reference has)")
	fs.IntVar(&f.batch, "batch", 16, "rows per minibatch")
	fs.BoolVar(&f.shuffle, "shuffle", true, "shuffle the training rows every epoch with the seed's RandomState")
	fs.IntVar(&f.every, "every", 0, "print every N-th epoch (default: all up to 20 epochs, else 1-5, every 10th and the last)")
	fs.StringVar(&f.out, "out", "out/compare", "directory for compare.csv (every epoch), compare.png and the Go run's history.csv")
	return fs
}

// validate checks the flags and reads the reference history, so that a bad
// flag or file fails before any training.
func (f *compareFlags) validate(fs *flag.FlagSet) (compare.History, error) {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	switch {
	case f.history == "":
		return compare.History{}, errors.New("-history is required: a Keras history JSON or an epoch,loss,val_loss CSV")
	case f.bottleneck <= 0:
		return compare.History{}, fmt.Errorf("-bottleneck must be positive, got %d", f.bottleneck)
	case f.epochs < 0:
		return compare.History{}, fmt.Errorf("-epochs must be positive, got %d", f.epochs)
	case f.batch <= 0:
		return compare.History{}, fmt.Errorf("-batch must be positive, got %d", f.batch)
	case f.seed > math.MaxUint32:
		return compare.History{}, fmt.Errorf("-seed must be between 0 and 4294967295, got %d", f.seed)
	case f.every < 0:
		return compare.History{}, fmt.Errorf("-every must be 0 or more, got %d", f.every)
	case strings.TrimSpace(f.out) == "":
		return compare.History{}, errors.New("-out must name a directory")
	}
	if f.goHistory != "" {
		for _, name := range compareTrainingFlags {
			if set[name] {
				return compare.History{}, fmt.Errorf("-%s describes a run to train; it does not apply with -go", name)
			}
		}
	}
	if _, err := model.ParseHidden(f.hidden, 1); err != nil {
		return compare.History{}, fmt.Errorf("-hidden %q: %w", f.hidden, err)
	}
	if f.init != "" {
		if _, err := os.Stat(f.init); err != nil {
			return compare.History{}, fmt.Errorf("-init: %w", err)
		}
	}
	ref, err := compare.ReadFile(f.history)
	if err != nil {
		return compare.History{}, fmt.Errorf("-history: %w", err)
	}
	return ref, nil
}

// runCompare trains the Go run that matches a reference history (or reads
// one) and prints, plots and writes their differences.
func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f compareFlags
	fs := newCompareFlagSet(&f)
	help, err := parseFlags(fs, args, stdout, "usage: autoencoder compare -history FILE [flags]")
	if help {
		return exitOK
	}
	var ref compare.History
	if err == nil {
		ref, err = f.validate(fs)
	}
	var goRun compare.History
	if err == nil && f.goHistory != "" {
		goRun, err = compare.ReadFile(f.goHistory)
		if err != nil {
			err = fmt.Errorf("-go: %w", err)
		}
	}
	if err == nil {
		err = checkWritableDir(f.out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder compare: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "reference: %s, %d epochs\n", f.history, ref.Len())

	if f.goHistory == "" {
		var code int
		goRun, code = f.train(ctx, ref.Len(), stdout, stderr)
		if code != exitOK {
			return code
		}
	} else {
		fmt.Fprintf(stdout, "go: %s, %d epochs\n", f.goHistory, goRun.Len())
	}

	table, err := compare.Diff(goRun, ref)
	if err == nil {
		err = table.WriteText(stdout, f.every)
	}
	if err == nil {
		err = atomicfile.WriteFile(filepath.Join(f.out, "compare.csv"), table.WriteCSV)
	}
	if err == nil {
		var p *plot.Plot
		p, err = compare.Figure("go against "+f.label, goRun, ref, f.label)
		if err == nil {
			err = plots.Save(p, filepath.Join(f.out, "compare.png"), 6.4*vg.Inch, 4.8*vg.Inch)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder compare: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "wrote compare.csv and compare.png in %s\n", f.out)
	return exitOK
}

// train runs the Go side of the comparison on the notebook's data and
// writes its history.csv.
func (f *compareFlags) train(ctx context.Context, refEpochs int, stdout, stderr io.Writer) (compare.History, int) {
	_, train, test, err := dataset.Notebook()
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder compare: generate the notebook's data: %v\n", err)
		return compare.History{}, exitFailure
	}
	hidden, err := model.ParseHidden(f.hidden, train.Cols)
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder compare: -hidden %q: %v\n", f.hidden, err)
		return compare.History{}, exitUsage
	}
	spec := training.Spec{
		Model:  model.Config{Inputs: train.Cols, Hidden: hidden, Bottleneck: f.bottleneck, Dtype: tensor.Float32},
		Seed:   uint32(f.seed),
		Epochs: f.epochs, BatchSize: f.batch, Shuffle: f.shuffle,
	}
	if spec.Epochs == 0 {
		spec.Epochs = refEpochs
	}
	if f.init != "" {
		spec.Init = func(p *model.Params) error { return checkpoint.LoadJSON(f.init, p) }
		if err := spec.Init(model.ZeroParams(spec.Model)); err != nil {
			fmt.Fprintf(stderr, "autoencoder compare: -init: %v\n", err)
			return compare.History{}, exitUsage
		}
	}
	from := fmt.Sprintf("seed %d", spec.Seed)
	if f.init != "" {
		from = f.init + fmt.Sprintf(" (shuffles from seed %d)", spec.Seed)
	}
	fmt.Fprintf(stdout, "go: training %s from %s, %d epochs ...\n", spec.Model, from, spec.Epochs)
	res, err := training.Run(ctx, spec, train.Data, test.Data, nil)
	if err != nil {
		code := exitFailure
		if errors.Is(err, context.Canceled) {
			code = exitInterrupted
		}
		fmt.Fprintf(stderr, "autoencoder compare: %v\n", err)
		return compare.History{}, code
	}
	fmt.Fprintln(stdout, "go:", res.History.Summary(res.Wall))
	if err := atomicfile.WriteFile(filepath.Join(f.out, "history.csv"), res.History.WriteCSV); err != nil {
		fmt.Fprintf(stderr, "autoencoder compare: %v\n", err)
		return compare.History{}, exitFailure
	}
	return compare.FromTraining(res.History), exitOK
}
