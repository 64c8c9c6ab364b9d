package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestLoadProgressSpeaksOnlyForSlowReadsAndEndsItsLine: a read that ends
// within a second prints nothing; a slower one rewrites one line in place,
// and its end ends the line, once.
func TestLoadProgressSpeaksOnlyForSlowReadsAndEndsItsLine(t *testing.T) {
	var quick strings.Builder
	report, end := newLoadProgress(&quick, "x.csv")
	report(1<<20, 4<<20)
	report(4<<20, 4<<20)
	end()
	if quick.Len() != 0 {
		t.Errorf("a quick read printed %q", quick.String())
	}
	if report, _ := newLoadProgress(nil, "x.csv"); report != nil {
		t.Errorf("no writer, yet a callback")
	}
	var slow strings.Builder
	p := &loadProgress{w: &slow, name: "x.csv", start: time.Now().Add(-2 * time.Second)}
	p.report(1<<20, 4<<20)
	p.report(4<<20, 4<<20)
	p.end()
	p.end()
	want := regexp.MustCompile(`^\rreading x\.csv:  25% \(1 of 4 MiB\) \d+s\rreading x\.csv: 100% \(4 of 4 MiB\) \d+s\n$`)
	if !want.MatchString(slow.String()) {
		t.Errorf("a slow read printed %q, want %s", slow.String(), want)
	}
}
