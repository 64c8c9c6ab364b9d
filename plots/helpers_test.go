package plots

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// epochsTo returns 1..n.
func epochsTo(n int) []int {
	e := make([]int, n)
	for i := range e {
		e[i] = i + 1
	}
	return e
}

// decaying returns n values falling from start like a loss curve.
func decaying(n int, start float64) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = start / float64(1+i*i)
	}
	return y
}

// decodePNG reads the PNG at path and fails the test if it does not decode.
func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}

// svgText is a text element of an SVG written by gonum's vgsvg: its
// position in points from the bottom-left corner and its content.
type svgText struct {
	X, Y float64
	Text string
}

var svgTextRE = regexp.MustCompile(`<text x="([-0-9.e]+)" y="([-0-9.e]+)"[^>]*>([^<]*)</text>`)

// svgTexts saves p as SVG (w x h points) and returns its text elements in
// drawing order. vgsvg flips the y axis, so y is negated back.
func svgTexts(t *testing.T, p *plot.Plot, w, h vg.Length) []svgText {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.svg")
	if err := Save(p, path, w, h); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []svgText
	for _, m := range svgTextRE.FindAllStringSubmatch(string(b), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		out = append(out, svgText{X: x, Y: -y, Text: m[3]})
	}
	return out
}

// findText returns the first text element reading s, failing if none does.
func findText(t *testing.T, texts []svgText, s string) svgText {
	t.Helper()
	for _, x := range texts {
		if x.Text == s {
			return x
		}
	}
	t.Fatalf("no text %q in %v", s, texts)
	return svgText{}
}

// tickLabels returns the labels of the ticks marker m puts between min and
// max, skipping unlabelled ones.
func tickLabels(m plot.Ticker, min, max float64) []string {
	var out []string
	for _, t := range m.Ticks(min, max) {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}
