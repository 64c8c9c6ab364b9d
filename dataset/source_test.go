package dataset

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLoadSplitsAFileAsTheNotebookSplitsItsRows checks the split of a
// small file: train_test_split(test_size=0.33, random_state=1) of 6 rows
// takes ceil(1.98) = 2 test rows, the first two of RandomState(1)'s
// permutation of 6 ([2 1 4 0 3 5] from package rng, which matches numpy),
// and trains on the rest in that order; the label column is kept apart and
// the scaler is fitted on the training rows only.
func TestLoadSplitsAFileAsTheNotebookSplitsItsRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "six.csv")
	if err := os.WriteFile(path, []byte("y,a,b\ncat,0,10\ndog,1,20\ncat,2,30\ndog,3,40\nbird,4,50\ncat,5,60\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Load(Source{Path: path, Label: "y", TestSize: NotebookTestSize, SplitSeed: NotebookSplitSeed})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Test.Data, []float64{2, 30, 1, 20}) || !slices.Equal(d.Train.Data, []float64{4, 50, 0, 10, 3, 40, 5, 60}) {
		t.Errorf("split: train %v, test %v", d.Train.Data, d.Test.Data)
	}
	var trainLines, testLines []int
	for r := range d.Train.Rows {
		trainLines = append(trainLines, d.Line("training", r))
	}
	for r := range d.Test.Rows {
		testLines = append(testLines, d.Line("test", r))
	}
	if !slices.Equal(trainLines, []int{6, 2, 5, 7}) || !slices.Equal(testLines, []int{4, 3}) {
		t.Errorf("lines: train %v, test %v", trainLines, testLines)
	}
	// Classes sorted as text: bird 0, cat 1, dog 2.
	if !slices.Equal(d.Classes, []string{"bird", "cat", "dog"}) || !slices.Equal(d.YTrain, []int{0, 1, 2, 1}) || !slices.Equal(d.YTest, []int{1, 2}) {
		t.Errorf("classes %q, train %v, test %v", d.Classes, d.YTrain, d.YTest)
	}
	if err := d.Scale(); err != nil {
		t.Fatal(err)
	}
	// The scaler sees column a in [0, 5] and b in [10, 60] and computes
	// x*scale + min as scikit-learn does, two roundings (3*0.2 is
	// 0.6000000000000001).
	if !slices.Equal(d.Train.Data, []float64{0.8, 0.8, 0, 0, 0.6000000000000001, 0.6000000000000001, 1, 1}) ||
		!slices.Equal(d.Test.Data, []float64{0.4, 0.39999999999999997, 0.2, 0.2}) {
		t.Errorf("scaled: train %v, test %v", d.Train.Data, d.Test.Data)
	}
	if !slices.Equal(d.Columns, []int{1, 2}) || d.LabelName != "y" {
		t.Errorf("feature columns %v, label %q", d.Columns, d.LabelName)
	}
}

func TestEncodeLabelsSortsNumbersAsNumbersAndTextAsText(t *testing.T) {
	y, classes := EncodeLabels([]string{"10", "2", "1.0", "1", "-3"})
	if !slices.Equal(y, []int{3, 2, 1, 1, 0}) || !slices.Equal(classes, []string{"-3", "1", "2", "10"}) {
		t.Errorf("numbers: %v %q", y, classes)
	}
	// Whole numbers are named in full, fractions as short as they go.
	if _, classes := EncodeLabels([]string{"1000000", "1e6", "0.5", "-2e20"}); !slices.Equal(classes, []string{"-2e+20", "0.5", "1000000"}) {
		t.Errorf("class names %q", classes)
	}
	y, classes = EncodeLabels([]string{"10", "2", "b", "NaN"})
	if !slices.Equal(y, []int{0, 1, 3, 2}) || !slices.Equal(classes, []string{"10", "2", "NaN", "b"}) {
		t.Errorf("text: %v %q", y, classes)
	}
}

// TestDescribeCountsInTheSingular: one feature, one test row and labels
// from a headerless file are said as such.
func TestDescribeCountsInTheSingular(t *testing.T) {
	dir := t.TempDir()
	x, y := filepath.Join(dir, "x.csv"), filepath.Join(dir, "y.csv")
	if err := os.WriteFile(x, []byte("1\n2\n3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(y, []byte("a\nb\na\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Load(Source{Path: x, LabelFile: y, TestSize: 1, SplitSeed: NotebookSplitSeed})
	if err != nil {
		t.Fatal(err)
	}
	want := "data " + x + ": 3 rows of 1 feature, labels from " + y + " with 2 classes; 2 training rows, 1 test row"
	if got := d.Describe(); got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}

// TestSizesThatOverflowAreErrors: a matrix whose Rows×Cols wraps around,
// and a split of more rows than any matrix here may hold, are errors, not
// panics or huge allocations.
func TestSizesThatOverflowAreErrors(t *testing.T) {
	m := Matrix{Rows: math.MaxInt/2 + 1, Cols: 4} // 2^62 rows where an int has 64 bits
	if _, err := FitMinMaxScaler(m); err == nil {
		t.Errorf("FitMinMaxScaler accepted a %d×4 matrix with no values", m.Rows)
	}
	if err := WriteNPY(io.Discard, m); err == nil {
		t.Errorf("WriteNPY accepted a %d×4 matrix with no values", m.Rows)
	}
	if _, err := TrainTestSplit(m, nil, 0.25, 1); err == nil {
		t.Errorf("TrainTestSplit accepted a %d×4 matrix with no values", m.Rows)
	}
	if _, _, err := TrainTestOrder(maxElements+1, 0.25, 1); err == nil {
		t.Errorf("TrainTestOrder accepted %d rows", maxElements+1)
	}
}

// TestLineAndCheckRangeOutsideTheData: Line of a row the part does not
// have is 0, and CheckRange with a scaler of another width is an error,
// not a pass.
func TestLineAndCheckRangeOutsideTheData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "six.csv")
	if err := os.WriteFile(path, []byte("a,b\n0,10\n1,20\n2,30\n3,40\n4,50\n5,60\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Load(Source{Path: path, TestSize: NotebookTestSize, SplitSeed: NotebookSplitSeed})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []int{-1, 2, 99} {
		if got := d.Line("test", r); got != 0 {
			t.Errorf("Line(test, %d) = %d, want 0", r, got)
		}
	}
	if got := d.Line("training", 3); got == 0 {
		t.Error("Line(training, 3) = 0 for a row the training part has")
	}
	narrow := &MinMaxScaler{DataMin: []float64{0}, DataMax: []float64{1}, Scale: []float64{1}, Min: []float64{0}}
	if err := d.CheckRange("test", narrow, 1e38, "float32"); err == nil || !strings.Contains(err.Error(), "CheckRange: the test rows: MinMaxScaler: 2 columns, but the scaler was fitted on 1") {
		t.Errorf("CheckRange with a 1-column scaler: %v", err)
	}
	if err := d.CheckRange("test", nil, 1e38, "float32"); err == nil || err.Error() != "CheckRange: no scaler" {
		t.Errorf("CheckRange without a scaler: %v", err)
	}
}

// TestCheckClassesRefusesNaNNamingTheFirstRow: a class that reads as NaN
// is refused, at the first row of the file that has it wherever the split
// put it: a label column by its line, a labels file by its row.
func TestCheckClassesRefusesNaNNamingTheFirstRow(t *testing.T) {
	dir := t.TempDir()
	x, y, col := filepath.Join(dir, "x.csv"), filepath.Join(dir, "y.csv"), filepath.Join(dir, "xy.csv")
	for name, text := range map[string]string{
		x:   "a\n1\n2\n3\n4\n5\n6\n",
		y:   "0\n1\nNaN\n1\nNaN\n0\n",
		col: "a,y\n1,0\n2,1\n3,nan\n4,1\n5,nan\n6,0\n",
	} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		src  Source
		want string
	}{
		{Source{Path: col, Label: "y", TestSize: 0.33, SplitSeed: 1}, col + ` line 4, label column y: the label "nan" is NaN, which cannot be a class (scikit-learn refuses NaN labels too)`},
		{Source{Path: x, LabelFile: y, TestSize: 0.33, SplitSeed: 1}, y + ` row 3: the label "NaN" is NaN, which cannot be a class (scikit-learn refuses NaN labels too)`},
	} {
		d, err := Load(c.src)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.CheckClasses(); err == nil || err.Error() != c.want {
			t.Errorf("CheckClasses: %v\nwant %s", err, c.want)
		}
	}
	d, err := Load(NotebookSource())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CheckClasses(); err != nil {
		t.Errorf("the notebook's classes: %v", err)
	}
}
