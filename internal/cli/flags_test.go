package cli

import "testing"

// TestTestSizeTellsAFractionFromACount: with a decimal point and no exponent
// -test-size is a fraction and must be below 1; with an exponent it is its
// value (as earlier versions saved a count); a count prints back in full,
// so that a saved run's flag reads back the same.
func TestTestSizeTellsAFractionFromACount(t *testing.T) {
	var x float64
	v := testSizeValue{&x}
	for _, c := range []struct {
		in, out string
		ok      bool
	}{
		{"0.33", "0.33", true}, {"1", "1", true}, {"250", "250", true}, {"1e+06", "1000000", true}, {"1000000", "1000000", true},
		{"1.234567e+06", "1234567", true}, {"2.5e3", "2500", true},
		{"1.0", "", false}, {"1.5", "", false}, {"x", "", false},
	} {
		err := v.Set(c.in)
		if (err == nil) != c.ok || c.ok && v.String() != c.out {
			t.Errorf("Set(%q): %v, String() %q; want ok %v and %q", c.in, err, v.String(), c.ok, c.out)
		}
	}
}
