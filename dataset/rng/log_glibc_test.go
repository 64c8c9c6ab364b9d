//go:build cgo && glibclog

package rng

// This file compares Log with the C library's log (glibc 2.36 on Debian 12,
// whose ifunc picks the FMA build on CPUs with FMA) over millions of inputs.
// Run it with:
//
//	go test -tags glibclog -run GlibcLog ./dataset/rng/
//
// With GLIBCLOG_FIXTURE=path it also writes testdata/log_glibc.txt.gz, the
// fixture TestLogMatchesGlibcFixture compares without cgo.

import (
	"compress/gzip"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"testing"
)

// logInputs returns n inputs of the kind named by kind, from a fixed seed.
func logInputs(kind string, n int, seed uint64) []float64 {
	src := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	out := make([]float64, n)
	for i := range out {
		switch kind {
		case "unit": // like numpy's r2: (0, 1)
			out[i] = float64(src.Uint64()>>11) / (1 << 53)
			if out[i] == 0 {
				out[i] = 0x1p-60
			}
		case "polar": // exactly the r2 values of the polar method
			x1 := 2*(float64(src.Uint64()>>11)/(1<<53)) - 1
			x2 := 2*(float64(src.Uint64()>>11)/(1<<53)) - 1
			out[i] = float64(x1*x1) + float64(x2*x2)
		case "near1": // the separate path around 1
			out[i] = 1 + (float64(src.Uint64()>>11)/(1<<53)-0.5)*0.14
		case "bits": // any positive finite double
			out[i] = math.Float64frombits(src.Uint64() & 0x7fefffffffffffff)
		case "subnormal":
			out[i] = math.Float64frombits(src.Uint64()&0x000fffffffffffff | 1)
		}
	}
	return out
}

func TestGlibcLogMatchesLog(t *testing.T) {
	if !cHasFMA() {
		t.Skip("this CPU lacks FMA/AVX2: glibc picks another build of log")
	}
	kinds := map[string]int{"unit": 3_000_000, "polar": 3_000_000, "near1": 2_000_000, "bits": 2_000_000, "subnormal": 200_000}
	total := 0
	for kind, n := range kinds {
		bad := 0
		for _, x := range logInputs(kind, n, uint64(len(kind))) {
			if got, want := Log(x), cLog(x); math.Float64bits(got) != math.Float64bits(want) {
				if bad < 5 {
					t.Errorf("%s: Log(%x) = %x, glibc log = %x", kind, math.Float64bits(x), math.Float64bits(got), math.Float64bits(want))
				}
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d inputs differ from glibc", kind, bad, n)
		}
		total += n
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64, 0x1p-1022, 1 - 0x1p-4, 1 + 0x1.09p-4, math.Nextafter(1-0x1p-4, 0), math.Nextafter(1+0x1.09p-4, 2)} {
		got, want := Log(x), cLog(x)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Log(%v) = %v, glibc log = %v", x, got, want)
		}
	}
	t.Logf("compared %d inputs with glibc's log", total)
	if path := os.Getenv("GLIBCLOG_FIXTURE"); path != "" {
		writeLogFixture(t, path)
	}
}

// writeLogFixture picks hard inputs (where Go's math.Log is wrong, the
// near-1 path, subnormals, extremes) and writes them with glibc's results.
func writeLogFixture(t *testing.T, path string) {
	seen := map[uint64]bool{}
	var xs []float64
	add := func(x float64) {
		if b := math.Float64bits(x); !seen[b] {
			seen[b] = true
			xs = append(xs, x)
		}
	}
	pick := func(kind string, n, limit int, hard bool) {
		count := 0
		for _, x := range logInputs(kind, n, 0xf1f0+uint64(len(kind))) {
			if count == limit {
				break
			}
			if !hard || math.Log(x) != cLog(x) {
				add(x)
				count++
			}
		}
	}
	pick("polar", 1_000_000, 2500, true)
	pick("unit", 1_000_000, 1500, true)
	pick("near1", 1_000_000, 1500, true)
	pick("near1", 10_000, 500, false)
	pick("bits", 1_000_000, 800, true)
	pick("subnormal", 10_000, 300, false)
	for _, x := range []float64{1, math.SmallestNonzeroFloat64, math.MaxFloat64, 0x1p-1022, 1 - 0x1p-4, 1 + 0x1.09p-4, math.Nextafter(1-0x1p-4, 0), math.Nextafter(1+0x1.09p-4, 2), math.Nextafter(1, 0), math.Nextafter(1, 2), 2, 0.5, math.E} {
		add(x)
	}
	sort.Float64s(xs)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	fmt.Fprintln(zw, "# input and glibc 2.36 log(input) (FMA build), as float64 bit patterns in hex")
	for _, x := range xs {
		fmt.Fprintf(zw, "%016x %016x\n", math.Float64bits(x), math.Float64bits(cLog(x)))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d fixture pairs to %s", len(xs), path)
}
