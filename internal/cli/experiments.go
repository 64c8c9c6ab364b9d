package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/compare"
	"github.com/gorgonia-ae/autoencoder/internal/experiments"
	"github.com/gorgonia-ae/autoencoder/training"
)

func experimentsCmd() *Command {
	return &Command{
		Name:  "experiments",
		Args:  "[-configs LIST] [-seeds LIST] [-epochs N] [-out DIR] [flags]",
		Short: "answer the exercise's questions: train the configurations × seeds in parallel, write results.csv, figures and report.md",
		Setup: func(fs *flag.FlagSet) Action {
			x := &experimenter{}
			x.register(fs)
			return func(ctx context.Context, env *Env) error { return x.sweep(ctx, env) }
		},
	}
}

// experimenter is the experiments command's settings.
type experimenter struct {
	configs  string
	seeds    string
	epochs   int
	batch    int
	parallel int
	out      string
	baseline string
	torch    string
	graph    graphFlag
}

func (x *experimenter) register(fs *flag.FlagSet) {
	fs.StringVar(&x.configs, "configs", experiments.DefaultConfigs,
		"comma-separated configurations: bn<B> or bn<B>_l2 (hidden 200,100), bn<B>_l3 (hidden 200,100,50), bn<B>_h<W>-<W>... (any widths)")
	fs.StringVar(&x.seeds, "seeds", "1,2,3", "comma-separated seeds of numpy's RandomState; every configuration runs with each")
	addEpochsFlag(fs, &x.epochs)
	addBatchFlag(fs, &x.batch)
	addIntFlag(fs, &x.parallel, "parallel", 0, "`runs` that train at once; 0 means GOMAXPROCS (the number of CPUs); 1 runs them one after another")
	addGraphFlag(fs, &x.graph)
	addOutFlag(fs, &x.out, "results.csv, sweep.json, a curves figure per configuration, comparison.png and report.md")
	fs.StringVar(&x.baseline, "baseline", "", "sweep.json `file` of the same sweep run with -parallel 1: the report sets this sweep's wall time against it")
	fs.StringVar(&x.torch, "torch", "", "`directory` of reference/torch_keras_semantics.py histories named <config>_s<seed>.csv (e.g. bn50_l3_s2.csv): "+
		"the report sets each run beside the replica's run from the same seed")
}

// plan validates the flags that need no data and returns the sweep and the
// baseline timing (nil without -baseline).
func (x *experimenter) plan() (experiments.Sweep, *experiments.Timing, error) {
	configs, err := experiments.ParseConfigs(x.configs)
	if err != nil {
		return experiments.Sweep{}, nil, fmt.Errorf("-configs: %w", err)
	}
	seeds, err := experiments.ParseSeeds(x.seeds)
	if err != nil {
		return experiments.Sweep{}, nil, fmt.Errorf("-seeds: %w", err)
	}
	switch {
	case x.epochs <= 0:
		return experiments.Sweep{}, nil, fmt.Errorf("-epochs must be positive, got %d", x.epochs)
	case x.batch <= 0:
		return experiments.Sweep{}, nil, fmt.Errorf("-batch must be positive, got %d", x.batch)
	case x.parallel < 0:
		return experiments.Sweep{}, nil, fmt.Errorf("-parallel must be 0 (GOMAXPROCS) or more, got %d", x.parallel)
	}
	if err := checkOut(x.out); err != nil {
		return experiments.Sweep{}, nil, err
	}
	outputs := inDir(x.out, experiments.Outputs(configs))
	if err := checkInputsKept(outputs, fileFlag{"-baseline", x.baseline}); err != nil {
		return experiments.Sweep{}, nil, err
	}
	if err := checkOutputFiles(outputs...); err != nil {
		return experiments.Sweep{}, nil, err
	}
	s := experiments.Sweep{Configs: configs, Seeds: seeds, Epochs: x.epochs, BatchSize: x.batch, Parallel: x.parallel, Graph: x.graph.kind}
	if x.baseline == "" {
		return s, nil, nil
	}
	base, err := experiments.ReadTiming(x.baseline)
	if err != nil {
		return s, nil, fmt.Errorf("-baseline: %w", err)
	}
	if base.Parallel != 1 {
		return s, nil, fmt.Errorf("-baseline: %s ran %d at a time; the baseline must be a -parallel 1 sweep", x.baseline, base.Parallel)
	}
	if err := (experiments.Results{Sweep: s}).Timing().SameSweep(base); err != nil {
		return s, nil, fmt.Errorf("-baseline: %s is another sweep: %w", x.baseline, err)
	}
	return s, &base, nil
}

// sweep trains every configuration with every seed, in parallel, and
// writes the results and the report.
func (x *experimenter) sweep(ctx context.Context, env *Env) error {
	sweep, base, err := x.plan()
	var sameSeed map[string]compare.History
	if err == nil && x.torch != "" {
		if sameSeed, err = experiments.ReadSameSeed(x.torch, sweep); err != nil {
			err = fmt.Errorf("-torch: %w", err)
		}
	}
	if err != nil {
		return usage(err)
	}
	_, train, test, err := dataset.Notebook()
	if err != nil {
		return err
	}
	total := len(sweep.Configs) * len(sweep.Seeds)
	workers := sweep.Parallel
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
		sweep.Parallel = workers
	}
	for _, c := range sweep.Configs {
		if err := c.Model(train.Cols).Validate(); err != nil {
			return usage(fmt.Errorf("-configs: %s: %w", c.Name(), err))
		}
	}
	need := sweep.Memory(train.Rows, test.Rows, train.Cols, min(workers, total))
	if err := checkMemory(env, need, fmt.Sprintf("the sweep, %s at a time,", count(min(workers, total), "run"))); err != nil {
		return usage(err)
	}
	fmt.Fprintf(env.Stdout, "%s × %s = %s of %s, %d at a time\n",
		count(len(sweep.Configs), "configuration"), count(len(sweep.Seeds), "seed"), count(total, "run"),
		training.EpochsText(sweep.Epochs), min(workers, total))
	res, err := experiments.Execute(ctx, sweep, train, test, func(r experiments.Run, done, total int) {
		loss, val := r.Final()
		best, _ := r.History.Best()
		fmt.Fprintf(env.Stdout, "[%d/%d] %s seed %d: loss %s - val_loss %s - min val_loss %s at epoch %d - %.1f s\n",
			done, total, r.Config.Name(), r.Seed, training.FormatLoss(loss), training.FormatLoss(val),
			training.FormatLoss(best.ValLoss), best.Epoch, r.Wall.Seconds())
	})
	switch {
	case errors.Is(err, context.Canceled):
		return &interrupted{"interrupted; nothing was written to " + x.out}
	case err != nil:
		return err
	}
	fmt.Fprintf(env.Stdout, "sweep: %s in %s\n", count(total, "run"), res.Wall.Round(time.Millisecond))

	var ks []int
	for _, c := range sweep.Configs {
		ks = append(ks, c.Bottleneck)
	}
	sub, err := experiments.AnalyseSubspace(train, test, ks)
	if err != nil {
		return err
	}
	rep := experiments.Report{Results: res, Subspace: sub, Baseline: base, SameSeed: sameSeed,
		Command: strings.TrimSpace("go run . experiments " + strings.Join(env.Args, " "))}
	removeStaleTemps(inDir(x.out, experiments.Outputs(sweep.Configs))...)
	names, err := experiments.Write(x.out, rep)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s in %s\n", strings.Join(names, ", "), x.out)
	if base != nil {
		fmt.Fprintf(env.Stdout, "parallel/sequential wall time: %.1f s / %.1f s = %.2f\n",
			res.Wall.Seconds(), base.WallSeconds, res.Wall.Seconds()/base.WallSeconds)
	}
	return nil
}

// count is "1 noun" or "N nouns".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
