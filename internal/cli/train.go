package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/runstate"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

func trainCmd() *Command {
	return &Command{
		Name:  "train",
		Args:  "[flags]",
		Short: "train the notebook's autoencoder (on the notebook's data or -data) and write its history, plots, graph and weights",
		Setup: func(fs *flag.FlagSet) Action {
			t := &trainer{}
			t.model.register(fs)
			t.run.register(fs)
			addIntFlag(fs, &t.verbose, "verbose", 2, "log `level`: 2 one line per epoch, 1 a live progress bar, 0 only the final summary")
			addOutFlag(fs, &t.out, strings.Join(trainOutputs, ", ")+", written once training ends (or is interrupted or diverges: then for the finished epochs), and "+runstate.FileName+", the run's state for -resume, saved as it trains")
			fs.StringVar(&t.dot, "dot", "", "write the training graph's DOT to this `file` instead of OUT/graph.dot (and, with Graphviz, its SVG beside it, named with .svg; missing directories are created)")
			t.src.register(fs, " (train leaves it out; classify uses it)")
			addIntFlag(fs, &t.patience, "patience", 0, "stop once val_loss has not improved (fallen strictly) for this many `epochs`, as Keras's EarlyStopping(patience=N); 0 never stops early")
			fs.BoolVar(&t.restoreBest, "restore-best", false, "save the weights of the epoch with the lowest val_loss (model.npz, encoder.npz, codes_test.csv), whether training stopped early or not; Keras's restore_best_weights restores them only when it stops early")
			fs.BoolVar(&t.resume, "resume", false, "continue the run saved in -out ("+runstate.FileName+" and the state of every epoch since, saved beside it) from its last finished epoch, with its flags; flags given must agree with them, except -verbose, the path of -data (its rows must be the same) and -epochs, which may be anything from the epochs already finished up (a larger one trains a finished run further)")
			return func(ctx context.Context, env *Env) error { return t.train(ctx, fs, env) }
		},
	}
}

// trainer is the train command's settings.
type trainer struct {
	model       modelFlags
	run         runFlags
	src         sourceFlags
	verbose     int
	out         string
	dot         string
	patience    int
	restoreBest bool
	resume      bool
	set         map[string]bool // the flags given on the command line
	resumedFrom string          // with -resume, the state file it read
}

// validate checks the flags that need no data, so that a bad one fails
// before anything is computed.
func (t *trainer) validate(fs *flag.FlagSet) error {
	if err := t.model.validate(setFlags(fs)); err != nil {
		return err
	}
	run := t.run
	if t.resume {
		run.init = "" // the saved state replaces the -init weights
	}
	if err := run.validate(); err != nil {
		return err
	}
	if t.verbose < 0 || t.verbose > 2 {
		return fmt.Errorf("-verbose must be 0, 1 or 2, got %d", t.verbose)
	}
	if t.patience < 0 {
		return fmt.Errorf("-patience must be 0 (never stop early) or more, got %d", t.patience)
	}
	if err := t.src.validate(fs); err != nil {
		return err
	}
	return t.checkOutputs()
}

// train trains the notebook's autoencoder (on the notebook's data or on
// -data) and writes its outputs. Everything the user can get wrong is
// checked before training and is a *UsageError; an interrupted or diverged
// run writes the finished epochs. After every epoch but the last the run's
// state is saved (in OUT/state.npz, synced, once a second, and beside it
// in between: see runstate.Saver), and after the outputs of a run that
// ends the final state goes to OUT/state.npz, so that -resume finds
// either a run to continue or a finished one whose outputs are complete.
func (t *trainer) train(ctx context.Context, fs *flag.FlagSet, env *Env) error {
	t.set = setFlags(fs)
	var saved *runstate.State
	if t.resume {
		var err error
		if saved, err = t.resumed(fs); err != nil {
			return usage(err)
		}
	}
	if err := t.validate(fs); err != nil {
		return usage(err)
	}
	data, spec, err := t.prepare(ctx, saved, env)
	if ctx.Err() != nil {
		return &interrupted{"interrupted before training started; nothing was written to " + t.out}
	}
	if err != nil {
		return usage(err)
	}
	if saved != nil && ended(saved, spec) {
		fmt.Fprintln(env.Stdout, t.nothingToDo(saved.Training, spec))
		return nil
	}
	for _, w := range batchWarnings(data.Train.Rows, t.run.batch) {
		env.Warnf("%s", w)
	}
	// The graph view is built at the batch training runs: no more rows
	// than there are.
	views, err := newModelViews(spec, min(t.run.batch, data.Train.Rows))
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &interrupted{"interrupted before training started; nothing was written to " + t.out}
	}
	if err := t.removeLeftovers(); err != nil {
		return err
	}
	// Not under ctx: an interrupted run still writes its finished epochs'
	// views.
	views.render()
	defer views.stop()
	if t.verbose > 0 {
		fmt.Fprint(env.Stdout, views.summary)
		fmt.Fprintf(env.Stdout, "%s; the %s graph, batches of %d\n", data.Describe(), spec.Graph, t.run.batch)
		if saved != nil {
			fmt.Fprintf(env.Stdout, "resuming the run saved in %s after epoch %d of %d\n", t.statePath(), saved.Training.Epoch, spec.Epochs)
		}
	}
	state := t.stateSaver(fs, data, env)
	defer state.saver.Close() // on the paths that return early; see below
	spec.Save = state.save
	track := &stepTracker{Progress: training.NewKerasLog(env.Stdout, t.verbose)}
	res, fitErr := training.Run(ctx, spec, data.Train.Data, data.Test.Data, track)
	if fitErr != nil && t.verbose == 1 {
		fmt.Fprintln(env.Stdout) // end the progress bar's line
	}
	if err := state.saver.Wait(); err != nil {
		return err
	}
	if env.hooks.beforeOutputs != nil {
		env.hooks.beforeOutputs()
	}
	written, err := t.writeFinished(res, data, views, env)
	if err != nil {
		return err
	}
	if fitErr == nil && res.State != nil {
		if err := state.saveNow(res.State); err != nil {
			return err
		}
	}
	if err := state.saver.Close(); err != nil {
		return err
	}
	if t.verbose > 0 && len(written) > 0 {
		fmt.Fprintf(env.Stdout, "wrote %s; the run's state for -resume in %s\n", written, t.statePath())
	}
	fmt.Fprintln(env.Stdout, res.History.Summary(res.Wall)+stopSummary(res, spec, fitErr))
	kept := keptEpochs(res.History.Len(), t.out)
	switch {
	case fitErr == nil:
		return nil
	case errors.Is(fitErr, context.Canceled):
		return &interrupted{fmt.Sprintf("interrupted during epoch %d, after step %d of %d; %s", track.epoch, track.step, track.steps, kept)}
	}
	return fmt.Errorf("%w; %s", fitErr, kept)
}

// prepare loads the data and builds the run from the flags (or, with
// -resume, from the saved run): everything that can still be wrong with
// the user's input once the flags parse (the -data file, the split, the
// model for the data's width, values too large for -dtype once scaled, the
// -init file, data that differ from the saved run's, a model too large for
// the machine) fails here, before training. Cancelling ctx stops the
// reading of the -data file.
func (t *trainer) prepare(ctx context.Context, saved *runstate.State, env *Env) (*dataset.Data, training.Spec, error) {
	var progress io.Writer
	if t.verbose > 0 {
		progress = env.Stdout
	}
	report, end := newLoadProgress(progress, t.src.path)
	data, err := dataset.Load(t.src.source(ctx, report))
	end()
	if err != nil {
		return nil, training.Spec{}, err
	}
	var cfg model.Config
	if saved != nil {
		cfg = saved.Config()
	} else if cfg, err = t.model.configFor(data.Train.Cols, t.set, t.run.init); err != nil {
		return nil, training.Spec{}, err
	}
	if err := checkRange(data, "test", data.Scaler, cfg.Dtype, "use -dtype float64"); err != nil {
		return nil, training.Spec{}, err
	}
	if err := data.Scale(); err != nil {
		return nil, training.Spec{}, err
	}
	if saved != nil && runstate.Digest(data.Train.Data, data.Test.Data, data.Train.Cols) != saved.Data {
		return nil, training.Spec{}, fmt.Errorf("-resume: the training and test rows differ from those the run saved in %s trained on (has %s changed?)", t.resumedFrom, t.src.what())
	}
	spec := t.run.plan(cfg)
	spec.Graph = t.model.graph.kind
	spec.Patience, spec.RestoreBest = t.patience, t.restoreBest
	if saved != nil {
		spec.Resume = saved.Training
	}
	need := training.EstimateMemory(spec, data.Train.Rows, data.Test.Rows, data.Train.Cols)
	if err := checkMemory(env, need.Total(), fmt.Sprintf("training model %s on %d rows in batches of %d", cfg, data.Train.Rows, t.run.batch)); err != nil {
		return nil, training.Spec{}, err
	}
	gcFor(spec.Graph, need.Total())
	if saved == nil {
		// The weights are loaded once the model is known to fit.
		if spec.Init, err = t.run.loadInit(cfg); err != nil {
			return nil, training.Spec{}, err
		}
	}
	return data, spec, nil
}

// checkRange reports a raw value of d's part ("training" or "test") that
// s would scale beyond what a model of dtype dt can hold. toFloat64 says
// how to get a float64 model ("use -dtype float64" for train).
func checkRange(d *dataset.Data, part string, s *dataset.MinMaxScaler, dt tensor.Dtype, toFloat64 string) error {
	return rangeAdvice(d.CheckRange(part, s, rangeLimit(dt), dt.String()), dt, toFloat64)
}

// rangeLimit is the largest magnitude an element of dt holds.
func rangeLimit(dt tensor.Dtype) float64 {
	if dt == tensor.Float32 {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

// rangeAdvice ends a range error (nil passes through) with what the user
// can do: for a float32 model also toFloat64, the way to a float64 one.
func rangeAdvice(err error, dt tensor.Dtype, toFloat64 string) error {
	switch {
	case err == nil:
		return nil
	case dt == tensor.Float32:
		return fmt.Errorf("%w; %s or bring the column's values closer together", err, toFloat64)
	}
	return fmt.Errorf("%w; bring the column's values closer together", err)
}

// dotPath is where the training graph goes.
func (t *trainer) dotPath() string {
	if t.dot != "" {
		return t.dot
	}
	return filepath.Join(t.out, "graph.dot")
}

// checkOutputs proves, before any work, that every output can be written:
// -out and the -dot file's directory are (or can be made) writable
// directories, and no output's name is taken by a directory or anything
// else that is not a regular file.
func (t *trainer) checkOutputs() error {
	if err := checkOut(t.out); err != nil {
		return err
	}
	dot := t.dotPath()
	if err := t.checkDot(); err != nil {
		return err
	}
	if err := checkWritableDir(filepath.Dir(dot)); err != nil {
		if t.dot != "" {
			return fmt.Errorf("-dot: %w", err)
		}
		return err
	}
	paths := append([]string{dot, svgPath(dot), t.statePath()}, inDir(t.out, trainOutputs)...)
	if err := checkInputsKept(paths, fileFlag{"-data", t.src.path}, fileFlag{"-labels", t.src.labels}); err != nil {
		return err
	}
	return checkOutputFiles(paths...)
}

// checkDot refuses a -dot file that the run could not write as a file of
// its own: a directory's name, a name ending in .svg (its rendering, named
// with .svg, would replace it), and a path that the DOT file or its SVG
// would share with the run's input files, its other outputs, its state or
// -out itself.
func (t *trainer) checkDot() error {
	if t.dot == "" {
		return nil
	}
	if strings.HasSuffix(t.dot, "/") || strings.HasSuffix(t.dot, string(filepath.Separator)) {
		return fmt.Errorf("-dot %s names a directory; give a file, such as %s", t.dot, filepath.Join(t.dot, "graph.dot"))
	}
	if strings.EqualFold(filepath.Ext(t.dot), ".svg") {
		return fmt.Errorf("-dot %s: the DOT file's SVG goes beside it, named with .svg, and would replace it; give the DOT file another extension, such as .dot", t.dot)
	}
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return filepath.Clean(p)
	}
	taken := map[string]string{abs(t.out): "-out's directory", abs(t.statePath()): "the run's state"}
	for _, name := range trainOutputs {
		if name != "graph.dot" && name != "graph.svg" { // where the graph goes without -dot
			taken[abs(filepath.Join(t.out, name))] = "the run's " + name
		}
	}
	for _, in := range []struct{ path, what string }{{t.src.path, "-data"}, {t.src.labels, "-labels"}, {t.run.init, "-init"}} {
		if in.path != "" {
			taken[abs(in.path)] = "the " + in.what + " file"
		}
	}
	for _, p := range []string{t.dot, svgPath(t.dot)} {
		if what, ok := taken[abs(p)]; ok {
			return fmt.Errorf("-dot %s would write %s, which is %s", t.dot, p, what)
		}
	}
	return nil
}

// keptEpochs says what an unfinished run left in dir.
func keptEpochs(n int, dir string) string {
	switch n {
	case 0:
		return "no epoch had finished, so nothing was written to " + dir
	case 1:
		return "the 1 finished epoch is saved in " + dir
	}
	return fmt.Sprintf("the %d finished epochs are saved in %s", n, dir)
}

// stepTracker passes training events on and remembers where training is,
// for the message of an interrupted run.
type stepTracker struct {
	training.Progress
	epoch, step, steps int
}

func (s *stepTracker) EpochStart(epoch, epochs, steps int) {
	s.epoch, s.step, s.steps = epoch, 0, steps
	s.Progress.EpochStart(epoch, epochs, steps)
}

func (s *stepTracker) StepEnd(step, steps int, meanLoss float64) {
	s.step = step
	s.Progress.StepEnd(step, steps, meanLoss)
}
