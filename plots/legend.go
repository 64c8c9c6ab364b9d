package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendBox is a framed legend drawn inside the data area, the way
// matplotlib draws one: an optional heading centred above the entries
// (pyplot.legend(title="datasets")), then one row per entry, a thumbnail
// of the line or marker followed by its label.
//
// gonum's plot.Legend has no heading, so the box is a plot.Plotter of its
// own; it must be added to the plot after the data so that it is drawn on
// top. Like matplotlib's loc="best" it goes into the corner of the data
// area (upper right, upper left, lower left, lower right, in that order of
// preference) that hides the fewest data points.
type legendBox struct {
	title   string
	entries []legendEntry
	// avoid holds the data the box should not hide, in data coordinates:
	// a path of one point is a marker, a longer one a polyline.
	avoid []plotter.XYs
}

// legendEntry is one row of a legendBox.
type legendEntry struct {
	label string
	thumb plot.Thumbnailer
}

// Legend geometry, in points, close to matplotlib's defaults at 10 pt.
const (
	legendFontSize = 10
	legendPad      = 4   // inside the frame
	legendMargin   = 6   // between the frame and the edge of the data area
	legendThumb    = 22  // thumbnail width
	legendGap      = 6   // between thumbnail and label
	legendRowScale = 1.3 // row height as a multiple of the font height
)

// add appends an entry with the given label and thumbnail.
func (l *legendBox) add(label string, thumb plot.Thumbnailer) {
	l.entries = append(l.entries, legendEntry{label: label, thumb: thumb})
}

// Plot draws the legend; it implements plot.Plotter.
func (l *legendBox) Plot(c draw.Canvas, p *plot.Plot) {
	if l.title == "" && len(l.entries) == 0 {
		return
	}
	sty := textStyle(p, legendFontSize)
	rowH := sty.FontExtents().Height * legendRowScale
	rows := len(l.entries)
	width := sty.Width(l.title)
	for _, e := range l.entries {
		if w := legendThumb + legendGap + sty.Width(e.label); w > width {
			width = w
		}
	}
	if l.title != "" {
		rows++
	}
	size := vg.Point{X: width + 2*legendPad, Y: vg.Length(rows)*rowH + 2*legendPad}
	box := l.place(c, p, size)

	c.SetColor(color.NRGBA{R: 255, G: 255, B: 255, A: 204})
	c.Fill(box.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 204}, Width: vg.Points(0.8)})
	c.Stroke(box.Path())

	top := box.Max.Y - legendPad
	left := box.Min.X + legendPad
	center := func(row int) vg.Length { return top - (vg.Length(row)+0.5)*rowH }
	row := 0
	if l.title != "" {
		head := sty
		head.XAlign, head.YAlign = text.XCenter, text.YCenter
		c.FillText(head, vg.Point{X: (box.Min.X + box.Max.X) / 2, Y: center(0)}, l.title)
		row++
	}
	label := sty
	label.YAlign = text.YCenter
	for _, e := range l.entries {
		y := center(row)
		if e.thumb != nil {
			thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: left, Y: y - rowH/2},
				Max: vg.Point{X: left + legendThumb, Y: y + rowH/2},
			}}
			e.thumb.Thumbnail(&thumb)
		}
		c.FillText(label, vg.Point{X: left + legendThumb + legendGap, Y: y}, e.label)
		row++
	}
}

// place returns the rectangle of the given size in the corner of c that
// covers the fewest sampled points of l.avoid.
func (l *legendBox) place(c draw.Canvas, p *plot.Plot, size vg.Point) vg.Rectangle {
	m := vg.Length(legendMargin)
	left, right := c.Min.X+m, c.Max.X-m-size.X
	bottom, top := c.Min.Y+m, c.Max.Y-m-size.Y
	corners := []vg.Point{{X: right, Y: top}, {X: left, Y: top}, {X: left, Y: bottom}, {X: right, Y: bottom}}
	pts := l.samples(c, p)
	var best vg.Rectangle
	bestCount := -1
	for _, corner := range corners {
		r := vg.Rectangle{Min: corner, Max: corner.Add(size)}
		n := 0
		for _, pt := range pts {
			if pt.X >= r.Min.X && pt.X <= r.Max.X && pt.Y >= r.Min.Y && pt.Y <= r.Max.Y {
				n++
			}
		}
		if bestCount < 0 || n < bestCount {
			best, bestCount = r, n
		}
	}
	return best
}

// samples returns l.avoid in canvas coordinates, with eight points along
// every segment of a polyline so that a steep line counts where it passes.
func (l *legendBox) samples(c draw.Canvas, p *plot.Plot) []vg.Point {
	const perSegment = 8
	trX, trY := p.Transforms(&c)
	var pts []vg.Point
	for _, path := range l.avoid {
		for i, xy := range path {
			cur := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
			if i > 0 {
				prev := vg.Point{X: trX(path[i-1].X), Y: trY(path[i-1].Y)}
				for k := 1; k < perSegment; k++ {
					f := vg.Length(k) / perSegment
					pts = append(pts, vg.Point{X: prev.X + f*(cur.X-prev.X), Y: prev.Y + f*(cur.Y-prev.Y)})
				}
			}
			pts = append(pts, cur)
		}
	}
	return pts
}

// styleThumb is a legend thumbnail that is a horizontal line drawn in a
// given style, for legend rows that explain a style rather than name a
// curve.
type styleThumb draw.LineStyle

// Thumbnail implements plot.Thumbnailer.
func (s styleThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(draw.LineStyle(s), c.Min.X, y, c.Max.X, y)
}
