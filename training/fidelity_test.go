package training

import (
	"context"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
	"github.com/gorgonia-ae/autoencoder/model"
)

var fidelity = flag.Bool("fidelity", false, "run the 200-epoch fidelity check against the Keras replica's seed band (12 runs, minutes)")

func notebookData(t testing.TB) (train, test dataset.Matrix) {
	t.Helper()
	_, train, test, err := dataset.Notebook()
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// TestSeededRunMatchesPyTorchReplica compares the first epochs of the
// default run (seed 1, shuffled) with reference/torch_keras_semantics.py
// --seed 1, which draws the same initial weights and epoch orders from
// numpy's RandomState(1). Only float32 rounding separates them.
func TestSeededRunMatchesPyTorchReplica(t *testing.T) {
	f, err := os.Open("testdata/torch_keras_semantics_seed1.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	const epochs = 5
	train, test := notebookData(t)
	spec := NotebookSpec(train.Cols)
	spec.Epochs = epochs
	res, err := Run(context.Background(), spec, train.Data, test.Data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range res.History.Epochs {
		wl, _ := strconv.ParseFloat(rows[i+1][1], 64)
		wv, _ := strconv.ParseFloat(rows[i+1][2], 64)
		if math.Abs(e.Loss/wl-1) > 1e-4 || math.Abs(e.ValLoss/wv-1) > 1e-4 {
			t.Errorf("epoch %d: loss %.8g val_loss %.8g, PyTorch replica %.8g %.8g", e.Epoch, e.Loss, e.ValLoss, wl, wv)
		}
	}
}

// TestFidelityAgainstKerasBand trains each of the exercise's configurations
// for 200 epochs with seeds 1, 2 and 3, and bottleneck 100 also with the
// stock graph, and requires the median final loss, final val_loss and min
// val_loss to lie within mean ± 3 sd of the Keras replica's seeds. Run it
// with: go test ./training -run Fidelity -fidelity -timeout 30m
func TestFidelityAgainstKerasBand(t *testing.T) {
	if !*fidelity {
		t.Skip("slow: pass -fidelity to run the 200-epoch fidelity check")
	}
	train, test := notebookData(t)
	type result struct{ final, val, min float64 }
	type fidelityCase struct {
		config kerasref.Config
		graph  model.Graph
	}
	var cases []fidelityCase
	for _, c := range kerasref.Configs() {
		cases = append(cases, fidelityCase{c, model.Fused})
		if c.Bottleneck == 100 {
			cases = append(cases, fidelityCase{c, model.Stock})
		}
	}
	seeds := kerasref.Seeds()
	results := make([][]result, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for ci, fc := range cases {
		c := fc.config
		results[ci] = make([]result, len(seeds))
		for si, seed := range seeds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				spec := NotebookSpec(train.Cols)
				spec.Model = model.Config{Inputs: train.Cols, Hidden: c.Hidden(), Bottleneck: c.Bottleneck, Dtype: spec.Model.Dtype}
				spec.Graph = fc.graph
				spec.Seed = uint32(seed)
				res, err := Run(context.Background(), spec, train.Data, test.Data, nil)
				if err != nil {
					t.Error(err)
					return
				}
				h := res.History
				b, _ := h.Best()
				results[ci][si] = result{h.Epochs[h.Len()-1].Loss, h.Epochs[h.Len()-1].ValLoss, b.ValLoss}
			}()
		}
	}
	wg.Wait()
	median := func(x []float64) float64 {
		s := append([]float64(nil), x...)
		sort.Float64s(s)
		return s[len(s)/2]
	}
	for ci, fc := range cases {
		c := fc.config
		band, err := kerasref.ReplicaBand(c)
		if err != nil {
			t.Fatal(err)
		}
		var fl, fv, mv []float64
		for _, r := range results[ci] {
			fl, fv, mv = append(fl, r.final), append(fv, r.val), append(mv, r.min)
		}
		for _, m := range []struct {
			name   string
			values []float64
			band   kerasref.Stat
		}{
			{"final loss", fl, band.FinalLoss},
			{"final val_loss", fv, band.FinalValLoss},
			{"min val_loss", mv, band.MinValLoss},
		} {
			med := median(m.values)
			t.Logf("%v %s graph %s: seeds %.4g, median %.4g; Keras band %.4g ± %.2g (z %+.1f)", c, fc.graph, m.name, m.values, med, m.band.Mean, m.band.SD, m.band.Z(med))
			if !m.band.Contains(med, 3) {
				t.Errorf("%v %s graph %s: median %.4g outside the Keras band %.4g ± 3×%.2g", c, fc.graph, m.name, med, m.band.Mean, m.band.SD)
			}
		}
	}
}
