package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/internal/runstate"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// removeLeftovers removes the temporary files (".NAME.tmp-*", see
// atomicfile) that a run killed while writing its state or its outputs
// left in -out. When -resume read its state from the state's temporary
// file (runstate.LoadNewest), that state first goes to state.npz, synced,
// so that it outlives the temporary file: a run killed again before it
// saves a state of its own resumes from it, not from the older state.npz.
// It runs once a run is about to train, when nothing can stop it for bad
// input any more.
func (t *trainer) removeLeftovers() error {
	if t.resumedFrom == atomicfile.Temp(t.statePath()) {
		if err := atomicfile.CommitStaged(t.statePath()); err != nil {
			return fmt.Errorf("-resume: putting the newest state, read from %s, in the place of %s: %w", t.resumedFrom, t.statePath(), err)
		}
	}
	removeStaleTemps(append([]string{t.statePath()}, inDir(t.out, trainOutputs)...)...)
	return nil
}

// statePath is where the run's state is saved.
func (t *trainer) statePath() string { return filepath.Join(t.out, runstate.FileName) }

// resumed reads the state saved in -out and makes it the run's: a flag
// given on the command line must agree with the saved run's (-epochs at
// least the epochs finished, -verbose, -out and the path of -data, whose
// rows prepare compares, excepted), and every other flag takes the saved
// run's value. A missing, damaged or contradicted state is an error, which
// names the file the state was read from: state.npz, or its temporary
// file when the newest state is there (runstate.LoadNewest).
func (t *trainer) resumed(flags *flag.FlagSet) (*runstate.State, error) {
	if err := checkOut(t.out); err != nil {
		return nil, err
	}
	path := t.statePath()
	s, from, err := runstate.LoadNewest(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("-resume: there is no saved run in %s (no %s): a run saves its state there after its first epoch; start it without -resume", t.out, runstate.FileName)
	case err != nil:
		return nil, fmt.Errorf("-resume: %s is damaged, so the run cannot be resumed (remove it to start the run again): %v", path, err)
	}
	st := s.Training
	var bad error
	flags.Visit(func(f *flag.Flag) {
		if bad != nil {
			return
		}
		switch name, v := f.Name, f.Value.String(); name {
		case "resume", "out", "verbose":
		case "data":
			// The rows themselves are compared with the saved run's
			// (prepare), so a file that has moved still resumes; the
			// state saved from then on names the new path.
		case "epochs":
			if t.run.epochs < st.Epoch {
				bad = fmt.Errorf("-resume: -epochs %d is fewer than the %d epochs the run saved in %s has finished", t.run.epochs, st.Epoch, from)
			}
		case "hidden", "bottleneck", "dtype":
			bad = t.model.agree(s.Config(), t.set, func(flag, given, what, have string) error {
				return fmt.Errorf("-resume: -%s %s contradicts the run saved in %s, whose model has %s %s", flag, given, from, what, have)
			})
		default:
			if want, ok := s.Flags[name]; !ok || !sameFlag(name, v, want) {
				had := fmt.Sprintf("which has -%s %s", name, show(want))
				if want == "" {
					had = "which ran without -" + name
				}
				bad = fmt.Errorf("-resume: -%s %s contradicts the run saved in %s, %s", name, show(v), from, had)
			}
		}
	})
	if bad != nil {
		return nil, bad
	}
	for name, v := range s.Flags {
		f := flags.Lookup(name)
		switch {
		case name == "resume" || name == "out" || t.set[name]:
		case f == nil:
			return nil, fmt.Errorf("-resume: %s is damaged, so the run cannot be resumed: it names a flag -%s that this program does not have", from, name)
		case f.Value.String() != v:
			if err := flags.Set(name, v); err != nil {
				return nil, fmt.Errorf("-resume: %s is damaged, so the run cannot be resumed: its -%s %s: %v", from, name, show(v), err)
			}
		}
	}
	t.resumedFrom = from
	return s, nil
}

// sameFlag reports whether two values of a flag mean the same: equal, or
// for a file, the same path once cleaned.
func sameFlag(name, a, b string) bool {
	switch name {
	case "init", "dot":
		if a != "" && b != "" {
			return filepath.Clean(a) == filepath.Clean(b)
		}
	}
	return a == b
}

// show quotes an empty flag value.
func show(v string) string {
	if v == "" {
		return `""`
	}
	return v
}

// flagValues are the flags of a run to save with its state: each flag by
// name, as its Value prints it, but -resume.
func flagValues(flags *flag.FlagSet) map[string]string {
	m := map[string]string{}
	flags.VisitAll(func(f *flag.Flag) {
		if f.Name != "resume" {
			m[f.Name] = f.Value.String()
		}
	})
	return m
}

// runSaver saves a run's state in -out: its flags and a digest of its
// data with each training.State.
type runSaver struct {
	saver *runstate.Saver
	flags map[string]string
	data  string
}

// stateSaver returns the saver of the run's state file.
func (t *trainer) stateSaver(flags *flag.FlagSet, data *dataset.Data, env *Env) *runSaver {
	v := runstate.NewSaver(t.statePath())
	v.Wrap = env.hooks.stateWrite
	return &runSaver{saver: v, flags: flagValues(flags), data: runstate.Digest(data.Train.Data, data.Test.Data, data.Train.Cols)}
}

// save starts saving the state at the end of an epoch (training.Spec.Save).
func (r *runSaver) save(s *training.State) error {
	return r.saver.Save(&runstate.State{Flags: r.flags, Data: r.data, Training: s})
}

// saveNow saves the state of a run that has ended, and waits for it.
func (r *runSaver) saveNow(s *training.State) error {
	return r.saver.SaveNow(&runstate.State{Flags: r.flags, Data: r.data, Training: s})
}

// ended reports whether the run saved in s is over and spec asks for no
// more of it: it stopped early, or it finished its own -epochs and spec
// asks for no more. Only the final state, saved once a run has written
// its outputs, can say so: the state saved after each epoch is never the
// last epoch's nor one that stops early (training.Spec.Save). A killed
// run's state with as many epochs as spec asks for is not over: training
// it trains nothing and writes the outputs it never wrote.
func ended(s *runstate.State, spec training.Spec) bool {
	st := s.Training
	if st.Early.Stopped != 0 {
		return true
	}
	own, err := strconv.Atoi(s.Flags["epochs"])
	return err == nil && st.Epoch >= own && st.Epoch >= spec.Epochs
}

// nothingToDo says why -resume has nothing to train.
func (t *trainer) nothingToDo(s *training.State, spec training.Spec) string {
	if e := s.Early; e.Stopped != 0 {
		return fmt.Sprintf("the run saved in %s stopped early at epoch %d (val_loss had not improved for %s since epoch %d, -patience %d): nothing to train; its outputs are as it wrote them",
			t.out, e.Stopped, training.EpochsText(e.Wait), e.BestEpoch, e.Patience)
	}
	return fmt.Sprintf("the run saved in %s has finished its %s: nothing to train; its outputs are as it wrote them (a larger -epochs trains it further)", t.out, training.EpochsText(s.Epoch))
}

// stopSummary ends the summary line: why training stopped and which epoch's
// weights the saved model holds.
func stopSummary(res training.Result, spec training.Spec, fitErr error) string {
	var why string
	var div *training.DivergedError
	switch {
	case errors.As(fitErr, &div):
		why = "diverged"
	case errors.Is(fitErr, context.Canceled):
		why = "interrupted"
	case fitErr != nil:
		why = "failed"
	case res.State != nil && res.State.Early.Stopped != 0:
		e := res.State.Early
		why = fmt.Sprintf("early stop at epoch %d (no val_loss improvement in %s, -patience %d)", e.Stopped, training.EpochsText(e.Wait), e.Patience)
	default:
		why = "finished the " + training.EpochsText(spec.Epochs)
	}
	if res.Finished == nil {
		return " - " + why
	}
	which := "the last"
	if spec.RestoreBest {
		which = "the best, -restore-best"
	}
	return fmt.Sprintf(" - %s - saved weights: epoch %d (%s)", why, res.FinishedEpoch, which)
}

// batchWarnings describes minibatches that BatchNorm cannot normalise, for
// n training rows in batches of batch: a batch of one row (every batch, or
// the last of each epoch) has no variance, and a training split smaller
// than a batch makes every epoch one short step. Training goes on, as
// Keras lets it.
func batchWarnings(n, batch int) []string {
	var w []string
	if n < batch {
		rows := fmt.Sprintf("the %d training rows are", n)
		if n == 1 {
			rows = "the 1 training row is"
		}
		w = append(w, fmt.Sprintf("%s fewer than one batch of %d: every epoch is a single step of all of them", rows, batch))
	}
	switch {
	case batch == 1 || n == 1:
		w = append(w, "every batch holds 1 row: BatchNorm normalises a single row by its own mean, so every normalised unit reads its β whatever the input (its variance is 0) and the loss means little; Keras trains it all the same")
	case n > batch && n%batch == 1:
		w = append(w, fmt.Sprintf("the last batch of every epoch holds 1 row (%d rows = %d × %d + 1): BatchNorm over one row has zero variance, which disturbs that step and the moving statistics", n, n/batch, batch))
	}
	return w
}

// what names the rows the source reads.
func (s *sourceFlags) what() string {
	if s.path == "" {
		return "the notebook's data"
	}
	return "-data " + s.path
}

// agree checks the model flags given on the command line (set) against
// the architecture c that a file records: each must say what the file
// says. contradicts words the error for a flag given as given where the
// file has have as its what ("bottleneck", "hidden widths", "dtype").
func (m *modelFlags) agree(c model.Config, set map[string]bool, contradicts func(flag, given, what, have string) error) error {
	if set["bottleneck"] && m.bottleneck != c.Bottleneck {
		return contradicts("bottleneck", fmt.Sprint(m.bottleneck), "bottleneck", fmt.Sprint(c.Bottleneck))
	}
	if set["hidden"] {
		h, err := model.ParseHidden(m.hidden, c.Inputs)
		if err != nil {
			return fmt.Errorf("-hidden %q: %w", m.hidden, err)
		}
		if !slices.Equal(h, c.Hidden) {
			return contradicts("hidden", m.hidden, "hidden widths", widths(c.Hidden))
		}
	}
	if set["dtype"] && m.dtype != c.Dtype.String() {
		return contradicts("dtype", m.dtype, "dtype", c.Dtype.String())
	}
	return nil
}

func widths(h []int) string {
	s := make([]string, len(h))
	for i, v := range h {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ",")
}
