package plots

import (
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func TestLossSavesPNGOfTheRequestedPixelSize(t *testing.T) {
	p, err := Loss(epochsTo(200), decaying(200, 0.23), decaying(200, 0.16))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "loss.png")
	if err := Save(p, path, 6*vg.Inch, 4*vg.Inch); err != nil {
		t.Fatal(err)
	}
	b := decodePNG(t, path).Bounds()
	if b.Dx() != 576 || b.Dy() != 384 {
		t.Errorf("PNG is %dx%d pixels, want 576x384 (6x4 inches at 96 dpi)", b.Dx(), b.Dy())
	}
}

func TestLossDrawsTrainInBlueAndTestInOrange(t *testing.T) {
	p, err := Loss(epochsTo(50), decaying(50, 0.2), decaying(50, 0.1))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "loss.png")
	if err := Save(p, path, 6*vg.Inch, 4*vg.Inch); err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, path)
	count := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			count[color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: uint8(a >> 8)}]++
		}
	}
	for name, c := range map[string]color.RGBA{"train (blue)": tab10[0], "test (orange)": tab10[1]} {
		// A 1.5-point line 30 points long in the legend alone covers ~40
		// pixels of the exact colour; the curves add hundreds more.
		if count[c] < 100 {
			t.Errorf("%s: %d pixels of %v, want at least 100", name, count[c], c)
		}
	}
}

func TestLossHasNotebookTitleAxesAndLegendHeadedDatasets(t *testing.T) {
	p, err := Loss(epochsTo(200), decaying(200, 0.23), decaying(200, 0.16))
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, p, 6*vg.Inch, 4*vg.Inch)
	for _, s := range []string{"Loss", "epoch", "loss"} {
		findText(t, texts, s)
	}
	heading := findText(t, texts, "datasets")
	train := findText(t, texts, "train")
	test := findText(t, texts, "test")
	if !(heading.Y > train.Y && train.Y > test.Y) {
		t.Errorf("legend rows at y = %v (datasets), %v (train), %v (test): want the heading on top, then train, then test",
			heading.Y, train.Y, test.Y)
	}
	// A falling curve leaves the upper right free: the legend goes there,
	// as matplotlib's loc="best" puts it.
	if w, h := 6*72.0, 4*72.0; heading.X < w/2 || heading.Y < h/2 {
		t.Errorf("legend heading at (%v, %v), want it in the upper right quarter of %vx%v", heading.X, heading.Y, w, h)
	}
}

func TestLossAxesCoverTheDataWithFivePercentMargins(t *testing.T) {
	p, err := Loss([]int{1, 2, 3, 4, 5}, []float64{0.5, 0.4, 0.3, 0.2, 0.1}, []float64{0.45, 0.35, 0.25, 0.15, 0.05})
	if err != nil {
		t.Fatal(err)
	}
	want := [4]float64{0.8, 5.2, 0.05 - 0.0225, 0.5 + 0.0225}
	got := [4]float64{p.X.Min, p.X.Max, p.Y.Min, p.Y.Max}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("axis ranges (xmin, xmax, ymin, ymax) = %v, want %v", got, want)
			break
		}
	}
}

func TestLossRejectsBadInputWithAClearMessage(t *testing.T) {
	for _, tc := range []struct {
		name        string
		epochs      []int
		train, test []float64
		want        string
	}{
		{"no epochs", nil, nil, nil, "loss plot: train: no epochs"},
		{"short train", epochsTo(3), []float64{1, 2}, []float64{1, 2, 3}, "loss plot: train has 2 values for 3 epochs"},
		{"long test", epochsTo(2), []float64{1, 2}, []float64{1, 2, 3}, "loss plot: test has 3 values for 2 epochs"},
		{"NaN", epochsTo(3), []float64{1, math.NaN(), 3}, []float64{1, 2, 3}, "loss plot: train: value NaN at epoch 2 is not finite"},
		{"Inf", epochsTo(3), []float64{1, 2, 3}, []float64{1, 2, math.Inf(1)}, "loss plot: test: value +Inf at epoch 3 is not finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Loss(tc.epochs, tc.train, tc.test)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestLossAcceptsZeroLossOnItsLinearAxis(t *testing.T) {
	if _, err := Loss(epochsTo(2), []float64{0, 0}, []float64{0, 0}); err != nil {
		t.Errorf("zero losses on a linear axis: %v", err)
	}
}

func TestSeedCurvesUsesALogAxisLabelledInPowersOfTen(t *testing.T) {
	runs := []Run{
		{Label: "seed 1", Epochs: epochsTo(200), Train: decaying(200, 0.23), Val: decaying(200, 0.16)},
		{Label: "seed 2", Epochs: epochsTo(200), Train: decaying(200, 0.25), Val: decaying(200, 0.15)},
	}
	p, err := SeedCurves("bottleneck 100", runs)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Y.Scale.(plot.LogScale); !ok {
		t.Fatalf("y scale is %T, want plot.LogScale", p.Y.Scale)
	}
	got := tickLabels(p.Y.Tick.Marker, p.Y.Min, p.Y.Max)
	want := []string{"1e-05", "0.0001", "0.001", "0.01", "0.1"}
	if !slices.Equal(got, want) {
		t.Errorf("y tick labels = %q, want %q", got, want)
	}
	var legend []string
	for _, x := range svgTexts(t, p, 6*vg.Inch, 4*vg.Inch) {
		legend = append(legend, x.Text)
	}
	legend = legend[len(legend)-4:]
	if want := []string{"seed 1", "seed 2", "train", "val"}; !slices.Equal(legend, want) {
		t.Errorf("legend = %q, want %q", legend, want)
	}
}

func TestSeedCurvesRejectsValuesALogAxisCannotShow(t *testing.T) {
	ok := decaying(3, 1)
	for _, tc := range []struct {
		name string
		runs []Run
		want string
	}{
		{"no runs", nil, `seed curves "t": no runs`},
		{"zero", []Run{{Label: "seed 1", Epochs: epochsTo(3), Train: ok, Val: []float64{1, 0, 1}}},
			`seed curves "t": run "seed 1": val: value 0 at epoch 2 is not positive, so it has no place on a log axis`},
		{"negative", []Run{{Label: "s", Epochs: epochsTo(3), Train: []float64{-1, 1, 1}, Val: ok}},
			`seed curves "t": run "s": train: value -1 at epoch 1 is not positive, so it has no place on a log axis`},
		{"mismatch", []Run{{Label: "s", Epochs: epochsTo(3), Train: ok, Val: ok[:1]}},
			`seed curves "t": run "s": val has 1 values for 3 epochs`},
		{"denormal", []Run{{Label: "s", Epochs: epochsTo(3), Train: ok, Val: []float64{5e-324, 1e-323, 1}}},
			`seed curves "t": run "s": val: value 5e-324 at epoch 1 is below float64's smallest normal number, too small for a log axis`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SeedCurves("t", tc.runs)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestComparisonListsSeriesInOrderWithTheirOwnColours(t *testing.T) {
	series := []Series{
		{Label: "go train", Epochs: epochsTo(20), Y: decaying(20, 0.2), Dashed: true},
		{Label: "go val", Epochs: epochsTo(20), Y: decaying(20, 0.1)},
		{Label: "keras val", Epochs: epochsTo(20), Y: decaying(20, 0.11)},
	}
	p, err := Comparison("go vs keras", series)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, x := range svgTexts(t, p, 6*vg.Inch, 4*vg.Inch) {
		labels = append(labels, x.Text)
	}
	if want := []string{"go train", "go val", "keras val"}; !slices.Equal(labels[len(labels)-3:], want) {
		t.Errorf("legend = %q, want %q", labels[len(labels)-3:], want)
	}
	if _, ok := p.Y.Scale.(plot.LogScale); !ok {
		t.Errorf("y scale is %T, want plot.LogScale", p.Y.Scale)
	}
}

func TestComparisonOfAConstantSeriesStillHasAPositiveLogRange(t *testing.T) {
	p, err := Comparison("flat", []Series{{Label: "flat", Epochs: epochsTo(3), Y: []float64{0.01, 0.01, 0.01}}})
	if err != nil {
		t.Fatal(err)
	}
	if !(p.Y.Min > 0 && p.Y.Min < 0.01 && p.Y.Max > 0.01) {
		t.Errorf("y range [%v, %v], want a positive range around 0.01", p.Y.Min, p.Y.Max)
	}
	if err := Save(p, filepath.Join(t.TempDir(), "flat.png"), 3*vg.Inch, 2*vg.Inch); err != nil {
		t.Error(err)
	}
}

func TestComparisonRejectsEmptyAndNonPositiveSeries(t *testing.T) {
	if _, err := Comparison("c", nil); err == nil || err.Error() != `comparison "c": no series` {
		t.Errorf("no series: err = %v", err)
	}
	_, err := Comparison("c", []Series{{Label: "go val", Epochs: epochsTo(2), Y: []float64{0.1, 0}}})
	want := `comparison "c": series "go val": value 0 at epoch 2 is not positive, so it has no place on a log axis`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestComparisonDrawsWideSeriesUnderTheOthers sets a thin series exactly
// on a wide one listed before it, as compare draws a Go run that equals
// its reference: the thin line must stay visible over its whole length, so
// its colour covers many more pixels than its legend sample alone.
func TestComparisonDrawsWideSeriesUnderTheOthers(t *testing.T) {
	y := decaying(50, 0.2)
	p, err := Comparison("same", []Series{
		{Label: "reference", Epochs: epochsTo(50), Y: y, Wide: true},
		{Label: "go", Epochs: epochsTo(50), Y: y},
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "same.png")
	if err := Save(p, path, 6*vg.Inch, 4*vg.Inch); err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, path)
	thin := tab10[1]
	n := 0
	b := img.Bounds()
	for yy := b.Min.Y; yy < b.Max.Y; yy++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, yy).RGBA()
			if uint8(r>>8) == thin.R && uint8(g>>8) == thin.G && uint8(bl>>8) == thin.B {
				n++
			}
		}
	}
	if n < 300 {
		t.Errorf("%d pixels of the thin line's colour %v, want at least 300: is it drawn under the wide one?", n, thin)
	}
}

// TestPlotsDrawLossesAtTheEndsOfFloat64: a diverging run's losses may
// reach the ends of float64's range; the 5% margins and the widening of a
// constant series stay inside it, so that every figure draws (a log axis
// once widened to +Inf or to 0, and gonum panicked while drawing), and a
// linear axis of huge losses is labelled with exponents, not with 23-digit
// numbers.
func TestPlotsDrawLossesAtTheEndsOfFloat64(t *testing.T) {
	dir := t.TempDir()
	for i, y := range [][]float64{{1, 1e300}, {1e308, 1e308}, {2.2250738585072014e-308, 1e100}, {1e-300, 1}} {
		p, err := Comparison("far", []Series{{Label: "far", Epochs: epochsTo(len(y)), Y: y}})
		if err != nil {
			t.Fatal(err)
		}
		if err := Save(p, filepath.Join(dir, "far.png"), 3*vg.Inch, 2*vg.Inch); err != nil {
			t.Errorf("case %d, %v: %v", i, y, err)
		}
	}
	p, err := Loss(epochsTo(2), []float64{math.MaxFloat64, 1}, []float64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(p, filepath.Join(dir, "max.png"), 3*vg.Inch, 2*vg.Inch); err != nil || p.Y.Max != math.MaxFloat64 {
		t.Errorf("linear axis up to the largest float64: y max %v, %v", p.Y.Max, err)
	}
	var labels []string
	for _, tk := range (niceTicks{}).Ticks(0, 5.4e22) {
		labels = append(labels, tk.Label)
	}
	if want := []string{"0", "1e+22", "2e+22", "3e+22", "4e+22", "5e+22"}; !slices.Equal(labels, want) {
		t.Errorf("ticks of [0, 5.4e22]: %q, want %q", labels, want)
	}
	labels = nil
	for _, tk := range (niceTicks{}).Ticks(0.0025, 0.01) {
		labels = append(labels, tk.Label)
	}
	if want := []string{"0.004", "0.006", "0.008", "0.010"}; !slices.Equal(labels, want) {
		t.Errorf("ticks of [0.0025, 0.01]: %q, want %q (as before)", labels, want)
	}
}

// TestLossOfAConstantLossKeepsItsScale: a loss of 0.01 every epoch is drawn
// on an axis around 0.01, not on gonum's widening by 1 (-0.99 to 1.01).
func TestLossOfAConstantLossKeepsItsScale(t *testing.T) {
	p, err := Loss(epochsTo(3), []float64{0.01, 0.01, 0.01}, []float64{0.01, 0.01, 0.01})
	if err != nil {
		t.Fatal(err)
	}
	// A range of one value left to gonum is widened by 1 when drawn.
	if !(p.Y.Min > 0.009 && p.Y.Min < 0.01 && p.Y.Max > 0.01 && p.Y.Max < 0.011) {
		t.Errorf("y range [%v, %v], want one around 0.01", p.Y.Min, p.Y.Max)
	}
}
