package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandsStopWhenInterrupted runs data, encode and classify with a
// context already cancelled, as SIGINT or SIGTERM cancels Main's: each
// must stop before it writes anything and exit 130 with one line that says
// so, as train, compare and experiments do, instead of ignoring the signal
// (the process catches it) and finishing with exit 0.
func TestCommandsStopWhenInterrupted(t *testing.T) {
	enc := filepath.Join(trainedRun(t), "encoder.npz")
	rows := filepath.Join(t.TempDir(), "rows")
	if code, _, stderr := runCLI(t, "data", "-samples", "20", "-test-size", "0", "-out", rows); code != 0 {
		t.Fatalf("data: exit %d: %s", code, stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		args []string
		msg  string // after "autoencoder CMD: "; OUT stands for the -out directory
	}{
		{[]string{"data"}, "interrupted; nothing was written to OUT"},
		{[]string{"encode", "-encoder", enc, "-data", filepath.Join(rows, "X.csv")}, "interrupted; nothing was written to OUT"},
		{[]string{"classify", "-encoder", enc}, "interrupted; nothing was written to OUT"},
		{[]string{"classify"}, "interrupted"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		args := c.args
		if c.args[0] != "classify" || len(c.args) > 1 {
			args = append(args, "-out", out)
		}
		var stdout, stderr strings.Builder
		code := Run(ctx, args, &stdout, &stderr)
		want := Program + " " + c.args[0] + ": " + strings.ReplaceAll(c.msg, "OUT", out) + "\n"
		if code != exitInterrupted || stderr.String() != want {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr.String(), exitInterrupted, want)
		}
		if strings.Contains(stdout.String(), "raw:") || strings.Contains(stdout.String(), "wrote") {
			t.Errorf("%v: went on after the interruption: %s", c.args, stdout.String())
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: %s exists (%v); nothing should have been written", c.args, out, err)
		}
	}
}

// TestTrainCancelledBeforeItTrainsSaysSoAndWritesNothing: train, its
// context cancelled before training starts (a signal while it loads the
// data), stops there: exit 130, one line that says so, no -out.
func TestTrainCancelledBeforeItTrainsSaysSoAndWritesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr strings.Builder
	code := Run(ctx, []string{"-epochs", "1", "-verbose", "0", "-out", out}, &stdout, &stderr)
	if want := "autoencoder: interrupted before training started; nothing was written to " + out + "\n"; code != exitInterrupted || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), exitInterrupted, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s exists (%v); nothing should have been written", out, err)
	}
}
