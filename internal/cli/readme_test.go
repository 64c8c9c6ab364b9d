package cli

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeNamesEveryCommandFlagAndOutput keeps the README true to the
// program: every command, every flag of every command, every file a
// command writes and the Go version that go.mod asks for must appear in it.
func TestReadmeNamesEveryCommandFlagAndOutput(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, c := range commands() {
		if !strings.Contains(readme, "| `"+c.Name+"`") {
			t.Errorf("the README's table of commands lacks %s", c.Name)
		}
		fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
		c.Setup(fs)
		fs.VisitAll(func(f *flag.Flag) {
			if !regexp.MustCompile("(^|[\\s`(])-" + regexp.QuoteMeta(f.Name) + "([\\s`=,)]|$)").MatchString(readme) {
				t.Errorf("the README does not mention %s's flag -%s", c.Name, f.Name)
			}
		})
	}
	outputs := append([]string{codesFile, codesFigure, compareTable, compareFigure, compareHistory}, trainOutputs...)
	for _, name := range outputs {
		if !strings.Contains(readme, "`"+name+"`") {
			t.Errorf("the README does not name the output %s", name)
		}
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(string(mod))
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	if want := "Go " + m[1] + " or later"; !strings.Contains(readme, want) {
		t.Errorf("the README does not say %q, as go.mod's go line asks", want)
	}
}
