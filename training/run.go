package training

import (
	"context"
	"fmt"
	"time"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/model"
)

// Spec describes one run of the notebook: a model, its seed and how to fit it.
type Spec struct {
	Model     model.Config
	Seed      uint32 // seeds numpy's RandomState: the initial weights, then each epoch's shuffle
	Epochs    int
	BatchSize int
	Shuffle   bool
	LR        float64 // Adam's learning rate; 0 means Keras's 1e-3
	// Init, if set, overwrites the seeded initial weights (e.g. from a file).
	Init func(*model.Params) error
}

// NotebookSpec returns the notebook's run for data of n features: the
// notebook's model, seed 1, 200 epochs of shuffled batches of 16.
func NotebookSpec(n int) Spec {
	return Spec{Model: model.NotebookConfig(n), Seed: 1, Epochs: 200, BatchSize: 16, Shuffle: true}
}

// Result is what a run produced: the trained weights, the history of the
// finished epochs and the wall time of the fit.
type Result struct {
	Params  *model.Params
	History History
	Wall    time.Duration
}

// Run initialises the model from RandomState(spec.Seed) as Keras's
// glorot-uniform initialiser would (numpy's rs.uniform(-lim, lim, (in, out))
// per layer in model order), then fits it on train with the same
// RandomState's permutation(n) as each epoch's order, and reports the loss on
// val after every epoch. On an error after training started, the Result
// still holds the finished epochs and the weights as they are.
func Run(ctx context.Context, spec Spec, train, val []float64, progress Progress) (Result, error) {
	rs := rng.New(spec.Seed)
	p, err := model.NewParams(spec.Model, rs)
	if err != nil {
		return Result{}, err
	}
	if spec.Init != nil {
		if err := spec.Init(p); err != nil {
			return Result{}, err
		}
	}
	tr := NewTrainer(p)
	defer tr.Close()
	if spec.LR != 0 {
		if !(spec.LR > 0) {
			return Result{}, fmt.Errorf("learning rate must be positive, got %v", spec.LR)
		}
		tr.Adam.LR = spec.LR
	}
	start := time.Now()
	h, err := tr.Fit(ctx, train, val, Options{
		Epochs:    spec.Epochs,
		BatchSize: spec.BatchSize,
		Shuffle:   spec.Shuffle,
		Permuter:  rs,
		Progress:  progress,
	})
	return Result{Params: p, History: h, Wall: time.Since(start)}, err
}
