package classify

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// DecisionFunction returns the raw scores X·Coefᵀ + Intercept for x,
// [n, features]: [n, 1] for a binary model (positive favours Classes[1]),
// [n, K] otherwise.
func (m *LogisticRegression) DecisionFunction(x *mat.Dense) (*mat.Dense, error) {
	if m.Coef == nil {
		return nil, errors.New("classify: model is not fitted")
	}
	n, p, err := checkInput(x)
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	rows, features := m.Coef.Dims()
	if p != features {
		return nil, fmt.Errorf("classify: x has %d features, the model was fitted on %d", p, features)
	}
	z := mat.NewDense(n, rows, nil)
	z.Mul(x, m.Coef.T())
	for i := 0; i < n; i++ {
		row := z.RawRowView(i)
		for k := range row {
			row[k] += m.Intercept[k]
		}
	}
	return z, nil
}

// Predict returns the predicted label of each row of x, [n, features] -> [n]:
// Classes[1] where the binary score is positive, else Classes[0]; for K > 2
// classes the label with the highest score (the first on ties).
func (m *LogisticRegression) Predict(x *mat.Dense) ([]int, error) {
	z, err := m.DecisionFunction(x)
	if err != nil {
		return nil, err
	}
	n, rows := z.Dims()
	pred := make([]int, n)
	for i := range pred {
		row := z.RawRowView(i)
		if rows == 1 {
			if row[0] > 0 {
				pred[i] = m.Classes[1]
			} else {
				pred[i] = m.Classes[0]
			}
			continue
		}
		best := 0
		for k, v := range row {
			if v > row[best] {
				best = k
			}
		}
		pred[i] = m.Classes[best]
	}
	return pred, nil
}

// PredictProba returns class probabilities for x, [n, features] -> [n, K],
// columns in the order of Classes: the logistic function of the score for a
// binary model, the softmax of the scores otherwise.
func (m *LogisticRegression) PredictProba(x *mat.Dense) (*mat.Dense, error) {
	z, err := m.DecisionFunction(x)
	if err != nil {
		return nil, err
	}
	n, rows := z.Dims()
	proba := mat.NewDense(n, len(m.Classes), nil)
	for i := 0; i < n; i++ {
		row := z.RawRowView(i)
		out := proba.RawRowView(i)
		if rows == 1 {
			p := expit(row[0])
			out[0], out[1] = 1-p, p
			continue
		}
		lse := logSumExp(row)
		for k, v := range row {
			out[k] = math.Exp(v - lse)
		}
	}
	return proba, nil
}

// Score returns the accuracy of Predict on x, [n, features], against the
// true labels y, [n].
func (m *LogisticRegression) Score(x *mat.Dense, y []int) (float64, error) {
	pred, err := m.Predict(x)
	if err != nil {
		return 0, err
	}
	_, acc, err := Accuracy(pred, y)
	return acc, err
}

// Accuracy compares predicted labels with true ones, both [n], and returns
// how many agree and that count divided by n.
func Accuracy(pred, truth []int) (correct int, acc float64, err error) {
	if len(pred) != len(truth) {
		return 0, 0, fmt.Errorf("classify: accuracy: %d predictions for %d labels", len(pred), len(truth))
	}
	if len(pred) == 0 {
		return 0, 0, errors.New("classify: accuracy: no labels")
	}
	for i, p := range pred {
		if p == truth[i] {
			correct++
		}
	}
	return correct, float64(correct) / float64(len(pred)), nil
}
