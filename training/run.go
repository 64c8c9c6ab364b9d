package training

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/model"
)

// Spec describes one run of the notebook: a model, its seed and how to fit it.
type Spec struct {
	Model     model.Config
	Graph     model.Graph // how the nets are built: model.Fused (default) or model.Stock
	Seed      uint32      // seeds numpy's RandomState: the initial weights, then each epoch's shuffle
	Epochs    int
	BatchSize int
	Shuffle   bool
	LR        float64 // Adam's learning rate; 0 means Keras's 1e-3
	// Init, if set, overwrites the seeded initial weights (e.g. from a file).
	Init func(*model.Params) error
	// Patience, if positive, stops training once val_loss has not improved
	// for that many epochs (see EarlyStopping).
	Patience int
	// RestoreBest makes Result.Finished the weights of the epoch with the
	// lowest val_loss rather than the last epoch's.
	RestoreBest bool
	// Resume, if set, continues the run from this state (saved by Save from
	// a run of the same Spec and data, Epochs aside) instead of starting
	// it; Init is then not used.
	Resume *State
	// Save, if set, receives the run's state at the end of every epoch
	// after which training goes on. The State shares the live weights: it
	// is valid during the call only.
	Save func(*State) error
}

// NotebookSpec returns the notebook's run for data of n features: the
// notebook's model, seed 1, 200 epochs of shuffled batches of 16.
func NotebookSpec(n int) Spec {
	return Spec{Model: model.NotebookConfig(n), Seed: 1, Epochs: 200, BatchSize: 16, Shuffle: true}
}

// Result is what a run produced: the trained weights, the history of the
// finished epochs and the wall time of the fit.
type Result struct {
	Params *model.Params
	// Finished holds the weights as they were at the end of the last
	// finished epoch, the one History ends with: Params itself after a run
	// that ended without error (all its epochs, or stopped early by
	// Spec.Patience), a copy taken at that epoch's end after an interrupted
	// or diverged run, and nil when no epoch finished. With
	// Spec.RestoreBest it holds the best epoch's weights instead.
	Finished *model.Params
	// FinishedEpoch is the epoch whose weights Finished holds (0 for none).
	FinishedEpoch int
	// History holds every finished epoch, those before Spec.Resume
	// included; Wall is the training time of all of them.
	History History
	Wall    time.Duration
	// State is the run's state at its end, after a run that ended without
	// error, to be saved for a later Resume (with a larger Epochs); it
	// shares Params.
	State *State
}

// Run initialises the model from RandomState(spec.Seed) as Keras's
// glorot-uniform initialiser would (numpy's rs.uniform(-lim, lim, (in, out))
// per layer in model order), then fits it on train (rows ×
// spec.Model.Inputs, row-major) with the same RandomState's permutation(n)
// of its n rows as each epoch's order, and reports the loss on val (the
// same width) after every epoch. On an error after training started, the Result
// still holds the finished epochs, the weights as they are and those at the
// end of the last finished epoch.
//
// With spec.Resume it continues a run from the state its Save was given
// instead: the same weights, Adam moments, generator position, history
// and early-stopping state, so that the epochs that follow are those the
// run would have trained had it never stopped. spec.Patience stops it early
// and spec.RestoreBest keeps the best epoch's weights (see EarlyStopping).
func Run(ctx context.Context, spec Spec, train, val []float64, progress Progress) (Result, error) {
	// The whole run stays on one OS thread, so that its weights, gradients
	// and moments stay in one core's caches while the state's writer and
	// the collector run on other threads (BenchmarkRunWithStateSaving).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	rs := rng.New(spec.Seed)
	p, err := model.NewParams(spec.Model, rs)
	if err != nil {
		return Result{}, err
	}
	if spec.Init != nil && spec.Resume == nil {
		if err := spec.Init(p); err != nil {
			return Result{}, err
		}
		if err := p.Check(); err != nil {
			return Result{}, fmt.Errorf("the initial weights: %w", err)
		}
	}
	tr := NewTrainer(p)
	tr.Graph = spec.Graph
	defer tr.Close()
	if spec.LR != 0 {
		if !(spec.LR > 0) {
			return Result{}, fmt.Errorf("learning rate must be positive, got %v", spec.LR)
		}
		tr.Adam.LR = spec.LR
	}
	run, err := newSession(spec, tr, rs, len(val) > 0)
	if err != nil {
		return Result{}, err
	}
	snap := &snapshot{Progress: progress, live: p}
	if spec.Resume != nil {
		snap.saved = p.Clone()
	}
	start := time.Now()
	run.start = start
	h, err := tr.Fit(ctx, train, val, Options{
		Epochs:    run.epochs(),
		BatchSize: spec.BatchSize,
		Shuffle:   spec.Shuffle,
		Permuter:  rs,
		Progress:  snap,

		InitialEpoch: run.hist.Len(),
		AfterEpoch:   run.afterEpoch,
	})
	res := Result{Params: p, Finished: p, History: h, Wall: time.Since(start)}
	if err != nil {
		res.Finished = snap.saved
	}
	run.finish(&res, err)
	return res, err
}

// snapshot passes training events on to Progress (which may be nil) and
// copies the live weights at the end of every epoch into saved.
type snapshot struct {
	Progress
	live, saved *model.Params
}

func (s *snapshot) EpochStart(epoch, epochs, steps int) {
	if s.Progress != nil {
		s.Progress.EpochStart(epoch, epochs, steps)
	}
}

func (s *snapshot) StepEnd(step, steps int, meanLoss float64) {
	if s.Progress != nil {
		s.Progress.StepEnd(step, steps, meanLoss)
	}
}

func (s *snapshot) EpochEnd(e Epoch, epochs int) {
	if s.saved == nil {
		s.saved = s.live.Clone()
	} else {
		s.saved.CopyFrom(s.live)
	}
	if s.Progress != nil {
		s.Progress.EpochEnd(e, epochs)
	}
}
