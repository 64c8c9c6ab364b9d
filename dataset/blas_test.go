package dataset

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
)

// TestDotMatchesNumpy checks dot against numpy's np.dot through OpenBLAS
// 0.3.21 on every kernel path make_classification can reach: the small
// dgemm kernel's fused chains and its dot-product tails (k >= 16 with 1 to
// 4 trailing columns), the blocked dgemm on one thread (including k split
// into blocks above 384 and M blocks past GEMM_P) and on 2 to 8 threads
// (M and N split between threads, split-chain tiles, a 2-D thread grid, N
// beyond GEMM_R*threads), dgemv_t with its 4/2/1 output groups on one or two
// threads and k above 2048, dgemv_n with its pair and tail paths, ddot and
// the 1x1 cases. Inputs are regenerated from the recorded seeds with package
// rng, as testdata/gen/dot_fixture.py drew them with numpy.
func TestDotMatchesNumpy(t *testing.T) {
	f, err := os.Open("testdata/dot.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Pad   int `json:"pad"`
		Cases []struct {
			M, K, N, Threads int
			Seed             uint32
			Path             string
			SHA256           string
			C                []float64
		} `json:"cases"`
	}
	if err := json.NewDecoder(zr).Decode(&fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Cases) < 100 {
		t.Fatalf("fixture has %d cases", len(fixture.Cases))
	}
	for _, c := range fixture.Cases {
		name := fmt.Sprintf("%s/%dx%dx%d/threads=%d", c.Path, c.M, c.K, c.N, c.Threads)
		r := rng.New(c.Seed)
		lda := c.K + fixture.Pad
		a := make([]float64, c.M*lda)
		for i := range a {
			a[i] = r.StandardNormal()
		}
		b := make([]float64, c.K*c.N)
		for i := range b {
			b[i] = 2*r.RandomSample() - 1
		}
		got := dot(a, c.M, c.K, lda, b, c.N, c.Threads)
		if c.C != nil {
			assertSameFloats(t, name, got.Data, c.C, c.N)
		}
		if h := matrixSHA256(got); h != c.SHA256 {
			t.Errorf("%s: SHA-256 %s, numpy's %s", name, h, c.SHA256)
		}
	}
}

// TestMakeClassificationThreadedDgemm compares MakeClassification with
// scikit-learn 1.2.1 run at OpenBLAS's default thread count (two threads,
// recorded per case) on parameter sets whose redundant-feature or cluster
// products exceed 10^6 multiply-adds, so that OpenBLAS's blocked dgemm splits
// them between threads: 1000 to 5000 samples, 10 to 110 informative
// features, redundant and repeated features, three classes, weights, label
// flips, random shift and scale. X must match bit for bit and y exactly.
func TestMakeClassificationThreadedDgemm(t *testing.T) {
	for _, c := range loadSklearnCases(t, "testdata/classification_threads.json.gz", 10) {
		t.Run(c.Name, func(t *testing.T) {
			if c.Threads < 2 {
				t.Fatalf("recorded with %d OpenBLAS thread(s)", c.Threads)
			}
			checkSklearnCase(t, c)
		})
	}
}
