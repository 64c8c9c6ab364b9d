package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The reference's torch_keras_semantics.py --seed 1 starts from the Go run's
// seed-1 weights and shuffles, so the two must agree epoch by epoch (float32
// rounding aside), whichever form the history comes in.
func TestCompareAgreesWithTheKerasSemanticsReplicaEpochByEpoch(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 5 epochs")
	}
	for _, name := range []string{"torch_keras_semantics_s1_e5.json", "torch_keras_semantics_s1_e5.csv"} {
		dir := filepath.Join(t.TempDir(), "cmp")
		code, stdout, stderr := runCLI(t, "compare", "-history", filepath.Join("..", "compare", "testdata", name), "-seed", "1", "-out", dir)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", name, code, stderr)
		}
		m := regexp.MustCompile(`largest \|rel\|: loss (\S+) at epoch \d, val_loss (\S+) at epoch \d`).FindStringSubmatch(stdout)
		if m == nil {
			t.Fatalf("%s: no summary in\n%s", name, stdout)
		}
		for _, s := range m[1:] {
			if v, err := strconv.ParseFloat(s, 64); err != nil || v > 2e-5 {
				t.Errorf("%s: largest relative difference %s, want at most 2e-5\n%s", name, s, stdout)
			}
		}
		if n := regexp.MustCompile(`(?m)^\s+[1-5]\s+0\.`).FindAllString(stdout, -1); len(n) != 5 {
			t.Errorf("%s: %d epoch rows printed, want 5", name, len(n))
		}
		for _, f := range []string{"compare.csv", "compare.png", "compare_history.csv"} {
			if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
				t.Errorf("%s: %s missing or empty: %v", name, f, err)
			}
		}
		if want := "\nwrote compare_history.csv, compare.csv and compare.png in " + dir + "\n"; !strings.HasSuffix(stdout, want) {
			t.Errorf("%s: stdout does not end %q", name, want)
		}
	}
	// Another seed starts elsewhere: the same comparison then finds percent-level differences.
	code, stdout, _ := runCLI(t, "compare", "-history", filepath.Join("..", "compare", "testdata", "torch_keras_semantics_s1_e5.csv"),
		"-seed", "2", "-epochs", "2", "-out", t.TempDir())
	if code != 0 || !strings.Contains(stdout, "final (epoch 2)") {
		t.Fatalf("seed 2: exit %d\n%s", code, stdout)
	}
	m := regexp.MustCompile(`largest \|rel\|: loss (\S+)`).FindStringSubmatch(stdout)
	if v, _ := strconv.ParseFloat(m[1], 64); v < 1e-3 {
		t.Errorf("seed 2 against seed 1's reference: largest loss difference %g, want a real difference", v)
	}
}

func TestCompareTwoFinishedHistoriesWithoutTraining(t *testing.T) {
	dir := t.TempDir()
	goPath := filepath.Join(dir, "history.csv")
	if err := os.WriteFile(goPath, []byte("epoch,loss,val_loss\n1,1,0.8\n2,0.5,0.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	refPath := filepath.Join(dir, "keras.json")
	if err := os.WriteFile(refPath, []byte(`{"loss": [1.25, 0.5, 0.25], "val_loss": [1, 0.5, 0.2]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "compare", "-history", refPath, "-go", goPath, "-name", "keras", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"final (epoch 2): loss go 0.5, ref 0.5, diff +0 (rel +0.00e+00); val_loss go 0.4, ref 0.5, diff -0.1 (rel -2.00e-01)",
		"largest |rel|: loss 2.00e-01 at epoch 1, val_loss 2.00e-01 at epoch 1",
		"note: the go run has 2 epochs and the reference 3; compared over the first 2",
		"\nwrote compare.csv and compare.png in " + out + "\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	b, _ := os.ReadFile(filepath.Join(out, "compare.csv"))
	if !strings.HasPrefix(string(b), "epoch,go_loss,ref_loss,loss_rel,go_val_loss,ref_val_loss,val_loss_rel\n1,1,1.25,-0.2,0.8,1,") {
		t.Errorf("compare.csv:\n%s", b)
	}
}

func TestCompareSaysWhenTwoHistoriesAreIdentical(t *testing.T) {
	ref := filepath.Join("..", "compare", "testdata", "torch_keras_semantics_s1_e5.csv")
	code, stdout, stderr := runCLI(t, "compare", "-history", ref, "-go", ref, "-out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "\nthe two histories are identical in all 5 common epochs\n") || strings.Contains(stdout, "epoch 0") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestCompareSaysWhereTheGoRunStartsAndHowItShuffles(t *testing.T) {
	init := filepath.Join("..", "..", "training", "testdata", "init_bn100.json.gz")
	ref := filepath.Join("..", "compare", "testdata", "torch_keras_semantics_s1_e5.csv")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-init", init, "-shuffle=false"}, "from " + init + " (no shuffling), 1 epoch "},
		{[]string{"-init", init, "-seed", "3"}, "from " + init + " (shuffles from seed 3), 1 epoch "},
		{[]string{"-seed", "3"}, "from seed 3, 1 epoch "},
	} {
		args := append([]string{"compare", "-history", ref, "-epochs", "1", "-out", t.TempDir()}, c.args...)
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || !strings.Contains(stdout, c.want) {
			t.Errorf("%v: exit %d, stderr %q; stdout lacks %q:\n%s", c.args, code, stderr, c.want, stdout)
		}
	}
}

// TestCompareHelpGivesTheEpochsDefault: compare trains as many epochs as
// the reference has unless -epochs is given, and its help says so rather
// than train's 200.
func TestCompareHelpGivesTheEpochsDefault(t *testing.T) {
	code, stdout, _ := runCLI(t, "help", "compare")
	if code != 0 || !strings.Contains(stdout, "passes over the training rows (default: as many as the reference has)") || strings.Contains(stdout, "(default 200)") {
		t.Errorf("exit %d, help:\n%s", code, stdout)
	}
}

// TestCompareWithGoRefusesEveryTrainingFlag: with -go nothing is trained,
// so each flag that describes the run to train is refused, not ignored.
func TestCompareWithGoRefusesEveryTrainingFlag(t *testing.T) {
	ref := filepath.Join("..", "compare", "testdata", "torch_keras_semantics_s1_e5.csv")
	for _, f := range [][]string{{"-bottleneck", "50"}, {"-hidden", "2n,n"}, {"-dtype", "float64"}, {"-graph", "stock"}, {"-epochs", "3"},
		{"-batch", "8"}, {"-shuffle=false"}, {"-seed", "2"}, {"-lr", "0.01"}, {"-init", ref}} {
		code, stdout, stderr := runCLI(t, append([]string{"compare", "-history", ref, "-go", ref, "-out", t.TempDir()}, f...)...)
		want := "autoencoder compare: " + strings.SplitN(f[0], "=", 2)[0] + " describes a run to train; it does not apply with -go\n"
		if code != 2 || stderr != want || stdout != "" {
			t.Errorf("-go with %v: exit %d, stderr %q; want 2 and %q", f, code, stderr, want)
		}
	}
}

// TestCompareChecksItsGoHistoryFileOnlyWhenItTrains: a directory named
// compare_history.csv in -out is refused before a run is trained into it,
// and is no obstacle with -go, which writes no such file.
func TestCompareChecksItsGoHistoryFileOnlyWhenItTrains(t *testing.T) {
	ref := filepath.Join("..", "compare", "testdata", "torch_keras_semantics_s1_e5.csv")
	out := t.TempDir()
	taken := filepath.Join(out, "compare_history.csv")
	if err := os.Mkdir(taken, 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "compare", "-history", ref, "-epochs", "1", "-out", out)
	if want := "autoencoder compare: output file " + taken + " is a directory\n"; code != 2 || stderr != want || stdout != "" {
		t.Errorf("training: exit %d, stderr %q, stdout %q; want 2 and %q before training", code, stderr, stdout, want)
	}
	if code, _, stderr := runCLI(t, "compare", "-history", ref, "-go", ref, "-out", out); code != 0 {
		t.Errorf("-go: exit %d: %s", code, stderr)
	}
}
