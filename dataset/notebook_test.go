package dataset

import (
	"math"
	"path/filepath"
	"testing"
)

const rs1 = "testdata/rs1"

func readMatrix(t *testing.T, name string) Matrix {
	t.Helper()
	m, err := ReadMatrixFile(filepath.Join(rs1, name))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func readLabels(t *testing.T, name string) []int {
	t.Helper()
	y, err := ReadLabelsFile(filepath.Join(rs1, name))
	if err != nil {
		t.Fatal(err)
	}
	return y
}

func readVector(t *testing.T, name string) []float64 {
	t.Helper()
	m := readMatrix(t, name)
	return m.Data
}

// assertSameMatrix demands bit-for-bit equality.
func assertSameMatrix(t *testing.T, what string, got, want Matrix) {
	t.Helper()
	if got.Rows != want.Rows || got.Cols != want.Cols {
		t.Fatalf("%s: got %dx%d, want %dx%d", what, got.Rows, got.Cols, want.Rows, want.Cols)
	}
	assertSameFloats(t, what, got.Data, want.Data, want.Cols)
}

func assertSameFloats(t *testing.T, what string, got, want []float64, cols int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			if bad < 5 {
				t.Errorf("%s: entry (%d, %d) = %v, want %v", what, i/cols, i%cols, got[i], want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Fatalf("%s: %d of %d entries differ", what, bad, len(want))
	}
}

func assertSameInts(t *testing.T, what string, got, want []int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: entry %d = %d, want %d", what, i, got[i], want[i])
		}
	}
}

// TestNotebookDataMatchesScikitLearn checks every file of the rs1 fixture
// (scikit-learn 1.2.1's make_classification, train_test_split and
// MinMaxScaler for the notebook) bit for bit.
func TestNotebookDataMatchesScikitLearn(t *testing.T) {
	X, y, err := MakeClassification(NotebookParams())
	if err != nil {
		t.Fatal(err)
	}
	assertSameMatrix(t, "X", X, readMatrix(t, "X.csv.gz"))
	assertSameInts(t, "y", y, readLabels(t, "y.csv"))

	s, err := TrainTestSplit(X, y, NotebookTestSize, NotebookSplitSeed)
	if err != nil {
		t.Fatal(err)
	}
	assertSameMatrix(t, "X_train_raw", s.XTrain, readMatrix(t, "X_train_raw.csv.gz"))
	assertSameMatrix(t, "X_test_raw", s.XTest, readMatrix(t, "X_test_raw.csv"))
	assertSameInts(t, "y_train", s.YTrain, readLabels(t, "y_train.csv"))
	assertSameInts(t, "y_test", s.YTest, readLabels(t, "y_test.csv"))

	scaler, train, test, err := Notebook()
	if err != nil {
		t.Fatal(err)
	}
	assertSameFloats(t, "scaler data_min_", scaler.DataMin, readVector(t, "scaler_data_min.csv"), 1)
	assertSameFloats(t, "scaler data_max_", scaler.DataMax, readVector(t, "scaler_data_max.csv"), 1)
	assertSameFloats(t, "scaler scale_", scaler.Scale, readVector(t, "scaler_scale.csv"), 1)
	assertSameFloats(t, "scaler min_", scaler.Min, readVector(t, "scaler_min.csv"), 1)
	assertSameMatrix(t, "X_train", train, readMatrix(t, "X_train.csv.gz"))
	assertSameMatrix(t, "X_test", test, readMatrix(t, "X_test.csv"))
}
