package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckInputsKeptKnowsAFileByAnyName: an input is the output it would
// be replaced by whether it is named by the same path, another spelling of
// it, or a link to it; a file of its own passes.
func TestCheckInputsKeptKnowsAFileByAnyName(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "run", "codes.csv")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{out, filepath.Join(dir, "other.csv")} {
		if err := os.WriteFile(p, []byte("1,2\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(out, link); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	for _, in := range []string{out, filepath.Join(dir, "run", ".", "codes.csv"), link} {
		err := checkInputsKept([]string{out}, fileFlag{"-data", in})
		if err == nil || !strings.Contains(err.Error(), "-data "+in+" would be replaced by this run's output "+out) {
			t.Errorf("-data %s: %v; want it refused", in, err)
		}
	}
	if err := checkInputsKept([]string{out}, fileFlag{"-data", filepath.Join(dir, "other.csv")}, fileFlag{"-labels", ""}); err != nil {
		t.Errorf("a file of its own: %v", err)
	}
	// An output that does not exist yet is still known by its path.
	fresh := filepath.Join(dir, "fresh", "codes.csv")
	if err := checkInputsKept([]string{fresh}, fileFlag{"-data", fresh}); err == nil {
		t.Errorf("-data %s, an output not written yet: accepted", fresh)
	}
}

// TestCommandsRemoveTheTemporaryFilesAKilledRunLeft: each command that
// writes files removes the ".NAME.tmp-*" files that an earlier run of it,
// killed while writing NAME, left in -out, as train does, and leaves any
// other file there alone.
func TestCommandsRemoveTheTemporaryFilesAKilledRunLeft(t *testing.T) {
	run := trainedRun(t)
	rows := filepath.Join(t.TempDir(), "rows")
	if code, _, stderr := runCLI(t, "data", "-samples", "20", "-test-size", "0", "-out", rows); code != 0 {
		t.Fatalf("data: exit %d: %s", code, stderr)
	}
	history := filepath.Join(run, "history.csv")
	for _, c := range []struct {
		outputs []string
		args    []string
	}{
		{[]string{"X.csv", "y.csv"}, []string{"data", "-samples", "20", "-test-size", "0"}},
		{[]string{"codes.csv"}, []string{"encode", "-encoder", filepath.Join(run, "encoder.npz"), "-data", filepath.Join(rows, "X.csv")}},
		{[]string{"codes.png"}, []string{"classify", "-encoder", filepath.Join(run, "encoder.npz")}},
		{[]string{"compare.csv", "compare.png"}, []string{"compare", "-history", history, "-go", history}},
		{[]string{"results.csv", "report.md"}, []string{"experiments", "-configs", "bn2", "-seeds", "1", "-epochs", "1"}},
	} {
		out := t.TempDir()
		var stale []string
		for _, name := range c.outputs {
			stale = append(stale, filepath.Join(out, "."+name+".tmp-1234"))
		}
		other := filepath.Join(out, ".notes.txt.tmp-1234")
		for _, p := range append(stale, other) {
			if err := os.WriteFile(p, []byte("left by a killed run"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if code, _, stderr := runCLI(t, append(c.args, "-out", out)...); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.args[0], code, stderr)
		}
		for _, p := range stale {
			if _, err := os.Stat(p); !os.IsNotExist(err) {
				t.Errorf("%s left %s in place (%v)", c.args[0], filepath.Base(p), err)
			}
		}
		if _, err := os.Stat(other); err != nil {
			t.Errorf("%s removed a file that is not its own: %v", c.args[0], err)
		}
	}
}
