package dataset_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// The in-place pipeline (TrainTestOrder, PermuteRows, RowRange,
// TransformInPlace) gives the rows, labels and scaled values that the
// copying one (TrainTestSplit, Transform) gives, bit for bit.
func TestInPlaceSplitAndScaleMatchTheCopies(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		rows, cols int
		testSize   float64
		seed       uint32
	}{
		{dataset.NotebookParams().Samples, 100, dataset.NotebookTestSize, dataset.NotebookSplitSeed},
		{10, 3, 0.33, 0}, {2, 1, 0.5, 1}, {517, 7, 100, 42}, {3000, 5, 0.9, 4294967295},
	} {
		X := dataset.NewMatrix(c.rows, c.cols)
		for i := range X.Data {
			X.Data[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
		}
		y := make([]int, c.rows)
		labels := make([]string, c.rows)
		for i := range y {
			y[i] = r.IntN(3)
			labels[i] = []string{"a", "b", "c"}[y[i]]
		}
		want, err := dataset.TrainTestSplit(X, y, c.testSize, c.seed)
		if err != nil {
			t.Fatal(err)
		}
		s, err := dataset.FitMinMaxScaler(want.XTrain)
		if err != nil {
			t.Fatal(err)
		}
		wantTrain, _ := s.Transform(want.XTrain)
		wantTest, _ := s.Transform(want.XTest)

		perm, nTest, err := dataset.TrainTestOrder(c.rows, c.testSize, c.seed)
		if err != nil {
			t.Fatal(err)
		}
		if err := dataset.PermuteRows(X, perm); err != nil {
			t.Fatal(err)
		}
		if err := dataset.Permute(labels, perm); err != nil {
			t.Fatal(err)
		}
		test, train := X.RowRange(0, nTest), X.RowRange(nTest, X.Rows)
		if !sameBits(train.Data, want.XTrain.Data) || !sameBits(test.Data, want.XTest.Data) || train.Rows != want.XTrain.Rows {
			t.Fatalf("%+v: permuted rows differ from TrainTestSplit's", c)
		}
		for i, l := range labels {
			wantLabel := want.YTest
			k := i
			if i >= nTest {
				wantLabel, k = want.YTrain, i-nTest
			}
			if l != []string{"a", "b", "c"}[wantLabel[k]] {
				t.Fatalf("%+v: label %d is %q", c, i, l)
			}
		}
		s2, err := dataset.FitMinMaxScaler(train)
		if err != nil || !sameBits(s2.Min, s.Min) || !sameBits(s2.Scale, s.Scale) {
			t.Fatalf("%+v: scaler fitted on the view differs: %v", c, err)
		}
		if err := s2.TransformInPlace(X); err != nil {
			t.Fatal(err)
		}
		if !sameBits(train.Data, wantTrain.Data) || !sameBits(test.Data, wantTest.Data) {
			t.Fatalf("%+v: scaled in place differs from Transform", c)
		}
	}
}

func TestPermuteChecksThePermutation(t *testing.T) {
	m := dataset.Matrix{Rows: 3, Cols: 2, Data: []float64{0, 1, 2, 3, 4, 5}}
	for _, c := range []struct {
		perm []int
		want string
	}{
		{[]int{0, 1}, "permute: 2 indices for 3 rows"},
		{[]int{0, 1, 3}, "permute: index 2 is 3, out of range [0, 3)"},
		{[]int{0, 1, -1}, "permute: index 2 is -1, out of range [0, 3)"},
		{[]int{2, 1, 2}, "permute: row 2 appears twice"},
	} {
		if err := dataset.PermuteRows(m, c.perm); err == nil || err.Error() != c.want {
			t.Errorf("%v: %v, want %q", c.perm, err, c.want)
		}
	}
	if !slices.Equal(m.Data, []float64{0, 1, 2, 3, 4, 5}) {
		t.Errorf("a refused permutation changed the rows: %v", m.Data)
	}
	perm := []int{2, 0, 1}
	if err := dataset.PermuteRows(m, perm); err != nil || !slices.Equal(m.Data, []float64{4, 5, 0, 1, 2, 3}) || !slices.Equal(perm, []int{2, 0, 1}) {
		t.Errorf("PermuteRows(%v): %v %v", perm, m.Data, err)
	}
	s := []int{10, 11, 12, 13, 14}
	if err := dataset.Permute(s, []int{4, 3, 2, 1, 0}); err != nil || !slices.Equal(s, []int{14, 13, 12, 11, 10}) {
		t.Errorf("Permute: %v %v", s, err)
	}
}

// FirstBeyond finds the first value that Transform takes beyond the limit.
func TestFirstBeyond(t *testing.T) {
	train := dataset.Matrix{Rows: 2, Cols: 2, Data: []float64{0, 1, 1, 3}}
	s, err := dataset.FitMinMaxScaler(train)
	if err != nil {
		t.Fatal(err)
	}
	test := dataset.Matrix{Rows: 3, Cols: 2, Data: []float64{0.5, 2, 1, 1e40, 1e300, 1e40}}
	r, c, v, found := s.FirstBeyond(test, math.MaxFloat32)
	scaled, _ := s.Transform(test)
	if !found || r != 1 || c != 1 || v != scaled.At(1, 1) {
		t.Errorf("FirstBeyond: %d %d %v %v, want 1 1 %v", r, c, v, found, scaled.At(1, 1))
	}
	if _, _, _, found := s.FirstBeyond(test.RowRange(0, 1), math.MaxFloat32); found {
		t.Error("found a value beyond float32 in the first row")
	}
	// NaN counts as beyond any limit.
	nan := dataset.Matrix{Rows: 2, Cols: 2, Data: []float64{0.5, 2, math.NaN(), 1}}
	if r, c, v, found := s.FirstBeyond(nan, math.MaxFloat32); !found || r != 1 || c != 0 || !math.IsNaN(v) {
		t.Errorf("FirstBeyond with a NaN at row 1, column 0: %d %d %v %v", r, c, v, found)
	}
}
