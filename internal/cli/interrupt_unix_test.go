//go:build unix

package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// running is the program started in a new process by program.
type running struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

// program starts the program with args, as start does, for a test that
// drives it while it runs; wait ends it.
func program(t *testing.T, args ...string) *running {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r := &running{cmd: exec.Command(exe, args...)}
	r.cmd.Env = append(os.Environ(), programEnv+"=1")
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return r
}

// wait waits for the program to end and returns what it did.
func (r *running) wait(t *testing.T) outcome {
	t.Helper()
	return r.outcome(t, r.cmd.Wait())
}

// outcome is what the program did, given cmd.Wait's error.
func (r *running) outcome(t *testing.T, err error) outcome {
	t.Helper()
	var o outcome
	if ee, ok := err.(*exec.ExitError); ok {
		o.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	o.stdout, o.stderr = r.stdout.String(), r.stderr.String()
	return o
}

// signalWhen runs the program with args and sends it sig once ready
// reports true (polled every 2 ms), then returns what the program did.
// It fails the test if the program ends before ready.
func signalWhen(t *testing.T, sig syscall.Signal, ready func() bool, args ...string) outcome {
	t.Helper()
	r := program(t, args...)
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	signalled := false
	for {
		select {
		case err := <-done:
			o := r.outcome(t, err)
			if o.signalled = signalled; !signalled {
				t.Fatalf("%v ended (exit %d) before the moment to signal it: %s", args, o.code, o.stderr)
			}
			return o
		case <-tick.C:
			if !signalled && ready() {
				if err := r.cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				signalled = true
			}
		}
	}
}

// writing reports whether an atomic write of name (its temporary file
// ".name.tmp-*") is under way in dir.
func writing(dir, name string) func() bool {
	return func() bool {
		tmp, _ := filepath.Glob(filepath.Join(dir, "."+name+".tmp-*"))
		return len(tmp) > 0
	}
}

// feeding starts the program with args, whose -data file is the named pipe
// fifo, and returns it with the pipe's writing end, once the program has
// opened the other.
func feeding(t *testing.T, fifo string, args ...string) (*running, *os.File) {
	t.Helper()
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipe: %v", err)
	}
	r := program(t, args...)
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r, w
}

// bigRows writes 100000 rows of make_classification's data with 20
// features into dir as X.npy and their classes as y.csv, trains a run of
// one epoch on the first 200 rows, and returns dir and that run's
// encoder.npz.
func bigRows(t *testing.T) (dir, encoder string) {
	t.Helper()
	p := dataset.NotebookParams()
	p.Samples, p.Features, p.Informative, p.Redundant = 100000, 20, 5, 15
	X, y, err := dataset.MakeClassification(p)
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	write := func(name string, w func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := w(&b); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("X.npy", func(b *bytes.Buffer) error { return dataset.WriteNPY(b, X) })
	write("y.csv", func(b *bytes.Buffer) error { return dataset.WriteLabelsCSV(b, y) })
	write("small.npy", func(b *bytes.Buffer) error { return dataset.WriteNPY(b, X.RowRange(0, 200)) })
	run := filepath.Join(dir, "run")
	if code, _, stderr := runCLI(t, "-data", filepath.Join(dir, "small.npy"), "-epochs", "1", "-verbose", "0", "-out", run); code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	return dir, filepath.Join(run, "encoder.npz")
}

// noFiles fails the test if dir holds anything, temporary files included.
func noFiles(t *testing.T, dir string) {
	t.Helper()
	if got := names(t, dir); got != "" {
		t.Errorf("%s holds %s; want nothing", dir, got)
	}
}

// TestDataStopsWhenInterrupted sends SIGINT to the data command in the
// middle of writing X.csv: it must stop there (it used to finish the file,
// however large, and stop before the next), exit 130 and leave neither
// X.csv nor its temporary file.
func TestDataStopsWhenInterrupted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "data")
	o := signalWhen(t, syscall.SIGINT, writing(out, "X.csv"),
		"data", "-samples", "100000", "-features", "20", "-informative", "5", "-redundant", "15", "-test-size", "0", "-out", out)
	if want := "autoencoder data: interrupted; nothing was written to " + out + "\n"; o.code != 130 || o.stderr != want {
		t.Errorf("exit %d, stderr %q; want 130 and %q", o.code, o.stderr, want)
	}
	noFiles(t, out)
}

// TestEncodeStopsWhenInterrupted sends SIGTERM to encode in the middle of
// writing codes.csv: exit 130, no codes.csv and no temporary file (it used
// to write the whole file and exit 0).
func TestEncodeStopsWhenInterrupted(t *testing.T) {
	in, encoder := bigRows(t)
	out := filepath.Join(t.TempDir(), "codes")
	o := signalWhen(t, syscall.SIGTERM, writing(out, "codes.csv"),
		"encode", "-encoder", encoder, "-data", filepath.Join(in, "X.npy"), "-out", out)
	if want := "autoencoder encode: interrupted; nothing was written to " + out + "\n"; o.code != 130 || o.stderr != want {
		t.Errorf("exit %d, stderr %q; want 130 and %q", o.code, o.stderr, want)
	}
	noFiles(t, out)
}

// TestReadingTheDataStopsWhenInterrupted interrupts train, encode and
// classify while they read -data from a named pipe, once 1000 rows are
// written, and goes on writing rows (up to 50 MB) for as long as the
// program reads them: each must stop reading at once (they used to read
// the whole file first, however long it took, and only then stop), exit
// 130 and write nothing.
func TestReadingTheDataStopsWhenInterrupted(t *testing.T) {
	_, encoder := bigRows(t)
	row := strings.Repeat("0.0123456789012345,", 19) + "0.0123456789012345\n"
	rows := []byte(strings.Repeat(row, 1000))
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-epochs", "1"}, "autoencoder: interrupted before training started; nothing was written to "},
		{[]string{"encode", "-encoder", encoder}, "autoencoder encode: interrupted; nothing was written to "},
		{[]string{"classify", "-label", "0", "-encoder", encoder}, "autoencoder classify: interrupted; nothing was written to "},
	} {
		dir := t.TempDir()
		fifo, out := filepath.Join(dir, "rows.csv"), filepath.Join(dir, "out")
		r, w := feeding(t, fifo, append(c.args, "-data", fifo, "-out", out)...)
		written := 0
		for written < 50<<20 {
			n, err := w.Write(rows)
			if written += n; err != nil {
				break // the program has closed the pipe
			}
			if written == len(rows) {
				if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
			}
		}
		w.Close()
		o := r.wait(t)
		if want := c.msg + out + "\n"; o.code != 130 || o.stderr != want {
			t.Errorf("%v: exit %d, stderr %q; want 130 and %q", c.args, o.code, o.stderr, want)
		}
		if written > 10<<20 {
			t.Errorf("%v: read %d MB after the interruption", c.args, written>>20)
		}
		noFiles(t, out)
	}
}
