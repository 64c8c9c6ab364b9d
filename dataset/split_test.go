package dataset

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

type splitFixture struct {
	Good []struct {
		N        int     `json:"n"`
		TestSize float64 `json:"test_size"`
		Seed     uint32  `json:"seed"`
		Train    []int   `json:"train"`
		Test     []int   `json:"test"`
	} `json:"good"`
	Bad []struct {
		N        int     `json:"n"`
		TestSize float64 `json:"test_size"`
		Error    string  `json:"error"`
	} `json:"bad"`
}

func loadSplitFixture(t *testing.T) splitFixture {
	t.Helper()
	b, err := os.ReadFile("testdata/split.json")
	if err != nil {
		t.Fatal(err)
	}
	var f splitFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// indexMatrix returns the column vector [0, 1, ..., n-1], so that a split's
// rows reveal which indices it picked.
func indexMatrix(n int) (Matrix, []int) {
	X := NewMatrix(n, 1)
	y := make([]int, n)
	for i := range y {
		X.Data[i] = float64(i)
		y[i] = i
	}
	return X, y
}

// TestTrainTestSplitPicksScikitLearnRows checks the rows picked for
// fractions and counts of test rows and several seeds against scikit-learn
// 1.2.1, both in X and in y.
func TestTrainTestSplitPicksScikitLearnRows(t *testing.T) {
	for _, c := range loadSplitFixture(t).Good {
		X, y := indexMatrix(c.N)
		s, err := TrainTestSplit(X, y, c.TestSize, c.Seed)
		if err != nil {
			t.Fatalf("n=%d test_size=%v: %v", c.N, c.TestSize, err)
		}
		assertSameInts(t, "y_train", s.YTrain, c.Train)
		assertSameInts(t, "y_test", s.YTest, c.Test)
		for i, want := range c.Train {
			if s.XTrain.At(i, 0) != float64(want) {
				t.Fatalf("n=%d: X_train row %d = %v, want %d", c.N, i, s.XTrain.At(i, 0), want)
			}
		}
		for i, want := range c.Test {
			if s.XTest.At(i, 0) != float64(want) {
				t.Fatalf("n=%d: X_test row %d = %v, want %d", c.N, i, s.XTest.At(i, 0), want)
			}
		}
	}
}

// TestTrainTestSplitRejectsTheSizesScikitLearnRejects checks that each size
// scikit-learn's train_test_split rejects (the fixture's cases) is rejected,
// with a message that gives the size and the number of rows.
func TestTrainTestSplitRejectsTheSizesScikitLearnRejects(t *testing.T) {
	cases := loadSplitFixture(t).Bad
	if len(cases) == 0 {
		t.Fatal("the fixture has no rejected sizes")
	}
	for _, c := range cases {
		X, y := indexMatrix(c.N)
		_, err := TrainTestSplit(X, y, c.TestSize, 0)
		if err == nil {
			t.Errorf("n=%d test_size=%v: no error, scikit-learn says %q", c.N, c.TestSize, c.Error)
			continue
		}
		size, rows := fmt.Sprintf("a test size of %v ", c.TestSize), fmt.Sprintf("%d rows", c.N)
		if c.N == 1 {
			rows = "the only row"
		}
		if !strings.Contains(err.Error(), size) || !strings.Contains(err.Error(), rows) {
			t.Errorf("n=%d test_size=%v: error %q does not say %q and %q", c.N, c.TestSize, err, size, rows)
		}
	}
}

func TestTrainTestSplitWithoutLabelsAndWithMismatchedLabels(t *testing.T) {
	X, y := indexMatrix(10)
	s, err := TrainTestSplit(X, nil, 0.3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.YTrain != nil || s.YTest != nil || s.XTrain.Rows != 7 || s.XTest.Rows != 3 {
		t.Fatalf("split without labels: %d/%d rows, labels %v %v", s.XTrain.Rows, s.XTest.Rows, s.YTrain, s.YTest)
	}
	_, err = TrainTestSplit(X, y[:9], 0.3, 1)
	if err == nil || err.Error() != "train_test_split: 10 rows of data but 9 labels" {
		t.Fatalf("mismatched labels: err = %v", err)
	}
}
