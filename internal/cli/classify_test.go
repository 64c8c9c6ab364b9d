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
