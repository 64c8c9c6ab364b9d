package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestTrainWritesItsOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCLI(t, "-epochs", "3", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, name := range []string{"history.csv", "loss.png", "loss.svg", "graph.dot"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	hist, err := os.ReadFile(filepath.Join(dir, "history.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(hist)), "\n")
	if len(lines) != 4 || lines[0] != "epoch,loss,val_loss" || !strings.HasPrefix(lines[3], "3,") {
		t.Errorf("history.csv = %q, want a header and epochs 1-3", hist)
	}
	// Keras's verbose=2 log: an "Epoch i/n" line, then the epoch's losses.
	logLine := regexp.MustCompile(`(?m)^Epoch 2/3\n42/42 - \d+s - loss: \d\.\d{4} - val_loss: \d\.\d{4}$`)
	if !logLine.MatchString(stdout) {
		t.Errorf("stdout lacks Keras's epoch log:\n%s", stdout)
	}
	summary := regexp.MustCompile(`final loss: \S+ - final val_loss: \S+ - best val_loss: \S+ at epoch [1-3] - 3 epochs in \S+ - finished the 3 epochs - saved weights: epoch 3 \(the last\)\n$`)
	if !summary.MatchString(stdout) {
		t.Errorf("stdout does not end with the summary line:\n%s", stdout)
	}
	wrote := "\nwrote history.csv, loss.png, loss.svg, encoder.npz, model.npz, codes_test.csv in " + dir +
		", and the training graph in " + filepath.Join(dir, "graph.dot")
	if !strings.Contains(stdout, wrote) {
		t.Errorf("stdout does not say where the outputs went (%q):\n%s", wrote, stdout)
	}
	if _, err := exec.LookPath("dot"); err == nil {
		if _, err := os.Stat(filepath.Join(dir, "graph.svg")); err != nil {
			t.Errorf("graphviz is installed but graph.svg was not written: %v", err)
		}
		if stderr != "" {
			t.Errorf("stderr = %q, want nothing (dot warnings?)", stderr)
		}
	}
}

func TestTrainSameSeedGivesIdenticalHistoryAndGraph(t *testing.T) {
	read := func(dir, name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if code, _, stderr := runCLI(t, "-epochs", "2", "-verbose", "0", "-seed", "7", "-out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	if read(a, "history.csv") != read(b, "history.csv") {
		t.Errorf("two runs with seed 7 differ:\n%s\n%s", read(a, "history.csv"), read(b, "history.csv"))
	}
	if read(a, "graph.dot") != read(b, "graph.dot") {
		t.Errorf("graph.dot differs between runs")
	}
}

func TestTrainGraphLabelsShowOpAndShape(t *testing.T) {
	dir := t.TempDir()
	dot := filepath.Join(dir, "elsewhere", "g.dot")
	if code, _, stderr := runCLI(t, "-epochs", "1", "-verbose", "0", "-bottleneck", "25", "-out", dir, "-dot", dot); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(dot)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`label="bottleneck/dense\nDense(bottleneck)\n(16×25)"`,
		`label="encoder_1/norm\nBatchNorm(encoder_1, training)\n(16×200)"`,
		`label="decoder_1/kernel\n(25×100)"`,
		`subgraph cluster_backward`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("graph lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "graph.dot")); err == nil {
		t.Errorf("-dot given, but graph.dot was written to -out too")
	}
	if path, err := exec.LookPath("dot"); err == nil {
		cmd := exec.Command(path, "-Tsvg", dot)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("dot -Tsvg: %v, warnings %q", err, stderr.String())
		}
	}
}

func TestTrainBadFlagsFailBeforeTraining(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-bottleneck", "0"}, "-bottleneck must be positive, got 0"},
		{[]string{"-bottleneck", "-5"}, "-bottleneck must be positive, got -5"},
		{[]string{"-epochs", "0"}, "-epochs must be positive, got 0"},
		{[]string{"-batch", "-1"}, "-batch must be positive, got -1"},
		{[]string{"-hidden", "200,x"}, `-hidden "200,x": width "x" is not a positive integer`},
		{[]string{"-hidden", "200,0"}, `-hidden "200,0": width "0" is not a positive integer`},
		{[]string{"-hidden", ""}, `-hidden "": empty list of widths`},
		{[]string{"-dtype", "float16"}, `-dtype: unknown dtype "float16" (want float32 or float64)`},
		{[]string{"-verbose", "3"}, "-verbose must be 0, 1 or 2, got 3"},
		{[]string{"-seed", "4294967296"}, `invalid value "4294967296" for flag -seed: want a whole number from 0 to 4294967295`},
		{[]string{"-seed", "-1"}, `invalid value "-1" for flag -seed: want a whole number from 0 to 4294967295`},
		{[]string{"-lr", "0"}, "-lr must be a positive number, got 0"},
		{[]string{"-out", file}, "output directory"},
		{[]string{"-init", filepath.Join(t.TempDir(), "missing.json")}, "-init: stat"},
		{[]string{"-nosuchflag"}, "flag provided but not defined: -nosuchflag"},
		{[]string{"-epochs", "ten"}, `invalid value "ten" for flag -epochs`},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		out := filepath.Join(t.TempDir(), "out")
		args := append([]string{"-out", out}, c.args...)
		code, stdout, stderr := runCLI(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", c.args, code)
		}
		if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: stderr %q, want one line containing %q", c.args, stderr, c.want)
		}
		if stdout != "" {
			t.Errorf("%v: stdout %q, want nothing", c.args, stdout)
		}
		if entries, _ := os.ReadDir(out); len(entries) > 0 {
			t.Errorf("%v: wrote %d files before failing", c.args, len(entries))
		}
	}
}

// TestTrainSaysWhenItSkipsTheGraphsSVG runs without Graphviz on PATH: the
// run must say that graph.svg was skipped and why, and write the rest.
func TestTrainSaysWhenItSkipsTheGraphsSVG(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	o := start(t, launch{env: []string{"PATH=" + t.TempDir()}}, "-epochs", "1", "-verbose", "1", "-out", dir)
	if o.code != 0 || o.stderr != "" {
		t.Fatalf("exit %d, stderr %q", o.code, o.stderr)
	}
	want := "and the training graph in " + filepath.Join(dir, "graph.dot") + " (graph.svg skipped: Graphviz's dot is not installed)\n"
	if !strings.Contains(o.stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, o.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "graph.svg")); err == nil {
		t.Errorf("graph.svg written without Graphviz")
	}
}
