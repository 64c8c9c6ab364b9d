package classify

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// rs1Dir holds the notebook's MinMax-scaled split, as scikit-learn wrote it.
const rs1Dir = "../../dataset/testdata/rs1"

// readCSV reads a header-less CSV of floats, gzip-compressed when the name
// ends in .gz, into a [rows, columns] matrix.
func readCSV(t *testing.T, name string) *mat.Dense {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer gz.Close()
		r = gz
	}
	var data []float64
	rows, cols := 0, 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		if rows == 0 {
			cols = len(fields)
		} else if len(fields) != cols {
			t.Fatalf("%s line %d: %d fields, want %d", name, rows+1, len(fields), cols)
		}
		for _, s := range fields {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				t.Fatalf("%s line %d: %v", name, rows+1, err)
			}
			data = append(data, v)
		}
		rows++
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return mat.NewDense(rows, cols, data)
}

// readLabels reads a one-column CSV of integer labels (written as floats or
// integers).
func readLabels(t *testing.T, name string) []int {
	t.Helper()
	m := readCSV(t, name)
	n, c := m.Dims()
	if c != 1 {
		t.Fatalf("%s: %d columns, want 1", name, c)
	}
	y := make([]int, n)
	for i := range y {
		y[i] = int(m.At(i, 0))
		if float64(y[i]) != m.At(i, 0) {
			t.Fatalf("%s line %d: label %v is not an integer", name, i+1, m.At(i, 0))
		}
	}
	return y
}

// rs1 returns the scaled notebook split: train [670, 100], test [330, 100].
func rs1(t *testing.T) (xTrain *mat.Dense, yTrain []int, xTest *mat.Dense, yTest []int) {
	t.Helper()
	return readCSV(t, filepath.Join(rs1Dir, "X_train.csv.gz")),
		readLabels(t, filepath.Join(rs1Dir, "y_train.csv")),
		readCSV(t, filepath.Join(rs1Dir, "X_test.csv")),
		readLabels(t, filepath.Join(rs1Dir, "y_test.csv"))
}

// sklearnFit is what testdata/generate.py recorded from scikit-learn 1.2.1.
type sklearnFit struct {
	Classes            []int       `json:"classes"`
	NIter              int         `json:"n_iter"`
	ConvergenceWarning bool        `json:"convergence_warning"`
	Coef               [][]float64 `json:"coef"`
	Intercept          []float64   `json:"intercept"`
	Objective          float64     `json:"objective"`
	TightCoef          [][]float64 `json:"tight_coef"`
	TightIntercept     []float64   `json:"tight_intercept"`
	TightObjective     float64     `json:"tight_objective"`
	TestPred           []int       `json:"test_pred"`
	TestProba          [][]float64 `json:"test_proba"`
	TestCorrect        int         `json:"test_correct"`
	XTrain             [][]float64 `json:"X_train"`
	YTrain             []int       `json:"y_train"`
	XTest              [][]float64 `json:"X_test"`
	YTest              []int       `json:"y_test"`
	MaxIter5           struct {
		NIter              int         `json:"n_iter"`
		ConvergenceWarning bool        `json:"convergence_warning"`
		Coef               [][]float64 `json:"coef"`
		Intercept          []float64   `json:"intercept"`
	} `json:"max_iter_5"`
}

func readSklearn(t *testing.T, name string) sklearnFit {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var s sklearnFit
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// dense turns rows of equal length into a matrix.
func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}
