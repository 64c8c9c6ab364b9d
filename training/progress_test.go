package training

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestKerasLogVerbose2PrintsTwoLinesPerEpoch(t *testing.T) {
	var b bytes.Buffer
	k := NewKerasLog(&b, 2)
	k.EpochStart(7, 200, 42)
	for s := 1; s <= 42; s++ {
		k.StepEnd(s, 42, 0.5)
	}
	k.EpochEnd(Epoch{Epoch: 7, Loss: 0.01234, ValLoss: 0.00098, Steps: 42, Duration: 1500 * time.Millisecond}, 200)
	want := "Epoch 7/200\n42/42 - 2s - loss: 0.0123 - val_loss: 9.8000e-04\n" // Keras's "%.0fs" rounds 1.5 to 2
	if b.String() != want {
		t.Errorf("log = %q, want %q", b.String(), want)
	}
}

func TestKerasLogVerbose1DrawsABar(t *testing.T) {
	var b bytes.Buffer
	k := NewKerasLog(&b, 1)
	k.EpochStart(1, 2, 42)
	k.StepEnd(21, 42, 0.25)
	k.EpochEnd(Epoch{Epoch: 1, Loss: 0.2, ValLoss: 0.1, Steps: 42, Duration: 84 * time.Millisecond}, 2)
	out := b.String()
	if !strings.HasPrefix(out, "Epoch 1/2\n\r21/42 [==============>...............] - ETA: 0s - loss: 0.2500") {
		t.Errorf("progress line wrong: %q", out)
	}
	if !strings.HasSuffix(out, "\r42/42 [==============================] - 0s 2ms/step - loss: 0.2000 - val_loss: 0.1000\n") {
		t.Errorf("final line wrong: %q", out)
	}
}

func TestKerasLogVerbose0IsSilent(t *testing.T) {
	var b bytes.Buffer
	k := NewKerasLog(&b, 0)
	k.EpochStart(1, 1, 3)
	k.StepEnd(1, 3, 1)
	k.EpochEnd(Epoch{Epoch: 1, Steps: 3}, 1)
	if b.Len() != 0 {
		t.Errorf("verbose 0 printed %q", b.String())
	}
}

// TestSummarySaysTheRun: the summary line gives the last losses, the best
// val_loss and its epoch, and the epochs, one in the singular.
func TestSummarySaysTheRun(t *testing.T) {
	h := History{Epochs: []Epoch{{Epoch: 1, Loss: 0.25, ValLoss: 0.125}}}
	if got, want := h.Summary(1500*time.Millisecond), "final loss: 0.2500 - final val_loss: 0.1250 - best val_loss: 0.1250 at epoch 1 - 1 epoch in 1.5s"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	h.Epochs = append(h.Epochs, Epoch{Epoch: 2, Loss: 0.2, ValLoss: 0.5})
	if got, want := h.Summary(2*time.Second), "final loss: 0.2000 - final val_loss: 0.5000 - best val_loss: 0.1250 at epoch 1 - 2 epochs in 2s"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}

// TestBestIsTheFirstOfEqualValLossesAndSkipsEpochsWithout: the best epoch
// is the first with the lowest val_loss, epochs without one (NaN) are
// passed over, and a run without validation rows has none, so that its
// summary names no best val_loss.
func TestBestIsTheFirstOfEqualValLossesAndSkipsEpochsWithout(t *testing.T) {
	nan := math.NaN()
	h := History{}
	for i, v := range []float64{nan, 0.5, 0.25, 0.25, nan} {
		h.Epochs = append(h.Epochs, Epoch{Epoch: i + 1, Loss: 1, ValLoss: v})
	}
	if b, ok := h.Best(); !ok || b.Epoch != 3 || b.ValLoss != 0.25 {
		t.Errorf("Best of val_loss NaN, 0.5, 0.25, 0.25, NaN = epoch %d (%v), %v; want epoch 3 (0.25)", b.Epoch, b.ValLoss, ok)
	}
	none := History{Epochs: []Epoch{{Epoch: 1, Loss: 0.25, ValLoss: nan}, {Epoch: 2, Loss: 0.125, ValLoss: nan}}}
	if b, ok := none.Best(); ok {
		t.Errorf("Best without validation = epoch %d, want none", b.Epoch)
	}
	if got, want := none.Summary(time.Second), "final loss: 0.1250 - final val_loss: NaN - 2 epochs in 1s"; got != want {
		t.Errorf("Summary without validation = %q, want %q", got, want)
	}
}

// TestKerasLogOfAnEpochWithoutSteps draws an empty bar rather than divide
// by zero.
func TestKerasLogOfAnEpochWithoutSteps(t *testing.T) {
	var b bytes.Buffer
	k := NewKerasLog(&b, 1)
	k.EpochStart(1, 1, 0)
	k.StepEnd(1, 0, 0.5)
	k.EpochEnd(Epoch{Epoch: 1, Loss: 0.5, ValLoss: 0.5}, 1)
	if empty := "1/0 [" + strings.Repeat(".", 30) + "]"; !strings.Contains(b.String(), empty) || !strings.Contains(b.String(), "loss: 0.5000") {
		t.Errorf("log = %q, want the bar %q", b.String(), empty)
	}
}

// TestBarCountsAndFills: the counter says the step and the steps as they
// are, right-aligned to the steps' width; the bar fills 30 characters in
// proportion, with an arrow at its head until the last step.
func TestBarCountsAndFills(t *testing.T) {
	for _, c := range []struct {
		step, steps int
		want        string
	}{
		{0, 0, "0/0 [..............................]"},
		{1, 0, "1/0 [..............................]"},
		{0, 42, " 0/42 [..............................]"},
		{1, 42, " 1/42 [..............................]"},
		{2, 42, " 2/42 [>.............................]"},
		{21, 42, "21/42 [==============>...............]"},
		{41, 42, "41/42 [============================>.]"},
		{42, 42, "42/42 [==============================]"},
	} {
		if got := bar(c.step, c.steps); got != c.want {
			t.Errorf("bar(%d, %d) = %q, want %q", c.step, c.steps, got, c.want)
		}
	}
}

// TestKerasLogRoundsTimesAsKerasDoes: Keras prints an epoch's seconds and
// a step's time with Python's "%.0f", which rounds (half to even), so 0.6 s
// is "1s" and 1.9 ms a step "2ms"; a step of a second or more, or of no
// time, is in seconds.
func TestKerasLogRoundsTimesAsKerasDoes(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"}, {400 * time.Microsecond, "400us"}, {1900 * time.Microsecond, "2ms"},
		{2500 * time.Microsecond, "2ms"}, {999600 * time.Microsecond, "1000ms"}, {1600 * time.Millisecond, "2s"},
	} {
		if got := stepTime(c.d); got != c.want {
			t.Errorf("stepTime(%v) = %s, want %s", c.d, got, c.want)
		}
	}
	var b bytes.Buffer
	NewKerasLog(&b, 2).EpochEnd(Epoch{Epoch: 1, Loss: 0.5, ValLoss: 0.25, Steps: 42, Duration: 600 * time.Millisecond}, 1)
	if want := "42/42 - 1s - loss: 0.5000 - val_loss: 0.2500\n"; b.String() != want {
		t.Errorf("log = %q, want %q", b.String(), want)
	}
}
