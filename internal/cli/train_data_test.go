package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// notebookCSV writes the notebook's 1000 rows, each after its class (the
// text "no" for 0 and "yes" for 1) under a header "class,x1,...,x100", and
// returns the file's path.
func notebookCSV(t *testing.T) string {
	t.Helper()
	X, y, err := dataset.MakeClassification(dataset.NotebookParams())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("class")
	for j := 1; j <= X.Cols; j++ {
		b.WriteString(",x" + strconv.Itoa(j))
	}
	b.WriteByte('\n')
	for i := 0; i < X.Rows; i++ {
		b.WriteString([]string{"no", "yes"}[y[i]])
		for _, v := range X.Row(i) {
			b.WriteByte(',')
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "notebook.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTrainOnTheNotebooksDataAsCSVIsTheDefaultRunBitForBit: -data with the
// notebook's own rows, split and scaled as the notebook does, must train
// exactly as the default run on the generated data.
func TestTrainOnTheNotebooksDataAsCSVIsTheDefaultRunBitForBit(t *testing.T) {
	csv := notebookCSV(t)
	want := trainedRun(t) // -epochs 2 -bottleneck 50 -seed 2
	for _, label := range []string{"class", "0"} {
		got := trainedRun(t, "-data", csv, "-label", label)
		for _, name := range []string{"history.csv", "model.npz", "encoder.npz", "codes_test.csv", "graph.dot"} {
			a, errA := os.ReadFile(filepath.Join(want, name))
			b, errB := os.ReadFile(filepath.Join(got, name))
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("-label %s: %s differs from the default run's (%v, %v)", label, name, errA, errB)
			}
		}
	}
}

func TestClassifyOnCSVDataScoresAsOnTheNotebooksData(t *testing.T) {
	csv := notebookCSV(t)
	enc := filepath.Join(trainedRun(t), "encoder.npz")
	out := t.TempDir()
	_, wantOut, _ := runCLI(t, "classify", "-encoder", enc, "-out", out)
	code, stdout, stderr := runCLI(t, "classify", "-data", csv, "-label", "class", "-encoder", enc, "-out", out)
	want := "data " + csv + `: 1000 rows of 100 features, label "class" with 2 classes; 670 training rows, 330 test rows` + "\n" + wantOut
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("classify -data: exit %d, stdout %q, stderr %q; want %q", code, stdout, stderr, want)
	}
	if !strings.HasPrefix(wantOut, "raw: accuracy 0.8939 (295/330)\nencoded: accuracy ") {
		t.Errorf("classify on the notebook's data: %q", wantOut)
	}
}

// loadArgs parses the data flags and loads their data.
func loadArgs(t *testing.T, args ...string) (*dataset.Data, error) {
	t.Helper()
	var s sourceFlags
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(new(bytes.Buffer))
	s.register(fs, "")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := s.validate(fs); err != nil {
		return nil, err
	}
	return dataset.Load(s.source(context.Background(), nil))
}

func TestDataHeaderIsDetectedForcedOrRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rows := "1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,10,1\n11,12,0\n"
	named := write("named.csv", "a,b,y\n"+rows)
	plain := write("plain.csv", rows)
	numbered := write("numbered.csv", "10,20,30\n"+rows)
	for _, c := range []struct {
		args   []string
		rows   int
		header []string
		err    string
	}{
		{[]string{"-data", named}, 6, []string{"a", "b", "y"}, ""},
		{[]string{"-data", named, "-header"}, 6, []string{"a", "b", "y"}, ""},
		{[]string{"-data", named, "-header=yes"}, 6, []string{"a", "b", "y"}, ""},
		{[]string{"-data", named, "-label", "y"}, 6, []string{"a", "b"}, ""},
		{[]string{"-data", plain}, 6, nil, ""},
		{[]string{"-data", plain, "-label", "2"}, 6, nil, ""},
		{[]string{"-data", numbered}, 7, nil, ""},
		{[]string{"-data", numbered, "-header"}, 6, []string{"10", "20", "30"}, ""},
		{[]string{"-data", numbered, "-header", "-label", "30"}, 6, []string{"10", "20"}, ""},
		{[]string{"-data", numbered, "-header=auto"}, 7, nil, ""},
		{[]string{"-data", named, "-header=false"}, 0, nil, named + ` line 1, column 1: "a" is not a number`},
		{[]string{"-data", named, "-header=no"}, 0, nil, named + ` line 1, column 1: "a" is not a number`},
		{[]string{"-data", named, "-header=maybe"}, 0, nil, `invalid boolean value "maybe" for -header: want true, false or auto`},
		{[]string{"-data", plain, "-label", "y"}, 0, nil, plain + `: label column "y": the file has no header line to name it; give a 0-based column index`},
		{[]string{"-header"}, 0, nil, "-header needs -data: it describes the CSV file's first line"},
		{[]string{"-label", "y"}, 0, nil, "-label needs -data: it names a column of the CSV file"},
	} {
		d, err := loadArgs(t, c.args...)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%v: error %v, want %q", c.args, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		if d.Rows != c.rows || !slices.Equal(d.Header, c.header) {
			t.Errorf("%v: %d rows, header %q; want %d rows, header %q", c.args, d.Rows, d.Header, c.rows, c.header)
		}
	}
}

func TestHeaderFlagReadsLikeABoolAndRemembersAuto(t *testing.T) {
	for _, c := range []struct {
		args []string
		want dataset.HeaderMode
	}{
		{nil, dataset.HeaderAuto},
		{[]string{"-header"}, dataset.HeaderPresent},
		{[]string{"-header=true"}, dataset.HeaderPresent},
		{[]string{"-header=1"}, dataset.HeaderPresent},
		{[]string{"-header=false"}, dataset.HeaderAbsent},
		{[]string{"-header=NO"}, dataset.HeaderAbsent},
		{[]string{"-header", "-header=auto"}, dataset.HeaderAuto},
	} {
		var h headerFlag
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.Var(&h, "header", "")
		if err := fs.Parse(c.args); err != nil || h.mode != c.want {
			t.Errorf("%v: mode %v (%v), want %v", c.args, h.mode, err, c.want)
		}
	}
}

// TestTrainOnTheNotebooksDataAsNPYIsTheDefaultRunBitForBit: the notebook's
// rows as numpy's .npy, with their classes in a second file, train exactly
// as the default run does; so do they for classify.
func TestTrainOnTheNotebooksDataAsNPYIsTheDefaultRunBitForBit(t *testing.T) {
	X, y, err := dataset.MakeClassification(dataset.NotebookParams())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var b bytes.Buffer
	if err := dataset.WriteNPY(&b, X); err != nil {
		t.Fatal(err)
	}
	xPath, yPath := filepath.Join(dir, "X.npy"), filepath.Join(dir, "y.csv")
	if err := os.WriteFile(xPath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := dataset.WriteLabelsCSV(&b, y); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yPath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	want := trainedRun(t) // -epochs 2 -bottleneck 50 -seed 2
	got := trainedRun(t, "-data", xPath, "-labels", yPath)
	for _, name := range []string{"history.csv", "model.npz", "encoder.npz", "codes_test.csv"} {
		a, errA := os.ReadFile(filepath.Join(want, name))
		c, errB := os.ReadFile(filepath.Join(got, name))
		if errA != nil || errB != nil || !bytes.Equal(a, c) {
			t.Errorf("%s differs from the default run's (%v, %v)", name, errA, errB)
		}
	}
	_, wantOut, _ := runCLI(t, "classify")
	code, stdout, stderr := runCLI(t, "classify", "-data", xPath, "-labels", yPath)
	if code != 0 || !strings.HasSuffix(stdout, wantOut) {
		t.Errorf("classify -data X.npy: exit %d, stderr %q, stdout %q; want it to end with %q", code, stderr, stdout, wantOut)
	}
}
