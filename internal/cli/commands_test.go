package cli

import (
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
