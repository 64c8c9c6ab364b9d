package training

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// KerasLog writes the log that Keras's model.fit prints.
//
// Verbose 2 (Keras's verbose=2) prints two lines per epoch:
//
//	Epoch 7/200
//	42/42 - 0s - loss: 0.0123 - val_loss: 0.0098
//
// Verbose 1 draws a live progress bar within each epoch, redrawn at most
// every 50 ms, and leaves the finished bar with the epoch's losses.
// Verbose 0 prints nothing.
type KerasLog struct {
	W       io.Writer
	Verbose int

	start, drawn time.Time
	epochs       int
	width        int // of the last progress line drawn, to blank its tail
}

// NewKerasLog returns a log at the given verbosity (0, 1 or 2) on w.
func NewKerasLog(w io.Writer, verbose int) *KerasLog { return &KerasLog{W: w, Verbose: verbose} }

// EpochStart implements Progress.
func (k *KerasLog) EpochStart(epoch, epochs, steps int) {
	k.start, k.drawn, k.epochs, k.width = time.Now(), time.Time{}, epochs, 0
	if k.Verbose > 0 {
		fmt.Fprintf(k.W, "Epoch %d/%d\n", epoch, epochs)
	}
}

// StepEnd implements Progress.
func (k *KerasLog) StepEnd(step, steps int, meanLoss float64) {
	if k.Verbose != 1 || step == steps {
		return
	}
	now := time.Now()
	if now.Sub(k.drawn) < 50*time.Millisecond {
		return
	}
	k.drawn = now
	elapsed := now.Sub(k.start)
	eta := time.Duration(float64(elapsed) / float64(step) * float64(steps-step))
	k.draw(fmt.Sprintf("%s - ETA: %ds - loss: %s", bar(step, steps), int(eta.Seconds()), FormatLoss(meanLoss)), "")
}

// draw rewrites the current terminal line with s, padding over what the
// previous line left, then writes end.
func (k *KerasLog) draw(s, end string) {
	pad := max(k.width-len(s), 0)
	k.width = len(s)
	fmt.Fprintf(k.W, "\r%s%s%s", s, strings.Repeat(" ", pad), end)
}

// EpochEnd implements Progress.
func (k *KerasLog) EpochEnd(e Epoch, epochs int) {
	secs := e.Duration.Seconds() // printed rounded, as Keras's "%.0fs"
	switch k.Verbose {
	case 1:
		perStep := e.Duration / time.Duration(max(e.Steps, 1))
		k.draw(fmt.Sprintf("%s - %.0fs %s/step - loss: %s - val_loss: %s",
			bar(e.Steps, e.Steps), secs, stepTime(perStep), FormatLoss(e.Loss), FormatLoss(e.ValLoss)), "\n")
		k.width = 0
	case 2:
		fmt.Fprintf(k.W, "%d/%d - %.0fs - loss: %s - val_loss: %s\n", e.Steps, e.Steps, secs, FormatLoss(e.Loss), FormatLoss(e.ValLoss))
	}
}

// bar draws Keras's 30-character progress bar with its step counter.
func bar(step, steps int) string {
	const width = 30
	done := 0 // an epoch of no steps draws an empty bar
	if steps > 0 {
		done = min(max(width*step/steps, 0), width)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%*d/%d [", len(fmt.Sprint(steps)), step, steps)
	if done > 0 {
		b.WriteString(strings.Repeat("=", done-1))
		if step < steps {
			b.WriteByte('>')
		} else {
			b.WriteByte('=')
		}
	}
	b.WriteString(strings.Repeat(".", width-done))
	b.WriteByte(']')
	return b.String()
}

// stepTime formats a per-step time as Keras does, rounded: "3ms", "250us",
// or whole seconds from 1 s (and for no time at all).
func stepTime(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s >= 1 || s == 0:
		return fmt.Sprintf("%.0fs", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.0fms", s*1e3)
	}
	return fmt.Sprintf("%.0fus", s*1e6)
}
