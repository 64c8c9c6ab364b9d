package classify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// LogisticRegression is scikit-learn's LogisticRegression with the lbfgs
// solver and an L2 penalty. Set the options, call Fit, then read the fitted
// fields or call Predict, PredictProba and Score.
type LogisticRegression struct {
	// C is the inverse regularisation strength: the penalty is ||W||²/(2C).
	// It must be positive; +Inf turns the penalty off.
	C float64
	// MaxIter caps the L-BFGS iterations; it must be at least 1.
	MaxIter int
	// Tol stops L-BFGS once every gradient entry is below it in magnitude;
	// it must be non-negative.
	Tol float64
	// FitIntercept adds an unpenalised intercept per coefficient vector.
	FitIntercept bool

	// Classes holds the sorted distinct training labels: [K].
	Classes []int
	// Coef holds the coefficients: [1, features] for two classes (the
	// vector for Classes[1]), [K, features] for K > 2.
	Coef *mat.Dense
	// Intercept holds one intercept per row of Coef (zero without
	// FitIntercept).
	Intercept []float64
	// Iterations is the number of L-BFGS iterations Fit used.
	Iterations int
	// Converged reports whether L-BFGS met a tolerance before MaxIter; when
	// false, scikit-learn would raise a ConvergenceWarning.
	Converged bool
	// Stop says why L-BFGS stopped, in gonum's words.
	Stop string
	// Objective is the minimised loss sum plus penalty at the fitted point.
	Objective float64
}

// NewLogisticRegression returns a model with scikit-learn's defaults:
// C = 1, MaxIter = 100, Tol = 1e-4 and an intercept.
func NewLogisticRegression() *LogisticRegression {
	return &LogisticRegression{C: 1, MaxIter: 100, Tol: 1e-4, FitIntercept: true}
}

// Fit trains the model on x, [n, features], with one label per row in y, [n].
// Labels may be any integers; at least two distinct ones are needed. Two
// classes are fitted with the logistic loss, more with the multinomial loss,
// each by minimising the objective scikit-learn 1.2.1 builds (see objective)
// with gonum's LBFGS from zero coefficients (see minimize for how its
// settings mirror scipy's L-BFGS-B). Fit returns an error for bad options or
// input; an optimiser that stops early is not an error but leaves Converged
// false, as scikit-learn only warns.
func (m *LogisticRegression) Fit(x *mat.Dense, y []int) error {
	return m.FitContext(context.Background(), x, y)
}

// FitContext is Fit, stopped at the end of the optimiser's iteration in
// which ctx is done: it then returns ctx's error and leaves m unfitted.
func (m *LogisticRegression) FitContext(ctx context.Context, x *mat.Dense, y []int) error {
	if err := m.checkOptions(); err != nil {
		return err
	}
	n, p, err := checkInput(x)
	if err != nil {
		return fmt.Errorf("classify: fit: %w", err)
	}
	if len(y) != n {
		return fmt.Errorf("classify: fit: %d labels for %d samples", len(y), n)
	}
	classes := slices.Clone(y)
	slices.Sort(classes)
	classes = slices.Compact(classes)
	if len(classes) < 2 {
		return fmt.Errorf("classify: fit: need at least 2 classes, got %d", len(classes))
	}
	// Class indices; for two classes they are the 0/1 targets of the
	// logistic loss, 1 meaning Classes[1], as in scikit-learn.
	target := make([]int, n)
	for i, label := range y {
		target[i], _ = slices.BinarySearch(classes, label)
	}

	obj := newObjective(x, target, len(classes), m.FitIntercept, m.C)
	sol, err := minimize(ctx, obj, m.Tol, m.MaxIter)
	if err != nil {
		return fmt.Errorf("classify: fit: %w", err)
	}

	width := obj.width()
	m.Classes = classes
	m.Coef = mat.NewDense(obj.rows, p, nil)
	m.Intercept = make([]float64, obj.rows)
	for k := 0; k < obj.rows; k++ {
		block := sol.params[k*width : (k+1)*width]
		m.Coef.SetRow(k, block[:p])
		if m.FitIntercept {
			m.Intercept[k] = block[p]
		}
	}
	m.Iterations = sol.iterations
	m.Converged = sol.converged
	m.Stop = sol.stop
	m.Objective = sol.objective
	return nil
}

// checkOptions reports the first option scikit-learn would reject.
func (m *LogisticRegression) checkOptions() error {
	switch {
	case !(m.C > 0):
		return fmt.Errorf("classify: C must be positive, got %v", m.C)
	case m.MaxIter < 1:
		return fmt.Errorf("classify: MaxIter must be at least 1, got %d", m.MaxIter)
	case !(m.Tol >= 0) || math.IsInf(m.Tol, 1):
		return fmt.Errorf("classify: Tol must be finite and non-negative, got %v", m.Tol)
	}
	return nil
}

// checkInput returns the dimensions of x, [n, features], and an error when x
// is missing, empty or holds a NaN or an infinity.
func checkInput(x *mat.Dense) (n, p int, err error) {
	if x == nil || x.IsEmpty() {
		return 0, 0, errors.New("no samples")
	}
	n, p = x.Dims()
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, 0, fmt.Errorf("sample %d, feature %d is %v", i, j, v)
			}
		}
	}
	return n, p, nil
}
