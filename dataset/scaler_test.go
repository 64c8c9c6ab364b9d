package dataset

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

// nullableFloats decodes JSON numbers with null for NaN.
func nullableFloats(raw []*float64) []float64 {
	out := make([]float64, len(raw))
	for i, p := range raw {
		if p == nil {
			out[i] = math.NaN()
		} else {
			out[i] = *p
		}
	}
	return out
}

// assertSameOrNaN compares bit for bit, treating any two NaNs as equal.
func assertSameOrNaN(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.IsNaN(want[i]) && math.IsNaN(got[i]) {
			continue
		}
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s: value %d = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestMinMaxScalerMatchesScikitLearn fits on rows with a constant column, a
// column whose range is below 10 machine epsilons (both get scale 1), NaNs
// (ignored when fitting, passed through when transforming) and a -0, and
// compares every fitted attribute and transformed value with scikit-learn
// 1.2.1 bit for bit.
func TestMinMaxScalerMatchesScikitLearn(t *testing.T) {
	b, err := os.ReadFile("testdata/scaler.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Rows, Cols int }
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	get := func(key string) []float64 {
		var v []*float64
		if err := json.Unmarshal(raw[key], &v); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		return nullableFloats(v)
	}
	if err := json.Unmarshal(raw["rows"], &f.Rows); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw["cols"], &f.Cols); err != nil {
		t.Fatal(err)
	}
	fit := Matrix{Rows: f.Rows, Cols: f.Cols, Data: get("fit")}
	newRows := get("new")
	s, err := FitMinMaxScaler(fit)
	if err != nil {
		t.Fatal(err)
	}
	assertSameOrNaN(t, "data_min_", s.DataMin, get("data_min"))
	assertSameOrNaN(t, "data_max_", s.DataMax, get("data_max"))
	assertSameOrNaN(t, "scale_", s.Scale, get("scale"))
	assertSameOrNaN(t, "min_", s.Min, get("min"))
	if s.Scale[1] != 1 || s.Scale[2] != 1 {
		t.Fatalf("constant columns: scale %v %v, want 1", s.Scale[1], s.Scale[2])
	}
	out, err := s.Transform(Matrix{Rows: len(newRows) / f.Cols, Cols: f.Cols, Data: newRows})
	if err != nil {
		t.Fatal(err)
	}
	assertSameOrNaN(t, "transform", out.Data, get("transformed"))
}

func TestMinMaxScalerRejectsBadInput(t *testing.T) {
	s, err := FitMinMaxScaler(Matrix{Rows: 2, Cols: 2, Data: []float64{0, 1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"column mismatch", func() error { _, err := s.Transform(NewMatrix(1, 3)); return err }(), "3 columns, but the scaler was fitted on 2"},
		{"infinite transform", func() error {
			_, err := s.Transform(Matrix{Rows: 1, Cols: 2, Data: []float64{1, math.Inf(-1)}})
			return err
		}(), "the value at row 0, column 1 is infinite"},
		{"infinite fit", func() error {
			_, err := FitMinMaxScaler(Matrix{Rows: 1, Cols: 1, Data: []float64{math.Inf(1)}})
			return err
		}(), "is infinite"},
		{"no rows", func() error { _, err := FitMinMaxScaler(NewMatrix(0, 3)); return err }(), "shape (0, 3)"},
		{"bad matrix", func() error { _, err := FitMinMaxScaler(Matrix{Rows: 2, Cols: 2, Data: []float64{1}}); return err }(), "2x2 matrix with 1 values"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, c.err, c.want)
		}
	}
}

// TestMinMaxScalerTakesTheLaterOfTwoZeros: between -0 and +0 in a column,
// the fitted minimum and maximum are the later one, as scikit-learn 1.2.1
// fits tables of several columns ([[-0, 1], [0, 2]] gives data_min_ [0, 1]
// and data_max_ [0, 2]; [[0, 1], [-0, 2]] gives -0 for both).
func TestMinMaxScalerTakesTheLaterOfTwoZeros(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, c := range []struct {
		data     []float64
		signMin0 bool
		signMax0 bool
	}{
		{[]float64{negZero, 1, 0, 2}, false, false},
		{[]float64{0, 1, negZero, 2}, true, true},
		{[]float64{0, 1, negZero, 2, 1, 3}, true, false},
	} {
		s, err := FitMinMaxScaler(Matrix{Rows: len(c.data) / 2, Cols: 2, Data: c.data})
		if err != nil {
			t.Fatal(err)
		}
		if math.Signbit(s.DataMin[0]) != c.signMin0 || math.Signbit(s.DataMax[0]) != c.signMax0 {
			t.Errorf("%v: data_min %v, data_max %v; want sign bits %v, %v", c.data, s.DataMin[0], s.DataMax[0], c.signMin0, c.signMax0)
		}
	}
}
