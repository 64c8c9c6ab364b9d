package classify

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestFitRejectsBadOptionsAndInput(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{0, 1, 1, 0, 1, 1})
	y := []int{0, 1, 1}
	withNaN := mat.DenseCopyOf(x)
	withNaN.Set(1, 0, math.NaN())
	withInf := mat.DenseCopyOf(x)
	withInf.Set(2, 1, math.Inf(-1))
	cases := []struct {
		name   string
		modify func(*LogisticRegression)
		x      *mat.Dense
		y      []int
		want   string
	}{
		{"zero C", func(m *LogisticRegression) { m.C = 0 }, x, y, "C must be positive, got 0"},
		{"NaN C", func(m *LogisticRegression) { m.C = math.NaN() }, x, y, "C must be positive, got NaN"},
		{"zero MaxIter", func(m *LogisticRegression) { m.MaxIter = 0 }, x, y, "MaxIter must be at least 1, got 0"},
		{"negative Tol", func(m *LogisticRegression) { m.Tol = -1e-4 }, x, y, "Tol must be finite and non-negative, got -0.0001"},
		{"NaN Tol", func(m *LogisticRegression) { m.Tol = math.NaN() }, x, y, "Tol must be finite and non-negative, got NaN"},
		{"nil x", nil, nil, y, "fit: no samples"},
		{"too few labels", nil, x, y[:2], "fit: 2 labels for 3 samples"},
		{"one class", nil, x, []int{4, 4, 4}, "fit: need at least 2 classes, got 1"},
		{"NaN in x", nil, withNaN, y, "fit: sample 1, feature 0 is NaN"},
		{"Inf in x", nil, withInf, y, "fit: sample 2, feature 1 is -Inf"},
	}
	for _, c := range cases {
		m := NewLogisticRegression()
		if c.modify != nil {
			c.modify(m)
		}
		err := m.Fit(c.x, c.y)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestPredictRejectsUnfittedModelAndWrongWidth(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	y := []int{0, 0, 1, 1}
	if _, err := NewLogisticRegression().Predict(x); err == nil || err.Error() != "classify: model is not fitted" {
		t.Errorf("unfitted Predict: error %v, want \"classify: model is not fitted\"", err)
	}
	m := NewLogisticRegression()
	if err := m.Fit(x, y); err != nil {
		t.Fatal(err)
	}
	wide := mat.NewDense(1, 3, []float64{0, 1, 2})
	const want = "classify: x has 3 features, the model was fitted on 2"
	if _, err := m.PredictProba(wide); err == nil || err.Error() != want {
		t.Errorf("PredictProba on 3 features: error %v, want %q", err, want)
	}
	if _, err := m.Score(x, y[:3]); err == nil || !strings.Contains(err.Error(), "4 predictions for 3 labels") {
		t.Errorf("Score with 3 labels: error %v, want a length mismatch", err)
	}
}

func TestAccuracyRejectsMismatchedOrEmptyLabels(t *testing.T) {
	if _, _, err := Accuracy([]int{1}, []int{1, 2}); err == nil || err.Error() != "classify: accuracy: 1 predictions for 2 labels" {
		t.Errorf("mismatched lengths: error %v", err)
	}
	if _, _, err := Accuracy(nil, nil); err == nil || err.Error() != "classify: accuracy: no labels" {
		t.Errorf("empty labels: error %v", err)
	}
}
