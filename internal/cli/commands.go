package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

// Program is the binary's name in usage lines and messages.
const Program = "autoencoder"

// A Command is one of the program's commands, in the manner of the go
// command's base.Command.
type Command struct {
	Name  string // "train", "encode", ...
	Args  string // the synopsis after the name: "-encoder FILE -data FILE.csv [flags]"
	Short string // one line for the list of commands
	// Setup registers the command's flags on fs and returns what runs once
	// they are parsed. It is called once per invocation, so flag values
	// live in the closure, not in package state.
	Setup func(fs *flag.FlagSet) Action
}

// An Action runs a command whose flags have been parsed.
type Action func(ctx context.Context, env *Env) error

// Env is where a command writes, and what it was given.
type Env struct {
	Stdout, Stderr io.Writer
	Args           []string // the command's arguments, as given
	prefix         string   // "autoencoder" or "autoencoder encode": the start of every message
	hooks          hooks
}

// Warnf prints a warning line on stderr.
func (e *Env) Warnf(format string, args ...any) {
	fmt.Fprintf(e.Stderr, "%s: warning: %s\n", e.prefix, fmt.Sprintf(format, args...))
}

// defaultCommand runs when the first argument is a flag or there is none.
const defaultCommand = "train"

// commands is the table of commands, in the order `help` lists them.
func commands() []*Command {
	return []*Command{trainCmd(), dataCmd(), encodeCmd(), classifyCmd(), experimentsCmd(), compareCmd()}
}

func lookup(name string) *Command {
	for _, c := range commands() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Main runs the program with the process's arguments, turning SIGINT and
// SIGTERM into a cancelled context, and returns the exit code.
func Main() int { return mainWith(hooks{}) }

// mainWith is Main with test hooks (see hooks).
func mainWith(h hooks) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr, h)
}

// Run runs the command that args name (train when the first argument is a
// flag or there is none) and returns the process's exit code: 0 done, 1 the
// run failed, 2 bad input (a *UsageError), 130 interrupted.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(ctx, args, stdout, stderr, hooks{})
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, h hooks) int {
	name := defaultCommand
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		return help(args, stdout, stderr)
	}
	cmd := lookup(name)
	if cmd == nil {
		fmt.Fprintf(stderr, "%s: unknown command %q%s; the commands are %s (%s help)\n",
			Program, name, suggestion(name), strings.Join(commandNames(), ", "), Program)
		return exitUsage
	}
	env := &Env{Stdout: stdout, Stderr: stderr, Args: args, prefix: Program, hooks: h}
	if cmd.Name != defaultCommand {
		env.prefix += " " + cmd.Name
	}
	fs := flag.NewFlagSet(env.prefix, flag.ContinueOnError)
	action := cmd.Setup(fs)
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(cmd, fs, stdout)
		return exitOK
	case err != nil:
		err = &UsageError{flagHint(err, cmd, fs)}
	case fs.NArg() > 0:
		err = usagef("unexpected argument %q", fs.Arg(0))
	default:
		err = action(ctx, env)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", env.prefix, err)
	}
	return exitCode(err)
}

// help prints the list of commands, or one command's usage and flags.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || len(args) == 1 && slices.Contains([]string{"help", "-h", "-help", "--help"}, args[0]) {
		fmt.Fprint(stdout, overview())
		return exitOK
	}
	if len(args) > 1 {
		fmt.Fprintf(stderr, "%s help: one command at a time, got %q; the commands are %s\n",
			Program, strings.Join(args, " "), strings.Join(commandNames(), ", "))
		return exitUsage
	}
	cmd := lookup(args[0])
	if cmd == nil {
		fmt.Fprintf(stderr, "%s help: unknown command %q%s; the commands are %s\n",
			Program, args[0], suggestion(args[0]), strings.Join(commandNames(), ", "))
		return exitUsage
	}
	fs := flag.NewFlagSet(cmd.Name, flag.ContinueOnError)
	cmd.Setup(fs)
	printUsage(cmd, fs, stdout)
	return exitOK
}

// overview is the program's usage: every command with its synopsis.
func overview() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s trains the Keras notebook's MLP autoencoder with Gorgonia.\n\nusage:\n", Program)
	for _, c := range commands() {
		name := c.Name
		if c.Name == defaultCommand {
			name = "[" + name + "]"
		}
		fmt.Fprintf(&b, "  %s %s %s\n      %s\n", Program, name, c.Args, c.Short)
	}
	fmt.Fprintf(&b, "\n%s help COMMAND (or %s COMMAND -h) lists a command's flags.\n", Program, Program)
	return b.String()
}

// printUsage prints a command's synopsis and flags.
func printUsage(cmd *Command, fs *flag.FlagSet, w io.Writer) {
	name := cmd.Name
	if cmd.Name == defaultCommand {
		name = "[" + name + "]"
	}
	fmt.Fprintf(w, "usage: %s %s %s\n\n%s\n\nflags:\n", Program, name, cmd.Args, cmd.Short)
	fs.SetOutput(w)
	fs.PrintDefaults()
	if cmd.Name == defaultCommand {
		fmt.Fprintf(w, "\nthe other commands: %s help\n", Program)
	}
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.Name)
	}
	return names
}

// suggestion is ` (did you mean "classify"?)` for a name one or two edits
// away from a command, and "" otherwise.
func suggestion(name string) string {
	best, dist := "", 3
	for _, c := range append(commandNames(), "help") {
		if d := editDistance(name, c); d < dist {
			best, dist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// flagHint adds to the flag package's error for an unknown flag the flag
// of cmd one edit away from it, or two for a name of five letters or more
// (` (did you mean -epochs?)`), or
// else the commands that have it (` (-epochs is a flag of train, compare
// and experiments)`); other errors it returns as they are.
func flagHint(err error, cmd *Command, fs *flag.FlagSet) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return err
	}
	best, dist := "", 2
	if len(name) >= 5 {
		dist = 3
	}
	fs.VisitAll(func(f *flag.Flag) {
		if d := editDistance(name, f.Name); d < dist {
			best, dist = f.Name, d
		}
	})
	if best != "" {
		return fmt.Errorf("%w (did you mean -%s?)", err, best)
	}
	var in []string
	for _, c := range commands() {
		other := flag.NewFlagSet(c.Name, flag.ContinueOnError)
		c.Setup(other)
		if c.Name != cmd.Name && other.Lookup(name) != nil {
			in = append(in, c.Name)
		}
	}
	switch len(in) {
	case 0:
		return err
	case 1:
		return fmt.Errorf("%w (-%s is a flag of %s)", err, name, in[0])
	}
	return fmt.Errorf("%w (-%s is a flag of %s and %s)", err, name, strings.Join(in[:len(in)-1], ", "), in[len(in)-1])
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
