package compare

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strings"
	"testing"
)

var (
	goSmall  = History{Loss: []float64{1, 0.5}, ValLoss: []float64{0.8, 0.4}}
	refSmall = History{Loss: []float64{1.25, 0.5, 0.25}, ValLoss: []float64{1, 0.5, 0.2}}
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-15 }

func TestDiffPairsTheCommonEpochs(t *testing.T) {
	tab, err := Diff(goSmall, refSmall)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 || tab.GoEpochs != 2 || tab.RefEpochs != 3 {
		t.Fatalf("%d rows of %d and %d epochs, want 2 of 2 and 3", len(tab.Rows), tab.GoEpochs, tab.RefEpochs)
	}
	want := []struct{ loss, val float64 }{{-0.2, -0.2}, {0, -0.2}}
	for i, r := range tab.Rows {
		if r.Epoch != i+1 || !near(r.LossRel(), want[i].loss) || !near(r.ValRel(), want[i].val) {
			t.Errorf("row %d: epoch %d, rel %g / %g; want %d, %g / %g", i, r.Epoch, r.LossRel(), r.ValRel(), i+1, want[i].loss, want[i].val)
		}
	}
	s := tab.Summary()
	if s.Final.Epoch != 2 || !near(s.MaxLossRel, 0.2) || s.MaxLossEpoch != 1 || !near(s.MaxValRel, 0.2) || s.MaxValEpoch != 1 ||
		!near(s.MeanLossRel, 0.1) || !near(s.MeanValRel, 0.2) ||
		s.GoMinVal != 0.4 || s.GoMinEpoch != 2 || s.RefMinVal != 0.5 || s.RefMinEpoch != 2 {
		t.Errorf("summary %+v", s)
	}
}

// TestSummaryNamesTheFirstEpochOfATie: the largest difference and the
// lowest val_loss are reported at the first epoch that reaches them.
func TestSummaryNamesTheFirstEpochOfATie(t *testing.T) {
	tab, err := Diff(History{Loss: []float64{2, 4, 1}, ValLoss: []float64{1, 1, 0.25}},
		History{Loss: []float64{1, 2, 1}, ValLoss: []float64{0.5, 0.5, 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	if s := tab.Summary(); s.MaxLossRel != 1 || s.MaxLossEpoch != 1 || s.MaxValRel != 1 || s.MaxValEpoch != 1 {
		t.Errorf("relative differences 1, 1, 0: largest %v at epoch %d (loss), %v at epoch %d (val_loss); want 1 at epoch 1",
			s.MaxLossRel, s.MaxLossEpoch, s.MaxValRel, s.MaxValEpoch)
	}
	tab, err = Diff(History{Loss: []float64{1, 1, 1}, ValLoss: []float64{0.5, 0.25, 0.25}},
		History{Loss: []float64{1, 1, 1}, ValLoss: []float64{0.5, 0.25, 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	if s := tab.Summary(); s.GoMinVal != 0.25 || s.GoMinEpoch != 2 || s.RefMinVal != 0.25 || s.RefMinEpoch != 2 {
		t.Errorf("val_loss 0.5, 0.25, 0.25: lowest go %v at epoch %d, ref %v at epoch %d; want 0.25 at epoch 2",
			s.GoMinVal, s.GoMinEpoch, s.RefMinVal, s.RefMinEpoch)
	}
}

func TestDiffRejectsUnusableHistories(t *testing.T) {
	if _, err := Diff(History{}, refSmall); err == nil || !strings.Contains(err.Error(), "go history: no epochs") {
		t.Errorf("empty go history: %v", err)
	}
	bad := History{Loss: []float64{1}, ValLoss: []float64{math.Inf(1)}}
	if _, err := Diff(goSmall, bad); err == nil || !strings.Contains(err.Error(), "reference history: val_loss at epoch 1 is +Inf") {
		t.Errorf("infinite reference: %v", err)
	}
}

func TestShownEpochs(t *testing.T) {
	rows := func(n int) Table { return Table{Rows: make([]Row, n)} }
	for _, tc := range []struct {
		n, every int
		want     []int
	}{
		{3, 0, []int{1, 2, 3}},
		{25, 0, []int{1, 2, 3, 4, 5, 10, 20, 25}},
		{200, 50, []int{50, 100, 150, 200}},
		{7, 3, []int{3, 6, 7}},
		{5, 1, []int{1, 2, 3, 4, 5}},
	} {
		if got := rows(tc.n).Shown(tc.every); !slices.Equal(got, tc.want) {
			t.Errorf("Shown(%d) of %d epochs = %v, want %v", tc.every, tc.n, got, tc.want)
		}
	}
}

func TestWriteCSVHasEveryEpochExactly(t *testing.T) {
	tab, _ := Diff(goSmall, refSmall)
	var b bytes.Buffer
	if err := tab.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"epoch", "go_loss", "ref_loss", "loss_rel", "go_val_loss", "ref_val_loss", "val_loss_rel"},
		{"1", "1", "1.25", "-0.2", "0.8", "1", "-0.19999999999999996"},
		{"2", "0.5", "0.5", "0", "0.4", "0.5", "-0.19999999999999996"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d = %v, want %v", i, rows[i], want[i])
		}
	}
}

func TestFigureDrawsBothRuns(t *testing.T) {
	p, err := Figure("go against keras", goSmall, refSmall, "keras")
	if err != nil || p == nil {
		t.Fatalf("Figure: %v", err)
	}
	if _, err := Figure("x", goSmall, History{Loss: []float64{1}, ValLoss: []float64{0}}, "keras"); err == nil {
		t.Error("a zero val_loss was drawn on a log axis")
	}
}
