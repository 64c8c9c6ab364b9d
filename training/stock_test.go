package training

import (
	"context"
	"math"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/model"
)

// relMaxDiff returns ‖a − b‖∞ / max(‖a‖∞, ‖b‖∞), and ‖a − b‖∞.
func relMaxDiff(a, b []float64) (rel, diff float64) {
	var norm float64
	for i := range a {
		diff = math.Max(diff, math.Abs(a[i]-b[i]))
		norm = math.Max(norm, math.Max(math.Abs(a[i]), math.Abs(b[i])))
	}
	if norm == 0 {
		return diff, diff
	}
	return diff / norm, diff
}

// TestStockTrainingEqualsTheFusedTraining runs the same seeded float64 run
// (one shuffled epoch of 158 rows: nine batches of 16 and one of 14, then a
// validation pass) with each kind of graph, for bottleneck 100 under two
// levels and bottleneck 50 under three. The losses, every weight, the
// moving statistics, the validation loss and the encoder's codes must agree
// to 1e-12 relative.
func TestStockTrainingEqualsTheFusedTraining(t *testing.T) {
	const tol = 1e-12
	r := newUniform(90)
	train, val := randomData(r, 158, 100), randomData(r, 40, 100)
	for _, c := range []model.Config{
		{Inputs: 100, Hidden: []int{200, 100}, Bottleneck: 100, Dtype: tensor.Float64},
		{Inputs: 100, Hidden: []int{200, 100, 50}, Bottleneck: 50, Dtype: tensor.Float64},
	} {
		t.Run(c.String(), func(t *testing.T) {
			var res [2]Result
			var codes [2][]float64
			for i, kind := range model.Graphs() {
				spec := Spec{Model: c, Graph: kind, Seed: 4, Epochs: 1, BatchSize: 16, Shuffle: true}
				var err error
				if res[i], err = Run(context.Background(), spec, train, val, nil); err != nil {
					t.Fatal(err)
				}
				if e := res[i].History.Epochs[0]; e.Steps != 10 {
					t.Fatalf("%s: %d steps, want 10", kind, e.Steps)
				}
				enc, err := model.NewEncoderNetOf(kind, res[i].Params, 40)
				if err != nil {
					t.Fatal(err)
				}
				if err := enc.SetInput(val); err != nil {
					t.Fatal(err)
				}
				if err := enc.Run(); err != nil {
					t.Fatal(err)
				}
				if codes[i], err = enc.CodeValues(); err != nil {
					t.Fatal(err)
				}
				enc.Close()
			}
			f, s := res[0].History.Epochs[0], res[1].History.Epochs[0]
			t.Logf("loss fused %.17g stock %.17g; val_loss fused %.17g stock %.17g", f.Loss, s.Loss, f.ValLoss, s.ValLoss)
			if rel := math.Abs(f.Loss-s.Loss) / f.Loss; rel > tol {
				t.Errorf("epoch loss differs by %.2g relative", rel)
			}
			if rel := math.Abs(f.ValLoss-s.ValLoss) / f.ValLoss; rel > tol {
				t.Errorf("validation loss differs by %.2g relative", rel)
			}
			if rel, _ := relMaxDiff(codes[0], codes[1]); rel > tol {
				t.Errorf("encoder codes differ by %.2g relative", rel)
			}
			initial, err := model.NewParams(c, rng.New(4))
			if err != nil {
				t.Fatal(err)
			}
			ft, st, it := res[0].Params.Tensors(), res[1].Params.Tensors(), initial.Tensors()
			var worst float64
			for i := range ft {
				a, b := model.Float64s(ft[i].Tensor), model.Float64s(st[i].Tensor)
				rel, diff := relMaxDiff(a, b)
				name := ft[i].Name
				if strings.HasSuffix(name, "/bias") && !strings.Contains(name, "/norm/") && name != "output/bias" {
					// The gradient of these biases is zero in exact
					// arithmetic (each feeds a BatchNormalization), so
					// Adam moves them by rounding noise only: they
					// stay near 0 in both graphs.
					if diff > tol {
						t.Errorf("%s: differs by %.2g", name, diff)
					}
					continue
				}
				if moved, _ := relMaxDiff(a, model.Float64s(it[i].Tensor)); moved < 1e-3 {
					t.Errorf("%s: moved by only %.2g relative in 10 steps", name, moved)
				}
				worst = math.Max(worst, rel)
				if rel > tol {
					t.Errorf("%s after 10 steps: fused and stock differ by %.2g relative", name, rel)
				}
			}
			t.Logf("largest relative difference of a weight or moving statistic: %.2g", worst)
		})
	}
}
