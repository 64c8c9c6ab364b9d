package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorgonia-ae/autoencoder/checkpoint"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// prepare loads the data and builds the run from the flags: everything
// that can still be wrong with the user's input once the flags parse (the
// -data file, the split, the model for the data's width, values too large
// for -dtype once scaled, the -init file) fails here, before training.
func (f *trainFlags) prepare() (*splitData, model.Config, training.Spec, error) {
	data, err := f.src.load()
	if err != nil {
		return nil, model.Config{}, training.Spec{}, err
	}
	cfg, err := f.modelConfig(data.train.Cols)
	if err != nil {
		return nil, cfg, training.Spec{}, err
	}
	if err := data.checkRange("test", data.xTest, data.test, data.testLines, data.scaler, cfg.Dtype); err != nil {
		return nil, cfg, training.Spec{}, err
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
			return nil, cfg, spec, fmt.Errorf("-init: %w", err)
		}
	}
	return data, cfg, spec, nil
}

// Files a training run writes into -out.
var (
	historyFiles = []string{"history.csv", "loss.png", "loss.svg"}
	weightFiles  = []string{encoderFile, modelFile, testCodesFile}
)

// dotPath is where the training graph goes.
func (f *trainFlags) dotPath() string {
	if f.dot != "" {
		return f.dot
	}
	return filepath.Join(f.out, "graph.dot")
}

// checkOutputs proves, before any work, that every output can be written:
// -out and the -dot file's directory are (or can be made) writable
// directories, and no output's name is taken by a directory or anything
// else that is not a regular file.
func (f *trainFlags) checkOutputs() error {
	if err := checkWritableDir(f.out); err != nil {
		return err
	}
	dot := f.dotPath()
	if err := checkWritableDir(filepath.Dir(dot)); err != nil {
		return err
	}
	paths := []string{dot, strings.TrimSuffix(dot, filepath.Ext(dot)) + ".svg"}
	for _, name := range append(append([]string{}, historyFiles...), weightFiles...) {
		paths = append(paths, filepath.Join(f.out, name))
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case err == nil && fi.IsDir():
			return fmt.Errorf("output file %s is a directory", p)
		case err == nil && !fi.Mode().IsRegular():
			return fmt.Errorf("output file %s exists and is not a regular file", p)
		}
	}
	return nil
}

// writeFinished writes what the run's finished epochs produced: the
// training graph, history.csv, loss.png, loss.svg and, from the weights at
// the end of the last finished epoch, encoder.npz, model.npz and
// codes_test.csv. A run with no finished epoch writes nothing, so a failed
// run leaves an earlier run's files as they were. Each file is written to a
// temporary file and renamed.
func (f *trainFlags) writeFinished(res training.Result, data *splitData, dot []byte, stderr io.Writer) error {
	if res.History.Len() == 0 || res.Finished == nil {
		return nil
	}
	if err := writeGraph(dot, f.dotPath(), stderr); err != nil {
		return err
	}
	if err := writeRunOutputs(f.out, res.History); err != nil {
		return err
	}
	return saveTrained(f.out, res.Finished, data.scaler, data.test)
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
