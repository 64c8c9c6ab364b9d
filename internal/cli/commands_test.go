package cli

import (
	"context"
	"strings"
	"testing"
)

// TestHelpHelp: "help help" (and "help -h") lists the commands as "help"
// does, and help
// with more than one word says that it takes one command.
func TestHelpHelp(t *testing.T) {
	_, want, _ := runCLI(t, "help")
	for _, arg := range []string{"help", "-h", "-help", "--help"} {
		code, stdout, stderr := runCLI(t, "help", arg)
		if code != 0 || stdout != want || stderr != "" {
			t.Errorf("help %s: exit %d, stdout %q, stderr %q; want the list of commands", arg, code, stdout, stderr)
		}
	}
	code, _, stderr := runCLI(t, "help", "train", "data")
	if code != 2 || !strings.Contains(stderr, `autoencoder help: one command at a time, got "train data"`) {
		t.Errorf("help train data: exit %d, stderr %q", code, stderr)
	}
}

// TestOnlyTrainsUsagePointsToTheOtherCommands: train, run when no command
// is named, ends its usage with the way to the other commands; the usage
// of a named command does not.
func TestOnlyTrainsUsagePointsToTheOtherCommands(t *testing.T) {
	const other = "\nthe other commands: autoencoder help\n"
	for _, cmd := range commandNames() {
		code, stdout, _ := runCLI(t, "help", cmd)
		if code != 0 || strings.HasSuffix(stdout, other) != (cmd == "train") {
			t.Errorf("help %s: exit %d; ends with %q: %v, want %v", cmd, code, other, strings.HasSuffix(stdout, other), cmd == "train")
		}
	}
}

// TestAMisspeltHelpIsSuggested: "help" is among the names a misspelt
// command is matched against.
func TestAMisspeltHelpIsSuggested(t *testing.T) {
	code, stdout, stderr := runCLI(t, "hepl")
	if want := `autoencoder: unknown command "hepl" (did you mean "help"?); `; code != 2 || !strings.HasPrefix(stderr, want) || stdout != "" {
		t.Errorf("hepl: exit %d, stderr %q; want 2 and a line starting %q", code, stderr, want)
	}
}

// TestNoArgumentsRunsTrain: the program with no arguments at all runs
// train with its defaults (here stopped by a cancelled context before it
// trains).
func TestNoArgumentsRunsTrain(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr strings.Builder
	code := Run(ctx, nil, &stdout, &stderr)
	if want := "autoencoder: interrupted before training started; nothing was written to out\n"; code != exitInterrupted || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), exitInterrupted, want)
	}
}
