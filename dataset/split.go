package dataset

import (
	"fmt"
	"math"
)

// Split is a train/test split of a data set: XTrain [nTrain, cols],
// XTest [nTest, cols], and their labels (nil when no labels were given).
type Split struct {
	XTrain, XTest Matrix
	YTrain, YTest []int
}

// TrainTestSplit splits X and y (y may be nil) into random train and test
// rows as scikit-learn 1.2.1's train_test_split(X, y, test_size=testSize,
// random_state=seed) does: testSize below 1 is a fraction of the rows and
// the test set gets ceil(testSize*rows) of them; testSize of 1 or more is
// the number of test rows and must be a whole number below the row count.
// The rows are a fresh RandomState(seed).permutation(rows): the test set is
// its first nTest entries and the training set the rest, both in that order.
func TrainTestSplit(X Matrix, y []int, testSize float64, seed uint32) (Split, error) {
	if err := X.check("train_test_split: X"); err != nil {
		return Split{}, err
	}
	n := X.Rows
	if y != nil && len(y) != n {
		return Split{}, fmt.Errorf("train_test_split: %d rows of data but %d labels", n, len(y))
	}
	perm, nTest, err := TrainTestOrder(n, testSize, seed)
	if err != nil {
		return Split{}, err
	}
	test, train := perm[:nTest], perm[nTest:]
	s := Split{XTrain: X.rowsOf(train), XTest: X.rowsOf(test)}
	if y != nil {
		s.YTrain, s.YTest = pick(y, train), pick(y, test)
	}
	return s, nil
}

// testCount returns the number of test rows out of n. It refuses the sizes
// scikit-learn's train_test_split refuses (its _validate_shuffle_split),
// with messages of its own.
func testCount(n int, testSize float64) (int, error) {
	var nTest int
	switch {
	case testSize > 0 && testSize < 1:
		nTest = int(math.Ceil(testSize * float64(n)))
	case testSize >= 1 && testSize == math.Trunc(testSize) && testSize < float64(n):
		nTest = int(testSize)
	default:
		return 0, fmt.Errorf("a test size of %v is neither a fraction strictly between 0 and 1 nor a whole number of rows from 1 to %d (of %d rows)", testSize, n-1, n)
	}
	if n-nTest <= 0 {
		all := fmt.Sprintf("all %d rows", n)
		if n == 1 {
			all = "the only row"
		}
		return 0, fmt.Errorf("a test size of %v takes %s for testing and leaves none for training", testSize, all)
	}
	return nTest, nil
}

func pick(y []int, idx []int) []int {
	out := make([]int, len(idx))
	for i, r := range idx {
		out[i] = y[r]
	}
	return out
}
