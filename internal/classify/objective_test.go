package classify

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestObjectiveGradientMatchesFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, p = 30, 4
	x := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
	}
	for _, classes := range []int{2, 3} {
		for _, intercept := range []bool{true, false} {
			t.Run(fmt.Sprintf("classes=%d/intercept=%v", classes, intercept), func(t *testing.T) {
				target := make([]int, n)
				for i := range target {
					target[i] = i % classes
				}
				obj := newObjective(x, target, classes, intercept, 0.7)
				params := make([]float64, obj.dim())
				for i := range params {
					params[i] = rng.NormFloat64()
				}
				grad := make([]float64, obj.dim())
				f := obj.evaluate(params, grad)
				if g := obj.evaluate(params, nil); g != f {
					t.Errorf("value without gradient %v, with gradient %v", g, f)
				}
				const h = 1e-6
				for i := range params {
					orig := params[i]
					params[i] = orig + h
					up := obj.evaluate(params, nil)
					params[i] = orig - h
					down := obj.evaluate(params, nil)
					params[i] = orig
					fd := (up - down) / (2 * h)
					if math.Abs(fd-grad[i]) > 1e-6*math.Max(1, math.Abs(fd)) {
						t.Errorf("d f / d param[%d]: analytic %.10g, finite difference %.10g", i, grad[i], fd)
					}
				}
			})
		}
	}
}

// TestObjectiveIsScikitLearnsAtItsSolution pins the objective's scaling: the
// loss summed (not averaged) over samples plus ||W||²/(2C), intercepts
// unpenalised, as scikit-learn 1.2.1's LinearModelLoss evaluates it.
func TestObjectiveIsScikitLearnsAtItsSolution(t *testing.T) {
	xTrain, yTrain, _, _ := rs1(t)
	rs1Fit := readSklearn(t, "rs1_sklearn.json")
	three := readSklearn(t, "three_class_sklearn.json")
	cases := []struct {
		name    string
		x       *mat.Dense
		y       []int
		classes int
		want    sklearnFit
	}{
		{"rs1", xTrain, yTrain, 2, rs1Fit},
		{"three classes", dense(three.XTrain), classIndex(three.YTrain, three.Classes), 3, three},
	}
	for _, c := range cases {
		obj := newObjective(c.x, c.y, c.classes, true, 1)
		var params []float64
		for k, row := range c.want.Coef {
			params = append(append(params, row...), c.want.Intercept[k])
		}
		if f := obj.evaluate(params, nil); math.Abs(f-c.want.Objective) > 1e-12*c.want.Objective {
			t.Errorf("%s: objective at scikit-learn's solution %.17g, scikit-learn %.17g", c.name, f, c.want.Objective)
		}
	}
}

// classIndex maps labels to their positions in the sorted classes.
func classIndex(y, classes []int) []int {
	idx := make([]int, len(y))
	for i, label := range y {
		for k, c := range classes {
			if c == label {
				idx[i] = k
			}
		}
	}
	return idx
}
