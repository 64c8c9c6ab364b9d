package plots

import (
	"slices"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func TestLogTicksLabelEveryPowerOfTenInRange(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     []string
	}{
		// int(Log10(0.0008)) truncates to -3; flooring keeps the range whole.
		{0.0008, 0.3, []string{"0.001", "0.01", "0.1"}},
		{1e-5, 1, []string{"1e-05", "0.0001", "0.001", "0.01", "0.1", "1"}},
		// Within one decade the minor ticks carry labels too.
		{0.0015, 0.0062, []string{"0.002", "0.003", "0.004", "0.005", "0.006"}},
		// Too narrow for any round tick: the ends are marked.
		{0.00121, 0.00125, []string{"0.00121", "0.00125"}},
	} {
		got := tickLabels(logTicks{}, tc.min, tc.max)
		if !slices.Equal(got, tc.want) {
			t.Errorf("logTicks(%v, %v) labels = %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

func TestNiceTicksUseRoundStepsAndEqualDecimals(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     []string
	}{
		{-0.01, 0.24, []string{"0.00", "0.05", "0.10", "0.15", "0.20"}},
		{-8.95, 209.95, []string{"0", "50", "100", "150", "200"}},
		{0, 0.14, []string{"0.000", "0.025", "0.050", "0.075", "0.100", "0.125"}},
		{-1.3, 2.4, []string{"-1", "0", "1", "2"}},
		{3, 3, []string{"3"}},
	} {
		got := tickLabels(niceTicks{}, tc.min, tc.max)
		if !slices.Equal(got, tc.want) {
			t.Errorf("niceTicks(%v, %v) labels = %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

func TestLegendGoesToTheFirstCornerThatHidesNoData(t *testing.T) {
	p := plot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: 100, Y: 100}}}
	size := vg.Point{X: 30, Y: 20}
	m := vg.Length(legendMargin)
	upperRight := vg.Rectangle{Min: vg.Point{X: 100 - m - 30, Y: 100 - m - 20}, Max: vg.Point{X: 100 - m, Y: 100 - m}}
	upperLeft := vg.Rectangle{Min: vg.Point{X: m, Y: 100 - m - 20}, Max: vg.Point{X: m + 30, Y: 100 - m}}
	lowerLeft := vg.Rectangle{Min: vg.Point{X: m, Y: m}, Max: vg.Point{X: m + 30, Y: m + 20}}
	for _, tc := range []struct {
		name  string
		avoid []plotter.XYs
		want  vg.Rectangle
	}{
		{"no data", nil, upperRight},
		{"point in the upper right", []plotter.XYs{{{X: 0.9, Y: 0.9}}}, upperLeft},
		// Only the segment's middle crosses the top: its sampled points count.
		{"line across the top", []plotter.XYs{{{X: 0, Y: 0.9}, {X: 1, Y: 0.9}}}, lowerLeft},
	} {
		l := &legendBox{avoid: tc.avoid}
		if got := l.place(c, p, size); got != tc.want {
			t.Errorf("%s: legend at %v, want %v", tc.name, got, tc.want)
		}
	}
}
