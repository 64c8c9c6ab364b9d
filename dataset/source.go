package dataset

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Source names the rows a program works on and how they are split: the
// notebook's make_classification data (Path "") or a file of the user's, a
// CSV or numpy .npy table (see ReadFile), split as
// train_test_split(test_size=TestSize, random_state=SplitSeed).
type Source struct {
	Path      string     // CSV or .npy file; "" means the notebook's generated data
	Header    HeaderMode // whether a CSV file's first line names its columns
	Label     string     // the label column, by header name or 0-based index; "" for none
	LabelFile string     // a file of one label per row (CSV or .npy), instead of Label
	TestSize  float64    // a fraction in (0, 1) of the rows, or a whole number of them
	SplitSeed uint32     // train_test_split's random_state
	// Progress, if set, hears how far the reading of Path is (see
	// ReadOptions.Progress).
	Progress func(bytesDone, bytesTotal int64)
	// Context, if set, stops the reading of Path once it is done (see
	// ReadOptions.Context).
	Context context.Context
}

// NotebookSource is the notebook's data step: its generated rows, split
// with test size 0.33 and seed 1.
func NotebookSource() Source {
	return Source{TestSize: NotebookTestSize, SplitSeed: NotebookSplitSeed}
}

// Name is how messages refer to the rows: the file, or "the notebook's
// data".
func (s Source) Name() string {
	if s.Path == "" {
		return "the notebook's data"
	}
	return s.Path
}

// Data is a data set split into training and test rows, with the
// MinMaxScaler fitted on the training rows and the rows' classes when
// there are labels.
//
// The rows live in one matrix, which Load reorders in place into
// train_test_split's order (the test rows first, then the training rows)
// and Scale scales in place, so that a data set costs its matrix once:
// Train and Test are views of it, raw after Load and scaled after Scale.
type Data struct {
	Source Source
	Rows   int // rows read, before the split

	// Train [nTrain, features] and Test [nTest, features] are the rows
	// train_test_split gives, in its order: raw until Scale, then scaled
	// by Scaler (the model's inputs).
	Train, Test Matrix
	Scaled      bool
	Scaler      *MinMaxScaler

	// YTrain and YTest hold each row's class, numbered as EncodeLabels
	// numbers them (nil without labels); Classes the text of each class and
	// LabelName the label column's header name or 0-based index.
	YTrain, YTest []int
	Classes       []string
	LabelName     string

	// File rows only (nil for generated data): the file column of each
	// feature (0-based) and the features' header names (nil without a
	// header).
	Columns []int
	Header  []string

	all   Matrix // Test and Train, one matrix
	table *Table // the file's table, for its lines; nil for generated data
	perm  []int  // row i of all is the file's row perm[i]
}

// Load reads the rows that src names (generating the notebook's data when
// src.Path is ""), reorders them in place as train_test_split splits them
// and fits the MinMaxScaler on the training rows; Scale then scales them.
// Every error is about src: the file, its contents or a split it cannot
// give.
func Load(src Source) (*Data, error) {
	d := &Data{Source: src}
	var labels []string
	if src.Path == "" {
		X, y, err := MakeClassification(NotebookParams())
		if err != nil {
			return nil, fmt.Errorf("generate the notebook's data: %w", err)
		}
		d.all = X
		labels = make([]string, len(y))
		for i, v := range y {
			labels[i] = strconv.Itoa(v)
		}
		d.LabelName = "y"
	} else {
		t, err := ReadFile(src.Path, ReadOptions{Header: src.Header, Label: src.Label, LabelFile: src.LabelFile, Progress: src.Progress, Context: src.Context})
		if err != nil {
			return nil, err
		}
		d.table, d.all, labels, d.Header = &t, t.X, t.Labels, t.Header
		d.LabelName = t.LabelName
		if d.LabelName == "" && t.LabelColumn >= 0 {
			d.LabelName = strconv.Itoa(t.LabelColumn)
		}
		for c := 0; len(d.Columns) < d.all.Cols; c++ {
			if c != t.LabelColumn {
				d.Columns = append(d.Columns, c)
			}
		}
	}
	n := d.all.Rows
	d.Rows = n
	if err := src.checkSplit(n); err != nil {
		return nil, err
	}
	perm, nTest, err := TrainTestOrder(n, src.TestSize, src.SplitSeed)
	if err != nil {
		return nil, err
	}
	if err := PermuteRows(d.all, perm); err != nil {
		return nil, err
	}
	d.perm = perm
	d.Test, d.Train = d.all.RowRange(0, nTest), d.all.RowRange(nTest, n)
	if labels != nil {
		y, classes := EncodeLabels(labels)
		if err := Permute(y, perm); err != nil {
			return nil, err
		}
		d.YTest, d.YTrain, d.Classes = y[:nTest:nTest], y[nTest:], classes
	}
	if d.Scaler, err = FitMinMaxScaler(d.Train); err != nil {
		return nil, err
	}
	return d, nil
}

// Scale scales the rows in place with Scaler, as Transform would: Train and
// Test become the model's inputs and the raw values are gone.
func (d *Data) Scale() error {
	if d.Scaled {
		return nil
	}
	if err := d.Scaler.TransformInPlace(d.all); err != nil {
		return err
	}
	d.Scaled = true
	return nil
}

// checkSplit reports a test size that n rows cannot give, naming the
// source.
func (s Source) checkSplit(n int) error {
	nTest := int(s.TestSize)
	if s.TestSize < 1 {
		nTest = int(math.Ceil(s.TestSize * float64(n)))
	}
	switch {
	case n == 1:
		return fmt.Errorf("%s has only 1 row, too few to split into training and test rows", s.Name())
	case nTest > n:
		return fmt.Errorf("a test size of %v asks for %d test rows, but %s has only %s", s.TestSize, nTest, s.Name(), plural(n, "row"))
	case nTest == n:
		return fmt.Errorf("a test size of %v takes all %s of %s for testing and leaves none for training", s.TestSize, plural(n, "row"), s.Name())
	}
	return nil
}

// part returns the rows of part: "training" or "test".
func (d *Data) part(name string) Matrix {
	if name == "training" {
		return d.Train
	}
	return d.Test
}

// fileRow returns the 0-based row of the file, in file order, that row r of
// part ("training" or "test") came from.
func (d *Data) fileRow(part string, r int) int {
	if part == "training" {
		r += d.Test.Rows
	}
	return d.perm[r]
}

// Line returns the 1-based file line that row r of part ("training" or
// "test") starts on; 0 for generated rows, for an .npy file and for a row
// that part does not have.
func (d *Data) Line(part string, r int) int {
	if d.table == nil || r < 0 || r >= d.part(part).Rows {
		return 0
	}
	return d.table.Line(d.fileRow(part, r))
}

// EncodeLabels numbers the distinct labels 0, 1, ... in sorted order, as
// scikit-learn's np.unique does: numerically when every label is a finite
// number ("1" and "1.0" are then one class), as text otherwise. It returns
// each row's class and the text of each class.
func EncodeLabels(labels []string) (y []int, classes []string) {
	nums := make([]float64, len(labels))
	numeric := true
	for i, l := range labels {
		v, err := strconv.ParseFloat(l, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			numeric = false
			break
		}
		nums[i] = v
	}
	y = make([]int, len(labels))
	if numeric {
		distinct := slices.Compact(slices.Sorted(slices.Values(nums)))
		for i, v := range nums {
			y[i], _ = slices.BinarySearch(distinct, v)
		}
		for _, v := range distinct {
			format := byte('g') // 0.5, 1e-07, 1e+300
			if v == math.Trunc(v) && math.Abs(v) < 1e15 {
				format = 'f' // 1000000, not 1e+06
			}
			classes = append(classes, strconv.FormatFloat(v, format, -1, 64))
		}
		return y, classes
	}
	classes = slices.Compact(slices.Sorted(slices.Values(labels)))
	for i, l := range labels {
		y[i], _ = slices.BinarySearch(classes, l)
	}
	return y, classes
}

// CheckClasses refuses a class that reads as NaN ("nan", "NaN"), as
// scikit-learn refuses NaN labels, naming the first row that has it. Rows
// without labels pass.
func (d *Data) CheckClasses() error {
	for c, l := range d.Classes {
		if v, err := strconv.ParseFloat(l, 64); err != nil || !math.IsNaN(v) {
			continue
		}
		first := -1 // the first file row of class c
		for r, y := range slices.Concat(d.YTest, d.YTrain) {
			if y == c && (first < 0 || d.perm[r] < first) {
				first = d.perm[r]
			}
		}
		return fmt.Errorf("%s: the label %q is NaN, which cannot be a class (scikit-learn refuses NaN labels too)", d.labelWhere(first), l)
	}
	return nil
}

// labelWhere names file row i's label for a message: its line and column
// in the -data file, or its row in the label file.
func (d *Data) labelWhere(i int) string {
	if d.Source.LabelFile != "" {
		return fmt.Sprintf("%s row %d", d.Source.LabelFile, i+1)
	}
	if line := d.table.Line(i); line > 0 {
		return fmt.Sprintf("%s line %d, label column %s", d.Source.Path, line, d.LabelName)
	}
	return fmt.Sprintf("%s row %d, label column %s", d.Source.Path, i+1, d.LabelName)
}

// RangeError reports a raw value that a scaler maps beyond what the model's
// element type can hold: test rows outside the training rows' range scale
// beyond [0, 1], and far enough beyond it they overflow float32 (or
// float64), which would otherwise show up as a non-finite loss instead of
// as the data problem it is.
type RangeError struct {
	Where       string  // "far.csv line 4, column 2 (\"b\")" or "test row 3, column 7"
	Raw, Scaled float64 // the value before and after scaling
	Lo, Hi      float64 // the scaler's fitted range of the column
	ElementType string  // "float32" or "float64"
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("%s: %v scales to %v with the training rows' range of that column (%v to %v), too large for %s",
		e.Where, e.Raw, e.Scaled, e.Lo, e.Hi, e.ElementType)
}

// CheckRange returns a *RangeError for the first raw value of part
// ("training" or "test") that s would scale beyond limit in absolute value,
// naming the file line (or the file row of an .npy file) and column where
// the rows come from a file; nil when every value fits. It needs the raw
// rows, so it must come before Scale. elementType names the type whose
// limit it is.
func (d *Data) CheckRange(part string, s *MinMaxScaler, limit float64, elementType string) error {
	if d.Scaled {
		return fmt.Errorf("CheckRange: %s has been scaled already", d.Source.Name())
	}
	if s == nil {
		return errors.New("CheckRange: no scaler")
	}
	raw := d.part(part)
	if err := s.checkShape(raw); err != nil {
		return fmt.Errorf("CheckRange: the %s rows: %w", part, err)
	}
	r, c, x, found := s.FirstBeyond(raw, limit)
	if !found {
		return nil
	}
	where := fmt.Sprintf("%s row %d, column %d", part, r+1, c+1)
	if d.table != nil {
		where = cellWhere(d.Source.Path, d.Line(part, r), d.fileRow(part, r), d.Columns[c], d.Header, c)
	}
	return &RangeError{Where: where, Raw: raw.At(r, c), Scaled: x, Lo: s.DataMin[c], Hi: s.DataMax[c], ElementType: elementType}
}

// CheckRange returns a *RangeError for the first value of t's rows (read
// from path) that s would scale beyond limit in absolute value, naming the
// file line (or the file row of an .npy file) and column; nil when every
// value fits. elementType names the type whose limit it is.
func (t *Table) CheckRange(path string, s *MinMaxScaler, limit float64, elementType string) error {
	if s == nil {
		return errors.New("CheckRange: no scaler")
	}
	if err := s.checkShape(t.X); err != nil {
		return fmt.Errorf("CheckRange: %s: %w", path, err)
	}
	r, c, x, found := s.FirstBeyond(t.X, limit)
	if !found {
		return nil
	}
	col := c
	if t.LabelColumn >= 0 && c >= t.LabelColumn {
		col++
	}
	where := cellWhere(path, t.Line(r), r, col, t.Header, c)
	return &RangeError{Where: where, Raw: t.X.At(r, c), Scaled: x, Lo: s.DataMin[c], Hi: s.DataMax[c], ElementType: elementType}
}

// cellWhere names a cell of file path for a message: "far.csv line 4,
// column 2 ("b")", or "x.npy row 4, column 2" where the rows have no lines.
// line is 1-based (0 for none), row and col are 0-based file positions, and
// header, when not nil, names feature c.
func cellWhere(path string, line, row, col int, header []string, c int) string {
	name := strconv.Itoa(col + 1)
	if header != nil {
		name += fmt.Sprintf(" (%q)", header[c])
	}
	if line > 0 {
		return fmt.Sprintf("%s line %d, column %s", path, line, name)
	}
	return fmt.Sprintf("%s row %d, column %s", path, row+1, name)
}

// Describe is a line about the rows: where they come from, how many, their
// label and the split.
func (d *Data) Describe() string {
	s := fmt.Sprintf("%s: %s of %s", d.Source.Name(), plural(d.Rows, "row"), plural(d.Train.Cols, "feature"))
	if d.Source.Path != "" {
		s = "data " + s
	}
	if d.YTrain != nil && d.Source.Path != "" {
		label := fmt.Sprintf("label %q", d.LabelName)
		if d.Source.LabelFile != "" {
			label = "labels from " + d.Source.LabelFile
		}
		classes := fmt.Sprintf("%d classes", len(d.Classes))
		if len(d.Classes) == 1 {
			classes = "1 class"
		}
		s += fmt.Sprintf(", %s with %s", label, classes)
	}
	return s + fmt.Sprintf("; %s, %s", plural(d.Train.Rows, "training row"), plural(d.Test.Rows, "test row"))
}
