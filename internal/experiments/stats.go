package experiments

import (
	"math"
	"slices"
	"time"

	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
)

// seedStats are one configuration's per-seed figures, in seed order.
type seedStats struct {
	FinalLoss, FinalVal, MinVal []float64
	MinEpoch                    []int
	StepMs, EpochMs, RunSec     []float64
	Params                      int
}

func statsOf(runs []Run) seedStats {
	var s seedStats
	for _, r := range runs {
		l, v := r.Final()
		b, _ := r.History.Best()
		s.FinalLoss = append(s.FinalLoss, l)
		s.FinalVal = append(s.FinalVal, v)
		s.MinVal = append(s.MinVal, b.ValLoss)
		s.MinEpoch = append(s.MinEpoch, b.Epoch)
		s.StepMs = append(s.StepMs, ms(r.StepTime)/float64(max(1, r.Steps())))
		s.EpochMs = append(s.EpochMs, ms(r.Wall)/float64(max(1, r.History.Len())))
		s.RunSec = append(s.RunSec, r.Wall.Seconds())
		s.Params = r.Params
	}
	return s
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// stat is the mean and sample standard deviation (n−1; NaN for one value),
// as kerasref computes its bands.
func stat(x []float64) kerasref.Stat {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	if len(x) < 2 {
		return kerasref.Stat{Mean: m, SD: math.NaN()}
	}
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return kerasref.Stat{Mean: m, SD: math.Sqrt(ss / float64(len(x)-1))}
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// meanAt is the seeds' mean of loss and val_loss at a 1-based epoch.
func meanAt(runs []Run, epoch int) (loss, val float64) {
	for _, r := range runs {
		e := r.History.Epochs[epoch-1]
		loss += e.Loss / float64(len(runs))
		val += e.ValLoss / float64(len(runs))
	}
	return loss, val
}

// welch is the difference of two means in standard errors: the Go seeds'
// mean against the band's (three replica seeds). With one Go seed only the
// band's spread counts.
func welch(goSeeds kerasref.Stat, nGo int, band kerasref.Stat, nBand int) float64 {
	v := band.SD * band.SD / float64(nBand)
	if nGo > 1 {
		v += goSeeds.SD * goSeeds.SD / float64(nGo)
	}
	return (goSeeds.Mean - band.Mean) / math.Sqrt(v)
}
