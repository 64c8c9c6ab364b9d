package classify

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// scipy's L-BFGS-B settings that scikit-learn 1.2.1 leaves at their defaults
// (scipy 1.10).
const (
	scipyMemory   = 10                     // maxcor: correction pairs kept
	scipyFtol     = 2.2204460492503131e-09 // factr*epsmch: relative reduction of f
	scipyMaxFun   = 15000                  // maxfun: function evaluations
	scipyDecrease = 1e-3                   // dcsrch ftol: sufficient decrease
	scipyCurv     = 0.9                    // dcsrch gtol: curvature condition
)

// solution is what minimize reports back to Fit.
type solution struct {
	params     []float64
	objective  float64
	iterations int
	converged  bool
	stop       string
}

// minimize runs gonum's LBFGS on obj from the zero vector, with settings
// that mirror scipy.optimize.minimize(method="L-BFGS-B", jac=True,
// options={"gtol": tol, "maxiter": maxIter}) as scikit-learn 1.2.1 calls it:
//
//   - memory: scipy keeps maxcor = 10 correction pairs; LBFGS.Store = 10.
//   - first step: both take the step 1/||g||₂ along -g on the first
//     iteration and try the unit step afterwards (gonum's LBFGS does so).
//   - line search: scipy's dcsrch is Moré–Thuente with sufficient decrease
//     1e-3 and curvature 0.9; gonum's MoreThuente gets the same two factors.
//     scipy's interval tolerance xtol = 0.1 (accept the step when the bracket
//     is narrow) and its 20-evaluation cap maxls have no gonum counterpart;
//     gonum keeps its own 1e-10 interval tolerance and no cap.
//   - gradient tolerance: scipy stops when max_i |proj g_i| <= gtol (without
//     bounds the projected gradient is the gradient);
//     Settings.GradientThreshold = tol tests max_i |g_i| < tol.
//   - function tolerance: scipy stops when
//     (f_prev - f) <= ftol * max(|f_prev|, |f|, 1) with ftol = 2.22e-9; the
//     Converger relReduction below is that test, as gonum's FunctionConverge
//     cannot express the max with 1.
//   - iteration limit: scipy counts line-search iterations up to maxiter;
//     gonum counts the starting point as a major iteration too, so
//     MajorIterations = maxIter + 1 and iterations = MajorIterations - 1.
//     scipy tests the limit before the tolerances, so a run that meets both
//     at the same iteration stops on the limit (and scikit-learn warns);
//     gonum reports convergence there, which minimize turns into the limit.
//   - evaluations: scipy's maxfun = 15000 becomes Settings.FuncEvaluations.
//   - scipy skips a BFGS update whose curvature s·y is not positive; gonum
//     does not, which is moot: a step that meets the curvature condition has
//     s·y >= (1-0.9)·|g·s| > 0.
//
// Runs that stop on the gradient or the function test count as converged;
// the iteration limit (scikit-learn's ConvergenceWarning) and line-search
// failures do not, and then the best point found is returned, as scipy does.
//
// Once ctx is done, the run stops at the end of its iteration and minimize
// returns ctx's error.
func minimize(ctx context.Context, obj *objective, tol float64, maxIter int) (solution, error) {
	problem := optimize.Problem{
		Func: func(x []float64) float64 { return obj.evaluate(x, nil) },
		Grad: func(grad, x []float64) { obj.evaluate(x, grad) },
	}
	settings := &optimize.Settings{
		GradientThreshold: tol,
		Converger:         &relReduction{ftol: scipyFtol, ctx: ctx},
		MajorIterations:   maxIter + 1,
		FuncEvaluations:   scipyMaxFun,
	}
	method := &optimize.LBFGS{
		Store:        scipyMemory,
		Linesearcher: &optimize.MoreThuente{DecreaseFactor: scipyDecrease, CurvatureFactor: scipyCurv},
	}
	x0 := make([]float64, obj.dim())
	res, err := optimize.Minimize(problem, x0, settings, method)
	if ctx.Err() != nil {
		return solution{}, ctx.Err()
	}
	if res == nil {
		return solution{}, fmt.Errorf("classify: lbfgs: %w", err)
	}
	if math.IsNaN(res.F) || math.IsInf(res.F, 0) {
		return solution{}, fmt.Errorf("classify: lbfgs reached a non-finite objective %v", res.F)
	}
	sol := solution{
		params:     res.X,
		objective:  res.F,
		iterations: max(res.Stats.MajorIterations-1, 0),
		stop:       res.Status.String(),
	}
	switch {
	case err != nil:
		sol.stop = err.Error()
	case sol.iterations >= maxIter:
		sol.stop = optimize.IterationLimit.String() // scipy's order: the limit first
	case res.Status == optimize.GradientThreshold || res.Status == optimize.FunctionConvergence:
		sol.converged = true
	}
	return sol, nil
}

// relReduction is scipy L-BFGS-B's function-value stopping rule: stop when
// (f_prev - f) <= ftol * max(|f_prev|, |f|, 1) between consecutive
// iterations. It also stops the run, as a failure, once ctx is done.
type relReduction struct {
	ctx   context.Context
	ftol  float64
	prev  float64
	first bool
}

// Init implements optimize.Converger.
func (r *relReduction) Init(int) { r.first = true }

// Converged implements optimize.Converger.
func (r *relReduction) Converged(loc *optimize.Location) optimize.Status {
	if r.ctx.Err() != nil {
		return optimize.Failure
	}
	prev := r.prev
	r.prev = loc.F
	if r.first {
		r.first = false
		return optimize.NotTerminated
	}
	scale := math.Max(math.Max(math.Abs(prev), math.Abs(loc.F)), 1)
	if prev-loc.F <= r.ftol*scale {
		return optimize.FunctionConvergence
	}
	return optimize.NotTerminated
}
