package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// programEnv marks a child process of the test binary that is the program
// itself: TestMain runs Main with the child's arguments instead of the
// tests, signal handling and exit code included.
const programEnv = "AUTOENCODER_TEST_PROGRAM"

func TestMain(m *testing.M) {
	if os.Getenv(programEnv) == "1" {
		os.Args = append([]string{Program}, os.Args[1:]...)
		os.Exit(mainWith(testHooks()))
	}
	os.Exit(m.Run())
}

// Environment variables that set the program's test hooks (see hooks):
//
//	AUTOENCODER_TEST_PAUSE_STATE=K    pause in the middle of the first state write of epoch K or later
//	                                  (the Saver skips a state that a newer one replaces before its turn)
//	AUTOENCODER_TEST_PAUSE_OUTPUTS=1  pause before writing the outputs at the end
//	AUTOENCODER_TEST_MEMORY="N WHERE" the machine has N bytes available, as WHERE says
//
// A paused program prints the line pauseLine(what) on stdout, for the test
// to kill it then, and sleeps for a minute.
const (
	pauseStateEnv   = "AUTOENCODER_TEST_PAUSE_STATE"
	pauseOutputsEnv = "AUTOENCODER_TEST_PAUSE_OUTPUTS"
	memoryEnv       = "AUTOENCODER_TEST_MEMORY"
)

func pauseLine(what string) string { return "test hook: paused " + what }

func pause(what string) {
	fmt.Fprintln(os.Stdout, pauseLine(what))
	time.Sleep(time.Minute)
}

// testHooks are the hooks the environment asks for.
func testHooks() hooks {
	var h hooks
	if v := os.Getenv(pauseStateEnv); v != "" {
		epoch, _ := strconv.Atoi(v)
		h.stateWrite = func(e int, w io.Writer) io.Writer {
			if e < epoch {
				return w
			}
			return &pausingWriter{w: w, what: "in the state write of epoch " + strconv.Itoa(e)}
		}
	}
	if os.Getenv(pauseOutputsEnv) != "" {
		h.beforeOutputs = func() { pause("before the outputs") }
	}
	if v := os.Getenv(memoryEnv); v != "" {
		n, source, _ := strings.Cut(v, " ")
		bytes, _ := strconv.ParseUint(n, 10, 64)
		h.memory = func() (uint64, string, error) { return bytes, source, nil }
	}
	return h
}

// pausingWriter passes the first 4 KiB of a file through, flushes them to
// the file, then pauses.
type pausingWriter struct {
	w      io.Writer
	what   string
	n      int
	paused bool
}

func (p *pausingWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.n += n
	if p.n >= 4096 && !p.paused {
		p.paused = true
		if f, ok := p.w.(interface{ Flush() error }); ok {
			f.Flush()
		}
		pause(p.what)
	}
	return n, err
}

// launch says how to start the program, beyond its arguments.
type launch struct {
	dir string   // working directory ("" for the test's)
	env []string // added to the test's environment
	// signal, if set, is sent to the program once, when it prints the
	// stdout line at (or, with prefix, a line that starts with at).
	signal syscall.Signal
	at     string
	prefix bool
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
		if l.signal != 0 && !o.signalled && (strings.TrimSuffix(line, "\n") == l.at || l.prefix && strings.HasPrefix(line, l.at)) {
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
	o.maxRSS = maxRSS(cmd.ProcessState)
	return o
}

// runCLI runs the program with args and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	o := start(t, launch{}, args...)
	return o.code, o.stdout, o.stderr
}
