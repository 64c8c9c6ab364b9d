// Package classify fits scikit-learn's default LogisticRegression in Go, so
// that the notebook's last step (a logistic regression on the scaled inputs,
// then on the encoder's codes) gives the numbers scikit-learn gives.
//
// The model mirrors scikit-learn 1.2.1's LogisticRegression() with its
// defaults: an L2 penalty with C = 1, the lbfgs solver, max_iter = 100,
// tol = 1e-4 and a fitted intercept. Two classes give one coefficient vector
// trained with the logistic loss; more than two give one vector per class
// trained with the multinomial (softmax) loss, as scikit-learn's "auto"
// multi_class chooses for lbfgs. The minimiser is gonum's optimize.LBFGS,
// configured to follow scipy's L-BFGS-B as scikit-learn calls it; see Fit.
//
// The usual sequence is
//
//	model := classify.NewLogisticRegression()
//	if err := model.Fit(xTrain, yTrain); err != nil { ... }
//	acc, err := model.Score(xTest, yTest)
package classify
