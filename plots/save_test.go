package plots

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// lossPlot returns a small valid Loss plot.
func lossPlot(t *testing.T) *plot.Plot {
	t.Helper()
	p, err := Loss(epochsTo(10), decaying(10, 0.2), decaying(10, 0.1))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSaveWritesTheFormatTheExtensionNames(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, prefix string }{
		{"loss.png", "\x89PNG\r\n\x1a\n"},
		{"loss.PNG", "\x89PNG\r\n\x1a\n"},
		{"loss.svg", "<?xml"},
		{"loss.pdf", "%PDF-"},
	} {
		path := filepath.Join(dir, tc.name)
		if err := Save(lossPlot(t), path, 4*vg.Inch, 3*vg.Inch); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(tc.prefix)) {
			t.Errorf("%s starts with %q, want %q", tc.name, b[:min(len(b), 8)], tc.prefix)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("directory holds %d files, want the 4 saved and no temporary ones", len(entries))
	}
}

func TestSaveRejectsBadArgumentsWithAClearMessage(t *testing.T) {
	dir := t.TempDir()
	p := lossPlot(t)
	for _, tc := range []struct {
		name string
		p    *plot.Plot
		path string
		w, h vg.Length
		want string
	}{
		{"jpeg", p, "a.jpg", vg.Inch, vg.Inch, `save a.jpg: unsupported format "jpg"; want .png, .svg or .pdf`},
		{"no extension", p, "loss", vg.Inch, vg.Inch, "save loss: no file extension; want .png, .svg or .pdf"},
		{"nil plot", nil, "a.png", vg.Inch, vg.Inch, "save a.png: nil plot"},
		{"zero width", p, "a.png", 0, vg.Inch, "save a.png: size 0x72 points is not positive"},
		{"infinite width", p, "a.png", vg.Length(math.Inf(1)), vg.Inch, "save a.png: size +Infx72 points is larger than 5000 points a side"},
		{"huge height", p, "a.svg", vg.Inch, 1e6, "save a.svg: size 72x1e+06 points is larger than 5000 points a side"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Save(tc.p, filepath.Join(dir, tc.path), tc.w, tc.h)
			want := strings.Replace(tc.want, "save ", "save "+dir+"/", 1)
			if err == nil || err.Error() != want {
				t.Errorf("err = %v, want %q", err, want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed saves left %d files behind", len(entries))
	}
}

func TestSaveUnderAFileFailsNamingThePath(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(file, "loss.png")
	err := Save(lossPlot(t), path, vg.Inch, vg.Inch)
	if err == nil || !strings.HasPrefix(err.Error(), "write "+path+": ") {
		t.Errorf("err = %v, want one starting %q", err, "write "+path+": ")
	}
}

func TestSideBySidePutsBothPlotsInOneImage(t *testing.T) {
	dir := t.TempDir()
	scatter, err := Scatter2D("codes", []float64{0, 1, 2}, []float64{2, 1, 0}, []int{0, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(dir, "both.png")
	if err := SideBySide(png, lossPlot(t), scatter, 10*vg.Inch, 4*vg.Inch); err != nil {
		t.Fatal(err)
	}
	if b := decodePNG(t, png).Bounds(); b.Dx() != 960 || b.Dy() != 384 {
		t.Errorf("PNG is %dx%d pixels, want 960x384", b.Dx(), b.Dy())
	}
	svg := filepath.Join(dir, "both.svg")
	if err := SideBySide(svg, lossPlot(t), scatter, 10*vg.Inch, 4*vg.Inch); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	titles := svgTextRE.FindAllStringSubmatch(string(b), -1)
	var lossX, codesX string
	for _, m := range titles {
		switch m[3] {
		case "Loss":
			lossX = m[1]
		case "codes":
			codesX = m[1]
		}
	}
	if lossX == "" || codesX == "" {
		t.Fatalf("SVG lacks a title: Loss at x=%q, codes at x=%q", lossX, codesX)
	}
	if !(parseF(t, lossX) < 360 && parseF(t, codesX) > 360) {
		t.Errorf("titles at x = %s (Loss) and %s (codes), want Loss in the left half and codes in the right of 720 points", lossX, codesX)
	}
}

func TestSideBySideRejectsNilPlotsAndUnknownFormats(t *testing.T) {
	p := lossPlot(t)
	if err := SideBySide("x.png", p, nil, vg.Inch, vg.Inch); err == nil || err.Error() != "save x.png: nil plot" {
		t.Errorf("nil plot: err = %v", err)
	}
	if err := SideBySide("x.gif", p, p, vg.Inch, vg.Inch); err == nil || err.Error() != `save x.gif: unsupported format "gif"; want .png, .svg or .pdf` {
		t.Errorf("gif: err = %v", err)
	}
}

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		t.Fatal(err)
	}
	return f
}
