package cli

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestClassifyPrintsRawAndEncodedAccuracyAndDrawsTheCodes(t *testing.T) {
	code, stdout, stderr := runCLI(t, "classify")
	if code != 0 || stdout != "raw: accuracy 0.8939 (295/330)\n" || stderr != "" {
		t.Fatalf("classify: exit %d, stdout %q, stderr %q; want the raw line alone", code, stdout, stderr)
	}

	enc := filepath.Join(trainedRun(t), "encoder.npz")
	out := filepath.Join(t.TempDir(), "pictures")
	code, stdout, stderr = runCLI(t, "classify", "-encoder", enc, "-out", out)
	if code != 0 {
		t.Fatalf("classify -encoder: exit %d: %s", code, stderr)
	}
	lines := regexp.MustCompile(`^raw: accuracy 0\.8939 \(295/330\)\nencoded: accuracy (0\.\d{4}) \((\d+)/330\)\nwrote ` + regexp.QuoteMeta(filepath.Join(out, "codes.png")) + "\n$")
	if !lines.MatchString(stdout) || stderr != "" {
		t.Errorf("stdout %q, stderr %q; want the raw and encoded lines and no warning", stdout, stderr)
	}
	// Another split of the same rows: the encoder's scaler saw some of the
	// new test rows, and classify says so.
	code, _, stderr = runCLI(t, "classify", "-encoder", enc, "-out", out, "-test-size", "0.5")
	if code != 0 || !strings.HasPrefix(stderr, "autoencoder classify: warning: the scaler in "+enc+" was fitted on other training rows than this split's") {
		t.Errorf("classify -encoder -test-size 0.5: exit %d, stderr %q; want the warning", code, stderr)
	}
	f, err := os.Open(filepath.Join(out, "codes.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("codes.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1152 || b.Dy() != 480 {
		t.Errorf("codes.png is %dx%d, want 1152x480", b.Dx(), b.Dy())
	}
}

// TestClassifyDrawsWhatTheCodesAllow: an encoder with a bottleneck of 1 has
// one principal component, which codes.png draws alone; a split with one
// test row has none, so classify says before the work that it draws no
// figure, and still prints both scores. Both once ended in exit 1 after
// the scores.
func TestClassifyDrawsWhatTheCodesAllow(t *testing.T) {
	enc := filepath.Join(trainedRun(t, "-bottleneck", "1"), "encoder.npz")
	out := filepath.Join(t.TempDir(), "one")
	code, stdout, stderr := runCLI(t, "classify", "-encoder", enc, "-out", out)
	if code != 0 || !strings.Contains(stdout, "\nwrote "+filepath.Join(out, "codes.png")+"\n") || stderr != "" {
		t.Errorf("bottleneck 1: exit %d, stdout %q, stderr %q; want codes.png", code, stdout, stderr)
	}

	out = filepath.Join(t.TempDir(), "row")
	code, stdout, stderr = runCLI(t, "classify", "-encoder", filepath.Join(trainedRun(t), "encoder.npz"), "-out", out, "-test-size", "1")
	lines := regexp.MustCompile(`^raw: accuracy [01]\.0000 \([01]/1\)\nencoded: accuracy [01]\.0000 \([01]/1\)\n$`)
	if code != 0 || !lines.MatchString(stdout) ||
		!strings.HasPrefix(stderr, "autoencoder classify: warning: no codes.png: its principal components need two test rows or more, and this split has 1\n") {
		t.Errorf("-test-size 1: exit %d, stdout %q, stderr %q; want both scores and the warning", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "codes.png")); !os.IsNotExist(err) {
		t.Errorf("-test-size 1 wrote codes.png (%v)", err)
	}
}
