package codes

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/classify"
)

// Score is a classifier's result on held-out rows.
type Score struct {
	Correct, Total int
	Accuracy       float64 // Correct / Total
	// Converged is false when L-BFGS stopped at max_iter, where
	// scikit-learn would raise a ConvergenceWarning; Iterations counts its
	// iterations.
	Converged  bool
	Iterations int
}

// String formats the score as "accuracy 0.8939 (295/330)".
func (s Score) String() string {
	return fmt.Sprintf("accuracy %.4f (%d/%d)", s.Accuracy, s.Correct, s.Total)
}

// Classify is the tutorial's last step: scikit-learn's default
// LogisticRegression (L2, C = 1, lbfgs, max_iter 100, tol 1e-4, with
// intercept; see package classify) fitted on xTrain, [n, features], with
// labels yTrain, [n], then scored on xTest, [m, features], against yTest,
// [m]. Once ctx is done the fit stops at the end of its iteration and
// Classify returns ctx's error.
func Classify(ctx context.Context, xTrain dataset.Matrix, yTrain []int, xTest dataset.Matrix, yTest []int) (Score, error) {
	if xTrain.Cols != xTest.Cols {
		return Score{}, fmt.Errorf("classify: %d training features, %d test features", xTrain.Cols, xTest.Cols)
	}
	if xTrain.Rows == 0 || xTest.Rows == 0 || len(xTrain.Data) != xTrain.Rows*xTrain.Cols || len(xTest.Data) != xTest.Rows*xTest.Cols {
		return Score{}, fmt.Errorf("classify: need training and test rows, got %d×%d and %d×%d", xTrain.Rows, xTrain.Cols, xTest.Rows, xTest.Cols)
	}
	// Package classify's errors say "classify: " already.
	m := classify.NewLogisticRegression()
	if err := m.FitContext(ctx, mat.NewDense(xTrain.Rows, xTrain.Cols, xTrain.Data), yTrain); err != nil {
		return Score{}, err
	}
	pred, err := m.Predict(mat.NewDense(xTest.Rows, xTest.Cols, xTest.Data))
	if err != nil {
		return Score{}, err
	}
	correct, acc, err := classify.Accuracy(pred, yTest)
	if err != nil {
		return Score{}, err
	}
	return Score{Correct: correct, Total: len(yTest), Accuracy: acc, Converged: m.Converged, Iterations: m.Iterations}, nil
}
