package training

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Epoch is what one epoch of training reports.
type Epoch struct {
	Epoch    int           // 1-based
	Loss     float64       // batch losses (training mode, before each update), weighted by batch size
	ValLoss  float64       // MSE of the validation rows in inference mode after the epoch; NaN without validation data
	Steps    int           // minibatches
	Duration time.Duration // wall time of the epoch, validation included
}

// History is the per-epoch record of a run, as Keras's History.history.
type History struct {
	Epochs []Epoch
}

// Len returns the number of finished epochs.
func (h History) Len() int { return len(h.Epochs) }

// Loss returns the training losses, one per epoch.
func (h History) Loss() []float64 {
	out := make([]float64, len(h.Epochs))
	for i, e := range h.Epochs {
		out[i] = e.Loss
	}
	return out
}

// ValLoss returns the validation losses, one per epoch.
func (h History) ValLoss() []float64 {
	out := make([]float64, len(h.Epochs))
	for i, e := range h.Epochs {
		out[i] = e.ValLoss
	}
	return out
}

// EpochNumbers returns 1, 2, ..., Len().
func (h History) EpochNumbers() []int {
	out := make([]int, len(h.Epochs))
	for i, e := range h.Epochs {
		out[i] = e.Epoch
	}
	return out
}

// Best returns the epoch with the lowest validation loss (the first of
// equals); ok is false when there is none.
func (h History) Best() (best Epoch, ok bool) {
	for _, e := range h.Epochs {
		if math.IsNaN(e.ValLoss) {
			continue
		}
		if !ok || e.ValLoss < best.ValLoss {
			best, ok = e, true
		}
	}
	return best, ok
}

// WriteCSV writes the history as CSV with the header epoch,loss,val_loss and
// one row per epoch; the numbers parse back to the identical float64.
func (h History) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "epoch,loss,val_loss\n"); err != nil {
		return err
	}
	buf := make([]byte, 0, 64)
	for _, e := range h.Epochs {
		buf = strconv.AppendInt(buf[:0], int64(e.Epoch), 10)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, e.Loss, 'g', -1, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, e.ValLoss, 'g', -1, 64)
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// Summary is the one-line result of a run: final loss and val_loss, the best
// val_loss and its epoch, and the wall time.
func (h History) Summary(wall time.Duration) string {
	if len(h.Epochs) == 0 {
		return fmt.Sprintf("no epoch finished - wall time %s", wall.Round(time.Millisecond))
	}
	last := h.Epochs[len(h.Epochs)-1]
	s := fmt.Sprintf("final loss: %s - final val_loss: %s", FormatLoss(last.Loss), FormatLoss(last.ValLoss))
	if b, ok := h.Best(); ok {
		s += fmt.Sprintf(" - best val_loss: %s at epoch %d", FormatLoss(b.ValLoss), b.Epoch)
	}
	return s + fmt.Sprintf(" - %s in %s", EpochsText(len(h.Epochs)), wall.Round(time.Millisecond))
}

// EpochsText is "1 epoch" or "N epochs", as the logs and messages count
// epochs.
func EpochsText(n int) string {
	if n == 1 {
		return "1 epoch"
	}
	return fmt.Sprintf("%d epochs", n)
}

// FormatLoss formats a loss as Keras's progress bar does: four decimals, or
// four significant digits in exponent form below 1e-3.
func FormatLoss(v float64) string {
	if math.Abs(v) > 1e-3 {
		return strconv.FormatFloat(v, 'f', 4, 64)
	}
	return strconv.FormatFloat(v, 'e', 4, 64)
}
