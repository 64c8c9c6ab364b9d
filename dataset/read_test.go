package dataset_test

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

func ExampleReadCSV() {
	in := "x1, x2, x3\n1, 2.5, -3e-2\n4,5,6\n"
	m, header, err := dataset.ReadCSV(strings.NewReader(in), "data.csv", dataset.ReadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(header, m.Rows, m.Cols, m.Row(0))

	_, _, err = dataset.ReadCSV(strings.NewReader("x1,x2\n1,2\n3,two\n"), "data.csv", dataset.ReadOptions{})
	fmt.Println(err)
	// Output:
	// [x1 x2 x3] 2 3 [1 2.5 -0.03]
	// data.csv line 3, column 2 ("x2"): "two" is not a number
}

func TestReadCSVReadsWhatWriteMatrixCSVWroteBitForBit(t *testing.T) {
	m := dataset.Matrix{Rows: 3, Cols: 2, Data: []float64{
		0.1, -1e-300, math.MaxFloat64, 5e-324, 1.0000000000000002, -0.0,
	}}
	var buf bytes.Buffer
	if err := dataset.WriteMatrixCSV(&buf, m); err != nil {
		t.Fatal(err)
	}
	got, header, err := dataset.ReadCSV(&buf, "m.csv", dataset.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if header != nil || got.Rows != 3 || got.Cols != 2 {
		t.Fatalf("header %q, %dx%d; want none, 3x2", header, got.Rows, got.Cols)
	}
	for i, v := range m.Data {
		if math.Float64bits(got.Data[i]) != math.Float64bits(v) {
			t.Errorf("value %d: read %v, wrote %v", i, got.Data[i], v)
		}
	}
}

func TestReadCSVFindsTheHeaderAndHonoursTheOptions(t *testing.T) {
	for _, c := range []struct {
		name   string
		in     string
		opt    dataset.ReadOptions
		header []string
		data   []float64
		cols   int
	}{
		{"no header", "1,2\n3,4\n", dataset.ReadOptions{}, nil, []float64{1, 2, 3, 4}, 2},
		{"header", "a,b\n1,2\n", dataset.ReadOptions{}, []string{"a", "b"}, []float64{1, 2}, 2},
		{"quoted header with BOM", "\ufeff\"a, first\", b \n1,2\n", dataset.ReadOptions{}, []string{"a, first", "b"}, []float64{1, 2}, 2},
		{"numeric names, told present", "1,2\n3,4\n", dataset.ReadOptions{Header: dataset.HeaderPresent}, []string{"1", "2"}, []float64{3, 4}, 2},
		{"spaces, CRLF and blank lines", "\r\n  1 ,\t2\r\n\r\n   \r\n3,4\r\n", dataset.ReadOptions{}, nil, []float64{1, 2, 3, 4}, 2},
		{"semicolons", "a;b\n1;2\n", dataset.ReadOptions{Comma: ';'}, []string{"a", "b"}, []float64{1, 2}, 2},
		{"one column", "y\n1\n0\n", dataset.ReadOptions{}, []string{"y"}, []float64{1, 0}, 1},
		{"NaN allowed", "NaN,inf\n", dataset.ReadOptions{AllowNonFinite: true}, nil, []float64{math.NaN(), math.Inf(1)}, 2},
	} {
		m, header, err := dataset.ReadCSV(strings.NewReader(c.in), "t.csv", c.opt)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		same := len(m.Data) == len(c.data)
		for i := range c.data {
			same = same && (m.Data[i] == c.data[i] || math.IsNaN(m.Data[i]) && math.IsNaN(c.data[i]))
		}
		if !slices.Equal(header, c.header) || !same || m.Cols != c.cols || m.Rows != len(c.data)/c.cols {
			t.Errorf("%s: header %q, %dx%d %v; want %q, %v", c.name, header, m.Rows, m.Cols, m.Data, c.header, c.data)
		}
	}
}

func TestReadCSVErrorsNameFileLineAndColumn(t *testing.T) {
	for _, c := range []struct {
		in   string
		opt  dataset.ReadOptions
		want string
	}{
		{"", dataset.ReadOptions{}, "in.csv: no data rows"},
		{"a,b\n", dataset.ReadOptions{}, "in.csv: no data rows"},
		{"1,2\n3,4\n5\n", dataset.ReadOptions{}, "in.csv line 3: 1 fields, line 1 has 2"},
		{"\n\na,b\n1,2,3\n", dataset.ReadOptions{}, "in.csv line 4: 3 fields, line 3 has 2"},
		{"a,b\n1,2\n3,x\n", dataset.ReadOptions{}, `in.csv line 3, column 2 ("b"): "x" is not a number`},
		{"1,2\n3,1.2.3\n", dataset.ReadOptions{}, `in.csv line 2, column 2: "1.2.3" is not a number`},
		{"1,x,3\n", dataset.ReadOptions{}, `in.csv line 1, column 2: "x" is not a number`},
		{"1,2\n,4\n", dataset.ReadOptions{}, "in.csv line 2, column 1: empty field"},
		{"1,2\n3,1e999\n", dataset.ReadOptions{}, `in.csv line 2, column 2: "1e999" is out of float64's range`},
		{"1,NaN\n", dataset.ReadOptions{}, `in.csv line 1, column 2: "NaN" is not a finite number`},
		{"1,-Inf\n", dataset.ReadOptions{}, `in.csv line 1, column 2: "-Inf" is not a finite number`},
		{"a,b\n1,2\n", dataset.ReadOptions{Header: dataset.HeaderAbsent}, `in.csv line 1, column 1: "a" is not a number`},
		{"1,\"2\n", dataset.ReadOptions{}, "in.csv line 1, column 6: extraneous or missing \" in quoted-field"},
		{"1,2\"3\n", dataset.ReadOptions{}, "in.csv line 1, column 4: bare \" in non-quoted-field"},
	} {
		_, _, err := dataset.ReadCSV(strings.NewReader(c.in), "in.csv", c.opt)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
}
