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
			fs.IntVar(&t.verbose, "verbose", 2, "log: 2 one line per epoch, 1 a live progress bar, 0 only the final summary")
			addOutFlag(fs, &t.out, strings.Join(trainOutputs, ", ")+", written once training ends (or is interrupted or diverges: then for the finished epochs)")
			fs.StringVar(&t.dot, "dot", "", "write the training graph's DOT to this `file` instead of OUT/graph.dot")
			t.src.register(fs, " (train leaves it out; classify uses it)")
			return func(ctx context.Context, env *Env) error { return t.train(ctx, fs, env) }
		},
	}
}

// trainer is the train command's settings.
type trainer struct {
	model   modelFlags
	run     runFlags
	src     sourceFlags
	verbose int
	out     string
	dot     string
}

// validate checks the flags that need no data, so that a bad one fails
// before anything is computed.
func (t *trainer) validate(fs *flag.FlagSet) error {
	if err := t.model.validate(setFlags(fs)); err != nil {
		return err
	}
	if err := t.run.validate(); err != nil {
		return err
	}
	if t.verbose < 0 || t.verbose > 2 {
		return fmt.Errorf("-verbose must be 0, 1 or 2, got %d", t.verbose)
	}
	if err := t.src.validate(fs); err != nil {
		return err
	}
	return t.checkOutputs()
}

// train trains the notebook's autoencoder (on the notebook's data or on
// -data) and writes its outputs. Everything the user can get wrong is
// checked before training and is a *UsageError; an interrupted or diverged
// run writes the finished epochs.
func (t *trainer) train(ctx context.Context, fs *flag.FlagSet, env *Env) error {
	if err := t.validate(fs); err != nil {
		return usage(err)
	}
	data, spec, err := t.prepare(env)
	if err != nil {
		return usage(err)
	}
	views, err := newModelViews(spec, t.run.batch)
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &interrupted{"interrupted before training started; nothing was written to " + t.out}
	}
	if t.verbose > 0 {
		fmt.Fprint(env.Stdout, views.summary)
		fmt.Fprintf(env.Stdout, "%s; the %s graph, batches of %d\n", data.Describe(), spec.Graph, t.run.batch)
	}
	track := &stepTracker{Progress: training.NewKerasLog(env.Stdout, t.verbose)}
	res, fitErr := training.Run(ctx, spec, data.Train.Data, data.Test.Data, track)
	if fitErr != nil && t.verbose == 1 {
		fmt.Fprintln(env.Stdout) // end the progress bar's line
	}
	written, err := t.writeFinished(res, data, views, env)
	if err != nil {
		return err
	}
	if t.verbose > 0 && len(written) > 0 {
		fmt.Fprintf(env.Stdout, "wrote %s\n", written)
	}
	fmt.Fprintln(env.Stdout, res.History.Summary(res.Wall))
	kept := keptEpochs(res.History.Len(), t.out)
	switch {
	case fitErr == nil:
		return nil
	case errors.Is(fitErr, context.Canceled):
		return &interrupted{fmt.Sprintf("interrupted during epoch %d, after step %d of %d; %s", track.epoch, track.step, track.steps, kept)}
	}
	return fmt.Errorf("%w; %s", fitErr, kept)
}

// prepare loads the data and builds the run from the flags: everything
// that can still be wrong with the user's input once the flags parse (the
// -data file, the split, the model for the data's width, values too large
// for -dtype once scaled, the -init file) fails here, before training.
func (t *trainer) prepare(env *Env) (*dataset.Data, training.Spec, error) {
	var progress io.Writer
	if t.verbose > 0 {
		progress = env.Stdout
	}
	data, err := dataset.Load(t.src.source(newLoadProgress(progress, t.src.path)))
	if err != nil {
		return nil, training.Spec{}, err
	}
	cfg, err := t.model.config(data.Train.Cols)
	if err != nil {
		return nil, training.Spec{}, err
	}
	if err := checkRange(data, "test", data.Scaler, cfg.Dtype); err != nil {
		return nil, training.Spec{}, err
	}
	if err := data.Scale(); err != nil {
		return nil, training.Spec{}, err
	}
	spec, err := t.run.spec(cfg)
	spec.Graph = t.model.graph.kind
	return data, spec, err
}

// checkRange reports a raw value of d's part ("training" or "test") that
// s would scale beyond what the model's dtype can hold.
func checkRange(d *dataset.Data, part string, s *dataset.MinMaxScaler, dt tensor.Dtype) error {
	limit := math.MaxFloat64
	if dt == tensor.Float32 {
		limit = math.MaxFloat32
	}
	if err := d.CheckRange(part, s, limit, dt.String()); err != nil {
		return fmt.Errorf("%w; use -dtype float64 or bring the column's values closer together", err)
	}
	return nil
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
	if err := checkWritableDir(filepath.Dir(dot)); err != nil {
		return err
	}
	paths := []string{dot, svgPath(dot)}
	for _, name := range trainOutputs {
		paths = append(paths, filepath.Join(t.out, name))
	}
	return checkOutputFiles(paths...)
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
