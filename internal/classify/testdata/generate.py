"""Writes scikit-learn 1.2.1's LogisticRegression() results used by classify's tests.

Run from the repository root with Debian's interpreter:
    /usr/bin/python3 classify/testdata/generate.py
"""
import gzip
import json
import warnings

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression


def fit(X, y, **options):
    """Fits LogisticRegression(**options), recording any ConvergenceWarning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = LogisticRegression(**options).fit(X, y)
    warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return model, warned


def tight(model, X, y):
    """Re-solves scikit-learn's lbfgs objective far past its stopping rule."""
    from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
    from sklearn.linear_model._linear_loss import LinearModelLoss

    classes = model.classes_
    if classes.size == 2:
        loss = LinearModelLoss(HalfBinomialLoss(), fit_intercept=True)
        target = (y == classes[1]).astype(float)
        w0 = np.zeros(X.shape[1] + 1)
    else:
        loss = LinearModelLoss(HalfMultinomialLoss(n_classes=classes.size), True)
        target = np.searchsorted(classes, y).astype(float)
        w0 = np.zeros(classes.size * (X.shape[1] + 1))
    args = (X, target, np.ones(X.shape[0]), 1.0, 1)
    res = minimize(loss.loss_gradient, w0, method="L-BFGS-B", jac=True, args=args,
                   options={"gtol": 1e-12, "ftol": 1e-16, "maxiter": 100000})
    if classes.size == 2:
        w = res.x
        coef, intercept = w[:-1].reshape(1, -1), w[-1:]
    else:
        w = res.x.reshape((classes.size, -1), order="F")
        coef, intercept = w[:, :-1], w[:, -1]
    own = np.r_[model.coef_.ravel(), model.intercept_] if classes.size == 2 else \
        np.c_[model.coef_, model.intercept_].ravel(order="F")
    f_own, _ = loss.loss_gradient(own, *args)
    return coef, intercept, res.fun, f_own


def record(model, warned, X, y, Xte, yte, extra):
    coef, intercept, f_tight, f_own = tight(model, X, y)
    out = {
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__},
        "classes": model.classes_.tolist(),
        "n_iter": int(model.n_iter_[0]),
        "convergence_warning": warned,
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "objective": float(f_own),
        "tight_coef": coef.tolist(),
        "tight_intercept": intercept.tolist(),
        "tight_objective": float(f_tight),
        "test_pred": model.predict(Xte).tolist(),
        "test_proba": model.predict_proba(Xte).tolist(),
        "test_correct": int((model.predict(Xte) == yte).sum()),
    }
    out.update(extra)
    return out


def main():
    d = "dataset/testdata/rs1/"
    with gzip.open(d + "X_train.csv.gz") as f:
        X = np.loadtxt(f, delimiter=",")
    Xte = np.loadtxt(d + "X_test.csv", delimiter=",")
    y = np.loadtxt(d + "y_train.csv").astype(int)
    yte = np.loadtxt(d + "y_test.csv").astype(int)
    model, warned = fit(X, y)
    out = record(model, warned, X, y, Xte, yte, {})
    del out["test_proba"]  # rs1 probabilities are not compared; keep the file small
    short, warned = fit(X, y, max_iter=5)
    out["max_iter_5"] = {"n_iter": int(short.n_iter_[0]), "convergence_warning": warned,
                         "coef": short.coef_.tolist(), "intercept": short.intercept_.tolist()}
    with open("classify/testdata/rs1_sklearn.json", "w") as f:
        json.dump(out, f)

    # A 3-class problem with labels that are not 0..k-1.
    Xa, ya = make_classification(n_samples=240, n_features=5, n_informative=3,
                                 n_redundant=1, n_classes=3, n_clusters_per_class=1,
                                 class_sep=0.8, random_state=7)
    ya = np.array([-1, 4, 9])[ya]
    X, Xte, y, yte = Xa[:160], Xa[160:], ya[:160], ya[160:]
    model, warned = fit(X, y)
    out = record(model, warned, X, y, Xte, yte, {
        "X_train": X.tolist(), "y_train": y.tolist(),
        "X_test": Xte.tolist(), "y_test": yte.tolist()})
    with open("classify/testdata/three_class_sklearn.json", "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
