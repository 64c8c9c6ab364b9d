package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"gonum.org/v1/plot/vg"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/internal/compare"
	"github.com/gorgonia-ae/autoencoder/plots"
	"github.com/gorgonia-ae/autoencoder/training"
)

// Files compare writes into -out.
const (
	compareTable   = "compare.csv"         // every epoch's losses and relative differences
	compareFigure  = "compare.png"         // both runs' curves
	compareHistory = "compare_history.csv" // the Go run's history, when compare trained it
)

func compareCmd() *Command {
	return &Command{
		Name:  "compare",
		Args:  "-history FILE [-go FILE | training flags] [-out DIR]",
		Short: "train the matching Go run (or read one) and set it beside a Keras history, epoch by epoch, with " + compareFigure,
		Setup: func(fs *flag.FlagSet) Action {
			c := &comparer{}
			c.register(fs)
			return func(ctx context.Context, env *Env) error { return c.compare(ctx, fs, env) }
		},
	}
}

// comparer is the compare command's settings.
type comparer struct {
	history   string
	goHistory string
	name      string
	every     int
	out       string
	model     modelFlags
	run       runFlags
}

func (c *comparer) register(fs *flag.FlagSet) {
	fs.StringVar(&c.history, "history", "", "the reference history `file` (required): Keras's history.history as JSON, or a CSV with epoch,loss,val_loss")
	fs.StringVar(&c.goHistory, "go", "", "compare this Go history.csv `file` (from the train command) instead of training a run")
	fs.StringVar(&c.name, "name", "reference", "the reference's name in the figure, e.g. keras")
	addIntFlag(fs, &c.every, "every", 0, "print every `N`-th epoch (default: all up to 20 epochs, else 1-5, every 10th and the last)")
	addOutFlag(fs, &c.out, compareTable+" (every epoch), "+compareFigure+" and, when it trains the Go run, that run's "+compareHistory)
	c.model.register(fs)
	c.run.register(fs)
	// -epochs defaults to the reference's length (see validate), not 200.
	epochs := fs.Lookup("epochs")
	epochs.Usage, epochs.DefValue = "passes over the training rows (default: as many as the reference has)", "0"
}

// plan is what compare works on once its flags are checked: the
// reference, and either the Go history to read or the Go run to train on
// the notebook's data.
type plan struct {
	ref, goRun  compare.History
	spec        training.Spec
	train, test dataset.Matrix
}

// validate checks the flags, reads the histories and, to train the Go run,
// the notebook's data and any -init weights, so that a bad flag or file
// fails before any training and before anything is printed.
func (c *comparer) validate(fs *flag.FlagSet) (p plan, err error) {
	set := setFlags(fs)
	switch {
	case c.history == "":
		return p, errors.New("-history is required: a Keras history JSON or an epoch,loss,val_loss CSV")
	case c.every < 0:
		return p, fmt.Errorf("-every must be 0 or more, got %d", c.every)
	}
	if c.goHistory != "" {
		for _, f := range []string{"bottleneck", "hidden", "dtype", "graph", "epochs", "batch", "shuffle", "seed", "lr", "init"} {
			if set[f] {
				return p, fmt.Errorf("-%s describes a run to train; it does not apply with -go", f)
			}
		}
	} else {
		if err := c.model.validate(set); err != nil {
			return p, err
		}
		if err := c.run.validate(); err != nil {
			return p, err
		}
	}
	if err := checkOut(c.out); err != nil {
		return p, err
	}
	outputs := []string{filepath.Join(c.out, compareTable), filepath.Join(c.out, compareFigure)}
	if c.goHistory == "" {
		outputs = append(outputs, filepath.Join(c.out, compareHistory)) // the Go run it trains
	}
	if err := checkInputsKept(outputs, fileFlag{"-history", c.history}, fileFlag{"-go", c.goHistory}, fileFlag{"-init", c.run.init}); err != nil {
		return p, err
	}
	if err := checkOutputFiles(outputs...); err != nil {
		return p, err
	}
	if p.ref, err = compare.ReadFile(c.history); err != nil {
		return p, fmt.Errorf("-history: %w", err)
	}
	if c.goHistory != "" {
		if p.goRun, err = compare.ReadFile(c.goHistory); err != nil {
			return p, fmt.Errorf("-go: %w", err)
		}
		return p, nil
	}
	if !set["epochs"] {
		c.run.epochs = p.ref.Len()
	}
	if _, p.train, p.test, err = dataset.Notebook(); err != nil {
		return p, err
	}
	cfg, err := c.model.configFor(p.train.Cols, set, c.run.init)
	if err != nil {
		return p, err
	}
	// -init's weights are loaded once the model is known to fit (compare).
	p.spec = c.run.plan(cfg)
	p.spec.Graph = c.model.graph.kind
	return p, nil
}

// compare trains the Go run that matches a reference history (or reads
// one) and prints, plots and writes their differences.
func (c *comparer) compare(ctx context.Context, fs *flag.FlagSet, env *Env) error {
	p, err := c.validate(fs)
	if err != nil {
		return usage(err)
	}
	if c.goHistory == "" {
		need := training.EstimateMemory(p.spec, p.train.Rows, p.test.Rows, p.train.Cols)
		if err := checkMemory(env, need.Total(), fmt.Sprintf("training model %s", p.spec.Model)); err != nil {
			return usage(err)
		}
		gcFor(p.spec.Graph, need.Total())
		if p.spec.Init, err = c.run.loadInit(p.spec.Model); err != nil {
			return usage(err)
		}
		for _, w := range batchWarnings(p.train.Rows, p.spec.BatchSize) {
			env.Warnf("%s", w)
		}
	}
	removeStaleTemps(filepath.Join(c.out, compareTable), filepath.Join(c.out, compareFigure), filepath.Join(c.out, compareHistory))
	fmt.Fprintf(env.Stdout, "reference: %s, %s\n", c.history, training.EpochsText(p.ref.Len()))
	goRun := p.goRun
	if c.goHistory == "" {
		if goRun, err = c.train(ctx, p, env); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stdout, "go: %s, %s\n", c.goHistory, training.EpochsText(goRun.Len()))
	}
	table, err := compare.Diff(goRun, p.ref)
	if err != nil {
		return err
	}
	if err := table.WriteText(env.Stdout, c.every); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(c.out, compareTable), table.WriteCSV); err != nil {
		return err
	}
	fig, err := compare.Figure("go against "+c.name, goRun, p.ref, c.name)
	if err != nil {
		return err
	}
	if err := plots.Save(fig, filepath.Join(c.out, compareFigure), 6.4*vg.Inch, 4.8*vg.Inch); err != nil {
		return err
	}
	wrote := compareTable + " and " + compareFigure
	if c.goHistory == "" { // it trained the Go run (train)
		wrote = compareHistory + ", " + wrote
	}
	fmt.Fprintf(env.Stdout, "wrote %s in %s\n", wrote, c.out)
	return nil
}

// train runs the Go side of the comparison on the notebook's data and
// writes its history.
func (c *comparer) train(ctx context.Context, p plan, env *Env) (compare.History, error) {
	fmt.Fprintf(env.Stdout, "go: training %s (the %s graph) from %s, %s ...\n", p.spec.Model, p.spec.Graph, c.run.from(), training.EpochsText(p.spec.Epochs))
	res, err := training.Run(ctx, p.spec, p.train.Data, p.test.Data, nil)
	if errors.Is(err, context.Canceled) {
		return compare.History{}, &interrupted{"interrupted; nothing was written to " + c.out}
	}
	if err != nil {
		return compare.History{}, err
	}
	fmt.Fprintln(env.Stdout, "go:", res.History.Summary(res.Wall))
	if err := atomicfile.WriteFile(filepath.Join(c.out, compareHistory), res.History.WriteCSV); err != nil {
		return compare.History{}, err
	}
	return compare.FromTraining(res.History), nil
}
