package compare

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"gonum.org/v1/plot"

	"github.com/gorgonia-ae/autoencoder/plots"
	"github.com/gorgonia-ae/autoencoder/training"
)

// Row is one epoch of both runs.
type Row struct {
	Epoch           int
	GoLoss, RefLoss float64
	GoVal, RefVal   float64
}

// LossRel is the relative difference of the training losses, (go − ref) / ref.
func (r Row) LossRel() float64 { return (r.GoLoss - r.RefLoss) / r.RefLoss }

// ValRel is the relative difference of the validation losses.
func (r Row) ValRel() float64 { return (r.GoVal - r.RefVal) / r.RefVal }

// Table is the epoch-by-epoch comparison of two runs over the epochs both
// have.
type Table struct {
	Rows []Row
	// GoEpochs and RefEpochs are the runs' lengths; the table has the
	// shorter one's epochs.
	GoEpochs, RefEpochs int
}

// Diff pairs the epochs of a Go run and a reference run, 1 to the shorter
// one's length.
func Diff(goRun, ref History) (Table, error) {
	if err := goRun.check(); err != nil {
		return Table{}, fmt.Errorf("go history: %w", err)
	}
	if err := ref.check(); err != nil {
		return Table{}, fmt.Errorf("reference history: %w", err)
	}
	t := Table{GoEpochs: goRun.Len(), RefEpochs: ref.Len()}
	for i := range min(goRun.Len(), ref.Len()) {
		t.Rows = append(t.Rows, Row{Epoch: i + 1, GoLoss: goRun.Loss[i], RefLoss: ref.Loss[i], GoVal: goRun.ValLoss[i], RefVal: ref.ValLoss[i]})
	}
	return t, nil
}

// Summary is what a Table comes to.
type Summary struct {
	Final Row // the last common epoch
	// The largest |relative difference| of each loss, and the first epoch
	// where it occurs.
	MaxLossRel, MaxValRel     float64
	MaxLossEpoch, MaxValEpoch int
	// The mean |relative difference| over the epochs.
	MeanLossRel, MeanValRel float64
	// Each run's lowest val_loss over the common epochs, and its epoch.
	GoMinVal, RefMinVal     float64
	GoMinEpoch, RefMinEpoch int
}

// Summary returns the table's final row, its largest and mean relative
// differences, and each run's best val_loss.
func (t Table) Summary() Summary {
	s := Summary{GoMinVal: math.Inf(1), RefMinVal: math.Inf(1)}
	if len(t.Rows) == 0 {
		return s
	}
	for _, r := range t.Rows {
		if a := math.Abs(r.LossRel()); a > s.MaxLossRel || s.MaxLossEpoch == 0 {
			s.MaxLossRel, s.MaxLossEpoch = a, r.Epoch
		}
		if a := math.Abs(r.ValRel()); a > s.MaxValRel || s.MaxValEpoch == 0 {
			s.MaxValRel, s.MaxValEpoch = a, r.Epoch
		}
		s.MeanLossRel += math.Abs(r.LossRel()) / float64(len(t.Rows))
		s.MeanValRel += math.Abs(r.ValRel()) / float64(len(t.Rows))
		if r.GoVal < s.GoMinVal {
			s.GoMinVal, s.GoMinEpoch = r.GoVal, r.Epoch
		}
		if r.RefVal < s.RefMinVal {
			s.RefMinVal, s.RefMinEpoch = r.RefVal, r.Epoch
		}
	}
	s.Final = t.Rows[len(t.Rows)-1]
	return s
}

// Shown returns the epochs WriteText prints for every: each every-th epoch
// and the last; every 0 means all of them up to 20 epochs, else 1-5, each
// tenth and the last.
func (t Table) Shown(every int) []int {
	n := len(t.Rows)
	var out []int
	for e := 1; e <= n; e++ {
		switch {
		case e == n,
			every > 0 && e%every == 0,
			every <= 0 && (n <= 20 || e <= 5 || e%10 == 0):
			out = append(out, e)
		}
	}
	return out
}

// WriteText writes the differences as an aligned table, the epochs of
// Shown(every), then the summary: the final differences, the largest and
// mean relative ones, and each run's best val_loss.
func (t Table) WriteText(w io.Writer, every int) error {
	if len(t.Rows) == 0 {
		return errors.New("compare: no common epochs")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "epoch\tgo loss\tref loss\trel\tgo val_loss\tref val_loss\trel\t")
	for _, e := range t.Shown(every) {
		r := t.Rows[e-1]
		fmt.Fprintf(tw, "%d\t%.6g\t%.6g\t%+.2e\t%.6g\t%.6g\t%+.2e\t\n", r.Epoch, r.GoLoss, r.RefLoss, r.LossRel(), r.GoVal, r.RefVal, r.ValRel())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	s := t.Summary()
	f := s.Final
	largest := fmt.Sprintf("largest |rel|: loss %.2e at epoch %d, val_loss %.2e at epoch %d; mean |rel|: loss %.2e, val_loss %.2e",
		s.MaxLossRel, s.MaxLossEpoch, s.MaxValRel, s.MaxValEpoch, s.MeanLossRel, s.MeanValRel)
	if s.MaxLossRel == 0 && s.MaxValRel == 0 {
		largest = fmt.Sprintf("the two histories are identical in all %d common epochs", len(t.Rows))
	}
	_, err := fmt.Fprintf(w, "final (epoch %d): loss go %.6g, ref %.6g, diff %+.3g (rel %+.2e); val_loss go %.6g, ref %.6g, diff %+.3g (rel %+.2e)\n"+
		"%s\nmin val_loss: go %.6g at epoch %d, ref %.6g at epoch %d\n",
		f.Epoch, f.GoLoss, f.RefLoss, f.GoLoss-f.RefLoss, f.LossRel(), f.GoVal, f.RefVal, f.GoVal-f.RefVal, f.ValRel(),
		largest, s.GoMinVal, s.GoMinEpoch, s.RefMinVal, s.RefMinEpoch)
	if err == nil && t.GoEpochs != t.RefEpochs {
		over := fmt.Sprintf("the first %d", len(t.Rows))
		if len(t.Rows) == 1 {
			over = "the first epoch"
		}
		_, err = fmt.Fprintf(w, "note: the go run has %s and the reference %d; compared over %s\n", training.EpochsText(t.GoEpochs), t.RefEpochs, over)
	}
	return err
}

// csvHeader returns the header of WriteCSV's output, in a new slice.
func csvHeader() []string {
	return []string{"epoch", "go_loss", "ref_loss", "loss_rel", "go_val_loss", "ref_val_loss", "val_loss_rel"}
}

// WriteCSV writes every epoch's row under csvHeader, the losses so that
// they parse back to the identical float64.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader()); err != nil {
		return err
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, r := range t.Rows {
		if err := cw.Write([]string{strconv.Itoa(r.Epoch), f(r.GoLoss), f(r.RefLoss), f(r.LossRel()),
			f(r.GoVal), f(r.RefVal), f(r.ValRel())}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Figure draws both runs on one log-scale loss axis: the reference's loss
// (dashed) and val_loss as wide, pale lines, labelled with refLabel (e.g.
// "keras"), and the Go run's on top of them as thin ones, so that each
// stays visible where the two coincide.
func Figure(title string, goRun, ref History, refLabel string) (*plot.Plot, error) {
	if err := goRun.check(); err != nil {
		return nil, fmt.Errorf("go history: %w", err)
	}
	if err := ref.check(); err != nil {
		return nil, fmt.Errorf("reference history: %w", err)
	}
	return plots.Comparison(title, []plots.Series{
		{Label: "go loss", Epochs: goRun.Epochs(), Y: goRun.Loss, Dashed: true},
		{Label: "go val_loss", Epochs: goRun.Epochs(), Y: goRun.ValLoss},
		{Label: refLabel + " loss", Epochs: ref.Epochs(), Y: ref.Loss, Dashed: true, Wide: true},
		{Label: refLabel + " val_loss", Epochs: ref.Epochs(), Y: ref.ValLoss, Wide: true},
	})
}
