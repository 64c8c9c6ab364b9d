package dataset

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
)

// Source names the rows a program works on and how they are split: the
// notebook's make_classification data (Path "") or a CSV file of the user's,
// split as train_test_split(test_size=TestSize, random_state=SplitSeed).
type Source struct {
	Path      string     // CSV file; "" means the notebook's generated data
	Header    HeaderMode // whether the file's first line names its columns
	Label     string     // the label column, by header name or 0-based index; "" for none
	TestSize  float64    // a fraction in (0, 1) of the rows, or a whole number of them
	SplitSeed uint32     // train_test_split's random_state
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

// Data is a data set split into training and test rows, before and after
// the MinMaxScaler fitted on the training rows, with the rows' classes when
// there are labels.
type Data struct {
	Source Source
	Rows   int // rows read, before the split

	XTrain, XTest Matrix // raw rows: [nTrain, features], [nTest, features]
	Train, Test   Matrix // the same rows scaled: the model's inputs
	Scaler        *MinMaxScaler

	// YTrain and YTest hold each row's class, numbered as EncodeLabels
	// numbers them (nil without labels); Classes the text of each class and
	// LabelName the label column's header name or 0-based index.
	YTrain, YTest []int
	Classes       []string
	LabelName     string

	// File rows only (nil for generated data): the line each training and
	// test row starts on, the file column of each feature (0-based) and
	// the features' header names (nil without a header).
	TrainLines, TestLines []int
	Columns               []int
	Header                []string
}

// Load reads the rows that src names (generating the notebook's data when
// src.Path is ""), splits them as train_test_split does and fits the
// MinMaxScaler on the training rows. Every error is about src: the file,
// its contents or a split it cannot give.
func Load(src Source) (*Data, error) {
	d := &Data{Source: src}
	var (
		X      Matrix
		labels []string
		lines  []int
	)
	if src.Path == "" {
		x, y, err := MakeClassification(NotebookParams())
		if err != nil {
			return nil, fmt.Errorf("generate the notebook's data: %w", err)
		}
		X = x
		labels = make([]string, len(y))
		for i, v := range y {
			labels[i] = strconv.Itoa(v)
		}
		d.LabelName = "y"
	} else {
		t, err := readTableFile(src.Path, ReadOptions{Header: src.Header, Label: src.Label})
		if err != nil {
			return nil, err
		}
		X, labels, lines, d.Header = t.X, t.Labels, t.Lines, t.Header
		d.LabelName = t.LabelName
		if d.LabelName == "" {
			d.LabelName = strconv.Itoa(t.LabelColumn)
		}
		for c := 0; len(d.Columns) < X.Cols; c++ {
			if c != t.LabelColumn {
				d.Columns = append(d.Columns, c)
			}
		}
	}
	d.Rows = X.Rows
	train, test, err := src.splitRows(X.Rows)
	if err != nil {
		return nil, err
	}
	d.XTrain, d.XTest = X.rowsOf(train), X.rowsOf(test)
	if lines != nil {
		d.TrainLines, d.TestLines = pick(lines, train), pick(lines, test)
	}
	if labels != nil {
		y, classes := EncodeLabels(labels)
		d.YTrain, d.YTest, d.Classes = pick(y, train), pick(y, test), classes
	}
	if d.Scaler, err = FitMinMaxScaler(d.XTrain); err != nil {
		return nil, err
	}
	if d.Train, err = d.Scaler.Transform(d.XTrain); err != nil {
		return nil, err
	}
	if d.Test, err = d.Scaler.Transform(d.XTest); err != nil {
		return nil, err
	}
	return d, nil
}

// readTableFile reads the CSV file at path with ReadTable.
func readTableFile(path string, opt ReadOptions) (Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return Table{}, err
	}
	defer f.Close()
	return ReadTable(f, path, opt)
}

// splitRows returns the indices of the training and test rows that
// train_test_split gives for n rows, with errors that name the source.
func (s Source) splitRows(n int) (train, test []int, err error) {
	nTest := int(s.TestSize)
	if s.TestSize < 1 {
		nTest = int(math.Ceil(s.TestSize * float64(n)))
	}
	switch {
	case n == 1:
		return nil, nil, fmt.Errorf("%s has only 1 row, too few to split into training and test rows", s.Name())
	case nTest > n:
		return nil, nil, fmt.Errorf("a test size of %v asks for %d test rows, but %s has only %s", s.TestSize, nTest, s.Name(), plural(n, "row"))
	case nTest == n:
		return nil, nil, fmt.Errorf("a test size of %v takes all %s of %s for testing and leaves none for training", s.TestSize, plural(n, "row"), s.Name())
	}
	return SplitIndices(n, s.TestSize, s.SplitSeed)
}

// SplitIndices returns the rows, by index, that TrainTestSplit puts in the
// training set and in the test set for n rows: the training rows are
// permutation[nTest:] and the test rows permutation[:nTest] of a fresh
// RandomState(seed).permutation(n).
func SplitIndices(n int, testSize float64, seed uint32) (train, test []int, err error) {
	nTest, err := testCount(n, testSize)
	if err != nil {
		return nil, nil, fmt.Errorf("train_test_split: %w", err)
	}
	perm := rng.New(seed).Permutation(n)
	return perm[nTest:], perm[:nTest], nil
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
			classes = append(classes, strconv.FormatFloat(v, 'g', -1, 64))
		}
		return y, classes
	}
	classes = slices.Compact(slices.Sorted(slices.Values(labels)))
	for i, l := range labels {
		y[i], _ = slices.BinarySearch(classes, l)
	}
	return y, classes
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

// CheckRange returns a *RangeError for the first value of scaled, the rows
// raw of part "training" or "test" after scaler s, that lies beyond limit in
// absolute value, naming the file line and column where the rows come from
// a file; nil when every value fits. elementType names the type whose limit
// it is.
func (d *Data) CheckRange(part string, raw, scaled Matrix, s *MinMaxScaler, limit float64, elementType string) error {
	lines := d.TestLines
	if part == "training" {
		lines = d.TrainLines
	}
	for i, x := range scaled.Data {
		if math.Abs(x) <= limit {
			continue
		}
		r, c, v := i/raw.Cols, i%raw.Cols, raw.Data[i]
		where := fmt.Sprintf("%s row %d, column %d", part, r+1, c+1)
		if lines != nil {
			col := strconv.Itoa(d.Columns[c] + 1)
			if d.Header != nil {
				col += fmt.Sprintf(" (%q)", d.Header[c])
			}
			where = fmt.Sprintf("%s line %d, column %s", d.Source.Path, lines[r], col)
		}
		return &RangeError{Where: where, Raw: v, Scaled: x, Lo: s.DataMin[c], Hi: s.DataMax[c], ElementType: elementType}
	}
	return nil
}

// Describe is a line about the rows: where they come from, how many, their
// label and the split.
func (d *Data) Describe() string {
	s := fmt.Sprintf("%s: %s of %d features", d.Source.Name(), plural(d.Rows, "row"), d.XTrain.Cols)
	if d.Source.Path != "" {
		s = "data " + s
	}
	if d.YTrain != nil && d.Source.Path != "" {
		s += fmt.Sprintf(", label %q with %d classes", d.LabelName, len(d.Classes))
	}
	return s + fmt.Sprintf("; %d training rows, %d test rows", d.XTrain.Rows, d.XTest.Rows)
}
