package experiments

import (
	"math"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

func TestNotebookDataSpanTenDimensions(t *testing.T) {
	train, val := notebookData(t)
	sub, err := AnalyseSubspace(train, val, []int{100, 25, 10, 9, 5, 2, 0})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Rank != 10 {
		t.Errorf("rank %d, want 10 (10 informative features, 90 linear combinations of them)", sub.Rank)
	}
	if len(sub.Singular) != 100 || sub.Singular[9] < 1 || sub.Singular[10] > 1e-9 {
		t.Errorf("singular values 10 and 11: %g, %g; want a cliff", sub.Singular[9], sub.Singular[10])
	}
	for _, k := range []int{100, 25, 10} {
		if v := sub.PCAValLoss[k]; v > 1e-20 {
			t.Errorf("PCA floor at %d = %g, want 0: the validation rows lie in the same subspace", k, v)
		}
	}
	// Below 10, each dimension dropped costs more; with none kept, the
	// floor is the validation rows' mean squared distance from the training mean.
	prev := 0.0
	for _, k := range []int{9, 5, 2, 0} {
		v := sub.PCAValLoss[k]
		if !(v > prev) {
			t.Errorf("PCA floor at %d = %g, not above %g", k, v, prev)
		}
		prev = v
	}
	var mean [100]float64
	for i := 0; i < train.Rows; i++ {
		for j := 0; j < 100; j++ {
			mean[j] += train.Data[i*100+j] / float64(train.Rows)
		}
	}
	var sse float64
	for i := 0; i < val.Rows; i++ {
		for j := 0; j < 100; j++ {
			d := val.Data[i*100+j] - mean[j]
			sse += d * d
		}
	}
	if want := sse / float64(val.Rows*100); math.Abs(sub.PCAValLoss[0]-want) > 1e-12*want {
		t.Errorf("PCA floor at 0 = %g, want %g", sub.PCAValLoss[0], want)
	}
}

func TestPCAFloorOfALineInThePlane(t *testing.T) {
	// Training rows on the line y = 2x; validation rows off it by ±1 in the
	// direction (2, -1)/√5, so a 1-D code loses exactly that: MSE 1/2 per
	// element.
	train := dataset.Matrix{Rows: 3, Cols: 2, Data: []float64{0, 0, 1, 2, 2, 4}}
	off := []float64{2 / math.Sqrt(5), -1 / math.Sqrt(5)}
	val := dataset.Matrix{Rows: 2, Cols: 2, Data: []float64{1 + off[0], 2 + off[1], 1 - off[0], 2 - off[1]}}
	sub, err := AnalyseSubspace(train, val, []int{1, 2, 5})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Rank != 1 {
		t.Errorf("rank %d, want 1", sub.Rank)
	}
	if v := sub.PCAValLoss[1]; math.Abs(v-0.5) > 1e-12 {
		t.Errorf("1-D floor %g, want 0.5", v)
	}
	if v := sub.PCAValLoss[2]; v > 1e-24 {
		t.Errorf("2-D floor %g, want 0", v)
	}
	if sub.PCAValLoss[5] != sub.PCAValLoss[2] {
		t.Errorf("k above the width should count as the width: %g vs %g", sub.PCAValLoss[5], sub.PCAValLoss[2])
	}
	if _, err := AnalyseSubspace(train, dataset.Matrix{Rows: 1, Cols: 3, Data: make([]float64, 3)}, []int{1}); err == nil {
		t.Error("validation rows of another width were accepted")
	}
}
