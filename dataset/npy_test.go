package dataset_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// npyX is the 3×4 table of testdata/npy (gen/npy_fixture.py).
var npyX = []float64{
	0.1, -2.5, 1e300, 5e-324,
	3.0, math.Copysign(0, -1), 1.0000000000000002, 7.25,
	-1e-7, 123456789.123, 1<<60 + 1<<8, 0.5,
}

func npyFixture(name string) string { return filepath.Join("testdata", "npy", name) }

// ReadFile reads numpy's own files in every dtype, byte order, memory
// order and format version it takes, to the bit.
func TestReadNPYReadsNumpysFiles(t *testing.T) {
	f32 := func(cols ...int) []float64 {
		var out []float64
		for i := range 3 {
			for _, j := range cols {
				out = append(out, float64(float32(npyX[i*4+j])))
			}
		}
		return out
	}
	ints := make([]float64, 12)
	for i := range ints {
		ints[i] = float64(i - 5)
	}
	bools := make([]float64, 12)
	for i := range bools {
		if (i-5)%3 == 0 {
			bools[i] = 1
		}
	}
	withoutCol2 := slices.Concat(npyX[0:2], npyX[3:6], npyX[7:10], npyX[11:12])
	for _, c := range []struct {
		file       string
		label      string
		rows, cols int
		want       []float64
		labels     []string
	}{
		{"f8.npy", "", 3, 4, npyX, nil},
		{"f8_fortran.npy", "", 3, 4, npyX, nil},
		{"f8_big.npy", "", 3, 4, npyX, nil},
		{"f8_v2.npy", "", 3, 4, npyX, nil},
		{"f8_v3.npy", "", 3, 4, npyX, nil},
		{"f4_fortran.npy", "", 3, 3, f32(0, 1, 3), nil},
		{"f4_big.npy", "", 3, 3, f32(0, 1, 3), nil},
		{"f2.npy", "", 2, 3, []float64{1.5, math.Copysign(0, -1), 65504, 5.960464477539063e-08, 0.00010001659393310547, -2}, nil},
		{"i8.npy", "", 3, 4, ints, nil},
		{"i4_big_fortran.npy", "", 3, 4, ints, nil},
		{"i2.npy", "", 3, 4, ints, nil},
		{"i1.npy", "", 3, 4, ints, nil},
		{"u1.npy", "", 3, 4, slices.Collect(func(yield func(float64) bool) {
			for _, v := range ints {
				yield(v + 5)
			}
		}), nil},
		{"u8.npy", "", 2, 2, []float64{1.8446744073709552e+19, 0, 9007199254740992, 7}, nil},
		{"b1.npy", "", 3, 4, bools, nil},
		{"f8_label2.npy", "2", 3, 3, withoutCol2, []string{"1", "0", "1"}},
		{"f8_label2_fortran.npy", " 2 ", 3, 3, withoutCol2, []string{"1", "0", "1"}},
	} {
		tab, err := dataset.ReadFile(npyFixture(c.file), dataset.ReadOptions{Label: c.label})
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if tab.X.Rows != c.rows || tab.X.Cols != c.cols || !sameBits(tab.X.Data, c.want) {
			t.Errorf("%s: %d×%d %v, want %d×%d %v", c.file, tab.X.Rows, tab.X.Cols, tab.X.Data, c.rows, c.cols, c.want)
		}
		if !slices.Equal(tab.Labels, c.labels) || tab.Header != nil || tab.Line(0) != 0 {
			t.Errorf("%s: labels %q, header %q, line %d; want %q, none, 0", c.file, tab.Labels, tab.Header, tab.Line(0), c.labels)
		}
		if want := -1; c.label != "" {
			want = 2
			if tab.LabelColumn != want {
				t.Errorf("%s: label column %d, want %d", c.file, tab.LabelColumn, want)
			}
		}
	}
}

// ReadLabelFile reads numpy's label vectors, numbers and strings, 1-D or
// one column.
func TestReadLabelFileReadsNPY(t *testing.T) {
	for _, c := range []struct {
		file string
		want []string
	}{
		{"y_i8.npy", []string{"1", "0", "2"}},
		{"y_f4.npy", []string{"0.1", "1", "-2.5"}},
		{"y_b1.npy", []string{"True", "False", "True"}},
		{"y_U.npy", []string{"cat", "dog", "émeu"}},
		{"y_S.npy", []string{"a", "bb", "a"}},
		{"y_column.npy", []string{"3", "4", "3"}},
	} {
		got, name, err := dataset.ReadLabelFile(npyFixture(c.file), dataset.HeaderAuto)
		if err != nil || !slices.Equal(got, c.want) || name != "" {
			t.Errorf("%s: %q %q %v, want %q", c.file, got, name, err, c.want)
		}
	}
	// And as the labels of a table.
	tab, err := dataset.ReadFile(npyFixture("f8.npy"), dataset.ReadOptions{LabelFile: npyFixture("y_U.npy")})
	if err != nil || !slices.Equal(tab.Labels, []string{"cat", "dog", "émeu"}) || tab.X.Cols != 4 {
		t.Errorf("f8.npy with y_U.npy: %q %v", tab.Labels, err)
	}
}

// CSV label files: a header when the first label is no number and the
// second is, blank lines skipped, one label a line.
func TestReadLabels(t *testing.T) {
	for _, c := range []struct {
		in     string
		header dataset.HeaderMode
		want   []string
		name   string
		err    string
	}{
		{"y\n1\n0\n", dataset.HeaderAuto, []string{"1", "0"}, "y", ""},
		{"cat\ndog\n", dataset.HeaderAuto, []string{"cat", "dog"}, "", ""},
		{"species\ncat\n", dataset.HeaderPresent, []string{"cat"}, "species", ""},
		{"1\n\n 2 \n\"a b\"\n", dataset.HeaderAbsent, []string{"1", "2", "a b"}, "", ""},
		{"7\n", dataset.HeaderAuto, []string{"7"}, "", ""},
		{"", dataset.HeaderAuto, nil, "", "y.csv: the file is empty or holds only blank lines"},
		{"y\n", dataset.HeaderPresent, nil, "", "y.csv: no labels, only the header line"},
		{"1\n2,3\n", dataset.HeaderAuto, nil, "", "y.csv line 2: 2 fields; a label file has one label per line"},
		{"1\n\"2\n", dataset.HeaderAuto, nil, "", "y.csv line 2, character 4: extraneous or missing \" in quoted-field"},
	} {
		got, name, err := dataset.ReadLabels(strings.NewReader(c.in), "y.csv", c.header)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) || name != c.name {
			t.Errorf("%q: %q %q %v, want %q %q", c.in, got, name, err, c.want, c.name)
		}
	}
}

// npyBytes writes an .npy file of the given header dict and data.
func npyBytes(header string, data []byte) []byte {
	header += strings.Repeat(" ", 63-(10+len(header))%64) + "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), 0, 0)
	binary.LittleEndian.PutUint16(b[8:], uint16(len(header)))
	return append(append(b, header...), data...)
}

// A malformed or unsupported .npy file is one error naming the file and
// what is wrong.
func TestReadNPYErrorsSayWhatIsWrong(t *testing.T) {
	good, err := os.ReadFile(npyFixture("f8.npy"))
	if err != nil {
		t.Fatal(err)
	}
	f8 := good[len(good)-96:]
	nan := slices.Clone(f8)
	binary.LittleEndian.PutUint64(nan[6*8:], math.Float64bits(math.NaN()))
	v4 := slices.Clone(good)
	v4[6] = 4
	for _, c := range []struct {
		name string
		file []byte
		opt  dataset.ReadOptions
		want string
	}{
		{"bad magic", append([]byte("\x93NUMPZ"), good[6:]...), dataset.ReadOptions{}, `X.npy: not an .npy file: it does not start with numpy's magic string \x93NUMPY`},
		{"5 bytes", good[:5], dataset.ReadOptions{}, `X.npy: not an .npy file: it does not start with numpy's magic string \x93NUMPY`},
		{"8 bytes", good[:8], dataset.ReadOptions{}, `X.npy: the file ends inside the .npy preamble (8 bytes)`},
		{"version 4", v4, dataset.ReadOptions{}, "X.npy: .npy format version 4.0 is not one this program reads (1.0, 2.0 or 3.0)"},
		{"cut in the header", good[:40], dataset.ReadOptions{}, "X.npy: the file ends inside the .npy header (40 bytes, the header says it needs 128)"},
		{"cut in the data", good[:len(good)-8], dataset.ReadOptions{}, "X.npy: the .npy data is 88 bytes, but shape (3, 4) of <f8 needs 96 bytes"},
		{"trailing bytes", append(slices.Clone(good), 0), dataset.ReadOptions{}, "X.npy: the .npy data is 97 bytes, but shape (3, 4) of <f8 needs 96 bytes"},
		{"not a dict", npyBytes("[1, 2]", nil), dataset.ReadOptions{}, `X.npy: .npy header "[1, 2]" is not a dict`},
		{"not a literal", npyBytes("{'descr': <f8}", nil), dataset.ReadOptions{}, `X.npy: .npy header "{'descr': <f8}" is not a Python literal: unexpected "<"`},
		{"missing key", npyBytes("{'descr': '<f8', 'shape': (0,)}", nil), dataset.ReadOptions{}, `X.npy: .npy header "{'descr': '<f8', 'shape': (0,)}" does not hold exactly the keys 'descr', 'fortran_order' and 'shape'`},
		{"structured", npyBytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", f8[:8]), dataset.ReadOptions{}, `X.npy: .npy header "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }" has a structured dtype (a list of fields); only plain numbers are read`},
		{"complex", npyBytes("{'descr': '<c16', 'fortran_order': False, 'shape': (2, 3), }", f8), dataset.ReadOptions{}, `X.npy: .npy dtype "<c16" (complex numbers) is not one this program reads (numbers: f2, f4, f8, i1 to i8, u1 to u8, b1; labels also U and S strings)`},
		{"objects", npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", nil), dataset.ReadOptions{}, `X.npy: .npy dtype "|O" is not one this program reads (numbers: f2, f4, f8, i1 to i8, u1 to u8, b1; labels also U and S strings)`},
		{"strings as a table", npyBytes("{'descr': '<U3', 'fortran_order': False, 'shape': (2, 4), }", f8), dataset.ReadOptions{}, "X.npy: dtype <U3 holds strings; a table's values are numbers"},
		{"1-D", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (12,), }", f8), dataset.ReadOptions{}, "X.npy: an array of shape (12,); a table is 2-D, (rows, columns)"},
		{"no rows", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", nil), dataset.ReadOptions{}, "X.npy: no data rows (shape (0, 4))"},
		{"shape overflow", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", f8), dataset.ReadOptions{}, "X.npy: the .npy data is 96 bytes, but shape (4294967296, 4294967296) of <f8 needs more bytes than a file can hold"},
		{"NaN", good[: len(good)-96 : len(good)-96], dataset.ReadOptions{}, "X.npy row 2, column 3: NaN is not a finite number"},
		{"label by name", good, dataset.ReadOptions{Label: "y"}, `X.npy: label column "y": an .npy file has no column names; give a 0-based column index`},
		{"label out of range", good, dataset.ReadOptions{Label: "4"}, "X.npy: label column 4 (0-based) is out of range: the rows have 4 columns, 0 to 3"},
	} {
		if c.name == "shape overflow" && strconv.IntSize == 32 {
			c.want = `X.npy: .npy header "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }" has a 'shape' with a size of 4294967296, more than an int of 32 bits holds`
		}
		if c.name == "NaN" {
			c.file = append(c.file, nan...)
		}
		_, err := dataset.ReadNPY(bytes.NewReader(c.file), int64(len(c.file)), "X.npy", c.opt)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v\nwant %s", c.name, err, c.want)
		}
	}
	// NaN is read when allowed.
	file := append(slices.Clone(good[:len(good)-96]), nan...)
	tab, err := dataset.ReadNPY(bytes.NewReader(file), int64(len(file)), "X.npy", dataset.ReadOptions{AllowNonFinite: true})
	if err != nil || !math.IsNaN(tab.X.At(1, 2)) {
		t.Errorf("NaN allowed: %v %v", tab.X.Data, err)
	}
}

// A big table, in every layout, read by several goroutines: the same
// numbers.
func TestReadNPYInParts(t *testing.T) {
	const rows, cols = 5000, 37
	m := dataset.NewMatrix(rows, cols)
	for i := range m.Data {
		m.Data[i] = float64(i)*0.5 - 1000
	}
	var buf bytes.Buffer
	if err := dataset.WriteNPY(&buf, m); err != nil {
		t.Fatal(err)
	}
	var calls int
	tab, err := dataset.ReadNPY(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "m.npy", dataset.ReadOptions{Progress: func(done, total int64) {
		calls++
		if done != total || total != int64(buf.Len()) {
			t.Errorf("progress %d of %d, want the end, %d", done, total, buf.Len())
		}
	}})
	if err != nil || !sameBits(tab.X.Data, m.Data) || calls != 1 {
		t.Fatalf("%v, %d progress calls", err, calls)
	}
	// Fortran order, f4, a label column: each its own path.
	header := fmt.Sprintf("{'descr': '>f4', 'fortran_order': True, 'shape': (%d, %d), }", rows, cols)
	data := make([]byte, 0, rows*cols*4)
	for j := range cols {
		for i := range rows {
			data = binary.BigEndian.AppendUint32(data, math.Float32bits(float32(m.At(i, j))))
		}
	}
	file := npyBytes(header, data)
	tab, err = dataset.ReadNPY(bytes.NewReader(file), int64(len(file)), "m.npy", dataset.ReadOptions{Label: "36"})
	if err != nil || tab.X.Cols != cols-1 || len(tab.Labels) != rows {
		t.Fatalf("Fortran f4: %v", err)
	}
	for i := range rows {
		for j := range cols - 1 {
			if tab.X.At(i, j) != m.At(i, j) {
				t.Fatalf("Fortran f4: (%d, %d) = %v, want %v", i, j, tab.X.At(i, j), m.At(i, j))
			}
		}
		if want := fmt.Sprint(m.At(i, 36)); tab.Labels[i] != want {
			t.Fatalf("Fortran f4: label %d = %q, want %q", i, tab.Labels[i], want)
		}
	}
}

// FuzzReadNPY reads arbitrary bytes as an .npy table and as labels: no
// panic, one error line naming the file, or a consistent table.
func FuzzReadNPY(f *testing.F) {
	files, _ := filepath.Glob(npyFixture("*.npy"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
		f.Add(b, "1")
	}
	f.Add(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", make([]byte, 8)), "")
	f.Fuzz(func(t *testing.T, b []byte, label string) {
		r := bytes.NewReader(b)
		tab, err := dataset.ReadNPY(r, int64(len(b)), "in.npy", dataset.ReadOptions{Label: label})
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, "in.npy") {
				t.Fatalf("error %q: want one line naming the file", msg)
			}
		} else {
			m := tab.X
			if m.Rows < 1 || m.Cols < 1 || len(m.Data) != m.Rows*m.Cols {
				t.Fatalf("%d×%d table with %d values", m.Rows, m.Cols, len(m.Data))
			}
			if (strings.TrimSpace(label) != "") != (tab.Labels != nil) || tab.Labels != nil && len(tab.Labels) != m.Rows {
				t.Fatalf("label %q: %d labels for %d rows", label, len(tab.Labels), m.Rows)
			}
			for _, v := range m.Data {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("accepted %v", v)
				}
			}
		}
		labels, err := dataset.ReadNPYLabels(r, int64(len(b)), "in.npy")
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, "in.npy") {
				t.Fatalf("labels error %q: want one line naming the file", msg)
			}
			return
		}
		for _, l := range labels {
			if l == "" {
				t.Fatalf("empty label accepted")
			}
		}
	})
}

// ReadLabels's fast path and its hand-over to encoding/csv read what
// encoding/csv alone reads, errors included.
func TestReadLabelsAgreesWithEncodingCSV(t *testing.T) {
	for _, in := range []string{
		"y\n1\n0\n", "cat\ndog\n", "\ufeffy\r\n1\r\n\r\n 0 \r\n", "1\n2\n\"a\nb\"\n3\n", "1\n2\n\"x\" y\n", "1\n2,3\n",
		"1\n\"2,3\"\n4,5\n", "a\n\n\n\"\"\n b \n", "", "\n\n", "y\n", "\"y\"\n1\n", "1\n\"2\n", "x\n1\n\"2\"\"\"\n",
	} {
		for _, h := range []dataset.HeaderMode{dataset.HeaderAuto, dataset.HeaderPresent, dataset.HeaderAbsent} {
			want, wantName, wantErr := dataset.ReferenceReadLabels(strings.NewReader(in), "y.csv", h)
			got, name, err := dataset.ReadLabels(strings.NewReader(in), "y.csv", h)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || !slices.Equal(got, want) || name != wantName {
				t.Errorf("%q, header %d: %q %q %v; encoding/csv: %q %q %v", in, h, got, name, err, want, wantName, wantErr)
			}
		}
	}
}

// FuzzReadLabels holds ReadLabels to encoding/csv on any text.
func FuzzReadLabels(f *testing.F) {
	for _, s := range []string{"y\n1\n0\n", "1\n2\n\"a\nb\"\n3\n", "1\n2,3\n", "\ufeffa\r\n\r\nb"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, in string, mode uint8) {
		h := dataset.HeaderMode(mode % 3)
		want, wantName, wantErr := dataset.ReferenceReadLabels(strings.NewReader(in), "y.csv", h)
		got, name, err := dataset.ReadLabels(strings.NewReader(in), "y.csv", h)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !slices.Equal(got, want) || name != wantName {
			t.Fatalf("%q, header %d: %q %q %v; encoding/csv: %q %q %v", in, h, got, name, err, want, wantName, wantErr)
		}
	})
}
