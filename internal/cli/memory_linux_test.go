//go:build linux

package cli

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gorgonia-ae/autoencoder/training"
)

// peakRSS trains the notebook's model for the given number of epochs in a
// new process and returns the process's peak resident memory in bytes.
func peakRSS(t *testing.T, epochs int) int64 {
	t.Helper()
	o := start(t, launch{}, "-epochs", strconv.Itoa(epochs), "-verbose", "2", "-out", filepath.Join(t.TempDir(), "run"))
	if o.code != 0 {
		t.Fatalf("%d epochs: exit %d: %s", epochs, o.code, o.stderr)
	}
	return o.maxRSS
}

// TestTrainingProcessMemoryIsSteadyAcrossEpochs runs the whole program —
// data, graphs, the Keras log, the history, the per-epoch copy of the
// weights, the outputs — for 8 and for 80 epochs: the longer run's peak
// memory may not exceed the shorter one's by more than 12 MiB. A leak of 3
// KiB a training step (the weights are 400 KiB) would put it 20 MiB over.
// (training's TestTrainingMemoryIsSteady checks the fit loop's live heap
// and allocations per step in-process; this is the program as a user runs
// it.)
func TestTrainingProcessMemoryIsSteadyAcrossEpochs(t *testing.T) {
	if testing.Short() {
		t.Skip("two training processes, 8 and 80 epochs: a few seconds")
	}
	if raceDetector {
		t.Skip("the race detector's memory would be measured, not the program's")
	}
	short, long := peakRSS(t, 8), peakRSS(t, 80)
	t.Logf("peak RSS: %.1f MiB after 8 epochs, %.1f MiB after 80", float64(short)/(1<<20), float64(long)/(1<<20))
	if long > short+12<<20 {
		t.Errorf("peak memory grew from %.1f MiB (8 epochs) to %.1f MiB (80 epochs)", float64(short)/(1<<20), float64(long)/(1<<20))
	}
}

// TestTheMemoryEstimateMatchesThePeak trains a model whose weights dominate
// its memory (1.45 million weights: -hidden 1000,500 -bottleneck 250) in a
// real process: its peak resident memory must be within 20% of the
// estimate that train checks against the machine's memory before it
// starts (training.EstimateMemory).
func TestTheMemoryEstimateMatchesThePeak(t *testing.T) {
	if testing.Short() {
		t.Skip("a training process of a wide model: a few seconds")
	}
	if raceDetector {
		t.Skip("the race detector's memory would be measured, not the program's")
	}
	o := start(t, launch{}, "-epochs", "2", "-hidden", "1000,500", "-bottleneck", "250", "-verbose", "0", "-out", filepath.Join(t.TempDir(), "run"))
	if o.code != 0 {
		t.Fatalf("exit %d: %s", o.code, o.stderr)
	}
	spec := training.NotebookSpec(100)
	spec.Model.Hidden, spec.Model.Bottleneck = []int{1000, 500}, 250
	est := training.EstimateMemory(spec, 670, 330, 100).Total()
	ratio := float64(o.maxRSS) / est
	t.Logf("peak RSS %s, estimate %s: %.2f", training.FormatBytes(float64(o.maxRSS)), training.FormatBytes(est), ratio)
	if ratio < 0.8 || ratio > 1.2 {
		t.Errorf("peak RSS %s is %.2f times the estimate %s", training.FormatBytes(float64(o.maxRSS)), ratio, training.FormatBytes(est))
	}
}
