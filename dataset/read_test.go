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
		0.1, -1e-300, math.MaxFloat64, 5e-324, 1.0000000000000002, math.Copysign(0, -1),
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
		{"", dataset.ReadOptions{}, "in.csv: the file is empty or holds only blank lines"},
		{"\n \r\n\n", dataset.ReadOptions{}, "in.csv: the file is empty or holds only blank lines"},
		{"a,b\n", dataset.ReadOptions{}, "in.csv: no data rows, only the header line"},
		{"1,2\n3,4\n5\n", dataset.ReadOptions{}, "in.csv line 3: 1 field, but line 1 has 2"},
		{"\n\na,b\n1,2,3\n", dataset.ReadOptions{}, "in.csv line 4: 3 fields, but line 3 has 2"},
		{"a,b\n1,2\n3,x\n", dataset.ReadOptions{}, `in.csv line 3, column 2 ("b"): "x" is not a number`},
		{"1,2\n3,1.2.3\n", dataset.ReadOptions{}, `in.csv line 2, column 2: "1.2.3" is not a number`},
		{"a;b\n0;1\n", dataset.ReadOptions{}, `in.csv line 2, column 1 ("a;b"): "0;1" is not a number (the fields of a row are separated by commas)`},
		{"1,x,3\n", dataset.ReadOptions{}, `in.csv line 1, column 2: "x" is not a number (line 1 was read as data, not as a header, because some of its fields are numbers)`},
		{"1,x,3\n", dataset.ReadOptions{Header: dataset.HeaderAbsent}, `in.csv line 1, column 2: "x" is not a number`},
		{"\n1,2\n3,x\n", dataset.ReadOptions{}, `in.csv line 3, column 2: "x" is not a number`},
		{"1,2\n,4\n", dataset.ReadOptions{}, "in.csv line 2, column 1: empty field"},
		{"1,2\n3,1e999\n", dataset.ReadOptions{}, `in.csv line 2, column 2: "1e999" is out of float64's range`},
		{"1,NaN\n", dataset.ReadOptions{}, `in.csv line 1, column 2: "NaN" is not a finite number (line 1 was read as data, not as a header, because some of its fields are numbers)`},
		{"0,0\n1,-Inf\n", dataset.ReadOptions{}, `in.csv line 2, column 2: "-Inf" is not a finite number`},
		{"a,b\n1,2\n", dataset.ReadOptions{Header: dataset.HeaderAbsent}, `in.csv line 1, column 1: "a" is not a number`},
		{"1,\"2\n", dataset.ReadOptions{}, "in.csv line 1, character 6: extraneous or missing \" in quoted-field"},
		{"a,b\n1,\"2\n3,4\n5,6\n", dataset.ReadOptions{}, "in.csv line 4, character 5, in the quoted field that starts on line 2: extraneous or missing \" in quoted-field"},
		{"1,2\"3\n", dataset.ReadOptions{}, "in.csv line 1, character 4: bare \" in non-quoted-field"},
	} {
		_, _, err := dataset.ReadCSV(strings.NewReader(c.in), "in.csv", c.opt)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
}

func TestReadTableKeepsTheLabelColumnAndEachRowsLine(t *testing.T) {
	in := "x1, class ,x2\n1,cat,2\n\n3, dog ,4\n\"5\",cat,6\n"
	for _, label := range []string{"class", "1"} {
		tab, err := dataset.ReadTable(strings.NewReader(in), "pets.csv", dataset.ReadOptions{Label: label})
		if err != nil {
			t.Fatalf("label %q: %v", label, err)
		}
		if tab.X.Rows != 3 || tab.X.Cols != 2 || !slices.Equal(tab.X.Data, []float64{1, 2, 3, 4, 5, 6}) {
			t.Errorf("label %q: features %dx%d %v, want 3x2 [1 2 3 4 5 6]", label, tab.X.Rows, tab.X.Cols, tab.X.Data)
		}
		if !slices.Equal(tab.Header, []string{"x1", "x2"}) || tab.LabelName != "class" || tab.LabelColumn != 1 {
			t.Errorf("label %q: header %q, label %q in column %d; want [x1 x2], class in 1", label, tab.Header, tab.LabelName, tab.LabelColumn)
		}
		if !slices.Equal(tab.Labels, []string{"cat", "dog", "cat"}) || !slices.Equal(tab.Lines, []int{2, 4, 5}) {
			t.Errorf("label %q: labels %q on lines %v, want [cat dog cat] on [2 4 5]", label, tab.Labels, tab.Lines)
		}
	}

	// Without a header, an index; a header name wins over an index.
	tab, err := dataset.ReadTable(strings.NewReader("1,2,0\n3,4,1\n"), "t.csv", dataset.ReadOptions{Label: "2"})
	if err != nil || !slices.Equal(tab.X.Data, []float64{1, 2, 3, 4}) || !slices.Equal(tab.Labels, []string{"0", "1"}) || tab.Header != nil || tab.LabelName != "" {
		t.Errorf("no header, label 2: %v %v %q %q %q", err, tab.X.Data, tab.Labels, tab.Header, tab.LabelName)
	}
	tab, err = dataset.ReadTable(strings.NewReader("b,a,0\n1,2,3\n"), "t.csv", dataset.ReadOptions{Header: dataset.HeaderPresent, Label: "0"})
	if err != nil || tab.LabelColumn != 2 || !slices.Equal(tab.Labels, []string{"3"}) {
		t.Errorf("header name \"0\": column %d, labels %q, %v; want column 2", tab.LabelColumn, tab.Labels, err)
	}

	// ReadCSV drops the label column.
	m, header, err := dataset.ReadCSV(strings.NewReader(in), "pets.csv", dataset.ReadOptions{Label: "class"})
	if err != nil || !slices.Equal(m.Data, []float64{1, 2, 3, 4, 5, 6}) || !slices.Equal(header, []string{"x1", "x2"}) {
		t.Errorf("ReadCSV with a label: %v %q %v", m.Data, header, err)
	}
}

func TestReadTableLabelErrorsSayWhatIsWrong(t *testing.T) {
	for _, c := range []struct {
		in, label string
		header    dataset.HeaderMode
		want      string
	}{
		{"a,b\n1,2\n", "y", dataset.HeaderAuto, `in.csv: label column "y": no such name in the header ("a", "b")`},
		{"1,2\n3,4\n", "y", dataset.HeaderAuto, `in.csv: label column "y": the file has no header line to name it; give a 0-based column index`},
		{"1,2\n3,4\n", "2", dataset.HeaderAuto, "in.csv: label column 2 (0-based) is out of range: the rows have 2 columns, 0 to 1"},
		{"1,2\n3,4\n", "-1", dataset.HeaderAuto, "in.csv: label column -1: a 0-based column index cannot be negative"},
		{"y\n1\n", "y", dataset.HeaderAuto, "in.csv: the label is the only column; no feature is left"},
		{"y,x,y\n1,2,3\n", "y", dataset.HeaderAuto, `in.csv: label column "y" is ambiguous: the header names both column 1 and column 3 so; give the 0-based index, 0 or 2`},
		{"a,y\n1,\n", "y", dataset.HeaderAuto, `in.csv line 2, column 2 ("y"): empty label`},
		{"a,y\n1,2\n3\n", "y", dataset.HeaderAuto, "in.csv line 3: 1 field, but line 1 has 2"},
		{"c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11\n" + strings.Repeat("1,", 11) + "1\n", "z", dataset.HeaderAuto,
			`in.csv: label column "z": no such name in the header ("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", and 2 more)`},
	} {
		_, err := dataset.ReadTable(strings.NewReader(c.in), "in.csv", dataset.ReadOptions{Header: c.header, Label: c.label})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q, label %q: error %v, want %q", c.in, c.label, err, c.want)
		}
	}
}
