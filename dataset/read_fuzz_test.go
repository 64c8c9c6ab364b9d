package dataset_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// FuzzReadCSV reads arbitrary text as a CSV table in every header mode,
// with and without a label column. It must never panic; an error must be
// one line that names the file; and a table it accepts must be consistent
// (rows × columns values, a line for each row, a label for each row, a name
// for each column), hold only finite numbers unless asked otherwise, and
// read back bit for bit from what WriteMatrixCSV makes of it.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n4,5,6\n",
		"\ufeffx, y ,label\n1.5,-2e3,cat\n\n3,4,dog\r\n",
		"1,2\n3,4\n5\n",
		"\"a, b\",c\n\"1\",2\n",
		"1;2;3\n",
		"NaN,Inf,-0\n",
		"a,b\n1,\"2\n3\",4\n",
		"0x1p-3,1_0,1e999\n",
	} {
		f.Add(s, uint8(0), "", false)
		f.Add(s, uint8(1), "1", true)
		f.Add(s, uint8(2), "label", false)
	}
	f.Fuzz(func(t *testing.T, in string, mode uint8, label string, nonFinite bool) {
		opt := dataset.ReadOptions{Header: dataset.HeaderMode(mode % 3), Label: label, AllowNonFinite: nonFinite}
		if mode&4 != 0 {
			opt.Comma = ';'
		}
		tab, err := dataset.ReadTable(strings.NewReader(in), "in.csv", opt)
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, "in.csv") {
				t.Fatalf("error %q: want one line naming the file", msg)
			}
			return
		}
		m := tab.X
		if m.Rows < 1 || m.Cols < 1 || len(m.Data) != m.Rows*m.Cols || len(tab.Lines) != m.Rows {
			t.Fatalf("%d×%d table with %d values and %d lines", m.Rows, m.Cols, len(m.Data), len(tab.Lines))
		}
		for i := 1; i < len(tab.Lines); i++ {
			if tab.Lines[i] <= tab.Lines[i-1] {
				t.Fatalf("row lines %v do not increase", tab.Lines)
			}
		}
		if tab.Header != nil && len(tab.Header) != m.Cols {
			t.Fatalf("%d names for %d columns", len(tab.Header), m.Cols)
		}
		if strings.TrimSpace(label) == "" {
			if tab.Labels != nil || tab.LabelColumn != -1 {
				t.Fatalf("labels %q in column %d without a label column", tab.Labels, tab.LabelColumn)
			}
		} else {
			if len(tab.Labels) != m.Rows || tab.LabelColumn < 0 || tab.LabelColumn > m.Cols {
				t.Fatalf("%d labels for %d rows, label column %d of %d", len(tab.Labels), m.Rows, tab.LabelColumn, m.Cols+1)
			}
			for _, l := range tab.Labels {
				if l == "" || strings.TrimSpace(l) != l {
					t.Fatalf("label %q", l)
				}
			}
		}
		for _, v := range m.Data {
			if !nonFinite && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("accepted %v", v)
			}
		}
		// ReadCSV agrees, and what WriteMatrixCSV writes reads back.
		m2, header, err := dataset.ReadCSV(strings.NewReader(in), "in.csv", opt)
		if err != nil || !sameBits(m2.Data, m.Data) || len(header) != len(tab.Header) {
			t.Fatalf("ReadCSV disagrees with ReadTable: %v", err)
		}
		var buf bytes.Buffer
		if err := dataset.WriteMatrixCSV(&buf, m); err != nil {
			t.Fatal(err)
		}
		back, _, err := dataset.ReadCSV(&buf, "back.csv", dataset.ReadOptions{Header: dataset.HeaderAbsent, AllowNonFinite: true})
		if err != nil || back.Rows != m.Rows || back.Cols != m.Cols || !sameBits(back.Data, m.Data) {
			t.Fatalf("written and read back: %v, %d×%d", err, back.Rows, back.Cols)
		}
	})
}

// sameBits reports whether a and b hold the same numbers bit for bit, any
// NaN matching any NaN.
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
