package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/plots"
	"github.com/gorgonia-ae/autoencoder/training"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// trainFlags are the train command's settings.
type trainFlags struct {
	bottleneck int
	hidden     string
	dtype      string
	epochs     int
	batch      int
	shuffle    bool
	seed       uint64
	lr         float64
	init       string
	verbose    int
	out        string
	dot        string
	src        sourceFlags // -data, -header, -label, -test-size, -split-seed
}

func newTrainFlagSet(f *trainFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("autoencoder", flag.ContinueOnError)
	fs.IntVar(&f.bottleneck, "bottleneck", 0, "units in the bottleneck layer (default: the number of inputs, 100)")
	fs.StringVar(&f.hidden, "hidden", "2n,n", "comma-separated encoder widths; n is the number of inputs, so 2n,n is 200,100 (the decoder mirrors them)")
	fs.StringVar(&f.dtype, "dtype", "float32", "element type: float32 (as Keras) or float64")
	fs.IntVar(&f.epochs, "epochs", 200, "passes over the training rows")
	fs.IntVar(&f.batch, "batch", 16, "rows per minibatch (the last one of an epoch may be smaller)")
	fs.BoolVar(&f.shuffle, "shuffle", true, "shuffle the training rows every epoch (-shuffle=false keeps file order)")
	f.seed = 1
	fs.Var(seedValue{&f.seed}, "seed", "seed, a whole `number` from 0 to 4294967295, of numpy's RandomState for the initial weights and the shuffling")
	fs.Float64Var(&f.lr, "lr", 1e-3, "Adam's learning rate")
	fs.StringVar(&f.init, "init", "", "start from the weights in this model.npz of an earlier run, or JSON file (the layout of the reference init_bn100.json.gz), instead of -seed's")
	fs.IntVar(&f.verbose, "verbose", 2, "log: 2 one line per epoch, 1 a live progress bar, 0 only the final summary")
	fs.StringVar(&f.out, "out", "out", "directory for history.csv, loss.png, loss.svg, graph.dot, graph.svg, encoder.npz, model.npz and codes_test.csv, written once training ends (or is interrupted or diverges: then for the finished epochs) (created if needed)")
	fs.StringVar(&f.dot, "dot", "", "write the training graph's DOT here instead of OUT/graph.dot")
	f.src.register(fs, " (train leaves it out; classify uses it)")
	return fs
}

// parseFlags parses a command's args. On -h it prints synopsis and the
// flags to stdout and returns help = true. Positional arguments are errors:
// no command takes any.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer, synopsis string) (help bool, err error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, synopsis)
			fs.PrintDefaults()
			return true, nil
		}
		return false, err
	}
	if fs.NArg() > 0 {
		return false, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return false, nil
}

// validate checks the flags that need no data, so that a bad one fails
// before anything is computed.
func (f *trainFlags) validate(fs *flag.FlagSet) error {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	switch {
	case set["bottleneck"] && f.bottleneck <= 0:
		return fmt.Errorf("-bottleneck must be positive, got %d", f.bottleneck)
	case f.epochs <= 0:
		return fmt.Errorf("-epochs must be positive, got %d", f.epochs)
	case f.batch <= 0:
		return fmt.Errorf("-batch must be positive, got %d", f.batch)
	case !(f.lr > 0) || math.IsInf(f.lr, 0):
		return fmt.Errorf("-lr must be a positive number, got %v", f.lr)
	case f.verbose < 0 || f.verbose > 2:
		return fmt.Errorf("-verbose must be 0, 1 or 2, got %d", f.verbose)
	case strings.TrimSpace(f.out) == "":
		return fmt.Errorf("-out must name a directory")
	}
	if _, err := model.ParseDtype(f.dtype); err != nil {
		return fmt.Errorf("-dtype: %w", err)
	}
	if _, err := model.ParseHidden(f.hidden, 1); err != nil {
		return fmt.Errorf("-hidden %q: %w", f.hidden, err)
	}
	if f.init != "" {
		if _, err := os.Stat(f.init); err != nil {
			return fmt.Errorf("-init: %w", err)
		}
	}
	return f.src.validate(fs)
}

// runTrain is the default command: it trains the notebook's autoencoder
// (on the notebook's data or on -data) and writes its outputs. Everything
// the user can get wrong is checked before training and exits 2 with one
// line; an interrupted or diverged run writes the finished epochs.
func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f trainFlags
	fs := newTrainFlagSet(&f)
	help, err := parseFlags(fs, args, stdout, "usage: autoencoder [train] [flags]    (the other commands: autoencoder help)")
	if help {
		return exitOK
	}
	if err == nil {
		err = f.validate(fs)
	}
	if err == nil {
		err = f.checkOutputs()
	}
	var (
		data *splitData
		cfg  model.Config
		spec training.Spec
	)
	if err == nil {
		data, cfg, spec, err = f.prepare()
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder: %v\n", err)
		return exitUsage
	}
	dot, err := graphDOT(cfg, f.batch)
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder: %v\n", err)
		return exitFailure
	}
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "autoencoder: interrupted before training started; nothing was written to %s\n", f.out)
		return exitInterrupted
	}

	if f.verbose > 0 {
		if data.source != "" {
			fmt.Fprintln(stdout, data.describe())
		}
		fmt.Fprintf(stdout, "model %s: %d trainable parameters; %d training rows, %d validation rows, batch %d\n",
			cfg, model.ZeroParams(cfg).CountTrainable(), data.train.Rows, data.test.Rows, f.batch)
	}
	track := &stepTracker{Progress: training.NewKerasLog(stdout, f.verbose)}
	res, fitErr := training.Run(ctx, spec, data.train.Data, data.test.Data, track)
	if err := f.writeFinished(res, data, dot, stderr); err != nil {
		fmt.Fprintf(stderr, "autoencoder: %v\n", err)
		return exitFailure
	}
	if fitErr != nil && f.verbose == 1 {
		fmt.Fprintln(stdout) // end the progress bar's line
	}
	fmt.Fprintln(stdout, res.History.Summary(res.Wall))
	kept := keptEpochs(res.History.Len(), f.out)
	switch {
	case fitErr == nil:
		return exitOK
	case errors.Is(fitErr, context.Canceled):
		fmt.Fprintf(stderr, "autoencoder: interrupted during epoch %d, after step %d of %d; %s\n", track.epoch, track.step, track.steps, kept)
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "autoencoder: %v; %s\n", fitErr, kept)
		return exitFailure
	}
}

// modelConfig builds the model configuration for data of the given width.
func (f *trainFlags) modelConfig(inputs int) (model.Config, error) {
	hidden, err := model.ParseHidden(f.hidden, inputs)
	if err != nil {
		return model.Config{}, fmt.Errorf("-hidden %q: %w", f.hidden, err)
	}
	dt, err := model.ParseDtype(f.dtype)
	if err != nil {
		return model.Config{}, fmt.Errorf("-dtype: %w", err)
	}
	c := model.Config{Inputs: inputs, Hidden: hidden, Bottleneck: f.bottleneck, Dtype: dt}
	if c.Bottleneck == 0 {
		c.Bottleneck = inputs
	}
	return c, c.Validate()
}

// checkWritableDir creates dir if needed and proves that a file can be
// written in it. Its errors name the directory and the cause, without the
// name of the probe file.
func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		for p := dir; ; p = filepath.Dir(p) {
			if fi, serr := os.Stat(p); serr == nil {
				if !fi.IsDir() && p == dir {
					return fmt.Errorf("output directory %s is a file", dir)
				}
				if !fi.IsDir() {
					return fmt.Errorf("output directory %s cannot be created: %s is a file", dir, p)
				}
				break
			}
			if filepath.Dir(p) == p {
				break
			}
		}
		return fmt.Errorf("output directory %s cannot be created: %w", dir, innermost(err))
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("output directory %s is not writable: %w", dir, innermost(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// innermost returns the error at the bottom of err's chain, such as
// "permission denied" under an *os.PathError.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// graphDOT returns the training graph of c for full batches as DOT.
func graphDOT(c model.Config, batch int) ([]byte, error) {
	net, err := model.NewTrainingNet(model.ZeroParams(c), batch)
	if err != nil {
		return nil, err
	}
	defer net.Close()
	var buf bytes.Buffer
	if err := net.WriteDOT(&buf); err != nil {
		return nil, fmt.Errorf("training graph: %w", err)
	}
	return buf.Bytes(), nil
}

// writeGraph writes the DOT of the training graph to path and, when
// Graphviz is installed, renders it as SVG next to it.
func writeGraph(dot []byte, path string, stderr io.Writer) error {
	if err := atomicfile.WriteBytes(path, dot); err != nil {
		return err
	}
	svg := strings.TrimSuffix(path, filepath.Ext(path)) + ".svg"
	if err := plots.RenderDOT(dot, svg); err != nil && !errors.Is(err, plots.ErrNoGraphviz) {
		fmt.Fprintf(stderr, "autoencoder: warning: %v\n", err)
	}
	return nil
}

// writeRunOutputs writes history.csv, loss.png and loss.svg into dir.
func writeRunOutputs(dir string, h training.History) error {
	if h.Len() == 0 {
		return nil
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "history.csv"), h.WriteCSV); err != nil {
		return err
	}
	p, err := plots.Loss(h.EpochNumbers(), h.Loss(), h.ValLoss())
	if err != nil {
		return err
	}
	for _, name := range []string{"loss.png", "loss.svg"} {
		if err := plots.Save(p, filepath.Join(dir, name), 6.4*vg.Inch, 4.8*vg.Inch); err != nil {
			return err
		}
	}
	return nil
}
