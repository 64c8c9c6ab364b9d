package cli

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

func readCSVMatrix(t *testing.T, path string) dataset.Matrix {
	t.Helper()
	m, err := dataset.ReadMatrixFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func readCSVLabels(t *testing.T, path string) []int {
	t.Helper()
	y, err := dataset.ReadLabelsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return y
}

func sameBits(a, b dataset.Matrix) bool {
	if a.Rows != b.Rows || a.Cols != b.Cols || len(a.Data) != len(b.Data) {
		return false
	}
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			return false
		}
	}
	return true
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// TestDataWritesTheNotebookDataAsScikitLearnDoes runs the data command with
// its defaults and checks that the CSV files parse back to scikit-learn's
// rs1 fixture bit for bit.
func TestDataWritesTheNotebookDataAsScikitLearnDoes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out")
	code, stdout, stderr := runCLI(t, "data", "-out", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := []string{"X.csv", "X_test.csv", "X_test_scaled.csv", "X_train.csv", "X_train_scaled.csv", "y.csv", "y_test.csv", "y_train.csv"}
	if got := dirNames(t, dir); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("files %v, want %v", got, want)
	}
	if want := "wrote " + strings.Join(dataOutputs(true), ", ") + " in " + dir + "\n"; stdout != want {
		t.Errorf("stdout %q, want %q (dataOutputs, which the output check reads, names the files in the order they are written)", stdout, want)
	}
	rs1 := "../../dataset/testdata/rs1"
	for _, c := range []struct{ got, want string }{
		{"X.csv", "X.csv.gz"}, {"X_train.csv", "X_train_raw.csv.gz"}, {"X_test.csv", "X_test_raw.csv"},
		{"X_train_scaled.csv", "X_train.csv.gz"}, {"X_test_scaled.csv", "X_test.csv"},
	} {
		if !sameBits(readCSVMatrix(t, filepath.Join(dir, c.got)), readCSVMatrix(t, filepath.Join(rs1, c.want))) {
			t.Errorf("%s differs from rs1's %s", c.got, c.want)
		}
	}
	for _, name := range []string{"y.csv", "y_train.csv", "y_test.csv"} {
		if !sameInts(readCSVLabels(t, filepath.Join(dir, name)), readCSVLabels(t, filepath.Join(rs1, name))) {
			t.Errorf("%s differs from rs1's", name)
		}
	}
}

// TestDataPassesEveryFlagThrough sets every flag to a non-default value and
// compares the files with the library called on the equivalent parameters.
func TestDataPassesEveryFlagThrough(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "data", "-out", dir, "-samples", "60", "-features", "9", "-informative", "3",
		"-redundant", "2", "-repeated", "1", "-classes", "3", "-clusters-per-class", "1",
		"-weights", "0.5, 0.3", "-flip-y", "0.2", "-class-sep", "1.5", "-hypercube=false",
		"-shift", "random", "-scale", "RANDOM", "-shuffle=false", "-seed", "4294967295",
		"-test-size", "12", "-split-seed", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p := dataset.ClassificationParams{
		Samples: 60, Features: 9, Informative: 3, Redundant: 2, Repeated: 1, Classes: 3,
		ClustersPerClass: 1, Weights: []float64{0.5, 0.3}, FlipY: 0.2, ClassSep: 1.5,
		Hypercube: false, RandomShift: true, RandomScale: true, Shuffle: false, Seed: 4294967295,
	}
	X, y, err := dataset.MakeClassification(p)
	if err != nil {
		t.Fatal(err)
	}
	s, err := dataset.TrainTestSplit(X, y, 12, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !sameBits(readCSVMatrix(t, filepath.Join(dir, "X.csv")), X) || !sameInts(readCSVLabels(t, filepath.Join(dir, "y.csv")), y) {
		t.Error("X.csv or y.csv differs from MakeClassification")
	}
	if !sameBits(readCSVMatrix(t, filepath.Join(dir, "X_test.csv")), s.XTest) || s.XTest.Rows != 12 {
		t.Error("X_test.csv differs from TrainTestSplit with 12 test rows")
	}
	if !sameInts(readCSVLabels(t, filepath.Join(dir, "y_train.csv")), s.YTrain) {
		t.Error("y_train.csv differs")
	}
	// With fixed -shift and -scale the data differ from the random ones.
	dir2 := t.TempDir()
	if code, _, stderr := runCLI(t, "data", "-out", dir2, "-samples", "60", "-features", "9", "-informative", "3", "-redundant", "2", "-shift", "2.5", "-scale", "-3", "-test-size", "0"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p2 := dataset.NotebookParams()
	p2.Samples, p2.Features, p2.Informative, p2.Redundant, p2.Shift, p2.Scale = 60, 9, 3, 2, 2.5, -3
	X2, _, err := dataset.MakeClassification(p2)
	if err != nil {
		t.Fatal(err)
	}
	if !sameBits(readCSVMatrix(t, filepath.Join(dir2, "X.csv")), X2) {
		t.Error("-shift 2.5 -scale -3: X.csv differs")
	}
	if got := dirNames(t, dir2); strings.Join(got, " ") != "X.csv y.csv" {
		t.Errorf("-test-size 0 wrote %v, want only X.csv and y.csv", got)
	}
}

func TestDataHelpAndUnwritableOutput(t *testing.T) {
	code, stdout, _ := runCLI(t, "data", "-h")
	if code != 0 || !strings.Contains(stdout, "usage: autoencoder data [-out DIR] [flags]") || !strings.Contains(stdout, "-clusters-per-class") {
		t.Errorf("-h: exit %d, stdout %q", code, stdout)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "data", "-out", file, "-samples", "20", "-features", "5", "-informative", "2", "-redundant", "1")
	if code != 2 || stderr != "autoencoder data: output directory "+file+" is a file\n" {
		t.Errorf("-out is a file: exit %d, stderr %q; want exit 2 and one line", code, stderr)
	}
}
