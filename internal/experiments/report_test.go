package experiments

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorgonia-ae/autoencoder/internal/compare"
	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
	"github.com/gorgonia-ae/autoencoder/training"
)

// replicaResults is a sweep whose runs are the Keras replica's own curves
// (seeds 1-3 of the exercise's four configurations), as if Go had produced
// them: every figure must then be inside the band.
func replicaResults(t *testing.T) Results {
	t.Helper()
	cs, err := ParseConfigs("bn100_l2,bn50_l2,bn25_l2,bn50_l3")
	if err != nil {
		t.Fatal(err)
	}
	res := Results{Sweep: Sweep{Configs: cs, Seeds: []uint32{1, 2, 3}, Epochs: 200, BatchSize: 16},
		Workers: 2, MaxProcs: 2, NumCPU: 2, Rows: 670, ValRows: 330, Inputs: 100,
		Wall: 60 * time.Second, CPU: 110 * time.Second}
	for _, c := range cs {
		rc, _ := c.Reference()
		for _, seed := range res.Sweep.Seeds {
			cur, err := kerasref.Replica(rc, int(seed))
			if err != nil {
				t.Fatal(err)
			}
			var h training.History
			for i := range cur.Loss {
				h.Epochs = append(h.Epochs, training.Epoch{Epoch: i + 1, Loss: cur.Loss[i], ValLoss: cur.ValLoss[i],
					Steps: 42, Duration: 40 * time.Millisecond})
			}
			res.Runs = append(res.Runs, Run{Config: c, Seed: seed, History: h, Params: 100000,
				Wall: 8 * time.Second, StepTime: 7 * time.Second})
		}
	}
	return res
}

func writeReport(t *testing.T, rep Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func mustContain(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("report lacks %q", p)
		}
	}
}

func TestReportPutsTheReplicasOwnRunsInsideTheBand(t *testing.T) {
	text := writeReport(t, Report{Results: replicaResults(t)})
	mustContain(t, text,
		"| bn100_l2 | min val_loss | 0.000896, 0.000943, 0.000909 | 0.000916 ± 2.43e-05 | 0.000916 ± 2.43e-05 |",
		"| 3 of 3 |",
		"**Every figure of every configuration the replica ran is inside its band (|z| ≤ 3).**",
		// The tutorial's figures, and where its val_loss sits in the band.
		"| bn100_l2 | 0.0029 | 0.0017 |",
		"| bn50_l2 | 0.0027 | 0.000877 |",
	)
	if strings.Contains(text, "Outside the band") || strings.Contains(text, "not comparable") {
		t.Error("the replica's own runs are reported outside the band")
	}
}

func TestReportSaysPreciselyWhichFigureIsOutsideTheBandAndWhy(t *testing.T) {
	res := replicaResults(t)
	band, err := kerasref.ReplicaBand(kerasref.Config{Bottleneck: 50, Levels: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Move bn50_l3 seed 2's last val_loss 5 sd above the band's mean; it is
	// not its minimum, so only "final val_loss" leaves the band.
	run := &res.Runs[3*3+1]
	last := &run.History.Epochs[len(run.History.Epochs)-1]
	last.ValLoss = band.FinalValLoss.Mean + 5*band.FinalValLoss.SD
	text := writeReport(t, Report{Results: res})
	mustContain(t, text,
		"**Outside the band** (|z| > 3), precisely:",
		"- bn50_l3, final val_loss, seed 2: 0.00185, z = +5.0.",
		"- bn50_l3, final val_loss: Go's mean",
		"standard errors (Welch)",
	)
	if n := strings.Count(text, ", z = "); n != 1 {
		t.Errorf("%d figures listed outside, want 1", n)
	}
}

func TestReportFromATinySweep(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 4 short runs")
	}
	train, val := notebookData(t)
	res, err := Execute(context.Background(), tinySweep(t, 2), train, val, nil)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := AnalyseSubspace(train, val, []int{50, 5})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	names, err := Write(dir, Report{Results: res, Subspace: sub, Command: "go run . experiments -epochs 2"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"results.csv", "sweep.json", "curves_bn50_l2.png", "curves_bn5_l2.png", "comparison.png", "report.md"}
	if !slices.Equal(names, want) {
		t.Errorf("wrote %v, want %v", names, want)
	}
	for _, n := range want {
		if st, err := os.Stat(filepath.Join(dir, n)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", n, err)
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(md)
	mustContain(t, text,
		"Written by `go run . experiments -epochs 2`",
		"670 training rows and 330 validation rows",
		"an epoch is **42 steps**: 41 minibatches of 16 and one of 14",
		"2 epochs make **84 updates** (counted in this run: 84)",
		"## Q1.", "## Q2.", "## Q3.", "## Against Keras", "## Speed",
		"![every configuration's val_loss, mean over the seeds, log scale](comparison.png)",
		"[bn50_l2](curves_bn50_l2.png)", "[bn5_l2](curves_bn5_l2.png)",
		"**The data have 10 dimensions, not 100.**",
		"This sweep did not run both bn50_l2 and bn50_l3.",
		"**This sweep ran 2 epochs, the reference 200: the figures below are not comparable",
		"| bn50_l2 | final loss |",
		"The replica did not run bn5_l2",
		"No sequential baseline was given",
	)
	// The results table's row for bn50_l2 carries the measured final loss.
	s := stat(statsOf(res.Of(res.Sweep.Configs[0])).FinalLoss)
	mustContain(t, text, "| bn50_l2 | 200,100 | 50 | 91,950 | "+pm(s)+" |")
	// At 2 epochs nothing is compared with the 200-epoch band.
	if strings.Contains(text, "Outside the band") {
		t.Error("a 2-epoch sweep is tested against the 200-epoch band")
	}
}

func TestReportSetsTheSweepAgainstItsSequentialBaseline(t *testing.T) {
	res := replicaResults(t)
	base := res.Timing()
	base.Parallel, base.WallSeconds, base.CPUSeconds = 1, 120, 150
	text := writeReport(t, Report{Results: res, Baseline: &base})
	mustContain(t, text,
		"The same sweep run one at a time (`-parallel 1`) took **120.0 s** (1.25 cores busy on average",
		"**Parallel / sequential wall time = 0.50** (speed-up 2.00×), which meets the target of at most 0.6.",
		"equals this one's in all 12 runs, bit for bit.",
		"the process used 110.0 s of CPU (1.83 cores busy on average)",
	)
	if strings.Contains(text, "Not every core was busy") {
		t.Error("a sweep that kept its cores busy is said to have been starved")
	}
	// A starved sweep: as much CPU as the sequential one, but only 1.17 cores.
	base.WallSeconds = 90
	base.FinalValLoss[4] = math.Nextafter(base.FinalValLoss[4], 1)
	res.CPU = 70 * time.Second
	text = writeReport(t, Report{Results: res, Baseline: &base})
	mustContain(t, text, "= 0.67** (speed-up 1.50×), which misses the target",
		"**The sequential sweep's final val_loss differs from this one's in 1 of 12 runs.**",
		"Not every core was busy: this sweep kept 1.17 of its 2 cores busy on average and the sequential one 1.67 of its 1; "+
			"the rest went to other processes or sat idle. This sweep's CPU time, 70.0 s, is 0.47× the sequential sweep's 150.0 s",
		"the sequential sweep would take about 90.0 s (as measured) and this one about 35.0 s (its CPU time over 2 cores): "+
			"a ratio of about 0.39 (an estimate from CPU time, not a measurement)")
	// A starved sequential sweep is estimated from its CPU time on one core.
	res.CPU = 110 * time.Second
	base.WallSeconds, base.CPUSeconds = 200, 100
	text = writeReport(t, Report{Results: res, Baseline: &base})
	mustContain(t, text, "the sequential sweep would take about 100.0 s (its CPU time over 1 core) and this one about 60.0 s (as measured): "+
		"a ratio of about 0.60")
	// Both starved, and the parallel sweep used 1.8 times the sequential
	// one's CPU time (as on a machine shared with other jobs): the report
	// must not say that running side by side cost no extra work.
	res.CPU = 90 * time.Second
	base.WallSeconds, base.CPUSeconds = 90, 50
	text = writeReport(t, Report{Results: res, Baseline: &base})
	mustContain(t, text, "This sweep's CPU time, 90.0 s, is 1.80× the sequential sweep's 50.0 s, "+
		"so the same runs took 80% more CPU time side by side than one at a time")
	if strings.Contains(text, "did not make the runs do more work") {
		t.Error("a sweep that used 1.8 times the sequential CPU time is said to have done no more work")
	}
}

func TestReportRefusesAnEmptySweep(t *testing.T) {
	var b bytes.Buffer
	if err := (Report{}).WriteMarkdown(&b); err == nil || b.Len() != 0 {
		t.Errorf("empty sweep: err %v, %d bytes written", err, b.Len())
	}
}

func TestTimingRoundTripsAndChecksTheSweep(t *testing.T) {
	res := replicaResults(t)
	tm := res.Timing()
	path := filepath.Join(t.TempDir(), "sweep.json")
	var b bytes.Buffer
	if err := tm.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTiming(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.WallSeconds != 60 || back.CPUSeconds != 110 || back.RunSeconds != 96 || back.Parallel != 2 || len(back.FinalValLoss) != 12 {
		t.Errorf("read back %+v", back)
	}
	if err := tm.SameSweep(back); err != nil {
		t.Errorf("SameSweep: %v", err)
	}
	other := back
	other.Epochs = 100
	if err := tm.SameSweep(other); err == nil || !strings.Contains(err.Error(), "epochs differ: 200 and 100") {
		t.Errorf("SameSweep with other epochs: %v", err)
	}
	for _, bad := range []string{`{}`, `{"wall_seconds": 1}`, `not json`, `{"unknown": 1}`} {
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadTiming(path); err == nil {
			t.Errorf("ReadTiming(%s) accepted it", bad)
		}
	}
}

func TestReportExplainsAnOutsideFigureByTheSameSeedsReplicaRun(t *testing.T) {
	res := replicaResults(t)
	band, err := kerasref.ReplicaBand(kerasref.Config{Bottleneck: 50, Levels: 3})
	if err != nil {
		t.Fatal(err)
	}
	run := &res.Runs[3*3+1] // bn50_l3 seed 2
	last := &run.History.Epochs[len(run.History.Epochs)-1]
	last.ValLoss = band.FinalValLoss.Mean + 5*band.FinalValLoss.SD
	same := compare.FromTraining(run.History)
	same.ValLoss = slices.Clone(same.ValLoss)
	same.ValLoss[len(same.ValLoss)-1] = band.FinalValLoss.Mean + 4*band.FinalValLoss.SD
	key := SameSeedFile(run.Config, run.Seed)
	if key != "bn50_l3_s2.csv" {
		t.Fatalf("SameSeedFile = %q", key)
	}
	text := writeReport(t, Report{Results: res, SameSeed: map[string]compare.History{key: same}})
	mustContain(t, text,
		"- bn50_l3, final val_loss, seed 2: 0.00185, z = +5.0. The PyTorch Keras-semantics replica started from the same weights and shuffles (seed 2) "+
			"reaches 0.00176, z = +4.0: outside too, on the same side, so the figure belongs to the seed",
		"**Run for run: the same seeds in the PyTorch Keras-semantics replica.**",
		"| bn50_l3 | 2 | ", " / 0.00176 | ",
	)
	// A replica run inside the band puts the blame on the port.
	same.ValLoss[len(same.ValLoss)-1] = band.FinalValLoss.Mean
	text = writeReport(t, Report{Results: res, SameSeed: map[string]compare.History{key: same}})
	mustContain(t, text, "z = +0.0: the same seed is inside the band there, so this figure is where the port's run drifted from it.")
}

func TestReadSameSeedFindsTheSweepsHistories(t *testing.T) {
	dir := t.TempDir()
	s := tinySweep(t, 1) // bn50_l2, bn5_l2 × seeds 1, 2; 2 epochs
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ReadSameSeed(dir, s); err == nil || !strings.Contains(err.Error(), "holds none of the sweep's") {
		t.Errorf("empty directory: %v", err)
	}
	write("bn50_l2_s2.csv", "epoch,loss,val_loss\n1,0.2,0.1\n2,0.05,0.04\n")
	write("bn25_l2_s1.csv", "not a history") // not in the sweep: ignored
	got, err := ReadSameSeed(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["bn50_l2_s2.csv"].Len() != 2 {
		t.Errorf("read %v", got)
	}
	write("bn5_l2_s1.csv", "epoch,loss,val_loss\n1,0.2,0.1\n")
	if _, err := ReadSameSeed(dir, s); err == nil || !strings.Contains(err.Error(), "has 1 epoch, the sweep runs 2") {
		t.Errorf("short history: %v", err)
	}
	write("bn5_l2_s1.csv", "epoch,loss\n1,0.2\n")
	if _, err := ReadSameSeed(dir, s); err == nil || !strings.Contains(err.Error(), "no val_loss column") {
		t.Errorf("bad history: %v", err)
	}
	if _, err := ReadSameSeed(filepath.Join(dir, "bn50_l2_s2.csv"), s); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("a file as the directory: %v", err)
	}
}

// TestReportQ3FollowsItsNumbers: the depth question's verdict and the Keras
// replica's comparison must follow from the figures beside them. The
// replica's own 200-epoch runs find three levels worse (0.00112 against
// 0.00085); truncated to 5 epochs they cannot be set against its bands.
func TestReportQ3FollowsItsNumbers(t *testing.T) {
	full := replicaResults(t)
	text := writeReport(t, Report{Results: full})
	mustContain(t, text, "Depth does not help here",
		"The Keras replica agrees: its three-level min val_loss is higher than its two-level one")
	if strings.Contains(text, "makes no measurable difference") {
		t.Error("Q3 calls a clear difference unmeasurable")
	}

	short := full
	short.Sweep.Epochs = 5
	short.Runs = nil
	for _, r := range full.Runs {
		r.History.Epochs = r.History.Epochs[:5]
		short.Runs = append(short.Runs, r)
	}
	text = writeReport(t, Report{Results: short})
	mustContain(t, text, "The Keras replica's bands are for 200 epochs, so they do not bear on this 5-epoch sweep")
	if strings.Contains(text, "The Keras replica agrees") || strings.Contains(text, "shows the same") {
		t.Error("a 5-epoch sweep is said to agree with the 200-epoch replica")
	}
}

// TestReportOfOneSeedSpeaksOfThatRun: with one seed there is no mean, sd or
// spread over seeds, and the report must not claim one.
func TestReportOfOneSeedSpeaksOfThatRun(t *testing.T) {
	full := replicaResults(t)
	one := full
	one.Sweep.Seeds = []uint32{2}
	one.Runs = nil
	for _, r := range full.Runs {
		if r.Seed == 2 {
			one.Runs = append(one.Runs, r)
		}
	}
	text := writeReport(t, Report{Results: one})
	mustContain(t, text, "One seed: each figure is that run's.",
		"200 epochs, seed 2 (numpy `RandomState`",
		"Each configuration's run, train (dashed) and val (solid): ",
		"Hidden 200,100, seed 2 alone.",
		"Bottleneck 50 both times, seed 2 alone:",
		"![every configuration's val_loss, seed 2 alone, log scale](comparison.png)",
		"What the epochs buy (bn100_l2, seed 2 alone):")
	for _, bad := range []string{"over the seeds", "the seeds' spread"} {
		if i := strings.Index(text, bad); i >= 0 {
			t.Errorf("a one-seed report says %q: …%s…", bad, text[max(0, i-80):min(len(text), i+80)])
		}
	}

	// Halve the three-level run's val_loss: its minimum leaves the band
	// below, and depth now helps where the replica finds it hurts. One run
	// cannot say whether that is a level or a spread, and Q3's sentence
	// must not end on "than".
	run := &one.Runs[3]
	if run.Config.Name() != "bn50_l3" {
		t.Fatalf("run 3 is %s", run.Config.Name())
	}
	for i := range run.History.Epochs {
		run.History.Epochs[i].ValLoss /= 2
	}
	text = writeReport(t, Report{Results: one})
	mustContain(t, text, "- bn50_l3, min val_loss, seed 2: ",
		"With one seed, Go's seed-to-seed spread is unknown",
		"Depth helps a little here",
		"The Keras replica differs: its three-level min val_loss is higher than its two-level one (",
		"), where this sweep's is lower.")
	for _, bad := range []string{"Welch", "Why, figure by figure", " than.", " of."} {
		if i := strings.Index(text, bad); i >= 0 {
			t.Errorf("a one-seed report says %q: …%s…", bad, text[max(0, i-80):min(len(text), i+80)])
		}
	}
}
