package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
)

// trainedRun trains the notebook's model with a bottleneck of 50 for a few
// epochs into a new directory and returns it.
func trainedRun(t *testing.T, extra ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	args := append([]string{"-epochs", "2", "-bottleneck", "50", "-verbose", "0", "-seed", "2", "-out", dir}, extra...)
	if code, _, stderr := runCLI(t, args...); code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	return dir
}

func TestTrainSavesTheEncoderTheModelAndTheTestCodes(t *testing.T) {
	dir := trainedRun(t)
	for name, want := range map[string]checkpoint.Part{"encoder.npz": checkpoint.Encoder, "model.npz": checkpoint.Model} {
		s, err := checkpoint.ReadNPZFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if s.Part != want || s.Params.Config.String() != "100-200-100-[50]-100-200-100 float32" || len(s.Scaler.Scale) != 100 {
			t.Errorf("%s: part %s, model %v, %d scaler values", name, s.Part, s.Params.Config, len(s.Scaler.Scale))
		}
	}
	c := readCSVMatrix(t, filepath.Join(dir, "codes_test.csv"))
	if c.Rows != 330 || c.Cols != 50 {
		t.Errorf("codes_test.csv is %dx%d, want 330x50", c.Rows, c.Cols)
	}
}

// TestEncodeInANewProcessReproducesTheTrainingRunsCodesByteForByte is the
// promise of encoder.npz: a process that has only the file and the raw test
// rows (as the data command writes them, with or without a header) computes
// the codes the training run computed in memory, to the last bit.
func TestEncodeInANewProcessReproducesTheTrainingRunsCodesByteForByte(t *testing.T) {
	run := trainedRun(t)
	data := t.TempDir()
	if code, _, stderr := runCLI(t, "data", "-out", data); code != 0 {
		t.Fatalf("data: exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile(filepath.Join(run, "codes_test.csv"))
	if err != nil {
		t.Fatal(err)
	}

	// The same rows under a header line.
	raw, err := os.ReadFile(filepath.Join(data, "X_test.csv"))
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 100)
	for i := range names {
		names[i] = "x" + strings.Repeat("'", i%3) + string(rune('a'+i%26))
	}
	withHeader := filepath.Join(data, "X_test_header.csv")
	if err := os.WriteFile(withHeader, append([]byte(strings.Join(names, ",")+"\n"), raw...), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, in := range []string{filepath.Join(data, "X_test.csv"), withHeader} {
		outDir := t.TempDir()
		out := filepath.Join(outDir, "codes.csv")
		code, stdout, stderr := runCLI(t, "encode", "-encoder", filepath.Join(run, "encoder.npz"), "-data", in, "-out", outDir)
		if code != 0 {
			t.Fatalf("encode %s: exit %d: %s", in, code, stderr)
		}
		if want := "encoded 330 rows of 100 features into 50 codes each: wrote " + out + "\n"; stdout != want {
			t.Errorf("stdout %q, want %q", stdout, want)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("encode %s: %d bytes differ from the training run's codes_test.csv (%d bytes)", filepath.Base(in), len(got), len(want))
		}
	}

	// model.npz holds the same encoder.
	outDir := t.TempDir()
	out := filepath.Join(outDir, "codes.csv")
	if code, _, stderr := runCLI(t, "encode", "-encoder", filepath.Join(run, "model.npz"), "-data", filepath.Join(data, "X_test.csv"), "-out", outDir); code != 0 {
		t.Fatalf("encode with model.npz: exit %d: %s", code, stderr)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, want) {
		t.Errorf("model.npz encodes differently from encoder.npz")
	}
}

// TestTrainInitFromModelNPZTrainsAsInitFromJSON starts two runs from the
// same weights, one saved as model.npz and one as JSON: they must train
// identically.
func TestTrainInitFromModelNPZTrainsAsInitFromJSON(t *testing.T) {
	first := trainedRun(t)
	npzPath := filepath.Join(first, "model.npz")
	s, err := checkpoint.ReadNPZFile(npzPath)
	if err != nil {
		t.Fatal(err)
	}
	jsonPath := filepath.Join(t.TempDir(), "model.json")
	if err := checkpoint.SaveJSON(jsonPath, s.Params); err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, init := range []string{npzPath, jsonPath} {
		dirs = append(dirs, trainedRun(t, "-seed", "5", "-epochs", "1", "-init", init))
	}
	for _, name := range []string{"history.csv", "model.npz", "codes_test.csv"} {
		a, errA := os.ReadFile(filepath.Join(dirs[0], name))
		b, errB := os.ReadFile(filepath.Join(dirs[1], name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between -init model.npz and -init model.json (%v, %v)", name, errA, errB)
		}
	}
	// Starting from the saved weights is not starting from seed 5's.
	seeded := trainedRun(t, "-seed", "5", "-epochs", "1")
	a, _ := os.ReadFile(filepath.Join(dirs[0], "history.csv"))
	b, _ := os.ReadFile(filepath.Join(seeded, "history.csv"))
	if bytes.Equal(a, b) {
		t.Errorf("-init changed nothing: the history equals seed 5's")
	}
	if s, err := checkpoint.ReadNPZFile(filepath.Join(dirs[0], "model.npz")); err != nil || s.Params.Config.Bottleneck != 50 {
		t.Errorf("model.npz after -init: %v", err)
	}
}

// TestTrainInitRejectsAnotherArchitectureNamingTheTensor: model.npz knows
// its shape, so a model flag that says otherwise is refused, naming both
// values; a JSON file records no shape, so loading it names the first
// tensor whose shape differs.
func TestTrainInitRejectsAnotherArchitectureNamingTheTensor(t *testing.T) {
	npzPath := filepath.Join(trainedRun(t), "model.npz")
	enc := filepath.Join(filepath.Dir(npzPath), "encoder.npz")
	s, err := checkpoint.ReadNPZFile(npzPath)
	if err != nil {
		t.Fatal(err)
	}
	jsonPath := filepath.Join(t.TempDir(), "model.json")
	if err := checkpoint.SaveJSON(jsonPath, s.Params); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-bottleneck", "25", "-init", npzPath},
			"autoencoder: -bottleneck 25 contradicts " + npzPath + "'s bottleneck 50\n"},
		{[]string{"-bottleneck", "50", "-hidden", "150,n", "-init", npzPath},
			"autoencoder: -hidden 150,n contradicts " + npzPath + "'s hidden widths 200,100\n"},
		{[]string{"-dtype", "float64", "-init", npzPath},
			"autoencoder: -dtype float64 contradicts " + npzPath + "'s dtype float32\n"},
		{[]string{"-bottleneck", "25", "-init", jsonPath},
			"autoencoder: -init: load " + jsonPath + ": tensor 12 (bottleneck/kernel): shape [100 50], want [100 25]\n"},
		{[]string{"-bottleneck", "50", "-init", enc},
			"autoencoder: -init: load " + enc + `: it holds the encoder only (arch/part "encoder"); starting a training run needs a whole model such as model.npz` + "\n"},
	} {
		dir := t.TempDir()
		code, _, stderr := runCLI(t, append(c.args, "-epochs", "1", "-verbose", "0", "-out", dir)...)
		if code != 2 || stderr != c.want {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
		if _, err := os.Stat(filepath.Join(dir, "history.csv")); err == nil {
			t.Errorf("%v: a refused -init still trained", c.args)
		}
	}
}
