package cli

import (
	"fmt"
	"io"
	"time"
)

// loadProgress reports how far reading a data file is, once the read has
// taken longer than a second: a line on w that it rewrites in place, and
// ends once the read is over, done or not. Quick reads print nothing.
type loadProgress struct {
	w       io.Writer
	name    string
	start   time.Time
	printed bool
}

// newLoadProgress returns the progress callback for reading the file name,
// printing on w (nil when w is nil), and end, to call once the read is
// over, whether it succeeded, failed or was interrupted: it ends the line,
// if one was printed, so that what comes next does not follow it on the
// same line.
func newLoadProgress(w io.Writer, name string) (report func(done, total int64), end func()) {
	if w == nil {
		return nil, func() {}
	}
	p := &loadProgress{w: w, name: name, start: time.Now()}
	return p.report, p.end
}

func (p *loadProgress) end() {
	if p.printed {
		fmt.Fprintln(p.w)
		p.printed = false
	}
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
}
