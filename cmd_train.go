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

	"github.com/gorgonia-ae/autoencoder/checkpoint"
	"github.com/gorgonia-ae/autoencoder/dataset"
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
}

func newTrainFlagSet(f *trainFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("autoencoder", flag.ContinueOnError)
	fs.IntVar(&f.bottleneck, "bottleneck", 0, "units in the bottleneck layer (default: the number of inputs, 100)")
	fs.StringVar(&f.hidden, "hidden", "2n,n", "comma-separated encoder widths; n is the number of inputs, so 2n,n is 200,100 (the decoder mirrors them)")
	fs.StringVar(&f.dtype, "dtype", "float32", "element type: float32 (as Keras) or float64")
	fs.IntVar(&f.epochs, "epochs", 200, "passes over the training rows")
	fs.IntVar(&f.batch, "batch", 16, "rows per minibatch (the last one of an epoch may be smaller)")
	fs.BoolVar(&f.shuffle, "shuffle", true, "shuffle the training rows every epoch (-shuffle=false keeps file order)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed (0 to 4294967295) of numpy's RandomState for the initial weights and the shuffling")
	fs.Float64Var(&f.lr, "lr", 1e-3, "Adam's learning rate")
	fs.StringVar(&f.init, "init", "", "start from the weights in this model.npz of an earlier run, or JSON file (the layout of the reference init_bn100.json.gz), instead of -seed's")
	fs.IntVar(&f.verbose, "verbose", 2, "log: 2 one line per epoch, 1 a live progress bar, 0 only the final summary")
	fs.StringVar(&f.out, "out", "out", "directory for history.csv, loss.png, loss.svg, graph.dot, graph.svg and, after a finished run, encoder.npz, model.npz and codes_test.csv (created if needed)")
	fs.StringVar(&f.dot, "dot", "", "write the training graph's DOT here instead of OUT/graph.dot")
	return fs
}

// parseFlags parses args into f. help is true when -h was asked for.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (help bool, err error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintf(stdout, "usage of %s:\n", fs.Name())
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
	case f.seed > math.MaxUint32:
		return fmt.Errorf("-seed must be between 0 and 4294967295, got %d", f.seed)
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
	return nil
}

// runTrain is the default command: it trains the notebook's autoencoder and
// writes its outputs.
func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f trainFlags
	fs := newTrainFlagSet(&f)
	help, err := parseFlags(fs, args, stdout)
	if help {
		return exitOK
	}
	if err == nil {
		err = f.validate(fs)
	}
	if err == nil {
		err = checkWritableDir(f.out)
	}
	if err == nil && f.dot != "" {
		err = checkWritableDir(filepath.Dir(f.dot))
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder: %v\n", err)
		return exitUsage
	}

	data, err := loadData()
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder: %v\n", err)
		return exitFailure
	}
	cfg, err := f.modelConfig(data.cols)
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder: %v\n", err)
		return exitUsage
	}
	spec := training.Spec{
		Model:     cfg,
		Seed:      uint32(f.seed),
		Epochs:    f.epochs,
		BatchSize: f.batch,
		Shuffle:   f.shuffle,
		LR:        f.lr,
	}
	if f.init != "" {
		spec.Init = func(p *model.Params) error { return checkpoint.Load(f.init, p) }
		// Load once now, so that a bad file fails before anything else.
		if err := spec.Init(model.ZeroParams(cfg)); err != nil {
			fmt.Fprintf(stderr, "autoencoder: -init: %v\n", err)
			return exitUsage
		}
	}

	dotPath := f.dot
	if dotPath == "" {
		dotPath = filepath.Join(f.out, "graph.dot")
	}
	if err := writeGraph(cfg, f.batch, dotPath, stderr); err != nil {
		fmt.Fprintf(stderr, "autoencoder: %v\n", err)
		return exitFailure
	}

	if f.verbose > 0 {
		fmt.Fprintf(stdout, "model %s: %d trainable parameters; %d training rows, %d validation rows, batch %d\n",
			cfg, model.ZeroParams(cfg).CountTrainable(), data.trainRows(), data.testRows(), f.batch)
	}
	res, fitErr := training.Run(ctx, spec, data.train, data.test, training.NewKerasLog(stdout, f.verbose))
	hist, wall := res.History, res.Wall

	if err := writeRunOutputs(f.out, hist); err != nil {
		fmt.Fprintf(stderr, "autoencoder: %v\n", err)
		return exitFailure
	}
	if fitErr == nil {
		if err := saveTrained(f.out, res.Params, data); err != nil {
			fmt.Fprintf(stderr, "autoencoder: %v\n", err)
			return exitFailure
		}
	}
	fmt.Fprintln(stdout, hist.Summary(wall))
	switch {
	case fitErr == nil:
		return exitOK
	case errors.Is(fitErr, context.Canceled):
		fmt.Fprintf(stderr, "autoencoder: interrupted during epoch %d; the %d finished epochs are saved in %s\n", hist.Len()+1, hist.Len(), f.out)
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "autoencoder: %v; the %d finished epochs are saved in %s\n", fitErr, hist.Len(), f.out)
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

// trainData is the scaled training and validation data, row-major, with
// the scaler fitted on the training rows.
type trainData struct {
	train, test []float64
	cols        int
	scaler      *dataset.MinMaxScaler
}

func (d trainData) trainRows() int { return len(d.train) / d.cols }
func (d trainData) testRows() int  { return len(d.test) / d.cols }

// loadData builds the notebook's data: make_classification, the 0.33 test
// split and the MinMaxScaler fitted on the training rows.
func loadData() (trainData, error) {
	scaler, train, test, err := dataset.Notebook()
	if err != nil {
		return trainData{}, fmt.Errorf("generate the notebook's data: %w", err)
	}
	return trainData{train: train.Data, test: test.Data, cols: train.Cols, scaler: scaler}, nil
}

// checkWritableDir creates dir if needed and proves that a file can be
// written in it.
func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("output directory %s is not writable: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// writeGraph writes the training graph of c for full batches as DOT to path
// and, when Graphviz is installed, as SVG next to it.
func writeGraph(c model.Config, batch int, path string, stderr io.Writer) error {
	net, err := model.NewTrainingNet(model.ZeroParams(c), batch)
	if err != nil {
		return err
	}
	defer net.Close()
	var buf bytes.Buffer
	if err := net.WriteDOT(&buf); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := atomicfile.WriteBytes(path, buf.Bytes()); err != nil {
		return err
	}
	svg := strings.TrimSuffix(path, filepath.Ext(path)) + ".svg"
	if err := plots.RenderDOT(buf.Bytes(), svg); err != nil && !errors.Is(err, plots.ErrNoGraphviz) {
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
		return fmt.Errorf("loss plot: %w", err)
	}
	for _, name := range []string{"loss.png", "loss.svg"} {
		if err := plots.Save(p, filepath.Join(dir, name), 6.4*vg.Inch, 4.8*vg.Inch); err != nil {
			return err
		}
	}
	return nil
}
