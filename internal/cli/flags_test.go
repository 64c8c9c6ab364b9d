package cli

import (
	"flag"
	"reflect"
	"testing"
)

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

// TestIntFlagsReadDecimalOnly: every int flag of every command reads its
// value in decimal, as -seed does, so that -epochs 010 is ten epochs, not
// the flag package's octal 8, and 0x10 and 1_0 are refused.
func TestIntFlagsReadDecimalOnly(t *testing.T) {
	for _, c := range commands() {
		fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
		c.Setup(fs)
		fs.VisitAll(func(f *flag.Flag) {
			if _, ok := f.Value.(*decimalInt); !ok {
				if g, ok := f.Value.(flag.Getter); ok && reflect.TypeOf(g.Get()) == reflect.TypeOf(0) {
					t.Errorf("%s -%s is the flag package's int, which reads 010 as 8", c.Name, f.Name)
				}
				return
			}
			for in, want := range map[string]string{"010": "10", "+7": "7", "-3": "-3", "0x10": "", "1_0": "", "1e3": "", "99999999999999999999": ""} {
				err := f.Value.Set(in)
				if got := f.Value.String(); want == "" && err == nil || want != "" && (err != nil || got != want) {
					t.Errorf("%s -%s %s: %q, %v; want %q", c.Name, f.Name, in, got, err, want)
				}
			}
		})
	}
}

// TestCheckTestSizeTakesCountsUpToTheLargestSplit: a count of test rows
// is refused from 2³¹ on, where no data set has a training row left, and
// taken up to that.
func TestCheckTestSizeTakesCountsUpToTheLargestSplit(t *testing.T) {
	for ts, ok := range map[float64]bool{0.5: true, 1: true, 1<<31 - 1: true, 1 << 31: false, 0: false, 1e300: false} {
		if err := checkTestSize(ts, ""); (err == nil) != ok {
			t.Errorf("checkTestSize(%v): %v, want ok %v", ts, err, ok)
		}
	}
}
