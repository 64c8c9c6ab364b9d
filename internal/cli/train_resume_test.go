package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
	"github.com/gorgonia-ae/autoencoder/internal/runstate"
	"github.com/gorgonia-ae/autoencoder/training"
)

// resumeOutputs are the outputs a resumed run must write byte for byte as
// the run that never stopped: all but graph.svg, which Graphviz may not be
// there to draw.
var resumeOutputs = []string{"history.csv", "model.npz", "encoder.npz", "codes_test.csv", "loss.png", "loss.svg", "graph.dot"}

// sameOutputs reports every output of dir that differs from want's.
func sameOutputs(t *testing.T, what, dir, want string) {
	t.Helper()
	for _, name := range resumeOutputs {
		a, errA := os.ReadFile(filepath.Join(dir, name))
		b, errB := os.ReadFile(filepath.Join(want, name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: %s differs from the uninterrupted run's (%v, %v)", what, name, errA, errB)
		}
	}
}

// resumedFrom reads, from a resumed run's log, the epoch it resumed after
// and checks that its first epoch line is the next one.
func resumedFrom(t *testing.T, what, log string, epochs int) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^resuming the run saved in \S+ after epoch (\d+) of (\d+)\nEpoch (\d+)/(\d+)$`).FindStringSubmatch(log)
	if m == nil {
		t.Fatalf("%s: the log does not say where it resumes, or does not go on with the next epoch:\n%s", what, log)
	}
	k, _ := strconv.Atoi(m[1])
	next, _ := strconv.Atoi(m[3])
	if m[2] != strconv.Itoa(epochs) || m[4] != m[2] || next != k+1 {
		t.Fatalf("%s: resumed after epoch %d of %s with Epoch %d/%s; want of %d, Epoch %d/%d", what, k, m[2], next, m[4], epochs, k+1, epochs)
	}
	return k
}

// kill is one SIGKILL of a training process: at the stdout line at (or a
// line that starts with it, with prefix), with the test hooks of env
// (pauseStateEnv, pauseOutputsEnv) holding the program at the right moment.
type kill struct {
	at     string
	prefix bool
	env    []string
}

// pauseInStateWrite kills the program in the middle of writing the state
// of epoch k (or the first one after it that is written), after 4 KiB of
// it are in the temporary file.
func pauseInStateWrite(k int) kill {
	return kill{at: pauseLine("in the state write of epoch "), prefix: true, env: []string{pauseStateEnv + "=" + strconv.Itoa(k)}}
}

// pausedWrite returns the epoch whose state write a log says was paused.
func pausedWrite(t *testing.T, log string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(pauseLine("in the state write of epoch ")) + `(\d+)$`).FindStringSubmatch(log)
	if m == nil {
		t.Fatalf("the log does not say which state write it paused in:\n%s", log)
	}
	k, _ := strconv.Atoi(m[1])
	return k
}

// pauseBeforeOutputs kills the program once training has ended, before it
// writes its outputs.
var pauseBeforeOutputs = kill{at: pauseLine("before the outputs"), env: []string{pauseOutputsEnv + "=1"}}

// TestSIGKILLAtAnyMomentThenResumeGivesTheUninterruptedRun kills training
// processes with SIGKILL at several moments (in the middle of an epoch, in
// the middle of a state write, after training and before the outputs, and
// several times in one run), resumes each, and demands the outputs of the
// run that never stopped, byte for byte, and a log that goes on at the
// epoch after the saved one.
func TestSIGKILLAtAnyMomentThenResumeGivesTheUninterruptedRun(t *testing.T) {
	const epochs = 8
	run := []string{"-epochs", strconv.Itoa(epochs), "-seed", "4", "-verbose", "2"}
	want := filepath.Join(t.TempDir(), "want")
	if o := start(t, launch{}, append(run, "-out", want)...); o.code != 0 {
		t.Fatalf("uninterrupted run: exit %d: %s", o.code, o.stderr)
	}
	for _, c := range []struct {
		name  string
		kills []kill
	}{
		{"during epoch 6", []kill{{at: "Epoch 6/8"}}},
		{"in the state write of epoch 3", []kill{pauseInStateWrite(3)}},
		{"before the outputs", []kill{pauseBeforeOutputs}},
		{"three times", []kill{pauseInStateWrite(2), {at: "Epoch 5/8"}, pauseBeforeOutputs}},
	} {
		dir := filepath.Join(t.TempDir(), "run")
		// below is the epoch the state on disk must be older than, when
		// the last kill says.
		below := 0
		for i, k := range c.kills {
			args := append(append([]string{}, run...), "-out", dir)
			if i > 0 {
				args = []string{"-resume", "-out", dir}
			}
			o := start(t, launch{signal: syscall.SIGKILL, at: k.at, prefix: k.prefix, env: k.env}, args...)
			if !o.signalled || o.code != -1 {
				t.Fatalf("%s: kill %d at %q: signalled %v, exit %d: %s", c.name, i+1, k.at, o.signalled, o.code, o.stderr)
			}
			if i > 0 {
				resumedFrom(t, c.name, o.stdout, epochs)
			}
			below = 0
			switch {
			case k.prefix:
				below = pausedWrite(t, o.stdout)
				if len(leftovers(t, dir)) == 0 {
					t.Errorf("%s: killed in a state write, but no temporary file is left", c.name)
				}
			case k.env != nil:
				// Before the outputs every state but the last is on disk.
				below = epochs
			}
		}
		o := start(t, launch{}, "-resume", "-out", dir)
		if o.code != 0 {
			t.Fatalf("%s: resume: exit %d: %s", c.name, o.code, o.stderr)
		}
		k := resumedFrom(t, c.name, o.stdout, epochs)
		if below == epochs && k != epochs-1 || below != 0 && k >= below {
			t.Errorf("%s: resumed after epoch %d; the kill came in the write of epoch %d's state (%d: before the outputs)", c.name, k, below, epochs)
		}
		if got := strings.Count(o.stdout, "42/42 - "); got != epochs-k {
			t.Errorf("%s: the resumed run trained %d epochs after epoch %d, want %d", c.name, got, k, epochs-k)
		}
		sameOutputs(t, c.name, dir, want)
		if tmp := leftovers(t, dir); len(tmp) > 0 {
			t.Errorf("%s: the resumed run left the killed runs' temporary files: %v", c.name, tmp)
		}
		st, err := runstate.Load(filepath.Join(dir, runstate.FileName))
		if err != nil || st.Training.Epoch != epochs {
			t.Errorf("%s: the final state: %v, epoch %v", c.name, err, st)
		}
	}
}

// TestResumeKeepsTheNewestStateWhenKilledBeforeItSaves: a run killed with
// its newest state in the temporary file (the states after the first one
// go there, unsynced, for a second) is resumed, and the resumed process is
// killed before it saves a state of its own. The next -resume must still
// go on from that newest state, not from the older one in state.npz, and
// end as the run that never stopped.
func TestResumeKeepsTheNewestStateWhenKilledBeforeItSaves(t *testing.T) {
	const epochs = 8
	run := []string{"-epochs", strconv.Itoa(epochs), "-seed", "4", "-verbose", "2"}
	want := filepath.Join(t.TempDir(), "want")
	if o := start(t, launch{}, append(run, "-out", want)...); o.code != 0 {
		t.Fatalf("uninterrupted run: exit %d: %s", o.code, o.stderr)
	}
	dir := filepath.Join(t.TempDir(), "run")
	path := filepath.Join(dir, runstate.FileName)
	k := launch{signal: syscall.SIGKILL, at: pauseBeforeOutputs.at, env: pauseBeforeOutputs.env}
	if o := start(t, k, append(run, "-out", dir)...); !o.signalled || o.code != -1 {
		t.Fatalf("kill before the outputs: signalled %v, exit %d: %s", o.signalled, o.code, o.stderr)
	}
	s, from, err := runstate.LoadNewest(path)
	if err != nil || s.Training.Epoch != epochs-1 {
		t.Fatalf("the killed run's newest state: %v; want one of %d epochs", err, epochs-1)
	}
	if from != atomicfile.Temp(path) {
		t.Skipf("the killed run synced its newest state to %s (a machine so slow that its %d epochs took over %v): nothing is left in the temporary file to lose", from, epochs-1, runstate.DefaultSyncEvery)
	}
	// Refused flags name the file the state was read from, and leave it.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "6"}, "-epochs 6 is fewer than the 7 epochs the run saved in " + from + " has finished"},
		{[]string{"-seed", "5"}, "-seed 5 contradicts the run saved in " + from + ", which has -seed 4"},
		{[]string{"-bottleneck", "3"}, "-bottleneck 3 contradicts the run saved in " + from + ", whose model has bottleneck 100"},
	} {
		o := start(t, launch{}, append([]string{"-resume", "-out", dir}, c.args...)...)
		if want := "autoencoder: -resume: " + c.want + "\n"; o.code != 2 || o.stderr != want {
			t.Errorf("-resume %v: exit %d, stderr %q; want 2 and %q", c.args, o.code, o.stderr, want)
		}
	}
	if _, f, err := runstate.LoadNewest(path); err != nil || f != from {
		t.Fatalf("after the refused runs the newest state is in %s (%v), want %s", f, err, from)
	}
	o := start(t, k, "-resume", "-out", dir)
	if !o.signalled || o.code != -1 {
		t.Fatalf("resume, killed before the outputs: signalled %v, exit %d: %s", o.signalled, o.code, o.stderr)
	}
	if got := resumedFrom(t, "the first resume", o.stdout, epochs); got != epochs-1 {
		t.Fatalf("the first resume went on after epoch %d, want %d", got, epochs-1)
	}
	if !strings.Contains(o.stdout, "\nresuming the run saved in "+path+" after epoch ") {
		t.Errorf("the first resume does not name %s, where its state now is:\n%s", path, o.stdout)
	}
	if s, err := runstate.Load(path); err != nil || s.Training.Epoch != epochs-1 {
		t.Errorf("after the first resume %s holds %v; want the state of epoch %d it resumed from", path, err, epochs-1)
	}
	o = start(t, launch{}, "-resume", "-out", dir)
	if o.code != 0 {
		t.Fatalf("the second resume: exit %d: %s", o.code, o.stderr)
	}
	if got := resumedFrom(t, "the second resume", o.stdout, epochs); got != epochs-1 {
		t.Errorf("the second resume went on after epoch %d: the state of epoch %d, which the first resume read, was lost", got, epochs-1)
	}
	sameOutputs(t, "killed twice before the outputs", dir, want)
	if tmp := leftovers(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestResumeTrainsAFinishedRunFurtherAndLeavesItAloneOtherwise: -resume on
// a finished run says so, exits 0 and touches no file; with a larger
// -epochs it goes on to what a run asked for that many epochs from the
// start writes; flags that agree with the run are accepted.
func TestResumeTrainsAFinishedRunFurtherAndLeavesItAloneOtherwise(t *testing.T) {
	want := filepath.Join(t.TempDir(), "want")
	if o := start(t, launch{}, "-epochs", "5", "-seed", "3", "-verbose", "0", "-out", want); o.code != 0 {
		t.Fatalf("5 epochs: exit %d: %s", o.code, o.stderr)
	}
	dir := filepath.Join(t.TempDir(), "run")
	if o := start(t, launch{}, "-epochs", "3", "-seed", "3", "-verbose", "0", "-out", dir); o.code != 0 {
		t.Fatalf("3 epochs: exit %d: %s", o.code, o.stderr)
	}
	before := map[string]time.Time{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fi, _ := e.Info()
		before[e.Name()] = fi.ModTime()
	}
	o := start(t, launch{}, "-resume", "-out", dir, "-seed", "3", "-hidden", "200,100", "-lr", "1e-3")
	if o.code != 0 || o.stdout != "the run saved in "+dir+" has finished its 3 epochs: nothing to train; its outputs are as it wrote them (a larger -epochs trains it further)\n" || o.stderr != "" {
		t.Fatalf("resume of a finished run: exit %d, stdout %q, stderr %q", o.code, o.stdout, o.stderr)
	}
	entries, _ = os.ReadDir(dir)
	var names, beforeNames []string
	for _, e := range entries {
		names = append(names, e.Name())
		fi, _ := e.Info()
		if !fi.ModTime().Equal(before[e.Name()]) {
			t.Errorf("%s changed", e.Name())
		}
	}
	for name := range before {
		beforeNames = append(beforeNames, name)
	}
	slices.Sort(beforeNames)
	if !slices.Equal(names, beforeNames) {
		t.Errorf("the directory holds %q, before %q", names, beforeNames)
	}
	o = start(t, launch{}, "-resume", "-out", dir, "-epochs", "5", "-verbose", "2")
	if o.code != 0 {
		t.Fatalf("resume with -epochs 5: exit %d: %s", o.code, o.stderr)
	}
	if k := resumedFrom(t, "-epochs 5", o.stdout, 5); k != 3 {
		t.Errorf("resumed after epoch %d, want 3", k)
	}
	sameOutputs(t, "3 epochs, then 2 more", dir, want)
}

// TestResumeWithTheEpochsAKilledRunFinishedWritesItsOutputs: a run killed
// before it wrote its outputs (its state holds 4 of its 5 epochs), resumed
// with -epochs 4, trains nothing but must end as a run asked for 4 epochs
// from the start: every output, byte for byte, in place of those an older
// run left in the directory, and a final state that says the run is over,
// which a further -resume finds with nothing to train.
func TestResumeWithTheEpochsAKilledRunFinishedWritesItsOutputs(t *testing.T) {
	want := filepath.Join(t.TempDir(), "want")
	if o := start(t, launch{}, "-epochs", "4", "-seed", "4", "-verbose", "0", "-out", want); o.code != 0 {
		t.Fatalf("4 epochs: exit %d: %s", o.code, o.stderr)
	}
	dir := filepath.Join(t.TempDir(), "run")
	if o := start(t, launch{}, "-epochs", "3", "-seed", "3", "-verbose", "0", "-out", dir); o.code != 0 {
		t.Fatalf("an older run: exit %d: %s", o.code, o.stderr)
	}
	k := pauseBeforeOutputs
	if o := start(t, launch{signal: syscall.SIGKILL, at: k.at, env: k.env}, "-epochs", "5", "-seed", "4", "-verbose", "2", "-out", dir); !o.signalled || o.code != -1 {
		t.Fatalf("kill before the outputs: signalled %v, exit %d: %s", o.signalled, o.code, o.stderr)
	}
	path := filepath.Join(dir, runstate.FileName)
	if s, _, err := runstate.LoadNewest(path); err != nil || s.Training.Epoch != 4 {
		t.Fatalf("the killed run's state: %v; want one of 4 epochs", err)
	}
	o := start(t, launch{}, "-resume", "-out", dir, "-epochs", "4", "-verbose", "2")
	if o.code != 0 || o.stderr != "" {
		t.Fatalf("resume with -epochs 4: exit %d, stdout %q, stderr %q", o.code, o.stdout, o.stderr)
	}
	if !strings.Contains(o.stdout, "\nresuming the run saved in "+path+" after epoch 4 of 4\n") || strings.Contains(o.stdout, "Epoch ") ||
		!strings.HasSuffix(o.stdout, " - finished the 4 epochs - saved weights: epoch 4 (the last)\n") {
		t.Errorf("resume with -epochs 4: the log does not resume after epoch 4 of 4, train nothing and finish the 4 epochs:\n%s", o.stdout)
	}
	sameOutputs(t, "4 of 5 epochs, killed, resumed with -epochs 4", dir, want)
	s, err := runstate.Load(path)
	if err != nil || s.Training.Epoch != 4 || s.Flags["epochs"] != "4" {
		t.Fatalf("the final state: %v; want 4 epochs of -epochs 4", err)
	}
	o = start(t, launch{}, "-resume", "-out", dir)
	if o.code != 0 || o.stdout != "the run saved in "+dir+" has finished its 4 epochs: nothing to train; its outputs are as it wrote them (a larger -epochs trains it further)\n" {
		t.Errorf("resume of the run that finished its 4 epochs: exit %d, stdout %q, stderr %q", o.code, o.stdout, o.stderr)
	}
}

// TestEarlyStoppingStopsAtTheBestEpochPlusPatienceAndKeepsTheBestWeights
// runs with -patience 2 -restore-best: the run must stop 2 epochs after its
// best one, and the saved model, evaluated on the test rows, must give the
// best val_loss of history.csv exactly. Killed after its best epoch and
// resumed, it must end the same, byte for byte.
func TestEarlyStoppingStopsAtTheBestEpochPlusPatienceAndKeepsTheBestWeights(t *testing.T) {
	run := []string{"-epochs", "40", "-patience", "2", "-restore-best", "-seed", "4", "-verbose", "2"}
	want := filepath.Join(t.TempDir(), "want")
	o := start(t, launch{}, append(run, "-out", want)...)
	if o.code != 0 {
		t.Fatalf("exit %d: %s", o.code, o.stderr)
	}
	h := readHistory(t, filepath.Join(want, "history.csv"))
	best := 0
	for i, e := range h {
		if e.ValLoss < h[best].ValLoss {
			best = i
		}
	}
	stop := len(h)
	if stop >= 40 || stop != best+1+2 {
		t.Fatalf("stopped after %d epochs, the best is epoch %d; want the best + 2", stop, best+1)
	}
	m := regexp.MustCompile(` - early stop at epoch (\d+) \(no val_loss improvement in 2 epochs, -patience 2\) - saved weights: epoch (\d+) \(the best, -restore-best\)\n$`).FindStringSubmatch(o.stdout)
	if m == nil || m[1] != strconv.Itoa(stop) || m[2] != strconv.Itoa(best+1) {
		t.Errorf("the summary does not say it stopped at epoch %d and saved epoch %d:\n%s", stop, best+1, o.stdout)
	}
	s, err := checkpoint.ReadNPZFile(filepath.Join(want, "model.npz"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := dataset.Load(dataset.NotebookSource())
	if err == nil {
		err = data.Scale()
	}
	if err != nil {
		t.Fatal(err)
	}
	tr := training.NewTrainer(s.Params)
	defer tr.Close()
	v, err := tr.Evaluate(data.Test.Data)
	if err != nil {
		t.Fatal(err)
	}
	if math.Float64bits(v) != math.Float64bits(h[best].ValLoss) {
		t.Errorf("model.npz evaluates to %v on the test rows; the best val_loss, epoch %d's, is %v", v, best+1, h[best].ValLoss)
	}

	// Killed in the middle of the epoch after the best, then resumed.
	dir := filepath.Join(t.TempDir(), "run")
	at := "Epoch " + strconv.Itoa(best+2) + "/40"
	if o := start(t, launch{signal: syscall.SIGKILL, at: at}, append(run, "-out", dir)...); !o.signalled {
		t.Fatalf("the run ended (exit %d) before %s", o.code, at)
	}
	o = start(t, launch{}, "-resume", "-out", dir)
	if o.code != 0 {
		t.Fatalf("resume: exit %d: %s", o.code, o.stderr)
	}
	resumedFrom(t, "early stopping", o.stdout, 40)
	sameOutputs(t, "early stopping, resumed", dir, want)
	o = start(t, launch{}, "-resume", "-out", dir, "-epochs", "60")
	if o.code != 0 || !strings.HasPrefix(o.stdout, "the run saved in "+dir+" stopped early at epoch "+strconv.Itoa(stop)+" ") {
		t.Errorf("resume of a run that stopped early: exit %d, %q", o.code, o.stdout)
	}
}

// readHistory reads history.csv's rows.
func readHistory(t *testing.T, path string) []training.Epoch {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var h []training.Epoch
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, ",")
		loss, err1 := strconv.ParseFloat(f[1], 64)
		val, err2 := strconv.ParseFloat(f[2], 64)
		if len(f) != 3 || f[0] != strconv.Itoa(i+1) || err1 != nil || err2 != nil {
			t.Fatalf("history.csv line %d: %q", i+2, line)
		}
		h = append(h, training.Epoch{Epoch: i + 1, Loss: loss, ValLoss: val})
	}
	return h
}

// TestDegenerateBatchesWarnAndTrain: a batch of one row, and a training
// split smaller than one batch, train as Keras does, with a warning.
func TestDegenerateBatchesWarnAndTrain(t *testing.T) {
	data := filepath.Join(t.TempDir(), "ten.csv")
	if err := os.WriteFile(data, []byte(csvRows(10)), 0o644); err != nil {
		t.Fatal(err)
	}
	// ten.csv splits 6 training rows and 4 test rows.
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"-batch", "1"}, []string{"every batch holds 1 row: BatchNorm"}},
		{[]string{"-batch", "5"}, []string{"the last batch of every epoch holds 1 row (6 rows = 1 × 5 + 1)"}},
		{[]string{"-batch", "16"}, []string{"the 6 training rows are fewer than one batch of 16: every epoch is a single step of all of them"}},
		{[]string{"-batch", "3"}, nil},
	} {
		o := start(t, launch{}, append([]string{"-data", data, "-epochs", "2", "-verbose", "0", "-out", t.TempDir()}, c.args...)...)
		if o.code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, o.code, o.stderr)
		}
		lines := strings.Split(strings.TrimSuffix(o.stderr, "\n"), "\n")
		if o.stderr == "" {
			lines = nil
		}
		if len(lines) != len(c.want) {
			t.Fatalf("%v: stderr %q, want %d warnings", c.args, o.stderr, len(c.want))
		}
		for i, w := range c.want {
			if !strings.HasPrefix(lines[i], "autoencoder: warning: "+w) {
				t.Errorf("%v: %q, want a warning starting %q", c.args, lines[i], w)
			}
		}
	}
}

// TestTrainRefusesAModelTooLargeForTheMachineBeforeAllocating: 20 billion
// weights are refused at once with both figures, long before the memory
// they would take is touched.
func TestTrainRefusesAModelTooLargeForTheMachineBeforeAllocating(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	o := start(t, launch{}, "-hidden", "100000,100000", "-out", dir)
	want := regexp.MustCompile(`^autoencoder: training model 100-100000-100000-\[100\]-100000-100000-100 float32 on 670 rows in batches of 16 needs about (\d+\.\d) [GT]iB of memory, more than the \d+\.\d [KMGT]iB available \(.+\)\n$`)
	m := want.FindStringSubmatch(o.stderr)
	if o.code != 2 || m == nil {
		t.Fatalf("exit %d, stderr %q; want 2 and %s", o.code, o.stderr, want)
	}
	if o.maxRSS > 500<<20 {
		t.Errorf("the refused run peaked at %d MiB of memory", o.maxRSS>>20)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("a refused run created %s", dir)
	}
}

// TestResumeFollowsDataThatMoved resumes a run on its own data file under
// another name: the rows, not the path, must agree, the run must end byte
// for byte as the one that never stopped, and from then on the state names
// the new path. A file whose rows differ by one value is refused.
func TestResumeFollowsDataThatMoved(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 40 {
		for j := range 5 {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatFloat(math.Sin(float64(7*i+j)), 'g', -1, 64))
		}
		b.WriteByte('\n')
	}
	rows := b.String()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.csv", rows)
	at := launch{dir: dir}
	if o := start(t, at, "-data", "a.csv", "-epochs", "4", "-verbose", "0", "-out", "want"); o.code != 0 {
		t.Fatalf("4 epochs: exit %d: %s", o.code, o.stderr)
	}
	if o := start(t, at, "-data", "a.csv", "-epochs", "2", "-verbose", "0", "-out", "run"); o.code != 0 {
		t.Fatalf("2 epochs: exit %d: %s", o.code, o.stderr)
	}
	if err := os.Rename(filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")); err != nil {
		t.Fatal(err)
	}
	changed := "0.5" + rows[strings.IndexByte(rows, ','):] // the first value replaced
	write("c.csv", changed)
	o := start(t, at, "-resume", "-out", "run", "-data", "c.csv", "-epochs", "4")
	if o.code != 2 || !strings.Contains(o.stderr, "the training and test rows differ from those the run saved in run/state.npz trained on (has -data c.csv changed?)") {
		t.Fatalf("resume on other rows: exit %d, stderr %q; want 2 and the rows refused", o.code, o.stderr)
	}
	o = start(t, at, "-resume", "-out", "run", "-data", "b.csv", "-epochs", "4", "-verbose", "2")
	if o.code != 0 {
		t.Fatalf("resume with the moved file: exit %d: %s", o.code, o.stderr)
	}
	if k := resumedFrom(t, "the moved file", o.stdout, 4); k != 2 {
		t.Errorf("resumed after epoch %d, want 2", k)
	}
	sameOutputs(t, "2 epochs, then 2 more from the moved file", filepath.Join(dir, "run"), filepath.Join(dir, "want"))
	// The state now names b.csv: a resume without -data reads it.
	o = start(t, at, "-resume", "-out", "run", "-epochs", "5", "-verbose", "0")
	if o.code != 0 {
		t.Fatalf("resume without -data after the move: exit %d: %s", o.code, o.stderr)
	}
}

// TestStopSummaryNamesWhyTrainingStopped: the summary line's reason
// follows the error: a cancelled context is an interruption, a
// DivergedError a divergence, and any other error a failure, not an
// interruption.
func TestStopSummaryNamesWhyTrainingStopped(t *testing.T) {
	spec := training.Spec{Epochs: 5}
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, " - finished the 5 epochs"},
		{fmt.Errorf("epoch 3: %w", context.Canceled), " - interrupted"},
		{&training.DivergedError{}, " - diverged"},
		{errors.New("save state: disk full"), " - failed"},
	} {
		if got := stopSummary(training.Result{}, spec, c.err); got != c.want {
			t.Errorf("error %v: %q, want %q", c.err, got, c.want)
		}
	}
}

// TestResumeOfARunFromInitWeightsNeedsNeitherTheSamePathNorTheFile: a run
// started from -init weights resumes with -init written another way
// (./init.npz for init.npz), and once the -init file is gone, for the
// saved state holds the weights: it ends byte for byte as the run that
// never stopped.
func TestResumeOfARunFromInitWeightsNeedsNeitherTheSamePathNorTheFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ten.csv"), []byte(csvRows(10)), 0o644); err != nil {
		t.Fatal(err)
	}
	at := launch{dir: dir}
	if o := start(t, at, "-data", "ten.csv", "-epochs", "1", "-verbose", "0", "-out", "first"); o.code != 0 {
		t.Fatalf("first run: exit %d: %s", o.code, o.stderr)
	}
	if err := os.Rename(filepath.Join(dir, "first", "model.npz"), filepath.Join(dir, "init.npz")); err != nil {
		t.Fatal(err)
	}
	run := []string{"-data", "ten.csv", "-init", "init.npz", "-seed", "3", "-verbose", "0"}
	if o := start(t, at, append(run, "-epochs", "3", "-out", "want")...); o.code != 0 {
		t.Fatalf("3 epochs: exit %d: %s", o.code, o.stderr)
	}
	if o := start(t, at, append(run, "-epochs", "1", "-out", "run")...); o.code != 0 {
		t.Fatalf("1 epoch: exit %d: %s", o.code, o.stderr)
	}
	if o := start(t, at, "-resume", "-out", "run", "-epochs", "2", "-init", "./init.npz"); o.code != 0 {
		t.Fatalf("resume with -init ./init.npz: exit %d: %s", o.code, o.stderr)
	}
	if err := os.Remove(filepath.Join(dir, "init.npz")); err != nil {
		t.Fatal(err)
	}
	if o := start(t, at, "-resume", "-out", "run", "-epochs", "3"); o.code != 0 {
		t.Fatalf("resume with the -init file gone: exit %d: %s", o.code, o.stderr)
	}
	sameOutputs(t, "1 epoch from -init, then 1 and 1 more", filepath.Join(dir, "run"), filepath.Join(dir, "want"))
}

// TestResumeWritesIntoTheDirectoryItResumes: a run's state names the -out
// it was started with; resumed from a directory it has since been moved
// to (here the default, out, so that no -out is given), it goes on writing
// there, not into the old one.
func TestResumeWritesIntoTheDirectoryItResumes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ten.csv"), []byte(csvRows(10)), 0o644); err != nil {
		t.Fatal(err)
	}
	at := launch{dir: dir}
	if o := start(t, at, "-data", "ten.csv", "-epochs", "1", "-verbose", "0", "-out", "first"); o.code != 0 {
		t.Fatalf("1 epoch: exit %d: %s", o.code, o.stderr)
	}
	if err := os.Rename(filepath.Join(dir, "first"), filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	if o := start(t, at, "-resume", "-epochs", "2"); o.code != 0 {
		t.Fatalf("resume: exit %d: %s", o.code, o.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "first")); err == nil {
		t.Errorf("the resumed run wrote into first, the directory the run was started in")
	}
	if h := readHistory(t, filepath.Join(dir, "out", "history.csv")); len(h) != 2 {
		t.Errorf("out/history.csv holds %d epochs, want 2", len(h))
	}
}
