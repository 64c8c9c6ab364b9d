//go:build unix

package cli

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTheProgressLineEndsWhateverEndsTheRead feeds -data through a named
// pipe for over a second, so that the progress line shows, then ends it
// with last: the line must end before what follows on stdout, both when
// the read succeeds (a stream's line, whose size is unknown, was never
// ended, and the model summary went on after "1s") and when it fails (the
// error came after "1s").
func TestTheProgressLineEndsWhateverEndsTheRead(t *testing.T) {
	dir := t.TempDir()
	trickle := func(name, last string) outcome {
		fifo := filepath.Join(dir, name)
		r, w := feeding(t, fifo, "-data", fifo, "-epochs", "1", "-verbose", "1", "-out", filepath.Join(dir, "out_"+name))
		rows := strings.Repeat(strings.Repeat("0.5,", 19)+"0.25\n", 10)
		for start := time.Now(); time.Since(start) < 1300*time.Millisecond; time.Sleep(20 * time.Millisecond) {
			if _, err := w.WriteString(rows); err != nil {
				t.Fatal(err)
			}
		}
		w.WriteString(last)
		w.Close()
		return r.wait(t)
	}
	o := trickle("ok.csv", "")
	if o.code != 0 || !regexp.MustCompile(`\rreading \S+ok\.csv: \d+ MiB \d+s\nModel: "autoencoder"\n`).MatchString(o.stdout) {
		t.Errorf("a read that succeeds: exit %d, stderr %q, stdout starts %q", o.code, o.stderr, o.stdout[:min(len(o.stdout), 200)])
	}
	o = trickle("bad.csv", "1,2\n")
	if o.code != 2 || !strings.HasPrefix(o.stdout, "\rreading ") || !strings.HasSuffix(o.stdout, "s\n") {
		t.Errorf("a read that fails: exit %d, stderr %q, stdout %q", o.code, o.stderr, o.stdout)
	}
}
