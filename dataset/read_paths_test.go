package dataset_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// readAllWays reads in with every path the readers have: encoding/csv
// alone as ReadTable always did (the reference), the stream reader, and the
// file reader with its parallel parts cut tiny (1, 2 and 3 goroutines,
// reads of a few bytes, so that lines straddle reads and parts). Every way
// must give the same table, bit for bit, or the same error.
func readAllWays(t *testing.T, in string, opt dataset.ReadOptions) (dataset.Table, error) {
	t.Helper()
	ref, refErr := dataset.ReferenceReadTable(strings.NewReader(in), "in.csv", opt)
	stream, err := dataset.ReadTable(strings.NewReader(in), "in.csv", opt)
	sameTable(t, "stream", in, ref, refErr, stream, err)
	for _, c := range []struct {
		min          int64
		chunk, works int
	}{{1, 3, 1}, {1, 5, 2}, {2, 7, 3}, {1 << 20, 1 << 20, 2}} {
		got, err := dataset.ReadCSVAt(strings.NewReader(in), 0, int64(len(in)), "in.csv", opt, c.min, c.chunk, c.works)
		sameTable(t, fmt.Sprintf("file, %d goroutines, reads of %d", c.works, c.chunk), in, ref, refErr, got, err)
	}
	// From an offset, as ReadTable reads an *os.File that was read from.
	got, err := dataset.ReadCSVAt(strings.NewReader("junk"+in), 4, int64(len(in)+4), "in.csv", opt, 1, 4, 2)
	sameTable(t, "file from offset 4", in, ref, refErr, got, err)
	return ref, refErr
}

func sameTable(t *testing.T, how, in string, want dataset.Table, wantErr error, got dataset.Table, err error) {
	t.Helper()
	if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("%s: %q: error %v, want %v", how, in, err, wantErr)
	}
	if err != nil {
		return
	}
	switch {
	case got.X.Rows != want.X.Rows || got.X.Cols != want.X.Cols || !sameBits(got.X.Data, want.X.Data):
		t.Fatalf("%s: %q: %d×%d %v, want %d×%d %v", how, in, got.X.Rows, got.X.Cols, got.X.Data, want.X.Rows, want.X.Cols, want.X.Data)
	case !slices.Equal(got.Header, want.Header) || (got.Header == nil) != (want.Header == nil):
		t.Fatalf("%s: %q: header %q, want %q", how, in, got.Header, want.Header)
	case !slices.Equal(got.Labels, want.Labels) || (got.Labels == nil) != (want.Labels == nil):
		t.Fatalf("%s: %q: labels %q, want %q", how, in, got.Labels, want.Labels)
	case got.LabelColumn != want.LabelColumn || got.LabelName != want.LabelName:
		t.Fatalf("%s: %q: label column %d %q, want %d %q", how, in, got.LabelColumn, got.LabelName, want.LabelColumn, want.LabelName)
	case !slices.Equal(got.Lines, want.Lines):
		t.Fatalf("%s: %q: lines %v, want %v", how, in, got.Lines, want.Lines)
	}
	for i, l := range want.Lines {
		if g := got.Line(i); g != l {
			t.Fatalf("%s: %q: Line(%d) = %d, want %d", how, in, i, g, l)
		}
	}
}

// The paths agree on every case of the other tests and on the corners of
// the fast path: quotes of each kind, blank lines, \r, spaces, a missing
// final newline, labels, errors in every part.
func TestReadPathsAgree(t *testing.T) {
	cases := []string{
		"", "\n", "a,b\n", "1,2\n3,4\n5\n", "\n\na,b\n1,2,3\n", "a,b\n1,2\n3,x\n",
		"x1, class ,x2\n1,cat,2\n\n3, dog ,4\n\"5\",cat,6\n",
		"\ufeff\"a, first\", b \n1,2\n", "\r\n  1 ,\t2\r\n\r\n   \r\n3,4\r\n", "1,2\n3,4",
		"1,2\n3,4\r", "1,2\n3,\"4\"\r", "1,2\n\"3\" ,4\n", "1,2\n\"3\"\r5,4\n", "1,2\n\"\"\n3,4\n",
		"1,2\n\"3\n\",4\n5,6\n", "1,2\n\"3\"\"\",4\n", "1,2\n3,4\"\n", "1,2\n3,\"4\n", "a,b\n1,\"2\n3,4\n5,6\n",
		"1,2\n \"3\",4\n", "1,2\n\u00a03,4\u00a0\n", "1,2\n\u20283,4\n", "1,2\n3,4\n\n\n5,6\n7,8\n",
		"1,2\n,4\n", "1,NaN\n", "0,0\n1,-Inf\n", "1,x,3\n", "1,2\n3,1e999\n", "a,b\n1,2\n3,4,5\n6,7\n",
		"y,x\n\"a\",1\n\"b\",2\n", "y,x\n\"a\",1\n\"b\"\"\",2\n", "y,x\na,1\n,2\n", "y,x\na,1\n \"\" ,2\n",
	}
	for _, in := range cases {
		for _, opt := range []dataset.ReadOptions{
			{}, {Header: dataset.HeaderPresent}, {Header: dataset.HeaderAbsent}, {Label: "0"}, {Label: "y"},
			{AllowNonFinite: true}, {Comma: ';'}, {Comma: '\t'}, {Comma: 'é'}, {Comma: '"'},
		} {
			readAllWays(t, in, opt)
			readAllWays(t, strings.ReplaceAll(in, ",", ";"), opt)
		}
	}
}

// A bigger table, read by every path, with an error planted on its last,
// middle and first data lines: every part of the parallel reader reports
// what encoding/csv reports.
func TestReadPathsAgreeOnAGeneratedTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("id,x1,x2,x3,class\n")
	for i := range 300 {
		if i%37 == 5 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d,%s,%v,%g, %s \n", i, strconv.FormatFloat(r.NormFloat64()*1e3, 'g', 17, 64), r.Float64(), math.Ldexp(r.Float64(), r.IntN(600)-300), []string{"cat", "dog", "ant"}[r.IntN(3)])
	}
	in := b.String()
	tab, err := readAllWays(t, in, dataset.ReadOptions{Label: "class"})
	if err != nil || tab.X.Rows != 300 || tab.X.Cols != 4 || len(tab.Labels) != 300 {
		t.Fatalf("%v, %d×%d", err, tab.X.Rows, tab.X.Cols)
	}
	lines := strings.SplitAfter(in, "\n")
	for _, at := range []int{len(lines) - 2, len(lines) / 2, 1} {
		bad := slices.Clone(lines)
		bad[at] = strings.Replace(bad[at], ",", ",1.2.3,", 1)
		readAllWays(t, strings.Join(bad, ""), dataset.ReadOptions{Label: "class"})
		bad[at] = strings.Replace(lines[at], ",", ",\"", 1)
		readAllWays(t, strings.Join(bad, ""), dataset.ReadOptions{Label: "class"})
	}
}

// FuzzReadCSVPaths holds the fast readers to encoding/csv's reading of
// arbitrary text.
func FuzzReadCSVPaths(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n4,5,6\n", "\ufeffx, y ,label\n1.5,-2e3,cat\n\n3,4,dog\r\n", "1,2\n3,4\n5\n",
		"\"a, b\",c\n\"1\",2\n", "a,b\n1,\"2\n3\",4\n", "0x1p-3,1_0,1e999\n", "1,2\n\"3\"\"\",4\n",
	} {
		f.Add(s, uint8(0), "", false)
		f.Add(s, uint8(5), "1", true)
		f.Add(s, uint8(2), "label", false)
	}
	f.Fuzz(func(t *testing.T, in string, mode uint8, label string, nonFinite bool) {
		opt := dataset.ReadOptions{Header: dataset.HeaderMode(mode % 3), Label: label, AllowNonFinite: nonFinite}
		if mode&4 != 0 {
			opt.Comma = ';'
		}
		readAllWays(t, in, opt)
	})
}

// Numbers as the notebook's rows are written, 17 significant digits, and
// as WriteMatrixCSV writes them, parse to what strconv.ParseFloat gives, to
// the bit, on every path.
func TestReadPathsParseNumbersExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vals := make([]float64, 0, 3000)
	for range 1000 {
		vals = append(vals, r.NormFloat64()*3, math.Float64frombits(r.Uint64()&^(0x7ff<<52)|uint64(r.IntN(2046)+1)<<52), float64(r.IntN(1000))/8)
	}
	m := dataset.Matrix{Rows: 1000, Cols: 3, Data: vals}
	var shortest bytes.Buffer
	if err := dataset.WriteMatrixCSV(&shortest, m); err != nil {
		t.Fatal(err)
	}
	var digits17 strings.Builder
	for i := range m.Rows {
		for j, v := range m.Row(i) {
			if j > 0 {
				digits17.WriteByte(',')
			}
			digits17.WriteString(strconv.FormatFloat(v, 'e', 16, 64))
		}
		digits17.WriteByte('\n')
	}
	for _, in := range []string{shortest.String(), digits17.String()} {
		tab, err := readAllWays(t, in, dataset.ReadOptions{})
		if err != nil || !sameBits(tab.X.Data, vals) {
			t.Fatalf("read back: %v", err)
		}
	}
}

// ReadFile and ReadTable of an *os.File take the file reader; Lines is
// filled by ReadTable only; Progress ends at the file's size.
func TestReadFileReadsACSVFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pets.csv")
	in := "x1, class ,x2\n1,cat,2\n\n3, dog ,4\n\"5\",cat,6\n"
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int64
	tab, err := dataset.ReadFile(path, dataset.ReadOptions{Label: "class", Progress: func(done, total int64) { calls = append(calls, [2]int64{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.X.Data, []float64{1, 2, 3, 4, 5, 6}) || !slices.Equal(tab.Labels, []string{"cat", "dog", "cat"}) || tab.Lines != nil {
		t.Errorf("ReadFile: %v %q lines %v; want [1 2 3 4 5 6] [cat dog cat], no Lines", tab.X.Data, tab.Labels, tab.Lines)
	}
	if got := []int{tab.Line(0), tab.Line(1), tab.Line(2), tab.Line(3)}; !slices.Equal(got, []int{2, 4, 5, 0}) {
		t.Errorf("Line(0..3) = %v, want [2 4 5 0]", got)
	}
	if n := int64(len(in)); len(calls) == 0 || calls[len(calls)-1] != [2]int64{n, n} {
		t.Errorf("progress calls %v, want the last one (%d, %d)", calls, n, n)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err = dataset.ReadTable(f, path, dataset.ReadOptions{Label: "class"})
	if err != nil || !slices.Equal(tab.Lines, []int{2, 4, 5}) {
		t.Errorf("ReadTable of the file: lines %v, %v; want [2 4 5]", tab.Lines, err)
	}

	// Labels from a second file, counted against the rows.
	xPath, yPath := filepath.Join(dir, "x.csv"), filepath.Join(dir, "y.csv")
	if err := os.WriteFile(xPath, []byte("1,2\n3,4\n5,6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yPath, []byte("species\ncat\ndog\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// "species" is no number, but neither is "cat": it is a label, not a
	// header (ReadLabelFile with HeaderAuto).
	tab, err = dataset.ReadFile(xPath, dataset.ReadOptions{LabelFile: yPath})
	if err != nil || !slices.Equal(tab.Labels, []string{"species", "cat", "dog"}) || tab.LabelName != "" || tab.LabelColumn != -1 {
		t.Errorf("label file: %q %q %d, %v", tab.Labels, tab.LabelName, tab.LabelColumn, err)
	}
	if err := os.WriteFile(yPath, []byte("y\n1\n0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = dataset.ReadFile(xPath, dataset.ReadOptions{LabelFile: yPath})
	if want := yPath + " has 2 labels, but " + xPath + " has 3 rows"; err == nil || err.Error() != want {
		t.Errorf("short label file: %v, want %q", err, want)
	}
	_, err = dataset.ReadFile(path, dataset.ReadOptions{Label: "class", LabelFile: "y.csv"})
	if want := path + `: labels from both column "class" and file y.csv; give one`; err == nil || err.Error() != want {
		t.Errorf("two label sources: %v, want %q", err, want)
	}
	_, err = dataset.ReadFile(filepath.Join(dir, "missing.csv"), dataset.ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}

// TestReadCSVSaysWhenTheMatrixWouldOutgrowAnInt checks, with the limit
// lowered to a few values, that a CSV with more values than a float64
// slice can hold (more than 268,435,455 where an int has 32 bits) is an
// error that gives the count, not a panic in make: the file reader knows
// it from its line count before it parses, the stream reader when the
// row that does not fit arrives. A table of exactly the limit is read.
func TestReadCSVSaysWhenTheMatrixWouldOutgrowAnInt(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := range 10 {
		fmt.Fprintf(&b, "%d,%d,%d\n", i, i+1, i+2)
	}
	in := b.String()
	bits := strconv.IntSize
	for _, parallel := range []bool{false, true} {
		what := map[bool]string{false: "rows", true: "lines"}[parallel]
		got, err := dataset.ReadCSVLimited(strings.NewReader(in), int64(len(in)), "in.csv", dataset.ReadOptions{}, 30, parallel)
		if err != nil || got.X.Rows != 10 || got.X.Data[29] != 11 {
			t.Errorf("parallel %v, limit 30: %d rows, %v; want the 10 rows", parallel, got.X.Rows, err)
		}
		_, err = dataset.ReadCSVLimited(strings.NewReader(in), int64(len(in)), "in.csv", dataset.ReadOptions{}, 29, parallel)
		want := fmt.Sprintf("in.csv: 10 %s of 3 values are more than the 29 float64s a %d-bit program can hold", what, bits)
		if err == nil || err.Error() != want {
			t.Errorf("parallel %v, limit 29: error %v\nwant %s", parallel, err, want)
		}
	}
}

// TestReadFileStopsWithItsContext reads a CSV and an .npy file with a
// context that is already cancelled: ReadFile must fail with its error and
// read nothing, and read both whole with a live one.
func TestReadFileStopsWithItsContext(t *testing.T) {
	dir := t.TempDir()
	m := dataset.NewMatrix(3, 2)
	copy(m.Data, []float64{1, 2, 3, 4, 5, 6})
	var csv, npy bytes.Buffer
	if err := dataset.WriteMatrixCSV(&csv, m); err != nil {
		t.Fatal(err)
	}
	if err := dataset.WriteNPY(&npy, m); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for name, b := range map[string][]byte{"x.csv": csv.Bytes(), "x.npy": npy.Bytes()} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := dataset.ReadFile(path, dataset.ReadOptions{Context: cancelled}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s, cancelled: error %v; want context.Canceled", name, err)
		}
		tab, err := dataset.ReadFile(path, dataset.ReadOptions{Context: context.Background()})
		if err != nil || !slices.Equal(tab.X.Data, m.Data) {
			t.Errorf("%s: %v, %v; want %v", name, tab.X.Data, err, m.Data)
		}
	}
}
