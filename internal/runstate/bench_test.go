package runstate

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// benchState is the state of the notebook's model for features inputs
// (hidden 2n,n, bottleneck n, float32) after 100 epochs of 42 steps, with
// random moments, as a run of it would save.
func benchState(tb testing.TB, features int, restoreBest bool) *State {
	tb.Helper()
	r := rng.New(5)
	c := model.NotebookConfig(features)
	p, err := model.NewParams(c, r)
	if err != nil {
		tb.Fatal(err)
	}
	t := &training.State{Epoch: 100, Params: p, RNG: r.State(), Early: training.NewEarlyStopping(10)}
	t.Early.Best, t.Early.BestEpoch, t.Early.Wait = 0.001, 100, 0
	t.Adam.Iterations = 4200
	g := rand.New(rand.NewPCG(1, 2))
	for _, nt := range p.Trainable() {
		for range 2 {
			m := tensor.New(tensor.WithShape(nt.Tensor.Shape().Clone()...), tensor.Of(tensor.Float32))
			for i := range m.Float32s() {
				m.Float32s()[i] = float32(g.Float64() * 1e-3)
			}
			if len(t.Adam.M) < len(t.Adam.V)+1 && len(t.Adam.M) == len(t.Adam.V) {
				t.Adam.M = append(t.Adam.M, m)
			} else {
				t.Adam.V = append(t.Adam.V, m)
			}
		}
	}
	for i := range 100 {
		t.History.Epochs = append(t.History.Epochs, training.Epoch{Epoch: i + 1, Loss: 0.01, ValLoss: 0.01, Steps: 42})
	}
	t.Early.Best = 0.01
	if restoreBest {
		t.Best = p.Clone()
	}
	return &State{Flags: map[string]string{"epochs": "200"}, Data: "sha256:" + fmt.Sprint(0), Training: t}
}

// BenchmarkSaveState times saving the state of the notebook's model (100
// features) and of one 10× as wide (1,000 features: hidden 2,000 and 1,000,
// about 100× the weights), with -restore-best's extra copy of the weights:
//
//   - saver: Saver.Save, which is all that training waits for: it copies
//     the state, and the Saver's goroutine encodes and writes the copy
//     while the next epoch trains.
//   - encode: Write into memory, the encoding alone.
//   - file: Save, the whole atomic write (encode, write, fsync, rename), as
//     a synchronous writer would cost.
//
// Compare with training's BenchmarkEpochScale (an epoch with validation)
// at the same sizes.
func BenchmarkSaveState(b *testing.B) {
	for _, features := range []int{100, 1000} {
		s := benchState(b, features, true)
		var buf bytes.Buffer
		if err := Write(&buf, s); err != nil {
			b.Fatal(err)
		}
		size := int64(buf.Len())
		b.Run(fmt.Sprintf("features=%d/encode", features), func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				buf.Reset()
				if err := Write(&buf, s); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("features=%d/file", features), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), FileName)
			b.SetBytes(size)
			for b.Loop() {
				if err := Save(path, s); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("features=%d/saver", features), func(b *testing.B) {
			// Saver.Save's cost to training: the copy, and starting the
			// background write (each write is waited for outside the
			// timer, so that every Save copies into a reused buffer).
			v := NewSaver(filepath.Join(b.TempDir(), FileName))
			b.SetBytes(size)
			for b.Loop() {
				b.StopTimer()
				if err := v.Wait(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := v.Save(s); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if err := v.Wait(); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkRunWithStateSaving trains the notebook's model (float32,
// batches of 16, 670 random rows and 330 validation rows) for 100 features
// (10 epochs a run) and for 1,000 (2 epochs) three ways: without saving
// its state, saving it after every epoch with a Saver (as train does), and
// saving it synchronously with Save. Every iteration runs all three, one
// after the other, so that the machine's drifts (another tenant, the
// clock) reach the three alike; the metrics are each way's median time per
// epoch over the iterations, and save-% is the median over the
// iterations of the Saver's cost in percent of the epoch without saving
// next to it: the whole cost of saving the state,
// the background write's competition for the CPUs included. Run it on a
// quiet machine with -benchtime 20x or more.
func BenchmarkRunWithStateSaving(b *testing.B) {
	for _, c := range []struct{ features, epochs int }{{100, 10}, {1000, 2}} {
		train, val := rows(1, 670, c.features), rows(2, 330, c.features)
		b.Run(fmt.Sprintf("features=%d", c.features), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), FileName)
			v := NewSaver(path)
			modes := []string{"none", "saver", "sync"}
			times := make([][]float64, len(modes))
			for b.Loop() {
				for i, mode := range modes {
					spec := training.NotebookSpec(c.features)
					spec.Epochs = c.epochs
					switch mode {
					case "saver":
						spec.Save = func(s *training.State) error { return v.Save(&State{Data: "sha256:0", Training: s}) }
					case "sync":
						spec.Save = func(s *training.State) error { return Save(path, &State{Data: "sha256:0", Training: s}) }
					}
					start := time.Now()
					if _, err := training.Run(context.Background(), spec, train, val, nil); err != nil {
						b.Fatal(err)
					}
					if err := v.Wait(); err != nil {
						b.Fatal(err)
					}
					times[i] = append(times[i], float64(time.Since(start).Nanoseconds())/float64(c.epochs))
				}
			}
			cost := make([]float64, len(times[0]))
			for i := range cost {
				cost[i] = 100 * (times[1][i]/times[0][i] - 1)
			}
			for i, mode := range modes {
				b.ReportMetric(median(times[i]), "ns/epoch-"+mode)
			}
			b.ReportMetric(median(cost), "save-%")
		})
	}
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
