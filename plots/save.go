package plots

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
)

// formatOf returns the image format named by path's extension: "png",
// "svg" or "pdf" (any case), or an error for anything else.
func formatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	switch ext {
	case "png", "svg", "pdf":
		return ext, nil
	case "":
		return "", fmt.Errorf("save %s: no file extension; want .png, .svg or .pdf", path)
	default:
		return "", fmt.Errorf("save %s: unsupported format %q; want .png, .svg or .pdf", path, ext)
	}
}

// maxSide is the largest width or height Save draws: 5000 points (about 69
// inches), 6,667 pixels at 96 dpi.
const maxSide vg.Length = 5000

// checkSize rejects a drawing size that is not positive, or larger than
// maxSide a side.
func checkSize(path string, w, h vg.Length) error {
	if !(w > 0 && h > 0) {
		return fmt.Errorf("save %s: size %vx%v points is not positive", path, float64(w), float64(h))
	}
	if !(w <= maxSide && h <= maxSide) {
		return fmt.Errorf("save %s: size %vx%v points is larger than %v points a side", path, float64(w), float64(h), float64(maxSide))
	}
	return nil
}

// Save writes p, w wide and h high (e.g. 6*vg.Inch by 4*vg.Inch), to
// path in the format its extension names (.png at 96 dpi, .svg or .pdf).
// The file is replaced atomically: a reader sees the old file or the
// complete new one, never a partial one.
func Save(p *plot.Plot, path string, w, h vg.Length) error {
	format, err := checkSave(path, w, h, p)
	if err != nil {
		return err
	}
	wt, err := p.WriterTo(w, h, format)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return writeTo(path, wt)
}

// checkSave checks what Save and SideBySide are given and returns the
// image format that path's extension names.
func checkSave(path string, w, h vg.Length, ps ...*plot.Plot) (string, error) {
	for _, p := range ps {
		if p == nil {
			return "", fmt.Errorf("save %s: nil plot", path)
		}
	}
	format, err := formatOf(path)
	if err != nil {
		return "", err
	}
	return format, checkSize(path, w, h)
}

// SideBySide writes left and right next to each other in one image w wide
// and h high (each plot gets half the width, their data areas aligned), to
// path in the format its extension names (.png, .svg or .pdf), atomically.
func SideBySide(path string, left, right *plot.Plot, w, h vg.Length) error {
	format, err := checkSave(path, w, h, left, right)
	if err != nil {
		return err
	}
	c, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(12), PadTop: vg.Points(4),
		PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	grid := [][]*plot.Plot{{left, right}}
	canvases := plot.Align(grid, tiles, draw.New(c))
	left.Draw(canvases[0][0])
	right.Draw(canvases[0][1])
	return writeTo(path, c)
}

// writeTo writes wt's output to path atomically.
func writeTo(path string, wt io.WriterTo) error {
	return atomicfile.WriteFile(path, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	})
}
