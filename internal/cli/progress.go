package cli

import (
	"fmt"
	"io"
	"time"
)

// loadProgress reports how far reading a data file is, once the read has
// taken longer than a second: a line on w that it rewrites in place, and
// ends when the read is done. Quick reads print nothing.
type loadProgress struct {
	w       io.Writer
	name    string
	start   time.Time
	printed bool
}

// newLoadProgress returns the progress callback for reading the file name,
// printing on w; nil when w is nil.
func newLoadProgress(w io.Writer, name string) func(done, total int64) {
	if w == nil {
		return nil
	}
	p := &loadProgress{w: w, name: name, start: time.Now()}
	return p.report
}

func (p *loadProgress) report(done, total int64) {
	elapsed := time.Since(p.start)
	if elapsed < time.Second && !p.printed {
		return
	}
	p.printed = true
	const mb = 1 << 20
	if total > 0 {
		fmt.Fprintf(p.w, "\rreading %s: %3d%% (%d of %d MiB) %.0fs", p.name, done*100/total, done/mb, total/mb, elapsed.Seconds())
	} else {
		fmt.Fprintf(p.w, "\rreading %s: %d MiB %.0fs", p.name, done/mb, elapsed.Seconds())
	}
	if total > 0 && done >= total {
		fmt.Fprintln(p.w)
	}
}
