package cli

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// programEnv marks a child process of the test binary that is the program
// itself: TestMain runs Main with the child's arguments instead of the
// tests, signal handling and exit code included.
const programEnv = "AUTOENCODER_TEST_PROGRAM"

func TestMain(m *testing.M) {
	if os.Getenv(programEnv) == "1" {
		os.Args = append([]string{Program}, os.Args[1:]...)
		os.Exit(Main())
	}
	os.Exit(m.Run())
}

// launch says how to start the program, beyond its arguments.
type launch struct {
	dir string   // working directory ("" for the test's)
	env []string // added to the test's environment
	// signal, if set, is sent to the program once, when it prints the
	// stdout line at.
	signal syscall.Signal
	at     string
}

// outcome is what a run of the program did.
type outcome struct {
	code           int
	stdout, stderr string
	signalled      bool  // the launch's signal was sent
	maxRSS         int64 // peak resident memory, bytes (Linux)
}

// start runs the program, the test binary re-executed as the built
// program would run, with args in a new process, and returns what it did.
// Every test of the commands launches the program this way.
func start(t *testing.T, l launch, args ...string) outcome {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(append(os.Environ(), programEnv+"=1"), l.env...)
	cmd.Dir = l.dir
	var stdout strings.Builder
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var o outcome
	r := bufio.NewReader(pipe)
	for {
		line, err := r.ReadString('\n')
		stdout.WriteString(line)
		if l.signal != 0 && !o.signalled && strings.TrimSuffix(line, "\n") == l.at {
			if err := cmd.Process.Signal(l.signal); err != nil {
				t.Fatal(err)
			}
			o.signalled = true
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		o.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	o.stdout, o.stderr = stdout.String(), stderr.String()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		o.maxRSS = int64(ru.Maxrss) << 10 // Linux reports KiB
	}
	return o
}

// runCLI runs the program with args and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	o := start(t, launch{}, args...)
	return o.code, o.stdout, o.stderr
}
