package cli

import (
	"strings"
	"testing"
)

// TestHelpHelp: "help help" lists the commands as "help" does, and help
// with more than one word says that it takes one command.
func TestHelpHelp(t *testing.T) {
	code, stdout, stderr := runCLI(t, "help", "help")
	_, want, _ := runCLI(t, "help")
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("help help: exit %d, stdout %q, stderr %q; want the list of commands", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "help", "train", "data")
	if code != 2 || !strings.Contains(stderr, `autoencoder help: one command at a time, got "train data"`) {
		t.Errorf("help train data: exit %d, stderr %q", code, stderr)
	}
}
