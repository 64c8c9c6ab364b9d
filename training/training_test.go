package training

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

// weightGrad pairs a weight tensor with its gradient tensor as a
// gorgonia.ValueGrad, for calling Adam.Step directly.
type weightGrad struct {
	w, g *tensor.Dense
}

func (p weightGrad) Value() G.Value         { return p.w }
func (p weightGrad) Grad() (G.Value, error) { return p.g, nil }

type uniform struct{ r *rand.Rand }

func (u uniform) Uniform(lo, hi float64) float64 { return lo + (hi-lo)*u.r.Float64() }
func (u uniform) Permutation(n int) []int        { return u.r.Perm(n) }

func newUniform(seed uint64) uniform { return uniform{rand.New(rand.NewPCG(seed, 7))} }

func randomData(r uniform, rows, cols int) []float64 {
	x := make([]float64, rows*cols)
	for i := range x {
		x[i] = r.Uniform(0, 1)
	}
	return x
}

func TestAdamStepMatchesHandComputation(t *testing.T) {
	w := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, -2, 0.5}))
	g := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{0.5, -0.1, 0}))
	a := NewAdam()
	pairs := []G.ValueGrad{weightGrad{w, g}}
	want := []float64{1, -2, 0.5}
	m, v := make([]float64, 3), make([]float64, 3)
	grads := [][]float64{{0.5, -0.1, 0}, {-0.25, 0.3, 1}}
	for step, gs := range grads {
		copy(g.Data().([]float64), gs)
		if err := a.Step(pairs); err != nil {
			t.Fatal(err)
		}
		tt := float64(step + 1)
		lrT := 1e-3 * math.Sqrt(1-math.Pow(0.999, tt)) / (1 - math.Pow(0.9, tt))
		for i, gi := range gs {
			m[i] = 0.9*m[i] + 0.1*gi
			v[i] = 0.999*v[i] + 0.001*gi*gi
			want[i] -= lrT * m[i] / (math.Sqrt(v[i]) + 1e-7)
		}
		for i, got := range w.Data().([]float64) {
			if math.Abs(got-want[i]) > 1e-15 {
				t.Errorf("step %d: w[%d] = %.17g, want %.17g", step+1, i, got, want[i])
			}
		}
	}
	// The first step of Adam moves every weight with a non-zero gradient by
	// about lr, whatever the gradient's size.
	if a.Iterations() != 2 {
		t.Errorf("Iterations() = %d, want 2", a.Iterations())
	}
}

// TestAdamStepWithABadGradientChangesNothing gives Adam a step whose second
// gradient does not fit its weight: the step fails, the first weight stays
// as it was, and the step does not count.
func TestAdamStepWithABadGradientChangesNothing(t *testing.T) {
	w1 := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, 2}))
	g1 := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{0.5, -0.5}))
	w2 := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float32{1, 2, 3}))
	bad := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, 1}))
	a := NewAdam()
	err := a.Step([]G.ValueGrad{weightGrad{w1, g1}, weightGrad{w2, bad}})
	if err == nil || !strings.Contains(err.Error(), "gradient of weight 1 does not match") {
		t.Fatalf("Step = %v, want the mismatch of weight 1", err)
	}
	if got := w1.Float32s(); got[0] != 1 || got[1] != 2 {
		t.Errorf("weight 0 = %v after a failed step, want [1 2]", got)
	}
	if a.Iterations() != 0 {
		t.Errorf("Iterations() = %d after a failed step, want 0", a.Iterations())
	}
	if err := a.Step([]G.ValueGrad{weightGrad{w1, g1}}); err != nil {
		t.Fatal(err)
	}
	if got := w1.Float32s(); got[0] >= 1 || got[1] <= 2 || a.Iterations() != 1 {
		t.Errorf("after a good step: weight 0 = %v, Iterations() = %d; want it moved against the gradient, 1", got, a.Iterations())
	}
}

// recorder is a Progress that keeps what it is told.
type recorder struct {
	stepLosses []float64
	steps      []int
	epochs     []Epoch
}

func (r *recorder) EpochStart(epoch, epochs, steps int) {}
func (r *recorder) StepEnd(step, steps int, mean float64) {
	r.steps = append(r.steps, step)
	r.stepLosses = append(r.stepLosses, mean)
}
func (r *recorder) EpochEnd(e Epoch, epochs int) { r.epochs = append(r.epochs, e) }

func smallModel(t *testing.T, seed uint64, dt tensor.Dtype) *model.Params {
	t.Helper()
	p, err := model.NewParams(model.Config{Inputs: 6, Hidden: []int{8, 4}, Bottleneck: 3, Dtype: dt}, newUniform(seed))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFitTakesAnyBatchLargerThanTheRowsAsOneStep: a batch size beyond the
// rows, up to the largest int, is one step of all of them, the same as a
// batch of exactly the rows (the step count once overflowed to 0 and the
// epoch trained nothing).
func TestFitTakesAnyBatchLargerThanTheRowsAsOneStep(t *testing.T) {
	train := randomData(newUniform(1), 11, 6)
	var want []Epoch
	for _, batch := range []int{11, 12, math.MaxInt} {
		tr := NewTrainer(smallModel(t, 2, tensor.Float64))
		h, err := tr.Fit(context.Background(), train, nil, Options{Epochs: 2, BatchSize: batch})
		tr.Close()
		if err != nil {
			t.Fatalf("batch %d: %v", batch, err)
		}
		for i := range h.Epochs {
			h.Epochs[i].Duration = 0
		}
		if batch == 11 {
			want = h.Epochs
		}
		if h.Epochs[0].Steps != 1 || tr.Adam.Iterations() != 2 || h.Epochs[1].Loss != want[1].Loss {
			t.Errorf("batch %d: %d steps an epoch, %d Adam steps, epoch 2's loss %v; want 1, 2 and %v",
				batch, h.Epochs[0].Steps, tr.Adam.Iterations(), h.Epochs[1].Loss, want[1].Loss)
		}
	}
}

// TestFitUsesThePartialLastBatch: 11 rows in batches of 4 are 3 steps, the
// last of 3 rows, and the epoch's loss weights each batch by its size.
func TestFitUsesThePartialLastBatch(t *testing.T) {
	r := newUniform(1)
	train := randomData(r, 11, 6)
	p := smallModel(t, 2, tensor.Float64)
	tr := NewTrainer(p)
	defer tr.Close()

	// The loss of each batch before its update, computed independently.
	ref := NewTrainer(p.Clone())
	defer ref.Close()
	var wantSum float64
	for _, rows := range [][]int{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10}} {
		l, err := ref.step(train, rows)
		if err != nil {
			t.Fatal(err)
		}
		wantSum += l * float64(len(rows))
	}

	rec := &recorder{}
	h, err := tr.Fit(context.Background(), train, nil, Options{Epochs: 1, BatchSize: 4, Progress: rec})
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Adam.Iterations(); got != 3 {
		t.Errorf("Adam took %d steps, want 3", got)
	}
	if _, ok := tr.nets[3]; !ok {
		t.Errorf("no training graph for the last batch of 3 rows; graphs for %v", keys(tr.nets))
	}
	if h.Epochs[0].Steps != 3 {
		t.Errorf("epoch reports %d steps, want 3", h.Epochs[0].Steps)
	}
	if got, want := h.Epochs[0].Loss, wantSum/11; math.Abs(got-want) > 1e-14 {
		t.Errorf("epoch loss %.17g, want the size-weighted mean %.17g", got, want)
	}
	if !math.IsNaN(h.Epochs[0].ValLoss) {
		t.Errorf("val_loss without validation data = %v, want NaN", h.Epochs[0].ValLoss)
	}
}

// TestProgressShowsTheMeanLossOfTheEpochsRowsSoFar: the loss a progress
// bar shows after each step is the mean over the rows trained so far in
// the epoch (each batch's loss weighted by its rows), as Keras's running
// average, and after the last step it is the epoch's loss.
func TestProgressShowsTheMeanLossOfTheEpochsRowsSoFar(t *testing.T) {
	r := newUniform(1)
	train := randomData(r, 11, 6)
	p := smallModel(t, 2, tensor.Float64)
	ref := NewTrainer(p.Clone())
	defer ref.Close()
	var sum float64
	var want []float64
	done := 0
	for _, rows := range [][]int{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10}} {
		l, err := ref.step(train, rows)
		if err != nil {
			t.Fatal(err)
		}
		sum += l * float64(len(rows))
		done += len(rows)
		want = append(want, sum/float64(done))
	}

	tr := NewTrainer(p)
	defer tr.Close()
	rec := &recorder{}
	h, err := tr.Fit(context.Background(), train, nil, Options{Epochs: 1, BatchSize: 4, Progress: rec})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rec.steps, []int{1, 2, 3}) {
		t.Fatalf("steps reported %v, want [1 2 3]", rec.steps)
	}
	for i, got := range rec.stepLosses {
		if math.Abs(got-want[i]) > 1e-14 {
			t.Errorf("after step %d the bar shows loss %.17g, want the mean over %d rows %.17g", i+1, got, []int{4, 8, 11}[i], want[i])
		}
	}
	if last := rec.stepLosses[len(rec.stepLosses)-1]; last != h.Epochs[0].Loss {
		t.Errorf("after the last step the bar shows %.17g, the epoch's loss is %.17g", last, h.Epochs[0].Loss)
	}
}

func keys[V any](m map[int]V) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestShortRunLossFalls(t *testing.T) {
	r := newUniform(3)
	train, val := randomData(r, 40, 6), randomData(r, 12, 6)
	p := smallModel(t, 4, tensor.Float32)
	tr := NewTrainer(p)
	defer tr.Close()
	h, err := tr.Fit(context.Background(), train, val, Options{Epochs: 30, BatchSize: 8, Shuffle: true, Permuter: r})
	if err != nil {
		t.Fatal(err)
	}
	first, last := h.Epochs[0], h.Epochs[len(h.Epochs)-1]
	if !(last.Loss < first.Loss/2) || !(last.ValLoss < first.ValLoss/2) {
		t.Errorf("loss %.4g → %.4g, val_loss %.4g → %.4g: want both at least halved", first.Loss, last.Loss, first.ValLoss, last.ValLoss)
	}
}

func TestSameSeedGivesIdenticalHistory(t *testing.T) {
	run := func() History {
		r := newUniform(9)
		train, val := randomData(r, 30, 6), randomData(r, 7, 6)
		tr := NewTrainer(smallModel(t, 5, tensor.Float32))
		defer tr.Close()
		h, err := tr.Fit(context.Background(), train, val, Options{Epochs: 5, BatchSize: 4, Shuffle: true, Permuter: r})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	a, b := run(), run()
	for i := range a.Epochs {
		if a.Epochs[i].Loss != b.Epochs[i].Loss || a.Epochs[i].ValLoss != b.Epochs[i].ValLoss {
			t.Fatalf("epoch %d: (%v, %v) then (%v, %v)", i+1, a.Epochs[i].Loss, a.Epochs[i].ValLoss, b.Epochs[i].Loss, b.Epochs[i].ValLoss)
		}
	}
}

func TestFitStopsOnDivergence(t *testing.T) {
	r := newUniform(5)
	train := randomData(r, 32, 6)
	for i := range train {
		train[i] *= 1e3
	}
	tr := NewTrainer(smallModel(t, 6, tensor.Float32))
	defer tr.Close()
	tr.Adam.LR = 1e25
	h, err := tr.Fit(context.Background(), train, nil, Options{Epochs: 50, BatchSize: 8})
	var div *DivergedError
	if !errors.As(err, &div) {
		t.Fatalf("err = %v, want a *DivergedError", err)
	}
	if h.Len() != div.Epoch-1 {
		t.Errorf("history keeps %d epochs, want the %d finished before epoch %d", h.Len(), div.Epoch-1, div.Epoch)
	}
	if !strings.Contains(err.Error(), "diverged") {
		t.Errorf("error %q does not say it diverged", err)
	}
}

func TestFitStopsWhenCancelled(t *testing.T) {
	r := newUniform(6)
	train := randomData(r, 32, 6)
	tr := NewTrainer(smallModel(t, 7, tensor.Float32))
	defer tr.Close()
	ctx, cancel := context.WithCancel(context.Background())
	prog := &cancelAfter{steps: 6, cancel: cancel}
	h, err := tr.Fit(ctx, train, nil, Options{Epochs: 10, BatchSize: 8, Progress: prog})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if h.Len() != 1 || tr.Adam.Iterations() != 6 {
		t.Errorf("stopped after %d epochs and %d steps, want 1 epoch and 6 steps", h.Len(), tr.Adam.Iterations())
	}
}

type cancelAfter struct {
	steps, seen int
	cancel      func()
}

func (c *cancelAfter) EpochStart(int, int, int) {}
func (c *cancelAfter) StepEnd(int, int, float64) {
	if c.seen++; c.seen == c.steps {
		c.cancel()
	}
}
func (c *cancelAfter) EpochEnd(Epoch, int) {}

func TestFormatLossFollowsKeras(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{0.0029, "0.0029"}, {0.00087731, "8.7731e-04"}, {0.2321762, "0.2322"}, {1.5, "1.5000"}} {
		if got := FormatLoss(c.v); got != c.want {
			t.Errorf("FormatLoss(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// shortPermuter returns one index fewer than asked for.
type shortPermuter struct{}

func (shortPermuter) Permutation(n int) []int { return make([]int, n-1) }

// TestFitRefusesWhatItCannotTrain: a model with no inputs, a permuter that
// gives too few indices, and the last possible epoch number end in an
// error or a finished epoch, never a panic or an endless loop.
func TestFitRefusesWhatItCannotTrain(t *testing.T) {
	data := randomData(newUniform(1), 12, 6)
	bad := NewTrainer(&model.Params{Config: model.Config{Hidden: []int{4}, Bottleneck: 2, Dtype: tensor.Float32}})
	if _, err := bad.Fit(context.Background(), data, nil, Options{Epochs: 1, BatchSize: 4}); err == nil || !strings.Contains(err.Error(), "inputs must be positive") {
		t.Errorf("Fit with 0 inputs: %v", err)
	}
	if _, err := bad.Evaluate(data); err == nil || !strings.Contains(err.Error(), "inputs must be positive") {
		t.Errorf("Evaluate with 0 inputs: %v", err)
	}
	tr := NewTrainer(smallModel(t, 3, tensor.Float32))
	defer tr.Close()
	_, err := tr.Fit(context.Background(), data, nil, Options{Epochs: 1, BatchSize: 4, Shuffle: true, Permuter: shortPermuter{}})
	if err == nil || !strings.Contains(err.Error(), "the permuter gave 11 indices for 12 rows") {
		t.Errorf("Fit with a short permutation: %v", err)
	}
	h, err := tr.Fit(context.Background(), data, nil, Options{Epochs: math.MaxInt, InitialEpoch: math.MaxInt - 1, BatchSize: 4})
	if err != nil || h.Len() != 1 || h.Epochs[0].Epoch != math.MaxInt {
		t.Errorf("the last epoch: history %v, %v; want epoch MaxInt alone", h.Epochs, err)
	}
}
