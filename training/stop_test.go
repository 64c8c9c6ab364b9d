package training

import (
	"context"
	"errors"
	"math"
	"testing"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

// stopSpec is a small seeded run: 6 inputs, hidden 8 and 4, bottleneck 3.
func stopSpec(epochs int, lr float64) Spec {
	return Spec{
		Model: model.Config{Inputs: 6, Hidden: []int{8, 4}, Bottleneck: 3, Dtype: tensor.Float32},
		Seed:  3, Epochs: epochs, BatchSize: 4, Shuffle: true, LR: lr,
	}
}

// sameWeights reports the first weight where a and b differ in any bit.
func sameWeights(t *testing.T, what string, a, b *model.Params) {
	t.Helper()
	at, bt := a.Tensors(), b.Tensors()
	for i := range at {
		x, y := model.Float64s(at[i].Tensor), model.Float64s(bt[i].Tensor)
		for j := range x {
			if math.Float64bits(x[j]) != math.Float64bits(y[j]) {
				t.Fatalf("%s: %s[%d] is %v, want %v", what, at[i].Name, j, x[j], y[j])
			}
		}
	}
}

// TestRunKeepsTheWeightsOfTheLastFinishedEpoch interrupts a run in its third
// epoch: Finished must hold exactly the weights a two-epoch run ends with,
// while Params has moved on by the third epoch's first steps.
func TestRunKeepsTheWeightsOfTheLastFinishedEpoch(t *testing.T) {
	r := newUniform(9)
	train, val := randomData(r, 22, 6), randomData(r, 5, 6)
	two, err := Run(context.Background(), stopSpec(2, 0.01), train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	if two.Finished != two.Params {
		t.Errorf("a complete run's Finished is not its Params")
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// 22 rows in batches of 4 are 6 steps an epoch: stop after step 2 of epoch 3.
	cut, err := Run(ctx, stopSpec(5, 0.01), train, val, &cancelAfter{steps: 14, cancel: cancel})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if cut.History.Len() != 2 || cut.Finished == nil {
		t.Fatalf("interrupted run kept %d epochs (Finished %v), want 2", cut.History.Len(), cut.Finished != nil)
	}
	for i := range two.History.Epochs {
		if a, b := two.History.Epochs[i], cut.History.Epochs[i]; a.Loss != b.Loss || a.ValLoss != b.ValLoss {
			t.Errorf("epoch %d: (%v, %v) interrupted, (%v, %v) complete", i+1, b.Loss, b.ValLoss, a.Loss, a.ValLoss)
		}
	}
	sameWeights(t, "Finished after 2 epochs", cut.Finished, two.Params)
	moved := false
	for i, w := range cut.Params.Tensors() {
		a, b := model.Float64s(w.Tensor), model.Float64s(cut.Finished.Tensors()[i].Tensor)
		for j := range a {
			moved = moved || a[j] != b[j]
		}
	}
	if !moved {
		t.Errorf("Params equal Finished: the 2 steps of epoch 3 changed nothing")
	}

	// Stopped in the first epoch, nothing finished.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	none, err := Run(ctx, stopSpec(5, 0.01), train, val, &cancelAfter{steps: 3, cancel: cancel})
	if !errors.Is(err, context.Canceled) || none.History.Len() != 0 || none.Finished != nil {
		t.Errorf("stopped in epoch 1: %v, %d epochs, Finished %v; want no epoch and no weights", err, none.History.Len(), none.Finished != nil)
	}
}

// TestFitStopsWhenTheValidationLossIsNotFinite: one step of Adam at lr 1e20
// moves every weight by about 1e20, so the validation pass after it
// overflows float32 while the step's own loss, taken before the update, is
// an ordinary number. The epoch is not kept.
func TestFitStopsWhenTheValidationLossIsNotFinite(t *testing.T) {
	r := newUniform(4)
	train, val := randomData(r, 8, 6), randomData(r, 4, 6)
	tr := NewTrainer(smallModel(t, 5, tensor.Float32))
	defer tr.Close()
	tr.Adam.LR = 1e20
	rec := &recorder{}
	h, err := tr.Fit(context.Background(), train, val, Options{Epochs: 3, BatchSize: 8, Progress: rec})
	var div *DivergedError
	if !errors.As(err, &div) {
		t.Fatalf("err = %v, want a *DivergedError", err)
	}
	if !div.Validation || div.Epoch != 1 || div.Step != 1 || !(math.IsNaN(div.Loss) || math.IsInf(div.Loss, 0)) {
		t.Errorf("diverged %+v, want the validation loss of epoch 1, after step 1", *div)
	}
	if h.Len() != 0 || len(rec.epochs) != 0 || len(rec.stepLosses) != 1 || math.IsNaN(rec.stepLosses[0]) {
		t.Errorf("kept %d epochs, reported %d, step losses %v; want none, none and one finite", h.Len(), len(rec.epochs), rec.stepLosses)
	}
	want := "training diverged: val_loss is " + formatV(div.Loss) + " at epoch 1, in the validation pass after step 1"
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func formatV(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case v > 0:
		return "+Inf"
	}
	return "-Inf"
}
