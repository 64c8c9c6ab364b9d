package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// The flags that several commands take are registered here, once each, so
// that a flag has one name, default, syntax and meaning everywhere.

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// modelFlags are the model's shape and graph: -bottleneck, -hidden,
// -dtype, -graph.
type modelFlags struct {
	bottleneck int
	hidden     string
	dtype      string
	graph      graphFlag
}

// graphFlag is -graph: how the model's Gorgonia graph is built.
type graphFlag struct{ kind model.Graph }

func (g *graphFlag) String() string { return g.kind.String() }

func (g *graphFlag) Set(v string) error {
	k, err := model.ParseGraph(v)
	if err != nil {
		return errors.New("want fused or stock")
	}
	g.kind = k
	return nil
}

// addGraphFlag registers -graph.
func addGraphFlag(fs *flag.FlagSet, g *graphFlag) {
	fs.Var(g, "graph", "the `kind` of Gorgonia graph the model is built as: fused (this program's layer ops with hand-derived gradients, fast) "+
		"or stock (Gorgonia's own operators, differentiated by Gorgonia; training takes about 3.5 times as long) (default fused)")
}

func (m *modelFlags) register(fs *flag.FlagSet) {
	addGraphFlag(fs, &m.graph)
	addIntFlag(fs, &m.bottleneck, "bottleneck", 0, "`units` in the bottleneck layer (default: the number of inputs, 100)")
	fs.StringVar(&m.hidden, "hidden", "2n,n", "comma-separated encoder widths; n is the number of inputs, so 2n,n is 200,100 (the decoder mirrors them)")
	fs.StringVar(&m.dtype, "dtype", "float32", "element type: float32 (as Keras) or float64")
}

// validate checks the model flags that need no data.
func (m *modelFlags) validate(set map[string]bool) error {
	if set["bottleneck"] && m.bottleneck <= 0 {
		return fmt.Errorf("-bottleneck must be positive, got %d", m.bottleneck)
	}
	if _, err := model.ParseDtype(m.dtype); err != nil {
		return fmt.Errorf("-dtype: %w", err)
	}
	if _, err := model.ParseHidden(m.hidden, 1); err != nil {
		return fmt.Errorf("-hidden %q: %w", m.hidden, err)
	}
	return nil
}

// config is the model for data of the given width.
func (m *modelFlags) config(inputs int) (model.Config, error) {
	hidden, err := model.ParseHidden(m.hidden, inputs)
	if err != nil {
		return model.Config{}, fmt.Errorf("-hidden %q: %w", m.hidden, err)
	}
	dt, err := model.ParseDtype(m.dtype)
	if err != nil {
		return model.Config{}, fmt.Errorf("-dtype: %w", err)
	}
	c := model.Config{Inputs: inputs, Hidden: hidden, Bottleneck: m.bottleneck, Dtype: dt}
	if c.Bottleneck == 0 {
		c.Bottleneck = inputs
	}
	return c, c.Validate()
}

// configFor is the model for data of the given width, started from the
// -init file init (if any). An .npz checkpoint records its architecture:
// the model flags not given (set) take the file's values, and a flag given
// must agree with the file. A JSON -init file records none: the flags
// decide, and loading the file checks it against them.
func (m *modelFlags) configFor(inputs int, set map[string]bool, init string) (model.Config, error) {
	if init == "" {
		return m.config(inputs)
	}
	npz, err := checkpoint.IsNPZ(init)
	if err != nil {
		return model.Config{}, fmt.Errorf("-init: %w", err)
	}
	if !npz {
		return m.config(inputs)
	}
	part, c, err := checkpoint.ReadNPZArch(init)
	if err != nil {
		return c, fmt.Errorf("-init: %w", err)
	}
	if part != checkpoint.Model {
		return c, fmt.Errorf("-init: load %s: it holds the %s only (arch/part %q); starting a training run needs a whole model such as model.npz", init, part, part)
	}
	if c.Inputs != inputs {
		return c, fmt.Errorf("-init %s is a model of %d inputs; the data have %d features", init, c.Inputs, inputs)
	}
	return c, m.agree(c, set, func(flag, given, what, have string) error {
		return fmt.Errorf("-%s %s contradicts %s's %s %s", flag, given, init, what, have)
	})
}

// runFlags say how to fit the model: -epochs, -batch, -shuffle, -seed,
// -lr, -init.
type runFlags struct {
	epochs  int
	batch   int
	shuffle bool
	seed    uint64
	lr      float64
	init    string
}

func (r *runFlags) register(fs *flag.FlagSet) {
	addEpochsFlag(fs, &r.epochs)
	addBatchFlag(fs, &r.batch)
	fs.BoolVar(&r.shuffle, "shuffle", true, "shuffle the training rows every epoch (-shuffle=false keeps file order)")
	addSeedFlag(fs, &r.seed, "the initial weights (unless -init) and each epoch's shuffle")
	fs.Float64Var(&r.lr, "lr", 1e-3, "Adam's learning rate")
	fs.StringVar(&r.init, "init", "", "start from the weights in this `file`: a model.npz of an earlier run, or a JSON list of tensors in Keras's get_weights() order (gzip allowed), instead of -seed's")
}

func addEpochsFlag(fs *flag.FlagSet, p *int) {
	addIntFlag(fs, p, "epochs", 200, "`passes` over the training rows")
}

func addBatchFlag(fs *flag.FlagSet, p *int) {
	addIntFlag(fs, p, "batch", 16, "`rows` per minibatch (the last one of an epoch keeps the remainder)")
}

// validate checks the run flags that need no data.
func (r *runFlags) validate() error {
	switch {
	case r.epochs <= 0:
		return fmt.Errorf("-epochs must be positive, got %d", r.epochs)
	case r.batch <= 0:
		return fmt.Errorf("-batch must be positive, got %d", r.batch)
	case !(r.lr > 0) || math.IsInf(r.lr, 0):
		return fmt.Errorf("-lr must be a positive number, got %v", r.lr)
	}
	if r.init != "" {
		if _, err := os.Stat(r.init); err != nil {
			return fmt.Errorf("-init: %w", err)
		}
	}
	return nil
}

// plan is the training run of model c, without -init's weights.
func (r *runFlags) plan(c model.Config) training.Spec {
	return training.Spec{Model: c, Seed: uint32(r.seed), Epochs: r.epochs, BatchSize: r.batch, Shuffle: r.shuffle, LR: r.lr}
}

// loadInit loads -init's weights into a model of c once, to check them,
// and returns the Spec.Init that loads them (nil without -init).
func (r *runFlags) loadInit(c model.Config) (func(*model.Params) error, error) {
	if r.init == "" {
		return nil, nil
	}
	path := r.init
	init := func(p *model.Params) error { return checkpoint.Load(path, p) }
	if err := init(model.ZeroParams(c)); err != nil {
		return nil, fmt.Errorf("-init: %w", err)
	}
	return init, nil
}

// from says where the run's weights and order come from.
func (r *runFlags) from() string {
	switch {
	case r.init == "":
		return fmt.Sprintf("seed %d", r.seed)
	case r.shuffle:
		return fmt.Sprintf("%s (shuffles from seed %d)", r.init, r.seed)
	}
	return r.init + " (no shuffling)"
}

// addIntFlag registers an int flag that reads whole numbers in decimal
// only, as -seed does: the flag package's own int flags also read 0x10,
// 1_0 and, without a word, 010 as the octal 8.
func addIntFlag(fs *flag.FlagSet, p *int, name string, value int, usage string) {
	*p = value
	fs.Var((*decimalInt)(p), name, usage)
}

// decimalInt is an int flag written in decimal (see addIntFlag).
type decimalInt int

func (d *decimalInt) String() string {
	if d == nil {
		return "0"
	}
	return strconv.Itoa(int(*d))
}

// Set reads v as strconv.Atoi does, with the flag package's errors.
func (d *decimalInt) Set(v string) error {
	n, err := strconv.Atoi(v)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return errors.New("value out of range")
	case err != nil:
		return errors.New("parse error")
	}
	*d = decimalInt(n)
	return nil
}

// addSeedFlag registers -seed: the seed of numpy's RandomState for use.
func addSeedFlag(fs *flag.FlagSet, p *uint64, use string) {
	*p = 1
	fs.Var(seedValue{p}, "seed", "seed of numpy's RandomState, a whole `number` from 0 to 4294967295, for "+use)
}

// seedValue is a flag holding a seed of numpy's RandomState: a whole
// number from 0 to 2³²−1.
type seedValue struct{ p *uint64 }

func (s seedValue) String() string {
	if s.p == nil {
		return "0"
	}
	return strconv.FormatUint(*s.p, 10)
}

func (s seedValue) Set(v string) error {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n > math.MaxUint32 {
		return fmt.Errorf("want a whole number from 0 to 4294967295")
	}
	*s.p = n
	return nil
}

// addOutFlag registers -out, the directory a command writes into.
func addOutFlag(fs *flag.FlagSet, p *string, writes string) {
	fs.StringVar(p, "out", "out", "`directory` for "+writes+" (created if needed)")
}

// checkOut checks -out's value before any work.
func checkOut(out string) error {
	if strings.TrimSpace(out) == "" {
		return fmt.Errorf("-out must name a directory")
	}
	return checkWritableDir(out)
}

// sourceFlags choose the rows that train and classify work on: the
// notebook's make_classification data (the default) or the user's CSV
// file, and the train/test split applied to either.
type sourceFlags struct {
	path      string
	header    headerFlag
	label     string
	labels    string
	testSize  float64
	splitSeed uint64
	set       map[string]bool // the flags given on the command line
}

// register adds -data, -header, -label, -test-size and -split-seed to fs.
// labelUse says what the label column is for.
func (s *sourceFlags) register(fs *flag.FlagSet, labelUse string) {
	addDataFlag(fs, &s.path, "your own rows to use instead of the notebook's generated data: one row per line, numbers only except the -label column")
	addHeaderFlag(fs, &s.header)
	fs.StringVar(&s.label, "label", "", "with -data: the `column` holding each row's class, by header name or 0-based index; it is not a feature"+labelUse)
	fs.StringVar(&s.labels, "labels", "", "with -data: a `file` of one class per row (CSV or .npy, e.g. y.npy), instead of a -label column"+labelUse)
	addSplitFlags(fs, &s.testSize, &s.splitSeed, "")
}

func addDataFlag(fs *flag.FlagSet, p *string, what string) {
	fs.StringVar(p, "data", "", "`file` (CSV, or numpy .npy of numbers: float, int, uint or bool, C or Fortran order) of "+what)
}

func addHeaderFlag(fs *flag.FlagSet, h *headerFlag) {
	fs.Var(h, "header", "with -data: the first line names the columns (-header), or it does not (-header=false); without the flag a first line with no number in it is taken for a header")
}

// addSplitFlags registers -test-size and -split-seed; zero says what a test
// size of 0 means ("" when it is an error).
func addSplitFlags(fs *flag.FlagSet, testSize *float64, seed *uint64, zero string) {
	*testSize = dataset.NotebookTestSize
	fs.Var(testSizeValue{testSize}, "test-size", "train_test_split's test_size: the fraction of rows (0 to 1) or the whole `number` of rows (1 or more) held out as test rows"+zero)
	*seed = dataset.NotebookSplitSeed
	fs.Var(seedValue{seed}, "split-seed", "random_state of train_test_split, a whole `number` from 0 to 4294967295")
}

// testSizeValue is -test-size: a fraction of the rows or a whole number of
// them, as train_test_split's test_size is a float or an int. A value
// written with a decimal point and no exponent is a fraction and must be
// below 1, so that "1.0" is not taken for one row; a value with an
// exponent is read by its value ("1.234567e+06" is 1234567 rows), as
// -resume finds a count in the states that earlier versions wrote.
type testSizeValue struct{ p *float64 }

// String prints a number of rows in full (1000000, not 1e+06), as Set
// reads it back when -resume restores the flag.
func (t testSizeValue) String() string {
	if t.p == nil {
		return "0"
	}
	if *t.p >= 1 {
		return strconv.FormatFloat(*t.p, 'f', -1, 64)
	}
	return strconv.FormatFloat(*t.p, 'g', -1, 64)
}

func (t testSizeValue) Set(v string) error {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return errors.New("want a number")
	}
	if x >= 1 && strings.Contains(v, ".") && !strings.ContainsAny(v, "eE") {
		return errors.New("a fraction must be below 1; a number of rows is written as a whole number, without a decimal point")
	}
	*t.p = x
	return nil
}

// checkTestSize checks -test-size: a fraction in (0, 1) or a whole number
// of rows, fewer than the 2³¹ rows a data set can have at most; zero says
// what a test size of 0 means ("" when it is an error).
func checkTestSize(ts float64, zero string) error {
	switch {
	case ts > 0 && ts < 1, ts >= 1 && ts == math.Trunc(ts) && ts <= math.MaxInt32:
		return nil
	case ts > math.MaxInt32 && ts == math.Trunc(ts):
		return fmt.Errorf("-test-size %s is more test rows than a data set can have (%d at most)", strconv.FormatFloat(ts, 'f', -1, 64), math.MaxInt32)
	}
	return fmt.Errorf("-test-size must be a fraction between 0 and 1 or a whole number of rows%s, got %v", zero, ts)
}

// validate checks the data flags before anything is read.
func (s *sourceFlags) validate(fs *flag.FlagSet) error {
	s.set = setFlags(fs)
	if err := checkTestSize(s.testSize, ""); err != nil {
		return err
	}
	if err := checkDataFile(s.path, s.set["data"]); err != nil {
		return err
	}
	switch {
	case s.path == "" && s.set["label"]:
		return fmt.Errorf("-label needs -data: it names a column of the CSV file")
	case s.path == "" && s.set["labels"]:
		return fmt.Errorf("-labels needs -data: it holds the classes of the -data file's rows")
	case s.set["label"] && s.set["labels"]:
		return fmt.Errorf("-label and -labels both give the classes; give one")
	case s.path == "" && s.set["header"]:
		return fmt.Errorf("-header needs -data: it describes the CSV file's first line")
	case s.set["label"] && strings.TrimSpace(s.label) == "":
		return fmt.Errorf("-label must name a column")
	}
	if err := checkHeaderFor(s.path, s.set["header"]); err != nil {
		return err
	}
	if s.set["labels"] {
		if err := checkInputFile("-labels", s.labels); err != nil {
			return err
		}
	}
	return nil
}

// checkInputFile checks a file flag's value: not empty, there, and not a
// directory.
func checkInputFile(name, path string) error {
	if strings.TrimSpace(path) == "" {
		return fmt.Errorf("%s must name a file", name)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if fi.IsDir() {
		return fmt.Errorf("%s %s is a directory, not a file", name, path)
	}
	return nil
}

// checkHeaderFor refuses -header, when set, for a -data file named .npy,
// which has no header line.
func checkHeaderFor(path string, set bool) error {
	if set && strings.EqualFold(filepath.Ext(path), ".npy") {
		return fmt.Errorf("-header describes a CSV file's first line; %s is a .npy file, which has none", path)
	}
	return nil
}

// checkDataFile checks a -data path: given (set) but empty, missing, or a
// directory.
func checkDataFile(path string, set bool) error {
	if set && strings.TrimSpace(path) == "" {
		return fmt.Errorf("-data must name a file (CSV or .npy)")
	}
	if path == "" {
		return nil
	}
	return checkInputFile("-data", path)
}

// source is the dataset.Source the flags describe; progress, if not nil,
// hears how far the reading of the -data file is.
func (s *sourceFlags) source(ctx context.Context, progress func(done, total int64)) dataset.Source {
	return dataset.Source{Path: s.path, Header: s.header.mode, Label: s.label, LabelFile: s.labels,
		TestSize: s.testSize, SplitSeed: uint32(s.splitSeed), Progress: progress, Context: ctx}
}

// hasLabels says whether the flags give the rows' classes.
func (s *sourceFlags) hasLabels() bool { return s.set["label"] || s.set["labels"] }

// headerFlag is -header: a boolean flag that also remembers being unset.
// "-header" (or -header=true, -header=yes) says the first line names the
// columns, "-header=false" (or no) that it is data; "auto", the default,
// lets dataset.ReadTable decide.
type headerFlag struct{ mode dataset.HeaderMode }

func (h *headerFlag) String() string {
	if h == nil {
		return "auto"
	}
	return [...]string{"auto", "true", "false"}[h.mode]
}

func (h *headerFlag) Set(v string) error {
	if b, err := strconv.ParseBool(v); err == nil {
		h.mode = map[bool]dataset.HeaderMode{true: dataset.HeaderPresent, false: dataset.HeaderAbsent}[b]
		return nil
	}
	switch strings.ToLower(v) {
	case "yes":
		h.mode = dataset.HeaderPresent
	case "no":
		h.mode = dataset.HeaderAbsent
	case "auto":
		h.mode = dataset.HeaderAuto
	default:
		return fmt.Errorf("want true, false or auto")
	}
	return nil
}

// IsBoolFlag lets -header stand alone on the command line.
func (h *headerFlag) IsBoolFlag() bool { return true }
