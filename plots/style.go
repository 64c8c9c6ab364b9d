package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// tab10 is matplotlib's default colour cycle, so that a figure drawn here
// looks like the notebook's pyplot figure: the first line is blue, the
// second orange.
var tab10 = [...]color.RGBA{
	{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
	{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff},
	{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff},
	{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff},
	{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff},
	{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff},
}

// cycleColor returns the i-th colour of the cycle, wrapping around.
func cycleColor(i int) color.Color { return tab10[i%len(tab10)] }

// dashes is the dash pattern of a dashed line.
var dashes = []vg.Length{vg.Points(5), vg.Points(3)}

// lineStyle returns a 1.5-point line of colour c, dashed if asked.
func lineStyle(c color.Color, dashed bool) draw.LineStyle {
	sty := draw.LineStyle{Color: c, Width: vg.Points(1.5)}
	if dashed {
		sty.Dashes = dashes
	}
	return sty
}

// wideStyle is sty as a wide, pale band: 4 times as wide, at 40% opacity.
func wideStyle(sty draw.LineStyle) draw.LineStyle {
	r, g, b, _ := sty.Color.RGBA()
	const alpha = 0.4
	sty.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(alpha * 255)}
	sty.Width *= 4
	if sty.Dashes != nil {
		sty.Dashes = []vg.Length{4 * sty.Dashes[0], 2 * sty.Dashes[1]}
	}
	return sty
}

// newLine returns a line plotter through (epochs[i], ys[i]) in style sty.
// The values have been validated by the caller.
func newLine(epochs []int, ys []float64, sty draw.LineStyle) (*plotter.Line, error) {
	xys := make(plotter.XYs, len(epochs))
	for i := range epochs {
		xys[i].X = float64(epochs[i])
		xys[i].Y = ys[i]
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, err
	}
	l.LineStyle = sty
	return l, nil
}

// sans is the typeface of every text in these figures: Liberation Sans,
// which gonum embeds, standing in for matplotlib's DejaVu Sans.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// newPlot returns a plot with the given title and axis labels, set in
// sans, with linear axes marked by niceTicks.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.Padding = vg.Points(6)
	p.Title.TextStyle.Font = font.From(sans, 12)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Tick.Label.Font = font.From(sans, 10)
		a.Tick.Marker = niceTicks{}
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	return p
}

// addMargins widens both axes of p by 5% of the data range on each side,
// as matplotlib does, so that no curve runs along the frame (by 5% of the
// value when there is only one). A log axis is
// widened by 5% of its range in log space. Call it after all data has been
// added (and after useLogY).
//
// The widened range stays within float64: a log axis between the smallest
// normal float64 and the largest, a linear one between ±the largest, so
// that losses near either end of float64's range still draw.
func addMargins(p *plot.Plot) {
	const m = 0.05
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		if _, isLog := a.Scale.(plot.LogScale); isLog {
			lo, hi := math.Log(a.Min), math.Log(a.Max)
			a.Min = max(math.Exp(lo-m*(hi-lo)), smallestNormal)
			a.Max = min(math.Exp(hi+m*(hi-lo)), math.MaxFloat64)
			continue
		}
		d := m*a.Max - m*a.Min // the margin, which cannot overflow
		if a.Max == a.Min {
			// One value: 5% of it either side (gonum would widen by 1,
			// and a constant loss of 0.01 would sit on an axis from -0.99).
			if d = m * math.Abs(a.Max); d == 0 {
				d = m
			}
		}
		a.Min = max(a.Min-d, -math.MaxFloat64)
		a.Max = min(a.Max+d, math.MaxFloat64)
	}
}

// smallestNormal is the smallest positive normal float64.
const smallestNormal = 0x1p-1022

// niceTicks marks a linear axis with 3 to 7 labelled ticks at a round
// step (1, 2, 2.5 or 5 times a power of ten), all labels written with the
// same number of decimals (0.000, 0.025, 0.050, ...).
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', 4, 64)}}
	}
	raw := (max - min) / 6
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	step := 10 * mag
	for _, f := range []float64{1, 2, 2.5, 5} {
		if f*mag >= raw {
			step = f * mag
			break
		}
	}
	decimals := max0(-int(math.Floor(math.Log10(step) + 1e-9)))
	if r := step / math.Pow10(int(math.Floor(math.Log10(step)+1e-9))); math.Abs(r-2.5) < 1e-9 {
		decimals++
	}
	// Far from 1 the labels are written with an exponent ("5e+22",
	// "2.5e-07"), with as many digits as the step needs: written out, the
	// labels of a diverged run's losses would be 23 digits long, and
	// products of the step beyond 2^53 not the round numbers they stand for.
	label := func(v float64) string { return strconv.FormatFloat(v, 'f', decimals, 64) }
	if top := math.Max(math.Abs(min), math.Abs(max)); top >= 1e6 || step < 1e-4 {
		digits := int(math.Floor(math.Log10(top))) - int(math.Floor(math.Log10(step)+1e-9)) + 1
		if r := step / math.Pow10(int(math.Floor(math.Log10(step)+1e-9))); math.Abs(r-2.5) < 1e-9 {
			digits++
		}
		label = func(v float64) string { return strconv.FormatFloat(v, 'g', max1(digits), 64) }
	}
	var ticks []plot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+1e-9*step; k++ {
		v := k * step
		if v == 0 {
			v = 0 // no "-0"
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label(v)})
	}
	return ticks
}

// max1 returns n if it is at least 1, else 1.
func max1(n int) int {
	if n > 1 {
		return n
	}
	return 1
}

// max0 returns n if it is positive, else 0.
func max0(n int) int {
	if n > 0 {
		return n
	}
	return 0
}

// useLogY puts the y axis of p on a log scale with labelled powers of ten.
// Call it after all plotters are added. When every value is equal the
// range is widened to a factor of two either side, because gonum's own
// widening (min-1, max+1) would leave the log scale with a value <= 0.
func useLogY(p *plot.Plot) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	if p.Y.Min == p.Y.Max {
		p.Y.Min = max(p.Y.Min/2, smallestNormal)
		p.Y.Max = min(p.Y.Max, math.MaxFloat64/2) * 2
	}
}

// logTicks marks a log axis: a labelled major tick at every power of ten
// in range and unlabelled minor ticks at 2..9 times it. When the range
// holds fewer than two powers of ten the minor ticks are labelled too, and
// when it holds fewer than two ticks the ends are marked, so that the axis
// always carries numbers.
type logTicks struct{}

// Ticks implements plot.Ticker for min and max > 0.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0 && max >= min) {
		return nil
	}
	lo := int(math.Floor(math.Log10(min)))
	hi := int(math.Ceil(math.Log10(max)))
	var ticks []plot.Tick
	majors := 0
	for e := lo; e <= hi; e++ {
		decade := math.Pow10(e)
		for m := 1; m < 10; m++ {
			v := float64(m) * decade
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 {
				t.Label = formatTick(v)
				majors++
			}
			ticks = append(ticks, t)
		}
	}
	if majors < 2 {
		for i := range ticks {
			ticks[i].Label = formatTick(ticks[i].Value)
		}
	}
	if len(ticks) < 2 {
		ticks = []plot.Tick{
			{Value: min, Label: formatTick(min)},
			{Value: max, Label: formatTick(max)},
		}
	}
	return ticks
}

// formatTick writes v as short as it reads back, e.g. 0.001 or 1e-05.
func formatTick(v float64) string {
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// textStyle is the style of legend text: DefaultFont at size points.
func textStyle(p *plot.Plot, size vg.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sans, size),
		Handler: p.TextHandler,
	}
}
