package dataset

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// scanFloat is scanFloatTab with the table the CSV reader passes it.
func scanFloat(b []byte, i int, c byte) (v float64, next int, ok bool) {
	return scanFloatTab(b, i, c, pow10Table())
}

// The powers of ten are strconv's, entry for entry, where Go's source is
// at hand.
func TestPow10TableIsStrconvs(t *testing.T) {
	root, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skip("no go command to find Go's source:", err)
	}
	f, err := os.Open(filepath.Join(strings.TrimSpace(string(root)), "src", "internal", "strconv", "pow10tab.go"))
	if err != nil {
		t.Skip("Go's source is not here:", err)
	}
	defer f.Close()
	table := pow10Table()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "{0x") {
			continue
		}
		// {0xfa8fd5a0081c0288, 0x1732c869cd60e453}, // 1e-348 * 2**1284
		f := strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune("{}, /*", r) })
		if len(f) < 3 {
			t.Fatalf("%q: not an entry", line)
		}
		hi, err1 := strconv.ParseUint(f[0], 0, 64)
		lo, err2 := strconv.ParseUint(f[1], 0, 64)
		e, err3 := strconv.Atoi(strings.TrimPrefix(f[2], "1e"))
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("%q: %v %v %v", line, err1, err2, err3)
		}
		if got := table[e-pow10Min]; got != [2]uint64{hi, lo} {
			t.Errorf("1e%d: %#x, strconv has %#x %#x", e, got, hi, lo)
		}
		n++
	}
	if n != len(table) {
		t.Errorf("compared %d entries of %d", n, len(table))
	}
}

// scanFloat gives strconv.ParseFloat's float64, bit for bit, whenever it
// answers: for numbers as Go writes them shortest and with 17 digits, as
// C's %.*g writes them, for random digit strings over the whole exponent
// range, and near the edges (subnormals, the largest float64, halfway
// cases).
func TestScanFloatIsParseFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var answered, asked int
	check := func(s string) {
		t.Helper()
		asked++
		got, next, ok := scanFloat([]byte(s), 0, ',')
		if !ok {
			return
		}
		answered++
		want, err := strconv.ParseFloat(strings.TrimSpace(s[:next]), 64)
		if err != nil || next < len(s) && s[next] != ',' || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%q: scanFloat %v (%#x, next %d), ParseFloat %v (%#x) %v", s, got, math.Float64bits(got), next, want, math.Float64bits(want), err)
		}
	}
	for range 200000 {
		v := math.Float64frombits(r.Uint64())
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		check(strconv.FormatFloat(v, 'g', -1, 64))
		check(strconv.FormatFloat(v, 'e', 16, 64))
		check(strconv.FormatFloat(v, 'g', r.IntN(19)+1, 64))
		w := r.NormFloat64() * math.Pow(10, float64(r.IntN(10)-5))
		check(strconv.FormatFloat(w, 'f', -1, 64))
		check(strconv.FormatFloat(w, 'g', 17, 64))
		// Random digits and exponents.
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteByte('-')
		}
		nd := r.IntN(19) + 1
		point := r.IntN(nd + 1)
		for i := range nd {
			if i == point {
				b.WriteByte('.')
			}
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		b.WriteString("e" + strconv.Itoa(r.IntN(700)-350))
		check(b.String())
	}
	for _, s := range []string{
		"0", "-0", "+0", "0.0", "-0.0e10", "0e99999", "1", "-1", ".5", "5.", "1e22", "1e23", "9007199254740993",
		"4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400",
		"1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309",
		"2.2250738585072011e-308", "2.2250738585072012e-308", "9223372036854775807", "18446744073709551615",
		"1234567890123456789", "0.000000000000000000000000000001", "123456789012345678901", "1e", "1e+", ".", "-",
		"1.5e-5", "1E5", "1e05", "  7 ", "\t-3.25\r", "1,2", "1 2", "0x10", "inf", "NaN", "1_0",
	} {
		check(s)
	}
	// Integers beyond 2^53, a quarter of them halfway between two float64s.
	for range 20000 {
		n := 1<<53 + r.Uint64N(1e19-1<<53)
		check(strconv.FormatUint(n, 10))
		check(strconv.FormatUint(n|1, 10) + "e-" + strconv.Itoa(r.IntN(30)))
	}
	if answered < asked*9/10 {
		t.Errorf("scanFloat answered %d of %d", answered, asked)
	}
	t.Logf("scanFloat answered %d of %d", answered, asked)
}

// FuzzScanFloat holds scanFloat to strconv.ParseFloat on any text.
func FuzzScanFloat(f *testing.F) {
	for _, s := range []string{"1.5", "-0", "4.9406564584124654e-324", "1e23", " 7 ,", "9007199254740993", "0.1e-400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, next, ok := scanFloat([]byte(s), 0, ',')
		if !ok {
			return
		}
		if next < len(s) && s[next] != ',' {
			t.Fatalf("%q: stopped at %d", s, next)
		}
		want, err := strconv.ParseFloat(strings.TrimSpace(s[:next]), 64)
		if err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%q: scanFloat %v, ParseFloat %v %v", s, got, want, err)
		}
	})
}
