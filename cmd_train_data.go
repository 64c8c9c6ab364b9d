package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// sourceFlags choose the rows that train and classify work on: the
// notebook's make_classification data (the default) or the user's CSV file,
// and the train/test split applied to either.
type sourceFlags struct {
	path      string
	header    headerFlag
	label     string
	testSize  float64
	splitSeed uint64
	set       map[string]bool // the flags given on the command line
}

// register adds -data, -header, -label, -test-size and -split-seed to fs.
// labelUse says what the label column is for.
func (s *sourceFlags) register(fs *flag.FlagSet, labelUse string) {
	fs.StringVar(&s.path, "data", "", "CSV `file` of your own rows to use instead of the notebook's generated data: one row per line, numbers only except the -label column")
	fs.Var(&s.header, "header", "with -data: the first line names the columns (-header), or it does not (-header=false); without the flag a first line with no number in it is taken for a header")
	fs.StringVar(&s.label, "label", "", "with -data: the `column` holding each row's class, by header name or 0-based index; it is not a feature"+labelUse)
	fs.Float64Var(&s.testSize, "test-size", dataset.NotebookTestSize, "train_test_split's test_size: the fraction of rows (0 to 1) or the number of rows (1 or more) held out as test rows")
	s.splitSeed = dataset.NotebookSplitSeed
	fs.Var(seedValue{&s.splitSeed}, "split-seed", "random_state of train_test_split, a whole `number` from 0 to 4294967295")
}

// validate checks the data flags before anything is read.
func (s *sourceFlags) validate(fs *flag.FlagSet) error {
	s.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { s.set[fl.Name] = true })
	ts := s.testSize
	switch {
	case !(ts > 0 && ts < 1) && !(ts >= 1 && ts == math.Trunc(ts) && ts <= math.MaxInt32):
		return fmt.Errorf("-test-size must be a fraction between 0 and 1 or a whole number of rows, got %v", ts)
	case s.path == "" && s.set["label"]:
		return fmt.Errorf("-label needs -data: it names a column of the CSV file")
	case s.path == "" && s.set["header"]:
		return fmt.Errorf("-header needs -data: it describes the CSV file's first line")
	case s.set["data"] && strings.TrimSpace(s.path) == "":
		return fmt.Errorf("-data must name a CSV file")
	case s.set["label"] && strings.TrimSpace(s.label) == "":
		return fmt.Errorf("-label must name a column")
	}
	if s.path != "" {
		fi, err := os.Stat(s.path)
		if err != nil {
			return fmt.Errorf("-data: %w", err)
		}
		if fi.IsDir() {
			return fmt.Errorf("-data %s is a directory, not a CSV file", s.path)
		}
	}
	return nil
}

// seedValue is a flag holding a seed of numpy's RandomState: a whole
// number from 0 to 2³²−1.
type seedValue struct{ p *uint64 }

func (s seedValue) String() string {
	if s.p == nil {
		return "0"
	}
	return strconv.FormatUint(*s.p, 10)
}

func (s seedValue) Set(v string) error {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n > math.MaxUint32 {
		return fmt.Errorf("want a whole number from 0 to 4294967295")
	}
	*s.p = n
	return nil
}

// headerFlag is -header: a boolean flag that also remembers being unset.
// "-header" (or -header=true, -header=yes) says the first line names the
// columns, "-header=false" (or no) that it is data; "auto", the default,
// lets ReadTable decide.
type headerFlag struct{ mode dataset.HeaderMode }

func (h *headerFlag) String() string {
	if h == nil {
		return "auto"
	}
	return [...]string{"auto", "true", "false"}[h.mode]
}

func (h *headerFlag) Set(v string) error {
	if b, err := strconv.ParseBool(v); err == nil {
		h.mode = map[bool]dataset.HeaderMode{true: dataset.HeaderPresent, false: dataset.HeaderAbsent}[b]
		return nil
	}
	switch strings.ToLower(v) {
	case "yes":
		h.mode = dataset.HeaderPresent
	case "no":
		h.mode = dataset.HeaderAbsent
	case "auto":
		h.mode = dataset.HeaderAuto
	default:
		return fmt.Errorf("want true, false or auto")
	}
	return nil
}

// IsBoolFlag lets -header stand alone on the command line.
func (h *headerFlag) IsBoolFlag() bool { return true }

// splitData is a data set split into training and test rows, before and
// after the MinMaxScaler fitted on the training rows.
type splitData struct {
	source     string         // the -data file, or "" for the notebook's generated data
	xTrain     dataset.Matrix // raw training rows: [nTrain, features]
	xTest      dataset.Matrix // raw test rows: [nTest, features]
	train      dataset.Matrix // scaled training rows, the model's inputs
	test       dataset.Matrix // scaled test rows
	scaler     *dataset.MinMaxScaler
	yTrain     []int    // class of each training row; nil without labels
	yTest      []int    // class of each test row
	classes    []string // the label text of each class
	labelName  string   // the label column's header name, or its index
	trainLines []int    // the file line of each training row (-data only)
	testLines  []int    // the file line of each test row
	columns    []int    // the file's 0-based column of each feature
	header     []string // the features' names, nil without a header
	rows       int      // rows read
}

// load reads the rows (the -data file, or the notebook's data), splits
// them as train_test_split(test_size=-test-size, random_state=-split-seed)
// and fits the MinMaxScaler on the training rows. Every error is about the
// user's file or flags.
func (s *sourceFlags) load() (*splitData, error) {
	var (
		X      dataset.Matrix
		labels []string
		d      = &splitData{source: s.path}
		lines  []int
	)
	if s.path == "" {
		x, y, err := dataset.MakeClassification(dataset.NotebookParams())
		if err != nil {
			return nil, fmt.Errorf("generate the notebook's data: %w", err)
		}
		X = x
		labels = make([]string, len(y))
		for i, v := range y {
			labels[i] = strconv.Itoa(v)
		}
		d.labelName = "y"
	} else {
		t, err := readTable(s.path, dataset.ReadOptions{Header: s.header.mode, Label: s.label})
		if err != nil {
			return nil, err
		}
		X, labels, lines, d.header = t.X, t.Labels, t.Lines, t.Header
		d.labelName = t.LabelName
		if d.labelName == "" {
			d.labelName = strconv.Itoa(t.LabelColumn)
		}
		for c := 0; len(d.columns) < X.Cols; c++ {
			if c != t.LabelColumn {
				d.columns = append(d.columns, c)
			}
		}
	}
	d.rows = X.Rows
	train, test, err := s.split(X.Rows)
	if err != nil {
		return nil, err
	}
	d.xTrain, d.xTest = rowsOf(X, train), rowsOf(X, test)
	if lines != nil {
		d.trainLines, d.testLines = pickInts(lines, train), pickInts(lines, test)
	}
	if labels != nil {
		y, classes := encodeLabels(labels)
		d.yTrain, d.yTest, d.classes = pickInts(y, train), pickInts(y, test), classes
	}
	if d.scaler, err = dataset.FitMinMaxScaler(d.xTrain); err != nil {
		return nil, err
	}
	if d.train, err = d.scaler.Transform(d.xTrain); err != nil {
		return nil, err
	}
	if d.test, err = d.scaler.Transform(d.xTest); err != nil {
		return nil, err
	}
	return d, nil
}

// readTable reads the CSV file at path.
func readTable(path string, opt dataset.ReadOptions) (dataset.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return dataset.Table{}, fmt.Errorf("-data: %w", err)
	}
	defer f.Close()
	return dataset.ReadTable(f, path, opt)
}

// split returns the training and test rows, by index, that
// train_test_split gives for n rows: the same permutation it applies to X.
func (s *sourceFlags) split(n int) (train, test []int, err error) {
	what := "the notebook's data"
	if s.path != "" {
		what = s.path
	}
	nTest := int(s.testSize)
	if s.testSize < 1 {
		nTest = int(math.Ceil(s.testSize * float64(n)))
	}
	switch {
	case n == 1:
		return nil, nil, fmt.Errorf("%s has only 1 row, too few to split into training and test rows", what)
	case nTest > n:
		return nil, nil, fmt.Errorf("-test-size %v asks for %d test rows, but %s has only %s", s.testSize, nTest, what, rowCount(n))
	case nTest == n:
		return nil, nil, fmt.Errorf("-test-size %v takes all %s of %s for testing and leaves none for training", s.testSize, rowCount(n), what)
	}
	idx := dataset.NewMatrix(n, 1)
	for i := range idx.Data {
		idx.Data[i] = float64(i)
	}
	sp, err := dataset.TrainTestSplit(idx, nil, s.testSize, uint32(s.splitSeed))
	if err != nil {
		return nil, nil, fmt.Errorf("-test-size: %w", err)
	}
	toInts := func(m dataset.Matrix) []int {
		out := make([]int, m.Rows)
		for i, v := range m.Data {
			out[i] = int(v)
		}
		return out
	}
	return toInts(sp.XTrain), toInts(sp.XTest), nil
}

// rowCount writes "1 row" or "n rows".
func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return strconv.Itoa(n) + " rows"
}

// rowsOf returns the rows of m listed in idx, in that order.
func rowsOf(m dataset.Matrix, idx []int) dataset.Matrix {
	out := dataset.NewMatrix(len(idx), m.Cols)
	for i, r := range idx {
		copy(out.Row(i), m.Row(r))
	}
	return out
}

func pickInts(v []int, idx []int) []int {
	out := make([]int, len(idx))
	for i, r := range idx {
		out[i] = v[r]
	}
	return out
}

// encodeLabels numbers the distinct labels 0, 1, ... in sorted order, as
// scikit-learn's np.unique does: numerically when every label is a finite
// number ("1" and "1.0" are then one class), as text otherwise. It returns
// each row's class and the text of each class.
func encodeLabels(labels []string) (y []int, classes []string) {
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

// checkRange reports the first value of x, scaled by s, that the model's
// dtype cannot hold: test rows outside the training rows' range scale
// beyond [0, 1], and far enough beyond it they overflow float32 (or
// float64), which would show up as a non-finite val_loss instead of as the
// data problem it is. raw holds the rows before scaling, lines their file
// lines (nil for generated data).
func (d *splitData) checkRange(what string, raw, x dataset.Matrix, lines []int, s *dataset.MinMaxScaler, dt tensor.Dtype) error {
	limit := math.MaxFloat64
	if dt == tensor.Float32 {
		limit = math.MaxFloat32
	}
	for i, v := range x.Data {
		if math.Abs(v) <= limit {
			continue
		}
		r, c := i/x.Cols, i%x.Cols
		where := fmt.Sprintf("%s row %d, column %d", what, r+1, c+1)
		if lines != nil {
			col := strconv.Itoa(d.columns[c] + 1)
			if d.header != nil {
				col += fmt.Sprintf(" (%q)", d.header[c])
			}
			where = fmt.Sprintf("%s line %d, column %s", d.source, lines[r], col)
		}
		return fmt.Errorf("%s: %v scales to %v with the training rows' range of that column (%v to %v), too large for %s; use -dtype float64 or bring the column's values closer together",
			where, raw.At(r, c), v, s.DataMin[c], s.DataMax[c], dt)
	}
	return nil
}

// describe is the line that train and classify print about -data.
func (d *splitData) describe() string {
	s := fmt.Sprintf("data %s: %s of %d features", d.source, rowCount(d.rows), d.xTrain.Cols)
	if d.yTrain != nil {
		s += fmt.Sprintf(", label %q with %d classes", d.labelName, len(d.classes))
	}
	return s + fmt.Sprintf("; %d training rows, %d test rows", d.xTrain.Rows, d.xTest.Rows)
}
