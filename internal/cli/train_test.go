package cli

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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
	wrote := "\nwrote history.csv, loss.png, loss.svg, summary.txt, encoder.npz, model.npz, codes_test.csv in " + dir +
		"; the layers in " + filepath.Join(dir, "layers.dot")
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
		`label="bottleneck/dense\nDense(bottleneck)\nof encoder_2/act, bottleneck/kernel, bottleneck/bias\n(16×25)"`,
		`label="encoder_1/norm\nBatchNorm(encoder_1, training)\nof encoder_1/dense, encoder_1/norm/gamma, encoder_1/norm/beta\n(16×200)"`,
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
// run must say that graph.svg was skipped and why, and write the rest; in
// a directory that holds an earlier run's SVGs, it removes them, so that
// no rendering of another graph stays beside the new DOT files.
func TestTrainSaysWhenItSkipsTheGraphsSVG(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	for _, older := range []bool{false, true} {
		if older {
			for _, name := range []string{"layers.svg", "graph.svg"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte("<svg/>"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		o := start(t, launch{env: []string{"PATH=" + t.TempDir()}}, "-epochs", "1", "-verbose", "1", "-out", dir)
		if o.code != 0 || o.stderr != "" {
			t.Fatalf("exit %d, stderr %q", o.code, o.stderr)
		}
		removed := ""
		if older {
			removed = "; the older one removed"
		}
		want := "; the layers in " + filepath.Join(dir, "layers.dot") + " (layers.svg skipped: Graphviz's dot is not installed" + removed + ")" +
			"; the training graph in " + filepath.Join(dir, "graph.dot") + " (graph.svg skipped: Graphviz's dot is not installed" + removed + ")" +
			"; the run's state for -resume in " + filepath.Join(dir, "state.npz") + "\n"
		if !strings.Contains(o.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, o.stdout)
		}
		for _, name := range []string{"layers.svg", "graph.svg"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				t.Errorf("%s there without Graphviz (older %v)", name, older)
			}
		}
	}
}

// TestTrainWithTheStockGraph trains with Gorgonia's own operators: the run
// writes the same outputs, its graph.dot is the stock graph's (Gorgonia's
// products and the gradient seed, labelled), and its first epoch's losses
// equal the fused graph's to float32 rounding.
func TestTrainWithTheStockGraph(t *testing.T) {
	runs := map[string]string{}
	for _, g := range []string{"fused", "stock"} {
		dir := filepath.Join(t.TempDir(), g)
		code, stdout, stderr := runCLI(t, "-graph", g, "-epochs", "1", "-verbose", "1", "-out", dir)
		if code != 0 || !strings.Contains(stdout, "; the "+g+" graph, batches of 16\n") || !strings.Contains(stdout, "Total params: 103,200\n") {
			t.Fatalf("-graph %s: exit %d, stderr %q, stdout:\n%s", g, code, stderr, stdout)
		}
		runs[g] = dir
	}
	dot, err := os.ReadFile(filepath.Join(runs["stock"], "graph.dot"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"stock graph, training mode, batch 16", `label="encoder_1/xW\ninput · encoder_1/kernel\n(16×200)"`} {
		if !strings.Contains(string(dot), want) {
			t.Errorf("the stock graph.dot lacks %s", want)
		}
	}
	read := func(dir string) []float64 {
		b, err := os.ReadFile(filepath.Join(dir, "history.csv"))
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Split(strings.Split(strings.TrimSpace(string(b)), "\n")[1], ",")
		var out []float64
		for _, s := range f[1:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		return out
	}
	fused, stock := read(runs["fused"]), read(runs["stock"])
	for i := range fused {
		if math.Abs(stock[i]-fused[i]) > 1e-4*fused[i] {
			t.Errorf("epoch 1 %s: stock %v, fused %v", []string{"loss", "val_loss"}[i], stock[i], fused[i])
		}
	}
	for _, name := range []string{"summary.txt", "layers.dot"} {
		a, _ := os.ReadFile(filepath.Join(runs["fused"], name))
		b, _ := os.ReadFile(filepath.Join(runs["stock"], name))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between the graphs, or is empty", name)
		}
	}
}

// TestBatchBeyondTheRowsIsTheWholeSplit: a -batch larger than the 670
// training rows trains as -batch 670 does (one step of all of them), and
// its graph view is built at that batch too, not at the number given,
// which could not be allocated when large.
func TestBatchBeyondTheRowsIsTheWholeSplit(t *testing.T) {
	dirs := map[string]string{}
	for _, batch := range []string{"670", "100000000"} {
		dirs[batch] = filepath.Join(t.TempDir(), batch)
		if code, _, stderr := runCLI(t, "-epochs", "2", "-verbose", "0", "-batch", batch, "-out", dirs[batch]); code != 0 {
			t.Fatalf("-batch %s: exit %d: %s", batch, code, stderr)
		}
	}
	for _, name := range []string{"history.csv", "graph.dot", "model.npz"} {
		a, errA := os.ReadFile(filepath.Join(dirs["670"], name))
		b, errB := os.ReadFile(filepath.Join(dirs["100000000"], name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between -batch 670 and -batch 100000000 (%v, %v)", name, errA, errB)
		}
	}
}

// TestTrainRefusesEveryOutputItCouldNotWriteBeforeTraining: each file the
// run writes into -out, its state included, refused when its name is
// taken by a directory or by something that is not a regular file (a
// FIFO), at once: exit 2, one line, and no training.
func TestTrainRefusesEveryOutputItCouldNotWriteBeforeTraining(t *testing.T) {
	for _, name := range []string{"history.csv", "loss.png", "loss.svg", "summary.txt", "layers.dot", "layers.svg",
		"graph.dot", "graph.svg", "encoder.npz", "model.npz", "codes_test.csv", "state.npz"} {
		run := filepath.Join(t.TempDir(), "run")
		path := filepath.Join(run, name)
		if err := os.MkdirAll(path, 0o755); err != nil {
			t.Fatal(err)
		}
		o := start(t, launch{}, "-epochs", "1", "-verbose", "2", "-out", run)
		if want := "autoencoder: output file " + path + " is a directory\n"; o.code != 2 || o.stderr != want || o.stdout != "" {
			t.Errorf("%s a directory: exit %d, stderr %q, stdout %.100q; want 2, %q and no training", name, o.code, o.stderr, o.stdout, want)
		}
	}
	run := t.TempDir()
	path := filepath.Join(run, "history.csv")
	if err := mkfifo(path); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	o := start(t, launch{}, "-epochs", "1", "-verbose", "2", "-out", run)
	if want := "autoencoder: output file " + path + " exists and is not a regular file\n"; o.code != 2 || o.stderr != want || o.stdout != "" {
		t.Errorf("history.csv a FIFO: exit %d, stderr %q, stdout %.100q; want 2, %q and no training", o.code, o.stderr, o.stdout, want)
	}
}

// TestDotMayNameTheDefaultPlaceButNotAnSVG: -dot OUT/graph.dot, where the
// graph goes without -dot, is no clash with another output, and a -dot
// file whose extension is .svg in any case is refused, as its rendering,
// named with .svg, would replace it (on a file system that ignores case).
func TestDotMayNameTheDefaultPlaceButNotAnSVG(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	if o := start(t, launch{}, "-epochs", "1", "-verbose", "0", "-out", run, "-dot", filepath.Join(run, "graph.dot")); o.code != 0 {
		t.Errorf("-dot OUT/graph.dot: exit %d: %s", o.code, o.stderr)
	}
	if fi, err := os.Stat(filepath.Join(run, "graph.dot")); err != nil || fi.Size() == 0 {
		t.Errorf("-dot OUT/graph.dot: graph.dot missing or empty: %v", err)
	}
	dir := t.TempDir()
	for _, dot := range []string{"g.SVG", "g.Svg"} {
		o := start(t, launch{dir: dir}, "-epochs", "1", "-verbose", "0", "-dot", dot)
		want := "autoencoder: -dot " + dot + ": the DOT file's SVG goes beside it, named with .svg, and would replace it; give the DOT file another extension, such as .dot\n"
		if o.code != 2 || o.stderr != want {
			t.Errorf("-dot %s: exit %d, stderr %q; want 2 and %q", dot, o.code, o.stderr, want)
		}
	}
}

// TestKeptEpochsCountsTheFinishedEpochsInWords: the end of an interrupted
// run's message says what it kept, in the singular for one epoch.
func TestKeptEpochsCountsTheFinishedEpochsInWords(t *testing.T) {
	for n, want := range map[int]string{
		0: "no epoch had finished, so nothing was written to run",
		1: "the 1 finished epoch is saved in run",
		2: "the 2 finished epochs are saved in run",
	} {
		if got := keptEpochs(n, "run"); got != want {
			t.Errorf("keptEpochs(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestBatchWarningsNameOnlyDegenerateBatches: a training split of exactly
// one batch, or one whose last batch holds two rows or more, trains with
// no warning; one row short of a batch, or one row over, warns.
func TestBatchWarningsNameOnlyDegenerateBatches(t *testing.T) {
	for _, c := range []struct {
		rows, batch int
		want        []string
	}{
		{16, 16, nil},
		{34, 16, nil},
		{15, 16, []string{"the 15 training rows are fewer than one batch of 16: every epoch is a single step of all of them"}},
		{33, 16, []string{"the last batch of every epoch holds 1 row (33 rows = 2 × 16 + 1): BatchNorm over one row has zero variance, which disturbs that step and the moving statistics"}},
		{1, 16, []string{"the 1 training row is fewer than one batch of 16: every epoch is a single step of all of them",
			"every batch holds 1 row: BatchNorm normalises a single row by its own mean, so every normalised unit reads its β whatever the input (its variance is 0) and the loss means little; Keras trains it all the same"}},
	} {
		if got := batchWarnings(c.rows, c.batch); !slices.Equal(got, c.want) {
			t.Errorf("%d rows in batches of %d: %q, want %q", c.rows, c.batch, got, c.want)
		}
	}
}
