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
