package experiments

import (
	"math"
	"testing"
	"time"

	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
	"github.com/gorgonia-ae/autoencoder/training"
)

// statsRuns are two runs of 2 epochs of 3 steps each, with round losses
// and times.
func statsRuns() []Run {
	run := func(loss1, val1, loss2, val2 float64, wall, steps time.Duration) Run {
		return Run{History: training.History{Epochs: []training.Epoch{
			{Epoch: 1, Loss: loss1, ValLoss: val1, Steps: 3},
			{Epoch: 2, Loss: loss2, ValLoss: val2, Steps: 3},
		}}, Params: 120, Wall: wall, StepTime: steps}
	}
	return []Run{
		run(1, 0.5, 0.5, 0.25, 600*time.Millisecond, 300*time.Millisecond),
		run(3, 0.25, 0.25, 0.5, 1200*time.Millisecond, 900*time.Millisecond),
	}
}

// TestStatsOfRunsGivesTheReportsPerRunFigures: per run, the final losses,
// the lowest val_loss and its epoch, the time per step (StepTime over the
// steps) and per epoch (Wall over the epochs) in ms, and the run in s.
func TestStatsOfRunsGivesTheReportsPerRunFigures(t *testing.T) {
	s := statsOf(statsRuns())
	for _, c := range []struct {
		name      string
		got, want []float64
	}{
		{"final loss", s.FinalLoss, []float64{0.5, 0.25}},
		{"final val_loss", s.FinalVal, []float64{0.25, 0.5}},
		{"min val_loss", s.MinVal, []float64{0.25, 0.25}},
		{"ms per step", s.StepMs, []float64{50, 150}},
		{"ms per epoch", s.EpochMs, []float64{300, 600}},
		{"s per run", s.RunSec, []float64{0.6, 1.2}},
	} {
		if len(c.got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
			continue
		}
		for i := range c.want {
			if math.Abs(c.got[i]-c.want[i]) > 1e-12*c.want[i] {
				t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
				break
			}
		}
	}
	if len(s.MinEpoch) != 2 || s.MinEpoch[0] != 2 || s.MinEpoch[1] != 1 || s.Params != 120 {
		t.Errorf("best epochs %v, params %d; want [2 1], 120", s.MinEpoch, s.Params)
	}
}

// TestSeedStatisticsAreTheSampleMeanSDMedianAndWelch: the mean and the
// sample (n−1) standard deviation, the median (of an even count, the mean
// of the middle two), each epoch's mean over the runs, and Welch's
// difference of means in standard errors, sign included.
func TestSeedStatisticsAreTheSampleMeanSDMedianAndWelch(t *testing.T) {
	if s := stat([]float64{1, 2, 3, 6}); s.Mean != 3 || math.Abs(s.SD-math.Sqrt(14.0/3)) > 1e-15 {
		t.Errorf("stat(1, 2, 3, 6) = %+v, want mean 3, sd sqrt(14/3)", s)
	}
	if s := stat([]float64{4}); s.Mean != 4 || !math.IsNaN(s.SD) {
		t.Errorf("stat of one value = %+v, want mean 4, sd NaN", s)
	}
	if m := median([]float64{6, 1, 3, 2}); m != 2.5 {
		t.Errorf("median(6, 1, 3, 2) = %v, want 2.5", m)
	}
	if m := median([]float64{6, 1, 3}); m != 3 {
		t.Errorf("median(6, 1, 3) = %v, want 3", m)
	}
	loss, val := meanAt(statsRuns(), 1)
	if loss != 2 || val != 0.375 {
		t.Errorf("epoch 1's mean loss and val_loss %v, %v; want 2, 0.375", loss, val)
	}
	// Go's 4 seeds: mean 3, sd 2; the band's 3: mean 1, sd 1. The standard
	// error is sqrt(1/3 + 4/4).
	if z := welch(kerasref.Stat{Mean: 3, SD: 2}, 4, kerasref.Stat{Mean: 1, SD: 1}, 3); math.Abs(z-2/math.Sqrt(4.0/3)) > 1e-15 {
		t.Errorf("welch = %v, want %v", z, 2/math.Sqrt(4.0/3))
	}
	// One Go seed has no sd of its own: the band's error alone.
	if z := welch(kerasref.Stat{Mean: 0, SD: math.NaN()}, 1, kerasref.Stat{Mean: 1, SD: 1}, 4); z != -2 {
		t.Errorf("welch of one seed below the band = %v, want -2", z)
	}
}
