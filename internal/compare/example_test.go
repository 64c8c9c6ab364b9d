package compare_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/gorgonia-ae/autoencoder/internal/compare"
)

// A Go run set beside a Keras history, as `go run . compare` prints it.
func ExampleTable_WriteText() {
	keras, err := compare.ReadJSON(strings.NewReader(`{"loss": [0.25, 0.05, 0.02], "val_loss": [0.16, 0.1, 0.05]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	goRun := compare.History{Loss: []float64{0.25, 0.051, 0.0199}, ValLoss: []float64{0.16, 0.099, 0.052}}
	table, err := compare.Diff(goRun, keras)
	if err != nil {
		fmt.Println(err)
		return
	}
	table.WriteText(os.Stdout, 0)
	// Output:
	//   epoch  go loss  ref loss        rel  go val_loss  ref val_loss        rel
	//       1     0.25      0.25  +0.00e+00         0.16          0.16  +0.00e+00
	//       2    0.051      0.05  +2.00e-02        0.099           0.1  -1.00e-02
	//       3   0.0199      0.02  -5.00e-03        0.052          0.05  +4.00e-02
	// final (epoch 3): loss go 0.0199, ref 0.02, diff -0.0001 (rel -5.00e-03); val_loss go 0.052, ref 0.05, diff +0.002 (rel +4.00e-02)
	// largest |rel|: loss 2.00e-02 at epoch 2, val_loss 4.00e-02 at epoch 3; mean |rel|: loss 8.33e-03, val_loss 1.67e-02
	// min val_loss: go 0.052 at epoch 3, ref 0.05 at epoch 3
}
