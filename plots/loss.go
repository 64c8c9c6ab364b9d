package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// Loss draws the notebook's learning-curve figure, the cell
//
//	pyplot.plot(history.history['loss'], label='train')
//	pyplot.plot(history.history['val_loss'], label='test')
//	pyplot.legend(title="datasets")
//	pyplot.title("Loss")
//
// epochs, train and val have one entry per epoch (len n, n >= 1): train is
// Keras's "loss", val its "val_loss". The figure is titled "Loss", its
// axes read "epoch" and "loss" (linear, as in the notebook), and the
// legend is headed "datasets" above the entries "train" (blue) and "test"
// (orange).
func Loss(epochs []int, train, val []float64) (*plot.Plot, error) {
	if err := checkSeries("train", epochs, train, false); err != nil {
		return nil, fmt.Errorf("loss plot: %w", err)
	}
	if err := checkSeries("test", epochs, val, false); err != nil {
		return nil, fmt.Errorf("loss plot: %w", err)
	}
	p := newPlot("Loss", "epoch", "loss")
	leg := &legendBox{title: "datasets"}
	for i, s := range []struct {
		label string
		ys    []float64
	}{{"train", train}, {"test", val}} {
		l, err := newLine(epochs, s.ys, lineStyle(cycleColor(i), false))
		if err != nil {
			return nil, fmt.Errorf("loss plot: %s: %w", s.label, err)
		}
		p.Add(l)
		leg.add(s.label, l)
		leg.avoid = append(leg.avoid, l.XYs)
	}
	addMargins(p)
	p.Add(leg)
	return p, nil
}

// Run is one training run's learning curves: Train (Keras's "loss") and
// Val ("val_loss") have one value per entry of Epochs. Label names the run
// in a legend, e.g. "seed 1".
type Run struct {
	Label  string
	Epochs []int
	Train  []float64
	Val    []float64
}

// SeedCurves draws the runs of one configuration with different seeds on
// one log-scale loss axis: each run in a colour of its own, its training
// loss dashed and its validation loss solid. The legend lists the runs by
// label, then a black dashed "train" and a solid "val" to explain the line
// styles. All values must be finite and positive.
func SeedCurves(title string, runs []Run) (*plot.Plot, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("seed curves %q: no runs", title)
	}
	p := newPlot(title, "epoch", "loss (log scale)")
	leg := &legendBox{}
	for i, r := range runs {
		if err := checkSeries("train", r.Epochs, r.Train, true); err != nil {
			return nil, fmt.Errorf("seed curves %q: run %q: %w", title, r.Label, err)
		}
		if err := checkSeries("val", r.Epochs, r.Val, true); err != nil {
			return nil, fmt.Errorf("seed curves %q: run %q: %w", title, r.Label, err)
		}
		c := cycleColor(i)
		train, err := newLine(r.Epochs, r.Train, lineStyle(c, true))
		if err != nil {
			return nil, fmt.Errorf("seed curves %q: run %q: %w", title, r.Label, err)
		}
		val, err := newLine(r.Epochs, r.Val, lineStyle(c, false))
		if err != nil {
			return nil, fmt.Errorf("seed curves %q: run %q: %w", title, r.Label, err)
		}
		p.Add(train, val)
		leg.add(r.Label, val)
		leg.avoid = append(leg.avoid, train.XYs, val.XYs)
	}
	leg.add("train", styleThumb(lineStyle(color.Black, true)))
	leg.add("val", styleThumb(lineStyle(color.Black, false)))
	useLogY(p)
	addMargins(p)
	p.Add(leg)
	return p, nil
}

// Series is one curve of a Comparison: Y has one value per entry of
// Epochs, Label names it in the legend ("bottleneck 50", "go val",
// "keras val") and Dashed draws it dashed.
type Series struct {
	Label  string
	Epochs []int
	Y      []float64
	Dashed bool
	// Wide draws the series as a wide, pale band under the others: a
	// reference that thin lines are set against.
	Wide bool
}

// Comparison draws several curves on one log-scale loss axis, each in a
// colour of its own (in order: blue, orange, green, red, ...), for example
// every configuration's val_loss, or a Go run's loss and val_loss over a
// reference implementation's. Wide series are drawn first, under the
// others; the legend lists the series in the order given. All values must
// be finite and positive.
func Comparison(title string, series []Series) (*plot.Plot, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("comparison %q: no series", title)
	}
	p := newPlot(title, "epoch", "loss (log scale)")
	leg := &legendBox{}
	lines := make([]*plotter.Line, len(series))
	for i, s := range series {
		if err := checkSeries(fmt.Sprintf("series %q", s.Label), s.Epochs, s.Y, true); err != nil {
			return nil, fmt.Errorf("comparison %q: %w", title, err)
		}
		sty := lineStyle(cycleColor(i), s.Dashed)
		if s.Wide {
			sty = wideStyle(sty)
		}
		l, err := newLine(s.Epochs, s.Y, sty)
		if err != nil {
			return nil, fmt.Errorf("comparison %q: series %q: %w", title, s.Label, err)
		}
		lines[i] = l
		leg.add(s.Label, l)
		leg.avoid = append(leg.avoid, l.XYs)
	}
	for _, wide := range []bool{true, false} {
		for i, l := range lines {
			if series[i].Wide == wide {
				p.Add(l)
			}
		}
	}
	useLogY(p)
	addMargins(p)
	p.Add(leg)
	return p, nil
}
