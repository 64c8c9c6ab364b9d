package training

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

// TestEarlyStoppingFollowsKeras replays val_loss sequences through
// EarlyStopping and checks where Keras's EarlyStopping(patience=p,
// min_delta=0) would stop: an equal loss is no improvement, the count
// restarts at each strictly lower one, and NaN never improves.
func TestEarlyStoppingFollowsKeras(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		patience      int
		val           []float64
		stop, best    int
		bestLoss      float64
		improvedEpoch []int
	}{
		// 4 at epoch 3 equals the best: no improvement; epochs 5 and 6 do not beat 3.
		{2, []float64{5, 4, 4, 3, 3.5, 3.2, 2.9}, 6, 4, 3, []int{1, 2, 4}},
		{1, []float64{5, 4, 4, 3}, 3, 2, 4, []int{1, 2}},
		{3, []float64{5, 4, 4, 3, 3, 3, 3}, 7, 4, 3, []int{1, 2, 4}},
		{2, []float64{5, nan, nan, 4}, 3, 1, 5, []int{1}},
		// Patience 0 never stops; the best is still tracked.
		{0, []float64{5, 6, 7, 8, 1, 9}, 0, 5, 1, []int{1, 5}},
		// Keras never stops after the first epoch, even when it did not improve.
		{1, []float64{nan, 3, 4}, 3, 2, 3, []int{2}},
	} {
		s := NewEarlyStopping(c.patience)
		var improved []int
		stopped := 0
		for i, v := range c.val {
			imp, stop := s.Update(i+1, v)
			if imp {
				improved = append(improved, i+1)
			}
			if stop {
				stopped = i + 1
				break
			}
			if err := s.Check(i + 1); err != nil {
				t.Fatalf("%v: after epoch %d: %v", c.val, i+1, err)
			}
		}
		if stopped != c.stop || s.Stopped != c.stop || s.BestEpoch != c.best || s.Best != c.bestLoss || !equalInts(improved, c.improvedEpoch) {
			t.Errorf("patience %d, %v: stopped at %d (%d), best %v at %d, improved at %v; want %d, %v at %d, %v",
				c.patience, c.val, stopped, s.Stopped, s.Best, s.BestEpoch, improved, c.stop, c.bestLoss, c.best, c.improvedEpoch)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestAdamSetStateContinuesTheSteps steps two copies of the same weights
// with the same gradients, moving a fresh Adam to the first one's state
// halfway: every later step must give the same weights, bit for bit.
func TestAdamSetStateContinuesTheSteps(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		r := newUniform(5)
		p := smallModel(t, 2, dt)
		q := p.Clone()
		a, b := NewAdam(), NewAdam()
		grads := func(p *model.Params) []G.ValueGrad {
			var pairs []G.ValueGrad
			for _, w := range p.Trainable() {
				g := tensor.New(tensor.WithShape(w.Tensor.Shape().Clone()...), tensor.Of(dt))
				pairs = append(pairs, weightGrad{w.Tensor, g})
			}
			return pairs
		}
		pa, pb := grads(p), grads(q)
		fill := func() {
			for i := range pa {
				ga, _ := pa[i].Grad()
				gb, _ := pb[i].Grad()
				for j := range ga.(*tensor.Dense).Shape().TotalSize() {
					v := r.Uniform(-1, 1)
					ga.(*tensor.Dense).Set(j, castTo(dt, v))
					gb.(*tensor.Dense).Set(j, castTo(dt, v))
				}
			}
		}
		for step := 1; step <= 6; step++ {
			fill()
			if err := a.Step(pa); err != nil {
				t.Fatal(err)
			}
			if step <= 3 {
				if err := b.Step(pb); err != nil {
					t.Fatal(err)
				}
			}
			if step == 3 {
				// b goes on as a fresh Adam moved to a copy of a's state.
				s := a.State(weights(p))
				s.M, s.V = cloneTensors(s.M), cloneTensors(s.V)
				b = NewAdam()
				if err := b.SetState(weights(q), s); err != nil {
					t.Fatal(err)
				}
			}
			if step > 3 {
				if err := b.Step(pb); err != nil {
					t.Fatal(err)
				}
			}
		}
		if a.Iterations() != 6 || b.Iterations() != 6 {
			t.Fatalf("%v: %d and %d steps, want 6", dt, a.Iterations(), b.Iterations())
		}
		sameWeights(t, dt.String(), p, q)
	}
}

func castTo(dt tensor.Dtype, v float64) any {
	if dt == tensor.Float32 {
		return float32(v)
	}
	return v
}

func TestAdamSetStateRefusesMismatchedMoments(t *testing.T) {
	p := smallModel(t, 2, tensor.Float32)
	s := NewAdam().State(weights(p))
	s.Iterations = 3
	bad := s
	bad.M = append([]*tensor.Dense{tensor.New(tensor.WithShape(2), tensor.Of(tensor.Float32))}, s.M[1:]...)
	for name, st := range map[string]AdamState{
		"a shape":          bad,
		"too few":          {Iterations: 1, M: s.M[:2], V: s.V[:2]},
		"a negative count": {Iterations: -1, M: s.M, V: s.V},
	} {
		if err := NewAdam().SetState(weights(p), st); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// saved collects a deep copy of every state a run's Save is given.
type saved struct{ states []*State }

func (s *saved) save(st *State) error {
	s.states = append(s.states, st.Clone())
	return nil
}

// TestResumeContinuesTheRunBitForBit runs 7 epochs uninterrupted, keeping
// every state Save gets, then resumes from the states of epochs 1, 3 and 6:
// each resumed run must end with the same history, weights, Adam step
// count and generator position, bit for bit, with and without shuffling
// and in both dtypes.
func TestResumeContinuesTheRunBitForBit(t *testing.T) {
	r := newUniform(9)
	train, val := randomData(r, 22, 6), randomData(r, 5, 6)
	for _, c := range []struct {
		shuffle bool
		dtype   tensor.Dtype
	}{{true, tensor.Float32}, {false, tensor.Float32}, {true, tensor.Float64}} {
		spec := stopSpec(7, 0.01)
		spec.Shuffle, spec.Model.Dtype = c.shuffle, c.dtype
		var all saved
		spec.Save = all.save
		full, err := Run(context.Background(), spec, train, val, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(all.states) != 6 || full.State == nil || full.State.Epoch != 7 {
			t.Fatalf("Save got %d states and the result's state is %v; want epochs 1-6, then 7", len(all.states), full.State)
		}
		for i, st := range all.states {
			if st.Epoch != i+1 || st.History.Len() != i+1 || st.Adam.Iterations != 6*(i+1) {
				t.Fatalf("state %d: epoch %d, %d epochs of history, %d Adam steps", i+1, st.Epoch, st.History.Len(), st.Adam.Iterations)
			}
		}
		for _, k := range []int{1, 3, 6} {
			spec := spec
			spec.Resume = all.states[k-1]
			var again saved
			spec.Save = again.save
			rec := &recorder{}
			res, err := Run(context.Background(), spec, train, val, rec)
			if err != nil {
				t.Fatal(err)
			}
			what := c.dtype.String() + " from epoch " + string(rune('0'+k))
			if len(rec.epochs) != 7-k || rec.epochs[0].Epoch != k+1 || len(again.states) != 6-k {
				t.Fatalf("%s: trained %d epochs from %d, saved %d states; want %d from %d, %d states", what, len(rec.epochs), rec.epochs[0].Epoch, len(again.states), 7-k, k+1, 6-k)
			}
			for i, e := range full.History.Epochs {
				g := res.History.Epochs[i]
				if math.Float64bits(g.Loss) != math.Float64bits(e.Loss) || math.Float64bits(g.ValLoss) != math.Float64bits(e.ValLoss) || g.Epoch != e.Epoch {
					t.Fatalf("%s: epoch %d: loss %v val_loss %v, uninterrupted %v %v", what, i+1, g.Loss, g.ValLoss, e.Loss, e.ValLoss)
				}
			}
			sameWeights(t, what, res.Params, full.Params)
			if res.State.Adam.Iterations != full.State.Adam.Iterations || res.State.RNG != full.State.RNG {
				t.Fatalf("%s: Adam at step %d, generator moved: %v; want step %d and the same position",
					what, res.State.Adam.Iterations, res.State.RNG != full.State.RNG, full.State.Adam.Iterations)
			}
		}
	}
}

// TestEarlyStoppingStopsAtTheBestEpochPlusPatience trains with a learning
// rate that makes the validation loss wander, so that patience 2 stops the
// run: it must stop exactly patience epochs after its best one, with the
// history of the uninterrupted run up to there; with RestoreBest the kept
// weights are the best epoch's, and evaluating them on the validation rows
// gives the best val_loss exactly. Resumed from a state between the best
// epoch and the stop, it stops at the same epoch with the same weights.
func TestEarlyStoppingStopsAtTheBestEpochPlusPatience(t *testing.T) {
	r := newUniform(9)
	train, val := randomData(r, 22, 6), randomData(r, 5, 6)
	const patience = 2
	long, err := Run(context.Background(), stopSpec(40, 0.05), train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := NewEarlyStopping(patience)
	for _, e := range long.History.Epochs {
		if _, stop := want.Update(e.Epoch, e.ValLoss); stop {
			break
		}
	}
	if want.Stopped == 0 {
		t.Fatalf("val_loss never stalled for %d epochs in 40: %v", patience, long.History.ValLoss())
	}
	spec := stopSpec(40, 0.05)
	spec.Patience, spec.RestoreBest = patience, true
	var all saved
	spec.Save = all.save
	res, err := Run(context.Background(), spec, train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	best, _ := res.History.Best()
	if res.History.Len() != want.Stopped || res.State.Early.Stopped != want.Stopped || best.Epoch != want.BestEpoch ||
		res.History.Len() != best.Epoch+patience || res.FinishedEpoch != best.Epoch {
		t.Fatalf("stopped after %d epochs (state: %d), best %d, kept epoch %d; want %d, best %d = stop - %d",
			res.History.Len(), res.State.Early.Stopped, best.Epoch, res.FinishedEpoch, want.Stopped, want.BestEpoch, patience)
	}
	for i, e := range res.History.Epochs {
		if e.ValLoss != long.History.Epochs[i].ValLoss {
			t.Fatalf("epoch %d: val_loss %v, the run without patience %v", i+1, e.ValLoss, long.History.Epochs[i].ValLoss)
		}
	}
	tr := NewTrainer(res.Finished)
	defer tr.Close()
	got, err := tr.Evaluate(val)
	if err != nil {
		t.Fatal(err)
	}
	if math.Float64bits(got) != math.Float64bits(best.ValLoss) {
		t.Errorf("the kept weights evaluate to %v on the validation rows, the best epoch's val_loss is %v", got, best.ValLoss)
	}

	// Resume after the best epoch, with the patience count running.
	spec.Resume, spec.Save = all.states[best.Epoch], nil
	if spec.Resume.Early.Wait != 1 {
		t.Fatalf("the state after epoch %d waits %d epochs, want 1", best.Epoch+1, spec.Resume.Early.Wait)
	}
	again, err := Run(context.Background(), spec, train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.History.Len() != want.Stopped || again.FinishedEpoch != best.Epoch {
		t.Fatalf("resumed: stopped after %d epochs, kept %d; want %d and %d", again.History.Len(), again.FinishedEpoch, want.Stopped, best.Epoch)
	}
	sameWeights(t, "resumed, best weights", again.Finished, res.Finished)
	sameWeights(t, "resumed, last weights", again.Params, res.Params)

	// A stopped run has nothing left to train, whatever Epochs says.
	spec.Resume, spec.Epochs = res.State.Clone(), 60
	rec := &recorder{}
	done, err := Run(context.Background(), spec, train, val, rec)
	if err != nil || len(rec.epochs) != 0 || done.History.Len() != want.Stopped {
		t.Fatalf("resuming a stopped run: %v, trained %d epochs, history %d", err, len(rec.epochs), done.History.Len())
	}
}

// TestResumeRefusesAStateOfAnotherRun: a state must fit the Spec it is
// resumed with.
func TestResumeRefusesAStateOfAnotherRun(t *testing.T) {
	r := newUniform(9)
	train, val := randomData(r, 22, 6), randomData(r, 5, 6)
	var all saved
	spec := stopSpec(3, 0.01)
	spec.Save = all.save
	if _, err := Run(context.Background(), spec, train, val, nil); err != nil {
		t.Fatal(err)
	}
	st := all.states[1]
	for name, change := range map[string]func(*Spec){
		"another model":        func(s *Spec) { s.Model.Bottleneck = 2 },
		"fewer epochs":         func(s *Spec) { s.Epochs = 1 },
		"best weights missing": func(s *Spec) { s.RestoreBest = true },
		"broken history": func(s *Spec) {
			c := st.Clone()
			c.History.Epochs = c.History.Epochs[:1]
			s.Resume = c
		},
		"weights without tensors": func(s *Spec) {
			c := st.Clone()
			c.Params = &model.Params{Config: c.Params.Config}
			s.Resume = c
		},
	} {
		s := spec
		s.Resume = st
		change(&s)
		if _, err := Run(context.Background(), s, train, val, nil); err == nil {
			t.Errorf("%s: resumed", name)
		} else if !strings.HasPrefix(err.Error(), "resume: ") {
			t.Errorf("%s: error %q does not start with resume:", name, err)
		}
	}
}

// TestRunChecksTheInitialWeights: an Init that leaves the weights unlike
// the model is an error, not a panic.
func TestRunChecksTheInitialWeights(t *testing.T) {
	r := newUniform(9)
	train, val := randomData(r, 22, 6), randomData(r, 5, 6)
	spec := stopSpec(1, 0.01)
	spec.Init = func(p *model.Params) error { p.Dense = p.Dense[:1]; return nil }
	if _, err := Run(context.Background(), spec, train, val, nil); err == nil || !strings.Contains(err.Error(), "the initial weights: weights of 1 Dense") {
		t.Errorf("Run with spoilt initial weights: %v", err)
	}
}

// TestResumeStopsWithTheSpecsPatience: a run saved without early stopping
// and resumed with Patience 2 stops where a run with patience 2 from the
// start would have (the saved history counts), not after all its epochs.
func TestResumeStopsWithTheSpecsPatience(t *testing.T) {
	r := newUniform(9)
	train, val := randomData(r, 22, 6), randomData(r, 5, 6)
	spec := stopSpec(40, 0.05)
	var all saved
	spec.Save = all.save
	long, err := Run(context.Background(), spec, train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := NewEarlyStopping(2)
	for _, e := range long.History.Epochs {
		if _, stop := want.Update(e.Epoch, e.ValLoss); stop {
			break
		}
	}
	if want.Stopped == 0 || want.Stopped < 3 {
		t.Fatalf("patience 2 would stop at epoch %d; the test needs a stop after epoch 2", want.Stopped)
	}
	spec.Save, spec.Resume, spec.Patience = nil, all.states[1], 2 // after epoch 2, saved with patience 0
	res, err := Run(context.Background(), spec, train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.History.Len() != want.Stopped || res.State.Early.Stopped != want.Stopped || res.State.Early.Patience != 2 {
		t.Errorf("resumed with patience 2: %d epochs, stopped at %d with patience %d; want a stop at epoch %d with patience 2",
			res.History.Len(), res.State.Early.Stopped, res.State.Early.Patience, want.Stopped)
	}
}

// TestResumedRunCountsTheWallTimeOfEarlierProcesses: the wall time of a
// resumed run, in its Result, its final state and every state Save gets,
// is the saved state's plus this process's.
func TestResumedRunCountsTheWallTimeOfEarlierProcesses(t *testing.T) {
	r := newUniform(9)
	train, val := randomData(r, 22, 6), randomData(r, 5, 6)
	spec := stopSpec(2, 0.01)
	var first saved
	spec.Save = first.save
	if _, err := Run(context.Background(), spec, train, val, nil); err != nil {
		t.Fatal(err)
	}
	const earlier = 1000 * time.Hour
	st := first.states[0].Clone()
	st.Wall = earlier
	spec.Epochs, spec.Resume = 4, st
	var again saved
	spec.Save = again.save
	start := time.Now()
	res, err := Run(context.Background(), spec, train, val, nil)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	within := func(what string, d time.Duration) {
		if d < earlier || d > earlier+took {
			t.Errorf("%s: wall time %v, want %v plus at most this run's %v", what, d, earlier, took)
		}
	}
	within("Result.Wall", res.Wall)
	within("Result.State.Wall", res.State.Wall)
	if len(again.states) != 2 {
		t.Fatalf("Save got %d states, want 2 (epochs 2 and 3)", len(again.states))
	}
	for _, s := range again.states {
		within("the state of epoch "+strconv.Itoa(s.Epoch), s.Wall)
	}
}
