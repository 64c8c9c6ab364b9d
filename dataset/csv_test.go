package dataset

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
)

// TestMatrixCSVRoundTripsEveryBit writes values that are hard to print
// (shortest representations, -0, subnormals, extremes, the notebook's
// Gaussians) and demands the identical bits back.
func TestMatrixCSVRoundTripsEveryBit(t *testing.T) {
	r := rng.New(9)
	vals := []float64{0, math.Copysign(0, -1), 0.1, 1.0 / 3, -2.5e-300, math.SmallestNonzeroFloat64, math.MaxFloat64, 1e21, 123456789012345678, math.Inf(1), math.Inf(-1)}
	for len(vals) < 4*50 {
		vals = append(vals, r.StandardNormal()*math.Pow(10, float64(r.RandInt(-20, 20))))
	}
	m := Matrix{Rows: 50, Cols: 4, Data: vals}
	var buf bytes.Buffer
	if err := WriteMatrixCSV(&buf, m); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if got := strings.Count(text, "\n"); got != 50 {
		t.Fatalf("%d lines, want 50", got)
	}
	back, err := ReadMatrixCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	assertSameMatrix(t, "round trip", back, m)
	if first := strings.SplitN(text, "\n", 2)[0]; first != "0,-0,0.1,0.3333333333333333" {
		t.Errorf("first line %q", first)
	}
}

func TestLabelsCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteLabelsCSV(&buf, []int{0, 1, 2, 1}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "0\n1\n2\n1\n" {
		t.Fatalf("labels written as %q", buf.String())
	}
	y, err := ReadLabelsCSV(strings.NewReader("0\n1.0\n2\n"))
	if err != nil {
		t.Fatal(err)
	}
	assertSameInts(t, "labels", y, []int{0, 1, 2})
}

func TestReadCSVReportsTheBadLine(t *testing.T) {
	if _, err := ReadMatrixCSV(strings.NewReader("1,2\n3\n")); err == nil || !strings.Contains(err.Error(), "line 2 has 1 values, line 1 has 2") {
		t.Errorf("ragged rows: err = %v", err)
	}
	if _, err := ReadMatrixCSV(strings.NewReader("1,x\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad float: err = %v", err)
	}
	if _, err := ReadLabelsCSV(strings.NewReader("0\n0.5\n")); err == nil || !strings.Contains(err.Error(), `line 2: label "0.5" is not an integer`) {
		t.Errorf("bad label: err = %v", err)
	}
	if _, err := ReadMatrixFile("testdata/no-such-file.csv"); err == nil || !strings.Contains(err.Error(), "read testdata/no-such-file.csv") {
		t.Errorf("missing file: err = %v", err)
	}
}
