package plots

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Scatter2D draws n points (x[i], y[i]), for example two encoded features
// or two principal components of the bottleneck codes, coloured by their
// class label class[i]: one colour and one legend entry ("class 0",
// "class 1", ...) per distinct label, in increasing order of label. x, y
// and class must have the same length n >= 1 and x, y must be finite.
func Scatter2D(title string, x, y []float64, class []int) (*plot.Plot, error) {
	if len(x) != len(y) || len(x) != len(class) {
		return nil, fmt.Errorf("scatter %q: x has %d values, y %d, class %d; they must match", title, len(x), len(y), len(class))
	}
	if len(x) == 0 {
		return nil, fmt.Errorf("scatter %q: no points", title)
	}
	groups := map[int]plotter.XYs{}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return nil, fmt.Errorf("scatter %q: point %d (%v, %v) is not finite", title, i, x[i], y[i])
		}
		groups[class[i]] = append(groups[class[i]], plotter.XY{X: x[i], Y: y[i]})
	}
	labels := make([]int, 0, len(groups))
	for k := range groups {
		labels = append(labels, k)
	}
	slices.Sort(labels)

	p := newPlot(title, "x", "y")
	leg := &legendBox{}
	for i, k := range labels {
		s, err := plotter.NewScatter(groups[k])
		if err != nil {
			return nil, fmt.Errorf("scatter %q: class %d: %w", title, k, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: cycleColor(i), Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		p.Add(s)
		leg.add(fmt.Sprintf("class %d", k), s)
		for _, pt := range s.XYs {
			leg.avoid = append(leg.avoid, plotter.XYs{pt})
		}
	}
	addMargins(p)
	p.Add(leg)
	return p, nil
}
