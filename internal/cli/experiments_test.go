package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestExperimentsWritesResultsFiguresAndReport(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 2 short runs")
	}
	dir := filepath.Join(t.TempDir(), "sweep")
	code, stdout, stderr := runCLI(t, "experiments", "-configs", "bn25_l2,bn50_l3", "-seeds", "3", "-epochs", "2", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.HasPrefix(stdout, "2 configurations × 1 seed = 2 runs of 2 epochs, 2 at a time\n") && !strings.HasPrefix(stdout, "2 configurations × 1 seed = 2 runs of 2 epochs, 1 at a time\n") {
		t.Errorf("stdout starts %q", strings.SplitN(stdout, "\n", 2)[0])
	}
	// One line per finished run, with its config, seed, losses, time and count.
	line := regexp.MustCompile(`(?m)^\[[12]/2\] (bn25_l2|bn50_l3) seed 3: loss \S+ - val_loss \S+ - min val_loss \S+ at epoch [12] - \d+\.\d s$`)
	if n := len(line.FindAllString(stdout, -1)); n != 2 {
		t.Errorf("%d progress lines, want 2:\n%s", n, stdout)
	}
	for _, name := range []string{"results.csv", "sweep.json", "report.md", "comparison.png", "curves_bn25_l2.png", "curves_bn50_l3.png"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "results.csv"))
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); len(lines) != 3 ||
		!strings.HasPrefix(lines[1], "bn25_l2,200-100,25,3,") || !strings.HasPrefix(lines[2], "bn50_l3,200-100-50,50,3,") {
		t.Errorf("results.csv:\n%s", csv)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(md), "Written by `go run . experiments -configs bn25_l2,bn50_l3 -seeds 3 -epochs 2 -out "+dir+"`") {
		t.Errorf("report.md does not quote its command:\n%.300s", md)
	}
	if !strings.Contains(string(md), "\nOne seed: each figure is that run's.\n") || strings.Contains(string(md), "standard deviation over the seeds") {
		t.Errorf("report.md of one seed speaks of a spread over seeds")
	}

	// The same sweep one at a time, then this one against it as the baseline.
	seqDir := filepath.Join(t.TempDir(), "seq")
	if code, _, stderr := runCLI(t, "experiments", "-configs", "bn25_l2,bn50_l3", "-seeds", "3", "-epochs", "2", "-parallel", "1", "-out", seqDir); code != 0 {
		t.Fatalf("sequential: exit %d, stderr %q", code, stderr)
	}
	code, stdout, stderr = runCLI(t, "experiments", "-configs", "bn25_l2,bn50_l3", "-seeds", "3", "-epochs", "2",
		"-baseline", filepath.Join(seqDir, "sweep.json"), "-out", dir)
	if code != 0 {
		t.Fatalf("with baseline: exit %d, stderr %q", code, stderr)
	}
	if !regexp.MustCompile(`(?m)^parallel/sequential wall time: \S+ s / \S+ s = \d+\.\d\d$`).MatchString(stdout) {
		t.Errorf("no ratio line:\n%s", stdout)
	}
	md, _ = os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(md), "The sequential sweep's final val_loss equals this one's in all 2 runs, bit for bit.") {
		t.Errorf("report.md does not confirm the sequential numbers")
	}
}

func TestExperimentsHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "experiments", "-h")
	if code != 0 || !strings.Contains(stdout, "-configs") || !strings.Contains(stdout, "bn100_l2,bn50_l2,bn25_l2,bn50_l3,bn10_l2,bn5_l2,bn2_l2") {
		t.Errorf("exit %d, help:\n%s", code, stdout)
	}
}
