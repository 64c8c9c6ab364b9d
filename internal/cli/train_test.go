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
	summary := regexp.MustCompile(`final loss: \S+ - final val_loss: \S+ - best val_loss: \S+ at epoch [1-3] - 3 epochs in \S+\n$`)
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
