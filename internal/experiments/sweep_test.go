package experiments

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/training"
)

func notebookData(t *testing.T) (train, val dataset.Matrix) {
	t.Helper()
	_, train, val, err := dataset.Notebook()
	if err != nil {
		t.Fatal(err)
	}
	return train, val
}

func tinySweep(t *testing.T, parallel int) Sweep {
	t.Helper()
	cs, err := ParseConfigs("bn50_l2,bn5_l2")
	if err != nil {
		t.Fatal(err)
	}
	return Sweep{Configs: cs, Seeds: []uint32{1, 2}, Epochs: 2, BatchSize: 16, Parallel: parallel}
}

func sameHistory(a, b training.History) bool {
	if a.Len() != b.Len() {
		return false
	}
	for i := range a.Epochs {
		x, y := a.Epochs[i], b.Epochs[i]
		if math.Float64bits(x.Loss) != math.Float64bits(y.Loss) || math.Float64bits(x.ValLoss) != math.Float64bits(y.ValLoss) || x.Steps != y.Steps {
			return false
		}
	}
	return true
}

func TestParallelSweepIsBitIdenticalToSequentialAndToPlainRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 12 short runs")
	}
	train, val := notebookData(t)
	seq, err := Execute(context.Background(), tinySweep(t, 1), train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	par, err := Execute(context.Background(), tinySweep(t, 4), train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	if seq.Workers != 1 || par.Workers != 4 {
		t.Errorf("workers %d and %d, want 1 and 4 (4 runs)", seq.Workers, par.Workers)
	}
	if len(seq.Runs) != 4 || len(par.Runs) != 4 {
		t.Fatalf("%d and %d runs, want 4", len(seq.Runs), len(par.Runs))
	}
	for i := range seq.Runs {
		s, p := seq.Runs[i], par.Runs[i]
		if s.Config.Name() != p.Config.Name() || s.Seed != p.Seed {
			t.Fatalf("run %d: %s seed %d sequentially, %s seed %d in parallel", i, s.Config.Name(), s.Seed, p.Config.Name(), p.Seed)
		}
		if !sameHistory(s.History, p.History) {
			t.Errorf("%s seed %d: parallel history differs from sequential:\n%+v\n%+v", s.Config.Name(), s.Seed, s.History.Epochs, p.History.Epochs)
		}
		// And both equal a plain training.Run of the same spec.
		spec := training.Spec{Model: s.Config.Model(train.Cols), Seed: s.Seed, Epochs: 2, BatchSize: 16, Shuffle: true}
		plain, err := training.Run(context.Background(), spec, train.Data, val.Data, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !sameHistory(s.History, plain.History) {
			t.Errorf("%s seed %d: sweep history differs from training.Run's", s.Config.Name(), s.Seed)
		}
	}
	// Different seeds really are different runs (so the test above can fail).
	if sameHistory(seq.Runs[0].History, seq.Runs[1].History) {
		t.Error("seeds 1 and 2 gave the same history")
	}
}

func TestSweepRecordsEveryRun(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 4 short runs")
	}
	train, val := notebookData(t)
	var calls []string
	res, err := Execute(context.Background(), tinySweep(t, 2), train, val, func(r Run, done, total int) {
		calls = append(calls, r.Config.Name()+"/"+strconv.Itoa(int(r.Seed))+"/"+strconv.Itoa(done)+"/"+strconv.Itoa(total))
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 4 || !strings.HasSuffix(calls[3], "/4/4") {
		t.Errorf("progress calls %v, want 4 ending in done 4 of 4", calls)
	}
	if res.Rows != 670 || res.ValRows != 330 || res.Inputs != 100 {
		t.Errorf("data %d/%d rows of %d, want 670/330 of 100", res.Rows, res.ValRows, res.Inputs)
	}
	for _, r := range res.Runs {
		if r.History.Len() != 2 || r.Steps() != 84 {
			t.Errorf("%s seed %d: %d epochs, %d steps; want 2 and 84 (42 per epoch)", r.Config.Name(), r.Seed, r.History.Len(), r.Steps())
		}
		if !(r.StepTime > 0 && r.StepTime < r.Wall) {
			t.Errorf("%s seed %d: step time %v not within wall %v", r.Config.Name(), r.Seed, r.StepTime, r.Wall)
		}
	}
	// 100-200-100-[50]-100-200-100 and [5]: the Keras summary's counts.
	if res.Runs[0].Params != 91950 || res.Runs[2].Params != 82905 {
		t.Errorf("trainable parameters %d and %d, want 91950 and 82905", res.Runs[0].Params, res.Runs[2].Params)
	}

	var buf bytes.Buffer
	if err := res.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "config,hidden,bottleneck,seed,final_loss,final_val_loss,min_val_loss,min_val_epoch,trainable_params,wall_seconds" {
		t.Errorf("header %s", got)
	}
	if len(rows) != 5 {
		t.Fatalf("%d lines, want a header and 4 rows", len(rows))
	}
	wantKeys := []string{"bn50_l2,200-100,50,1", "bn50_l2,200-100,50,2", "bn5_l2,200-100,5,1", "bn5_l2,200-100,5,2"}
	for i, row := range rows[1:] {
		if got := strings.Join(row[:4], ","); got != wantKeys[i] {
			t.Errorf("row %d starts %s, want %s", i+1, got, wantKeys[i])
		}
		run := res.Runs[i]
		loss, v := run.Final()
		best, _ := run.History.Best()
		for j, want := range []float64{loss, v, best.ValLoss} {
			got, err := strconv.ParseFloat(row[4+j], 64)
			if err != nil || got != want {
				t.Errorf("row %d column %s = %q, want %v exactly", i+1, rows[0][4+j], row[4+j], want)
			}
		}
		if row[7] != strconv.Itoa(best.Epoch) || row[8] != strconv.Itoa(run.Params) {
			t.Errorf("row %d: min epoch %s, params %s; want %d, %d", i+1, row[7], row[8], best.Epoch, run.Params)
		}
		if s, err := strconv.ParseFloat(row[9], 64); err != nil || math.Abs(s-run.Wall.Seconds()) > 0.0005 {
			t.Errorf("row %d: wall %s, want %.3f", i+1, row[9], run.Wall.Seconds())
		}
	}
}

func TestExecuteRejectsBadSweepsBeforeTraining(t *testing.T) {
	train, val := notebookData(t)
	good := tinySweep(t, 1)
	for _, tc := range []struct {
		name  string
		edit  func(*Sweep)
		train dataset.Matrix
		want  string
	}{
		{"no configs", func(s *Sweep) { s.Configs = nil }, train, "no configurations"},
		{"no seeds", func(s *Sweep) { s.Seeds = nil }, train, "no seeds"},
		{"zero epochs", func(s *Sweep) { s.Epochs = 0 }, train, "epochs must be positive"},
		{"zero batch", func(s *Sweep) { s.BatchSize = 0 }, train, "batch size must be positive"},
		{"negative parallel", func(s *Sweep) { s.Parallel = -1 }, train, "parallel must be positive"},
		{"bad config", func(s *Sweep) { s.Configs = []Config{{Hidden: []int{200}, Bottleneck: 0}} }, train, "bottleneck must be positive"},
		{"width mismatch", func(s *Sweep) {}, dataset.Matrix{Rows: 1, Cols: 3, Data: make([]float64, 3)}, "one width"},
	} {
		s := good
		tc.edit(&s)
		called := false
		_, err := Execute(context.Background(), s, tc.train, val, func(Run, int, int) { called = true })
		if err == nil || !strings.Contains(err.Error(), tc.want) || called {
			t.Errorf("%s: err %v (want %q), progress called %v", tc.name, err, tc.want, called)
		}
	}
}

// TestExecuteStopsWhenCancelled cancels a sweep of four 200-epoch runs
// (each takes half a second or more) 50 ms in: the runs must stop where
// they are, so that none finishes, and Execute returns the cancellation.
// Runs that ignored it would all finish before Execute returned.
func TestExecuteStopsWhenCancelled(t *testing.T) {
	train, val := notebookData(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := tinySweep(t, 2)
	s.Epochs = 200
	time.AfterFunc(50*time.Millisecond, cancel)
	finished := 0
	_, err := Execute(ctx, s, train, val, func(Run, int, int) { finished++ })
	if !errors.Is(err, context.Canceled) || finished != 0 {
		t.Fatalf("err = %v with %d runs finished, want context.Canceled and none", err, finished)
	}
}

// TestSweepMemoryCountsTheLargestRunsThatMeet: the estimate is the data and
// runtime once, plus the largest runs that can train at once, each as
// training.EstimateMemory counts a run.
func TestSweepMemoryCountsTheLargestRunsThatMeet(t *testing.T) {
	cs, err := ParseConfigs("bn50_l2,bn100_l3")
	if err != nil {
		t.Fatal(err)
	}
	s := Sweep{Configs: cs, Seeds: []uint32{1, 2}, Epochs: 3, BatchSize: 16}
	run := func(c Config) (each, shared float64) {
		m := training.EstimateMemory(training.Spec{Model: c.Model(100), Epochs: 3, BatchSize: 16, Shuffle: true}, 670, 330, 100)
		return m.Total() - m.Data - m.Runtime, m.Data + m.Runtime
	}
	small, shared := run(cs[0])
	large, _ := run(cs[1])
	if small >= large {
		t.Fatalf("%s needs %g, %s %g: want the second larger", cs[0], small, cs[1], large)
	}
	for _, c := range []struct {
		workers int
		want    float64
	}{{1, shared + large}, {2, shared + 2*large}, {3, shared + 2*large + small}, {8, shared + 2*large + 2*small}} {
		if got := s.Memory(670, 330, 100, c.workers); got != c.want {
			t.Errorf("%d at a time: %g bytes, want %g", c.workers, got, c.want)
		}
	}
}
