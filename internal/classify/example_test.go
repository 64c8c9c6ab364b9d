package classify_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/gorgonia-ae/autoencoder/internal/classify"
)

// The notebook's last step on a toy problem: fit scikit-learn's default
// logistic regression and score it.
func ExampleLogisticRegression() {
	// Eight samples with two features: class 1 where the features are large.
	x := mat.NewDense(8, 2, []float64{
		0.1, 0.2,
		0.3, 0.1,
		0.2, 0.4,
		0.4, 0.3,
		0.6, 0.7,
		0.8, 0.6,
		0.7, 0.9,
		0.9, 0.8,
	})
	y := []int{0, 0, 0, 0, 1, 1, 1, 1}

	model := classify.NewLogisticRegression()
	if err := model.Fit(x, y); err != nil {
		log.Fatal(err)
	}
	pred, err := model.Predict(mat.NewDense(2, 2, []float64{0.15, 0.25, 0.85, 0.75}))
	if err != nil {
		log.Fatal(err)
	}
	acc, err := model.Score(x, y)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("predictions:", pred)
	fmt.Println("training accuracy:", acc)
	fmt.Println("converged:", model.Converged)
	// Output:
	// predictions: [0 1]
	// training accuracy: 1
	// converged: true
}
