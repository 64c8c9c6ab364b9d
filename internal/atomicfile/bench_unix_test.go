//go:build unix

package atomicfile

import (
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system CPU time so far.
func cpuTime(tb testing.TB) time.Duration {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// BenchmarkReplace replaces a file of 1.7 MB, the size of the notebook
// model's training state, again and again: with WriteFile (a new
// temporary file each time, renamed over the old one, which is freed) and
// with a Replacer (the old file overwritten in place and exchanged). Both
// sync the data. cpu-ns/op is the CPU time, user and system, that a write
// takes from the machine: what it takes from a training run on the other
// cores.
func BenchmarkReplace(b *testing.B) {
	data := make([]byte, 1_670_000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	write := func(w io.Writer) error { _, err := w.Write(data); return err }
	for _, c := range []struct {
		name    string
		replace func(path string) func() error
	}{
		{"WriteFile", func(path string) func() error { return func() error { return WriteFile(path, write) } }},
		{"Replacer", func(path string) func() error {
			r := NewReplacer(path)
			b.Cleanup(func() { r.Close() })
			return func() error { return r.Replace(write) }
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			replace := c.replace(filepath.Join(b.TempDir(), "state.npz"))
			if err := replace(); err != nil { // the file exists before the timing
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			start := cpuTime(b)
			for b.Loop() {
				if err := replace(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
		})
	}
}
