package plots

import (
	"fmt"
	"math"
)

// checkSeries reports whether ys holds one finite value per epoch and,
// when logY is set, only positive normal ones (a log axis cannot show zero
// or negative values, and gonum's cannot take denormals; they are reported,
// not skipped). name names the series
// in the error.
func checkSeries(name string, epochs []int, ys []float64, logY bool) error {
	if len(epochs) == 0 {
		return fmt.Errorf("%s: no epochs", name)
	}
	if len(ys) != len(epochs) {
		return fmt.Errorf("%s has %d values for %d epochs", name, len(ys), len(epochs))
	}
	for i, y := range ys {
		switch {
		case math.IsNaN(y) || math.IsInf(y, 0):
			return fmt.Errorf("%s: value %v at epoch %d is not finite", name, y, epochs[i])
		case logY && y <= 0:
			return fmt.Errorf("%s: value %v at epoch %d is not positive, so it has no place on a log axis", name, y, epochs[i])
		case logY && y < 0x1p-1022:
			return fmt.Errorf("%s: value %v at epoch %d is below float64's smallest normal number, too small for a log axis", name, y, epochs[i])
		}
	}
	return nil
}
