package kerasref

import (
	"math"
	"testing"
)

// TestReplicaBandMatchesReferenceTable checks the band against the table
// the reference material gives (mean ± sd over seeds 1-3), which the
// README repeats.
func TestReplicaBandMatchesReferenceTable(t *testing.T) {
	want := map[Config][3]Stat{
		{100, 2}: {{0.00292, 0.00034}, {0.00145, 0.00034}, {0.000916, 0.000024}},
		{50, 2}:  {{0.00283, 0.00029}, {0.00138, 0.00037}, {0.000850, 0.000035}},
		{25, 2}:  {{0.00304, 0.00028}, {0.00112, 0.00010}, {0.000857, 0.000069}},
		{50, 3}:  {{0.00352, 0.00012}, {0.00137, 0.00010}, {0.00112, 0.00009}},
	}
	// The README prints 3 significant digits for means and 2 for sds.
	close := func(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Abs(b) }
	for _, c := range Configs() {
		b, err := ReplicaBand(c)
		if err != nil {
			t.Fatal(err)
		}
		got := [3]Stat{b.FinalLoss, b.FinalValLoss, b.MinValLoss}
		for i, s := range got {
			w := want[c][i]
			if !close(s.Mean, w.Mean, 0.006) || !close(s.SD, w.SD, 0.06) {
				t.Errorf("%v statistic %d = %.3g ± %.2g, README says %.3g ± %.2g", c, i, s.Mean, s.SD, w.Mean, w.SD)
			}
		}
	}
}

func TestCurvesHave200Epochs(t *testing.T) {
	for _, c := range Configs() {
		cur, err := TFJS(c)
		if err != nil {
			t.Fatal(err)
		}
		if len(cur.Loss) != 200 || len(cur.ValLoss) != 200 {
			t.Errorf("tfjs %v: %d epochs, want 200", c, len(cur.Loss))
		}
	}
}
