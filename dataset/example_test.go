package dataset_test

import (
	"fmt"
	"os"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// The notebook's data step: scaled 670 training and 330 test rows.
func ExampleNotebook() {
	scaler, train, test, err := dataset.Notebook()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(train.Rows, train.Cols, test.Rows, test.Cols, len(scaler.Scale))
	fmt.Println(train.At(0, 0), test.At(0, 0))
	// Output:
	// 670 100 330 100 100
	// 0.5367405133588118 0.32399326757565383
}

// A three-class problem with a random shift and scale per feature, written
// as CSV: the same numbers as scikit-learn's make_classification(n_samples=4,
// n_features=3, n_informative=2, n_redundant=1, n_classes=3,
// n_clusters_per_class=1, shift=None, scale=None, random_state=1).
func ExampleMakeClassification() {
	p := dataset.NotebookParams()
	p.Samples, p.Features, p.Informative, p.Redundant, p.Classes = 4, 3, 2, 1, 3
	p.ClustersPerClass = 1
	p.RandomShift, p.RandomScale = true, true
	X, y, err := dataset.MakeClassification(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	dataset.WriteMatrixCSV(os.Stdout, X)
	fmt.Println(y)
	// Output:
	// -188.06008855512275,297.78203691588504,6.608200962135683
	// 52.955915148807804,-139.15500646240207,84.3892376003658
	// -70.19050692084294,207.64709469755567,-12.72738485054033
	// 76.00388870791372,-86.8303466509636,48.1250996884204
	// [1 0 2 0]
}
