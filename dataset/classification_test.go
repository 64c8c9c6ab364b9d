package dataset

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// sklearnCase is one make_classification call recorded by
// testdata/gen/classification_fixture.py.
type sklearnCase struct {
	Name    string `json:"name"`
	Threads int    `json:"threads"`
	Params  struct {
		NSamples          int       `json:"n_samples"`
		NFeatures         int       `json:"n_features"`
		NInformative      int       `json:"n_informative"`
		NRedundant        int       `json:"n_redundant"`
		NRepeated         int       `json:"n_repeated"`
		NClasses          int       `json:"n_classes"`
		NClustersPerClass int       `json:"n_clusters_per_class"`
		Weights           []float64 `json:"weights"`
		FlipY             float64   `json:"flip_y"`
		ClassSep          float64   `json:"class_sep"`
		Hypercube         bool      `json:"hypercube"`
		Shift             *float64  `json:"shift"`
		Scale             *float64  `json:"scale"`
		Shuffle           bool      `json:"shuffle"`
		RandomState       uint32    `json:"random_state"`
	} `json:"params"`
	Rows   int       `json:"rows"`
	Cols   int       `json:"cols"`
	Y      []int     `json:"y"`
	SHA256 string    `json:"sha256"`
	X      []float64 `json:"X"`
	Head   []float64 `json:"head"`
	Tail   []float64 `json:"tail"`
}

func (c sklearnCase) params() ClassificationParams {
	q := c.Params
	p := ClassificationParams{
		Samples: q.NSamples, Features: q.NFeatures, Informative: q.NInformative,
		Redundant: q.NRedundant, Repeated: q.NRepeated, Classes: q.NClasses,
		ClustersPerClass: q.NClustersPerClass, Weights: q.Weights, FlipY: q.FlipY,
		ClassSep: q.ClassSep, Hypercube: q.Hypercube, Shuffle: q.Shuffle, Seed: q.RandomState,
	}
	if q.Shift == nil {
		p.RandomShift = true
	} else {
		p.Shift = *q.Shift
	}
	if q.Scale == nil {
		p.RandomScale = true
	} else {
		p.Scale = *q.Scale
	}
	return p
}

// loadSklearnCases reads a gzipped fixture of scikit-learn cases and fails
// the test if it holds fewer than atLeast.
func loadSklearnCases(t *testing.T, path string, atLeast int) []sklearnCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Cases []sklearnCase `json:"cases"`
	}
	if err := json.NewDecoder(zr).Decode(&fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Cases) < atLeast {
		t.Fatalf("%s has %d cases, want at least %d", path, len(fixture.Cases), atLeast)
	}
	return fixture.Cases
}

// matrixSHA256 hashes the little-endian float64 bytes of m, as the fixture
// script hashes numpy's array.
func matrixSHA256(m Matrix) string {
	h := sha256.New()
	var b [8]byte
	for _, v := range m.Data {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestMakeClassificationMatchesScikitLearn compares MakeClassification with
// scikit-learn 1.2.1 on 44 parameter sets: three and four classes, repeated
// and useless features, label flips (none, some, all, and flip_y < 0, which
// draws nothing), weights (three classes, one inferred, summing above one,
// negative, and so large that a cluster's samples pass 2^31 or even int64,
// or a million samples are left over), no hypercube, random and given shift
// and scale, other seeds, no shuffle, one class, every branch of sample_without_replacement and more
// than 30 informative features, tiny sample counts (one-sample and empty
// clusters, a single sample), and the matrix shapes that take OpenBLAS's
// other kernels: k >= 16 dot-product tails, one redundant feature (dgemv,
// split across 1 or 2 threads) and products above 1e6 multiply-adds (one
// thread). X must match bit for bit and y exactly.
func TestMakeClassificationMatchesScikitLearn(t *testing.T) {
	for _, c := range loadSklearnCases(t, "testdata/classification.json.gz", 30) {
		t.Run(c.Name, func(t *testing.T) { checkSklearnCase(t, c) })
	}
}

// checkSklearnCase runs MakeClassification on c's parameters with c's
// OpenBLAS thread count and requires scikit-learn's X bit for bit (in full,
// or its first and last rows and its SHA-256) and its y exactly.
func checkSklearnCase(t *testing.T, c sklearnCase) {
	t.Helper()
	X, y, err := makeClassification(c.params(), c.Threads)
	if err != nil {
		t.Fatal(err)
	}
	if X.Rows != c.Rows || X.Cols != c.Cols {
		t.Fatalf("X is %dx%d, scikit-learn's %dx%d", X.Rows, X.Cols, c.Rows, c.Cols)
	}
	assertSameInts(t, "y", y, c.Y)
	if c.X != nil {
		assertSameFloats(t, "X", X.Data, c.X, c.Cols)
	}
	if c.Head != nil {
		assertSameFloats(t, "X first rows", X.Data[:len(c.Head)], c.Head, c.Cols)
		assertSameFloats(t, "X last row", X.Data[len(X.Data)-len(c.Tail):], c.Tail, c.Cols)
	}
	if got := matrixSHA256(X); got != c.SHA256 {
		t.Fatalf("X's SHA-256 is %s, scikit-learn's %s", got, c.SHA256)
	}
}

// TestValidateNamesTheBadParameter checks that each invalid parameter is
// rejected with an error naming it, in scikit-learn's words where
// scikit-learn has them.
func TestValidateNamesTheBadParameter(t *testing.T) {
	maxIntPlus10 := strconv.FormatUint(uint64(math.MaxInt)+10, 10) // 9223372036854775817 on 64 bits
	cases := []struct {
		name   string
		modify func(*ClassificationParams)
		want   string
	}{
		{"negative samples", func(p *ClassificationParams) { p.Samples = -1 }, "n_samples is -1; it must be 0 or more"},
		{"no features", func(p *ClassificationParams) { p.Features = 0 }, "n_features is 0; it must be 1 or more"},
		{"no informative", func(p *ClassificationParams) { p.Informative = 0 }, "n_informative is 0; it must be 1 or more"},
		{"negative redundant", func(p *ClassificationParams) { p.Redundant = -2 }, "n_redundant is -2; it must be 0 or more"},
		{"negative repeated", func(p *ClassificationParams) { p.Repeated = -1 }, "n_repeated is -1; it must be 0 or more"},
		{"no classes", func(p *ClassificationParams) { p.Classes = 0 }, "n_classes is 0; it must be 1 or more"},
		{"no clusters", func(p *ClassificationParams) { p.ClustersPerClass = 0 }, "n_clusters_per_class is 0; it must be 1 or more"},
		{"too many useful features", func(p *ClassificationParams) { p.Repeated = 1 }, "n_informative + n_redundant + n_repeated = 10 + 90 + 1 = 101, more than the 100 features (n_features)"},
		{"a redundant count that would overflow a sum", func(p *ClassificationParams) { p.Redundant = math.MaxInt }, fmt.Sprintf("n_informative + n_redundant + n_repeated = 10 + %d + 0 = %s, more than the 100 features (n_features)", math.MaxInt, maxIntPlus10)},
		{"too many clusters for the centroids", func(p *ClassificationParams) { p.Informative, p.Redundant, p.Features, p.Classes = 40, 0, 40, 1<<27 }, "n_classes × n_clusters_per_class = 134217728 × 2 clusters of 40 informative features: too many"},
		{"too many clusters", func(p *ClassificationParams) { p.Informative, p.Redundant, p.Classes = 2, 2, 3 }, "n_classes × n_clusters_per_class = 3 × 2 clusters, but n_informative = 2 leaves room for at most 2^2 = 4"},
		{"weights length", func(p *ClassificationParams) { p.Weights = []float64{0.2, 0.3, 0.5} }, "weights: 3 values for 2 classes; give 2, or 1 and the last class takes the rest"},
		{"weights NaN", func(p *ClassificationParams) { p.Weights = []float64{math.NaN(), 0.5} }, "weights[0] = NaN: cannot convert NaN samples to an integer"},
		{"weights Inf", func(p *ClassificationParams) { p.Weights = []float64{math.Inf(1), 0.5} }, "weights[0] = +Inf: cannot convert +Inf samples to an integer"},
		{"weights whose samples overflow", func(p *ClassificationParams) { p.Weights = []float64{1e307, 0.5} }, "weights[0] = 1e+307: cannot convert +Inf samples to an integer"},
		{"too large", func(p *ClassificationParams) { p.Samples = 1 << 30 }, "n_samples(1073741824) * n_features(100) exceeds"},
	}
	for _, c := range cases {
		p := NotebookParams()
		c.modify(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Validate() = %v, want an error containing %q", c.name, err, c.want)
		}
		if _, _, err := MakeClassification(p); err == nil || !strings.HasPrefix(err.Error(), "make_classification: ") {
			t.Errorf("%s: MakeClassification error = %v, want it prefixed with make_classification", c.name, err)
		}
	}
	if err := NotebookParams().Validate(); err != nil {
		t.Errorf("NotebookParams().Validate() = %v", err)
	}
}

// TestGenerateMemory: the notebook's 1000×100 matrix is 800,000 bytes; the
// estimate is 3.2 of it without a split and 4.2 with one, plus 32 MiB and
// its 4 clusters' 608 bytes (centroids 4 × 10 float64s, 4 of 1,024
// vertices drawn through a map, 4 sizes). 69 million clusters of 31
// informative features (which once ran a 24 GB machine out of memory)
// need their centroids, the 30-column copy, a permutation of all 2^30
// vertices and their sizes.
func TestGenerateMemory(t *testing.T) {
	p := NotebookParams()
	if got, want := p.GenerateMemory(false), 3.2*800000+608+32<<20; got != want {
		t.Errorf("without a split: %v, want %v", got, want)
	}
	if got, want := p.GenerateMemory(true), 4.2*800000+608+32<<20; got != want {
		t.Errorf("with a split: %v, want %v", got, want)
	}
	p = ClassificationParams{Samples: 10, Features: 31, Informative: 31, Classes: 69e6, ClustersPerClass: 1}
	clusters := 8 * 69e6 * (31 + 30 + 1)
	if got, want := p.GenerateMemory(false), 3.2*8*10*31+clusters+8*(1<<30)+32<<20; got != want {
		t.Errorf("69 million clusters: %v, want %v", got, want)
	}
}
