package experiments

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/gorgonia-ae/autoencoder/internal/compare"
	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
)

// referenceEpochs is the length of the Keras replica's runs.
const referenceEpochs = 200

// bandMetric is one of the three figures the replica's band covers.
type bandMetric struct {
	name string
	goes []float64
	band kerasref.Stat
	tfjs float64
}

func metricsOf(s seedStats, band kerasref.Band, tf kerasref.Curve) []bandMetric {
	tl, tv := tf.Final()
	tm, _ := tf.MinVal()
	return []bandMetric{
		{"final loss", s.FinalLoss, band.FinalLoss, tl},
		{"final val_loss", s.FinalVal, band.FinalValLoss, tv},
		{"min val_loss", s.MinVal, band.MinValLoss, tm},
	}
}

// outside is one Go figure beyond 3 sd of the replica's band.
type outside struct {
	cfg      Config
	metric   string
	seed     uint32
	value, z float64
	band     kerasref.Stat
}

// failed is a configuration's figure with a seed outside the band.
type failed struct {
	c Config
	m bandMetric
}

func (rep Report) keras(b *bytes.Buffer) error {
	r := rep.Results
	fmt.Fprintf(b, "## Against Keras\n\n")
	fmt.Fprintf(b, "The reference is the Keras-semantics replica of the notebook (PyTorch, float32, written to Keras's BatchNorm, Adam and loss "+
		"semantics and checked against TensorFlow.js), %d epochs, seeds 1-3: its band is the mean ± sample sd over those three runs "+
		"(embedded in package internal/kerasref). z is (Go − band mean) / band sd; a figure is inside when |z| ≤ 3. "+
		"The replica seeded its weights its own way, so no Go run follows a replica run epoch by epoch: the comparison is of distributions. "+
		"TF.js is TensorFlow.js's tf.layers (wasm backend), one run.\n\n", referenceEpochs)
	if r.Sweep.Epochs != referenceEpochs {
		fmt.Fprintf(b, "**This sweep ran %d epochs, the reference %d: the figures below are not comparable, and the z-scores mean nothing.**\n\n",
			r.Sweep.Epochs, referenceEpochs)
	}
	fmt.Fprintf(b, "| config | figure | Go, per seed | Go mean ± sd | replica band | z per seed | inside 3 sd | TF.js |\n")
	fmt.Fprintf(b, "|---|---|---|---|---|---|---|---|\n")
	var out []outside
	var unusual []failed
	var missing []string
	for _, c := range r.Sweep.Configs {
		rc, ok := c.Reference()
		if !ok {
			missing = append(missing, c.Name())
			continue
		}
		band, err := kerasref.ReplicaBand(rc)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		tf, err := kerasref.TFJS(rc)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		runs := r.Of(c)
		for _, m := range metricsOf(statsOf(runs), band, tf) {
			vals, zs := make([]string, len(m.goes)), make([]string, len(m.goes))
			in := 0
			for i, v := range m.goes {
				z := m.band.Z(v)
				vals[i], zs[i] = g(v), fmt.Sprintf("%+.1f", math.Round(z*10)/10+0) // +0: no "-0.0"
				if m.band.Contains(v, 3) {
					in++
				} else {
					out = append(out, outside{c, m.name, runs[i].Seed, v, z, m.band})
				}
			}
			if in < len(m.goes) {
				unusual = append(unusual, failed{c, m})
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %d of %d | %s |\n", c.Name(), m.name, strings.Join(vals, ", "),
				pm(stat(m.goes)), pm(m.band), strings.Join(zs, ", "), in, len(m.goes), g(m.tfjs))
		}
	}
	fmt.Fprintf(b, "\n")
	if len(missing) > 0 {
		fmt.Fprintf(b, "The replica did not run %s (the bottlenecks below 10 are this port's addition), so they have no band.\n\n", strings.Join(missing, ", "))
	}
	switch {
	case r.Sweep.Epochs != referenceEpochs:
		// Nothing to say about runs of another length.
	case len(out) == 0:
		fmt.Fprintf(b, "**Every figure of every configuration the replica ran is inside its band (|z| ≤ 3).**\n\n")
	default:
		fmt.Fprintf(b, "**Outside the band** (|z| > 3), precisely:\n\n")
		for _, o := range out {
			fmt.Fprintf(b, "- %s, %s, seed %d: %s, z = %+.1f.", o.cfg.Name(), o.metric, o.seed, g(o.value), o.z)
			if h, ok := rep.SameSeed[SameSeedFile(o.cfg, o.seed)]; ok {
				tv := sameSeedFigure(h, o.metric)
				tz := o.band.Z(tv)
				fmt.Fprintf(b, " The PyTorch Keras-semantics replica started from the same weights and shuffles (seed %d) reaches %s, z = %+.1f", o.seed, g(tv), tz)
				if !o.band.Contains(tv, 3) && (tz > 0) == (o.z > 0) {
					fmt.Fprintf(b, ": outside too, on the same side, so the figure belongs to the seed (its initial weights and shuffles), not to the port.")
				} else {
					fmt.Fprintf(b, ": the same seed is inside the band there, so this figure is where the port's run drifted from it.")
				}
			}
			fmt.Fprintf(b, "\n")
		}
		if len(r.Sweep.Seeds) == 1 {
			fmt.Fprintf(b, "\nWith one seed, Go's seed-to-seed spread is unknown, so whether a figure outside the band is a run that ends elsewhere "+
				"or one seed's share of a wider spread cannot be told; a sweep of several seeds (`-seeds 1,2,3`) tests it.\n\n")
		} else {
			whyOutside(b, unusual)
		}
	}

	rep.sameSeed(b)
	fmt.Fprintf(b, "**The tutorial's printed figures** (one Keras run each, seed unknown, epoch 200):\n\n")
	fmt.Fprintf(b, "| config | tutorial loss | tutorial val_loss | Go final loss, per seed | Go final val_loss, per seed | tutorial val_loss in the replica band |\n")
	fmt.Fprintf(b, "|---|---|---|---|---|---|\n")
	for _, t := range []struct {
		name      string
		loss, val float64
	}{{"bn100_l2", kerasref.TutorialLossBN100, kerasref.TutorialValLossBN100}, {"bn50_l2", kerasref.TutorialLossBN50, kerasref.TutorialValLossBN50}} {
		c, ok := rep.find(t.name)
		if !ok {
			continue
		}
		s := statsOf(r.Of(c))
		rc, _ := c.Reference()
		band, err := kerasref.ReplicaBand(rc)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | z = %+.1f |\n", t.name, g(t.loss), g(t.val),
			joinFloats(s.FinalLoss), joinFloats(s.FinalVal), band.FinalValLoss.Z(t.val))
	}
	fmt.Fprintf(b, "\n")
	return nil
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = g(x)
	}
	return strings.Join(s, ", ")
}

func (rep Report) speed(b *bytes.Buffer) {
	r := rep.Results
	t := r.Timing()
	fmt.Fprintf(b, "## Speed: the sweep in parallel\n\n")
	fmt.Fprintf(b, "%d runs, %d at a time (GOMAXPROCS %d, %d CPUs): the sweep took **%.1f s** of wall time; the runs' own wall times add up to %.1f s",
		len(r.Runs), r.Workers, r.MaxProcs, r.NumCPU, t.WallSeconds, t.RunSeconds)
	if t.CPUSeconds > 0 {
		fmt.Fprintf(b, ", and the process used %.1f s of CPU (%.2f cores busy on average)", t.CPUSeconds, t.CPUSeconds/t.WallSeconds)
	}
	fmt.Fprintf(b, ". Each run has its own model, optimiser and RandomState and shares only the read-only data, "+
		"so its numbers are the same, bit for bit, however many run beside it.\n\n")
	base := rep.Baseline
	if base == nil {
		fmt.Fprintf(b, "No sequential baseline was given: to measure the speed-up, run the same sweep with `-parallel 1 -out DIR` "+
			"and pass its `DIR/sweep.json` as `-baseline`.\n")
		return
	}
	ratio := t.WallSeconds / base.WallSeconds
	fmt.Fprintf(b, "The same sweep run one at a time (`-parallel %d`) took **%.1f s**", base.Parallel, base.WallSeconds)
	if base.CPUSeconds > 0 {
		fmt.Fprintf(b, " (%.2f cores busy on average)", base.CPUSeconds/base.WallSeconds)
	}
	verdict := "meets"
	if ratio > 0.6 {
		verdict = "misses"
	}
	fmt.Fprintf(b, ". **Parallel / sequential wall time = %.2f** (speed-up %.2f×), which %s the target of at most 0.6.", ratio, 1/ratio, verdict)
	same, diff := 0, 0
	for i, v := range base.FinalValLoss {
		if i < len(t.FinalValLoss) && v == t.FinalValLoss[i] {
			same++
		} else {
			diff++
		}
	}
	if diff == 0 {
		fmt.Fprintf(b, " The sequential sweep's final val_loss equals this one's in all %d runs, bit for bit.\n", same)
	} else {
		fmt.Fprintf(b, " **The sequential sweep's final val_loss differs from this one's in %d of %d runs.**\n", diff, len(base.FinalValLoss))
	}
	if t.CPUSeconds <= 0 || base.CPUSeconds <= 0 {
		return
	}
	busy, baseBusy := t.CPUSeconds/t.WallSeconds, base.CPUSeconds/base.WallSeconds
	starved, baseStarved := busy < 0.9*float64(r.Workers), baseBusy < 0.9*float64(base.Parallel)
	if !starved && !baseStarved {
		return
	}
	cpuRatio := t.CPUSeconds / base.CPUSeconds
	fmt.Fprintf(b, "\nNot every core was busy: this sweep kept %.2f of its %d cores busy on average and the sequential one %.2f of its %d; "+
		"the rest went to other processes or sat idle. This sweep's CPU time, %.1f s, is %.2f× the sequential sweep's %.1f s, ",
		busy, r.Workers, baseBusy, base.Parallel, t.CPUSeconds, cpuRatio, base.CPUSeconds)
	if cpuRatio <= 1.1 {
		fmt.Fprintf(b, "so running side by side did not make the runs do more work. ")
	} else {
		fmt.Fprintf(b, "so the same runs took %.0f%% more CPU time side by side than one at a time (they slowed each other, "+
			"or other processes slowed them, on shared cores and caches), and the estimate below counts that extra time. ", 100*(cpuRatio-1))
	}
	seqIdle, seqHow := base.WallSeconds, "as measured"
	if baseStarved {
		seqIdle, seqHow = base.CPUSeconds/float64(base.Parallel), fmt.Sprintf("its CPU time over %d core", base.Parallel)
	}
	parIdle, parHow := t.WallSeconds, "as measured"
	if starved {
		parIdle, parHow = t.CPUSeconds/float64(r.Workers), fmt.Sprintf("its CPU time over %d cores", r.Workers)
	}
	fmt.Fprintf(b, "With their cores to themselves, the sequential sweep would take about %.1f s (%s) and this one about %.1f s (%s): "+
		"a ratio of about %.2f (an estimate from CPU time, not a measurement).\n", seqIdle, seqHow, parIdle, parHow, parIdle/seqIdle)
}

// sameSeedFigure is a replica history's final loss, final val_loss or min
// val_loss, as metric names it.
func sameSeedFigure(h compare.History, metric string) float64 {
	switch metric {
	case "final loss":
		return h.Loss[h.Len()-1]
	case "final val_loss":
		return h.ValLoss[h.Len()-1]
	}
	v := math.Inf(1)
	for _, x := range h.ValLoss {
		v = min(v, x)
	}
	return v
}

// sameSeed sets every run beside the PyTorch replica's run from the same
// seed, if the report has them.
func (rep Report) sameSeed(b *bytes.Buffer) {
	if len(rep.SameSeed) == 0 {
		return
	}
	fmt.Fprintf(b, "**Run for run: the same seeds in the PyTorch Keras-semantics replica.** `reference/torch_keras_semantics.py --seed S` "+
		"draws the same initial weights and epoch orders from numpy's `RandomState(S)` as this program, so each pair below starts identically "+
		"and parts only through float32 rounding, which 8,400 updates amplify. Go / PyTorch:\n\n")
	fmt.Fprintf(b, "| config | seed | final loss | final val_loss | min val_loss | mean \\|rel\\| over the epochs, loss / val_loss |\n")
	fmt.Fprintf(b, "|---|---:|---|---|---|---|\n")
	for _, run := range rep.Results.Runs {
		h, ok := rep.SameSeed[SameSeedFile(run.Config, run.Seed)]
		if !ok {
			continue
		}
		t, err := compare.Diff(compare.FromTraining(run.History), h)
		if err != nil {
			continue
		}
		s := t.Summary()
		best, _ := run.History.Best()
		fmt.Fprintf(b, "| %s | %d | %s / %s | %s / %s | %s / %s | %.1e / %.1e |\n", run.Config.Name(), run.Seed,
			g(s.Final.GoLoss), g(s.Final.RefLoss), g(s.Final.GoVal), g(s.Final.RefVal), g(best.ValLoss), g(s.RefMinVal),
			s.MeanLossRel, s.MeanValRel)
	}
	fmt.Fprintf(b, "\n")
}

// whyOutside explains, figure by figure, whether the figures outside
// their bands differ from the replica's in level or in spread, from the
// sweep's several seeds.
func whyOutside(b *bytes.Buffer, unusual []failed) {
	fmt.Fprintf(b, "\nWhy, figure by figure: a band from three runs estimates the seed-to-seed spread poorly (for normal data, a 3-run "+
		"sample sd falls below half the true sd 22%% of the time, as 1 − e^(−1/4)), so the test is whether Go's seeds spread more than "+
		"the band's three did, or sit somewhere else.\n\n")
	for _, f := range unusual {
		gs := stat(f.m.goes)
		t := welch(gs, len(f.m.goes), f.m.band, len(kerasref.Seeds()))
		fmt.Fprintf(b, "- %s, %s: Go's mean %s is %.1f band sd from the band's mean %s", f.c.Name(), f.m.name, g(gs.Mean), f.m.band.Z(gs.Mean), g(f.m.band.Mean))
		if !math.IsNaN(gs.SD) {
			fmt.Fprintf(b, "; Go's own seed sd is %s, %.1f× the band's %s", g(gs.SD), gs.SD/f.m.band.SD, g(f.m.band.SD))
		}
		fmt.Fprintf(b, "; the two means differ by %.1f standard errors (Welch), ", t)
		switch {
		case math.Abs(t) <= 3 && !math.IsNaN(gs.SD) && gs.SD > 2*f.m.band.SD:
			fmt.Fprintf(b, "so the means agree and the z-score is large because the band's three runs happen to sit close together: a difference of spread, not of level.\n")
		case math.Abs(t) <= 3:
			fmt.Fprintf(b, "so the means agree within the seeds' noise.\n")
		default:
			fmt.Fprintf(b, "so this is a difference of level, not of spread: Go's runs of this configuration end elsewhere than the replica's.\n")
		}
	}
	fmt.Fprintf(b, "\n")
}
