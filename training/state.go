package training

import (
	"fmt"
	"math"
	"slices"
	"time"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/model"
)

// State is a run as it stands at the end of an epoch: everything Run needs
// (with the run's Spec and data) to continue it exactly as if it had never
// stopped. Spec.Save receives one after every epoch; Spec.Resume takes one
// back.
type State struct {
	// Epoch is the number of finished epochs.
	Epoch int
	// Params holds the weights and BatchNorm moving statistics at the end of
	// Epoch.
	Params *model.Params
	// Adam is the optimiser's step count and moments, for
	// Params.Trainable() in that order.
	Adam AdamState
	// RNG is the run's RandomState after Epoch's permutation: the next
	// epoch's order is its next permutation.
	RNG rng.State
	// History holds the Epoch finished epochs.
	History History
	// Early is the early-stopping state: the best epoch so far and the
	// epochs since it.
	Early EarlyStopping
	// Best holds, with Spec.RestoreBest, the weights at the end of
	// Early.BestEpoch; nil otherwise.
	Best *model.Params
	// Wall is the training time of the finished epochs, over every process
	// that ran them.
	Wall time.Duration
}

// Check reports the first inconsistency between s and a run of spec: a
// state that Run could not continue exactly.
func (s *State) Check(spec Spec) error {
	c := spec.Model
	switch {
	case s.Epoch < 1:
		return fmt.Errorf("state after %d epochs: a state is saved at the end of an epoch", s.Epoch)
	case s.Params == nil:
		return fmt.Errorf("state without weights")
	case !s.Params.Config.Equal(c):
		return fmt.Errorf("the state's model is %v, the run's %v", s.Params.Config, c)
	case s.Epoch > spec.Epochs:
		return fmt.Errorf("the state has finished %d epochs, more than the run's %d", s.Epoch, spec.Epochs)
	case s.History.Len() != s.Epoch:
		return fmt.Errorf("the state holds %d epochs of history for %d finished epochs", s.History.Len(), s.Epoch)
	case s.Wall < 0:
		return fmt.Errorf("the state's wall time is negative")
	}
	for i, e := range s.History.Epochs {
		if e.Epoch != i+1 || e.Steps <= 0 || e.Duration < 0 || math.IsNaN(e.Loss) || math.IsInf(e.Loss, 0) || math.IsInf(e.ValLoss, 0) {
			return fmt.Errorf("history entry %d is epoch %d, %d steps, loss %v, val_loss %v", i+1, e.Epoch, e.Steps, e.Loss, e.ValLoss)
		}
	}
	if err := s.Early.Check(s.Epoch); err != nil {
		return err
	}
	if s.Early.BestEpoch > 0 && s.History.Epochs[s.Early.BestEpoch-1].ValLoss != s.Early.Best {
		return fmt.Errorf("early stopping's best val_loss %v is not epoch %d's", s.Early.Best, s.Early.BestEpoch)
	}
	if err := s.RNG.Check(); err != nil {
		return err
	}
	if s.Adam.Iterations <= 0 {
		return fmt.Errorf("adam: %d steps after %d epochs", s.Adam.Iterations, s.Epoch)
	}
	if spec.RestoreBest != (s.Best != nil) {
		return fmt.Errorf("the state has best weights %v, the run restores the best %v", s.Best != nil, spec.RestoreBest)
	}
	if s.Best != nil && !s.Best.Config.Equal(c) {
		return fmt.Errorf("the state's best weights are of model %v, the run's %v", s.Best.Config, c)
	}
	if err := s.Params.Check(); err != nil {
		return fmt.Errorf("the state's weights: %w", err)
	}
	if s.Best != nil {
		if err := s.Best.Check(); err != nil {
			return fmt.Errorf("the state's best weights: %w", err)
		}
	}
	return nil
}

// Clone returns a deep copy of s, which no later training changes.
func (s *State) Clone() *State {
	c := *s
	c.Params = s.Params.Clone()
	if s.Best != nil {
		c.Best = s.Best.Clone()
	}
	c.History.Epochs = slices.Clone(s.History.Epochs)
	c.Adam.M, c.Adam.V = cloneTensors(s.Adam.M), cloneTensors(s.Adam.V)
	return &c
}

func cloneTensors(ts []*tensor.Dense) []*tensor.Dense {
	out := make([]*tensor.Dense, len(ts))
	for i, t := range ts {
		out[i] = t.Clone().(*tensor.Dense)
	}
	return out
}

// weights lists the trainable tensors of p, the order of AdamState.
func weights(p *model.Params) []*tensor.Dense {
	var ws []*tensor.Dense
	for _, t := range p.Trainable() {
		ws = append(ws, t.Tensor)
	}
	return ws
}

// session is what Run adds to Fit: continuing from Spec.Resume, early
// stopping, the best weights and saving the state after every epoch.
type session struct {
	spec  Spec
	tr    *Trainer
	rs    *rng.RandomState
	ws    []*tensor.Dense // tr.Params.Trainable()'s tensors
	hist  History         // every finished epoch, those before Resume included
	early EarlyStopping
	best  *model.Params // with RestoreBest: the best epoch's weights
	wall  time.Duration // the training time of earlier processes
	start time.Time
}

// newSession prepares a run of spec on tr, whose generator is rs, and,
// with spec.Resume, moves both to the saved state. val says whether there
// are validation rows, which early stopping and RestoreBest need.
func newSession(spec Spec, tr *Trainer, rs *rng.RandomState, val bool) (*session, error) {
	if spec.Patience < 0 {
		return nil, fmt.Errorf("patience must not be negative, got %d", spec.Patience)
	}
	if (spec.Patience > 0 || spec.RestoreBest) && !val {
		return nil, fmt.Errorf("early stopping and restoring the best weights need validation rows")
	}
	s := &session{spec: spec, tr: tr, rs: rs, ws: weights(tr.Params), early: NewEarlyStopping(spec.Patience)}
	r := spec.Resume
	if r == nil {
		return s, nil
	}
	if err := r.Check(spec); err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	tr.Params.CopyFrom(r.Params)
	if err := tr.Adam.SetState(s.ws, r.Adam); err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	if err := rs.SetState(r.RNG); err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	s.hist.Epochs = slices.Clone(r.History.Epochs)
	s.early, s.early.Patience = r.Early, spec.Patience
	if r.Best != nil {
		s.best = r.Best.Clone()
	}
	s.wall = r.Wall
	return s, nil
}

// done reports whether the run has nothing left to train.
func (s *session) done() bool {
	return s.hist.Len() >= s.spec.Epochs || s.early.Stopped != 0
}

// epochs is the epoch the run ends with, unless it stops early: Spec.Epochs,
// or the epoch it has stopped at.
func (s *session) epochs() int {
	if s.early.Stopped != 0 {
		return s.early.Stopped
	}
	return s.spec.Epochs
}

// afterEpoch records a finished epoch, updates early stopping and the best
// weights, and saves the state unless training ends with this epoch (the
// caller saves the last state once it has written its outputs, from
// Result.State).
func (s *session) afterEpoch(e Epoch) (bool, error) {
	s.hist.Epochs = append(s.hist.Epochs, e)
	improved, stop := s.early.Update(e.Epoch, e.ValLoss)
	if s.spec.RestoreBest {
		if s.best == nil {
			s.best = s.tr.Params.Clone()
		} else if improved {
			s.best.CopyFrom(s.tr.Params)
		}
	}
	if stop || s.done() || s.spec.Save == nil {
		return stop, nil
	}
	return false, s.spec.Save(s.state())
}

// state is the run's State now, sharing the live weights and moments.
func (s *session) state() *State {
	return &State{
		Epoch:   s.hist.Len(),
		Params:  s.tr.Params,
		Adam:    s.tr.Adam.State(s.ws),
		RNG:     s.rs.State(),
		History: s.hist,
		Early:   s.early,
		Best:    s.best,
		Wall:    s.wall + time.Since(s.start),
	}
}

// finish completes res: the whole history, the total wall time, the
// weights to keep and, after a run that ended without error, its State.
func (s *session) finish(res *Result, err error) {
	res.History = s.hist
	res.Wall += s.wall
	res.FinishedEpoch = s.hist.Len()
	if s.best != nil {
		res.Finished, res.FinishedEpoch = s.best, max(s.early.BestEpoch, 1)
	}
	if res.Finished == nil {
		res.FinishedEpoch = 0
	}
	if err == nil && s.hist.Len() > 0 {
		res.State = s.state()
		res.State.Wall = res.Wall
	}
}
