package cli

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
)

// leftovers lists the temporary files a run left in dir: the atomic
// writes' ".NAME.tmp-*" and the write check's ".write-check-*".
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var tmp []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			tmp = append(tmp, e.Name())
		}
	}
	return tmp
}

// interruptRun starts a 200-epoch training process, waits for the log to
// announce epoch `after`+1 (so that `after` epochs have finished), sends
// sig and returns the exit code, the log and stderr.
func interruptRun(t *testing.T, sig syscall.Signal, after int, dir string) (code int, log, stderr string) {
	t.Helper()
	o := start(t, launch{signal: sig, at: "Epoch " + strconv.Itoa(after+1) + "/200"}, "-epochs", "200", "-verbose", "2", "-seed", "4", "-out", dir)
	if !o.signalled {
		t.Fatalf("the run ended (exit %d) before epoch %d began: %s", o.code, after+1, o.stderr)
	}
	return o.code, o.stdout, o.stderr
}

// TestInterruptedTrainingProcessSavesTheFinishedEpochs sends SIGINT, as
// Ctrl-C does, to a real training process once its third epoch has
// finished. It must stop after the current batch, exit 130 with one line
// that says where it stopped and what it kept, and leave history.csv,
// loss.png and the weights of exactly the finished epochs: the same bytes
// as a run asked for that many epochs. SIGTERM must do the same.
func TestInterruptedTrainingProcessSavesTheFinishedEpochs(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := filepath.Join(t.TempDir(), "run")
		code, log, stderr := interruptRun(t, sig, 3, dir)
		m := regexp.MustCompile(`^autoencoder: interrupted during epoch (\d+), after step (\d+) of 42; the (\d+) finished epochs are saved in ` + regexp.QuoteMeta(dir) + "\n$").FindStringSubmatch(stderr)
		if code != 130 || m == nil {
			t.Fatalf("%v: exit %d, stderr %q; want 130 and the interruption line", sig, code, stderr)
		}
		epoch, _ := strconv.Atoi(m[1])
		step, _ := strconv.Atoi(m[2])
		kept, _ := strconv.Atoi(m[3])
		if kept != epoch-1 || kept < 3 || step < 1 || step > 42 {
			t.Errorf("%v: stopped in epoch %d after step %d, kept %d; want the epochs before it, at least 3", sig, epoch, step, kept)
		}
		if got := strings.Count(log, "42/42 - "); got != kept {
			t.Errorf("%v: the log reports %d finished epochs, the message %d", sig, got, kept)
		}
		if !strings.Contains(log, "final loss: ") || !strings.Contains(log, " - "+strconv.Itoa(kept)+" epochs in ") {
			t.Errorf("%v: log lacks the summary of %d epochs:\n%s", sig, kept, log)
		}
		if tmp := leftovers(t, dir); len(tmp) > 0 {
			t.Errorf("%v: temporary files left behind: %v", sig, tmp)
		}

		// What a run of exactly `kept` epochs writes.
		want := filepath.Join(t.TempDir(), "want")
		if c, _, e := runCLI(t, "-epochs", strconv.Itoa(kept), "-verbose", "0", "-seed", "4", "-out", want); c != 0 {
			t.Fatalf("exit %d: %s", c, e)
		}
		for _, name := range []string{"history.csv", "model.npz", "encoder.npz", "codes_test.csv", "graph.dot"} {
			a, errA := os.ReadFile(filepath.Join(dir, name))
			b, errB := os.ReadFile(filepath.Join(want, name))
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("%v: %s differs from a %d-epoch run's (%v, %v)", sig, name, kept, errA, errB)
			}
		}
		f, err := os.Open(filepath.Join(dir, "loss.png"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%v: loss.png: %v", sig, err)
		}
	}
}

// TestDivergingTrainingProcessKeepsTheEarlierRun trains, in a real process,
// into a directory that holds a good earlier run, with learning rates that
// make the loss overflow float32. The first Adam step moves every weight by
// about the learning rate, so at -lr 1e10 the second batch's loss (~1e40)
// is +Inf: training stops at epoch 1, step 2. At -lr 1e7 the batch losses
// stay finite (about 1e30) but the validation pass after the first epoch
// overflows: BatchNorm's moving statistics, updated by only 1% a step, lag
// far behind the grown weights and no longer keep the activations bounded.
// Either way no epoch finished, the message says where it stopped, the
// exit code is 1, and the earlier run's files are untouched.
func TestDivergingTrainingProcessKeepsTheEarlierRun(t *testing.T) {
	dir := trainedRun(t)
	before := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		before[e.Name()] = b
	}
	for _, c := range []struct {
		lr, want string
	}{
		{"1e10", `^autoencoder: training diverged: loss is (\+Inf|NaN) at epoch 1, step 2; `},
		{"1e7", `^autoencoder: training diverged: val_loss is (\+Inf|NaN) at epoch 1, in the validation pass after step 42; `},
	} {
		began := time.Now()
		o := start(t, launch{}, "-lr", c.lr, "-epochs", "3", "-bottleneck", "25", "-verbose", "0", "-out", dir)
		code, out, errb := o.code, o.stdout, o.stderr
		want := regexp.MustCompile(c.want + regexp.QuoteMeta("no epoch had finished, so nothing was written to "+dir) + "\n$")
		if code != 1 || !want.MatchString(errb) {
			t.Errorf("-lr %s: exit %d, stderr %q; want 1 and %s", c.lr, code, errb, want)
		}
		if !strings.HasPrefix(out, "no epoch finished - wall time ") {
			t.Errorf("-lr %s: stdout %q", c.lr, out)
		}
		t.Logf("-lr %s: %s in %v", c.lr, strings.TrimSpace(errb), time.Since(began).Round(time.Millisecond))
	}
	entries, _ = os.ReadDir(dir)
	if len(entries) != len(before) {
		t.Errorf("the directory holds %d files, before %d", len(entries), len(before))
	}
	for name, b := range before {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s of the earlier run changed (%v)", name, err)
		}
	}
	if _, err := checkpoint.ReadNPZFile(filepath.Join(dir, "model.npz")); err != nil {
		t.Error(err)
	}
}

// TestInterruptBeforeTheFirstEpochEndsWritesNothing stops a run during its
// first epoch: it exits 130, says nothing was written, and leaves no -out
// directory behind, not even an empty one.
func TestInterruptBeforeTheFirstEpochEndsWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	// A wide model, so that the first epoch is still running when the signal lands.
	o := start(t, launch{signal: syscall.SIGINT, at: "Epoch 1/200"}, "-epochs", "200", "-hidden", "1000,500", "-verbose", "2", "-out", dir)
	want := regexp.MustCompile(`^autoencoder: interrupted during epoch 1, after step \d+ of 42; no epoch had finished, so nothing was written to ` + regexp.QuoteMeta(dir) + "\n$")
	if !o.signalled || o.code != 130 || !want.MatchString(o.stderr) {
		t.Fatalf("exit %d, stderr %q; want 130 and %s", o.code, o.stderr, want)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s was created", dir)
	}
}

// TestADivergedRunsLogEndsWithTheSummaryAndClaimsNoFiles: a run that
// diverges in its first epoch ends its log with the summary line on a line
// of its own, after -verbose 1's progress bar (ended) and after -verbose
// 2's epoch line (no blank line), and says that it wrote nothing by saying
// nothing of files written.
func TestADivergedRunsLogEndsWithTheSummaryAndClaimsNoFiles(t *testing.T) {
	for verbose, bar := range map[string]string{"1": `\r 1/42 \[[^\n]*\n`, "2": ""} {
		o := start(t, launch{}, "-lr", "1e10", "-epochs", "3", "-bottleneck", "25", "-verbose", verbose, "-out", filepath.Join(t.TempDir(), "run"))
		end := regexp.MustCompile(`\nEpoch 1/3\n` + bar + `no epoch finished - wall time \S+ - diverged\n$`)
		if o.code != 1 || !end.MatchString(o.stdout) {
			t.Errorf("-verbose %s: exit %d; stdout does not end with %s:\n%q", verbose, o.code, end, o.stdout[max(0, len(o.stdout)-300):])
		}
	}
}

// TestTrainRemovesTheTemporaryFilesAKilledRunLeft: the temporary files
// that a run killed while writing its outputs or its state leaves in -out
// (".NAME.tmp-*" of each) are removed by the next run into it; a file of
// that form for a name that is not the run's is left alone.
func TestTrainRemovesTheTemporaryFilesAKilledRunLeft(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	if err := os.MkdirAll(run, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{".history.csv.tmp-123", ".model.npz.tmp-456", ".graph.svg.tmp-7", ".state.npz.tmp-789", ".notes.txt.tmp-1"} {
		if err := os.WriteFile(filepath.Join(run, name), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if o := start(t, launch{}, "-epochs", "1", "-verbose", "0", "-out", run); o.code != 0 {
		t.Fatalf("exit %d: %s", o.code, o.stderr)
	}
	if got := leftovers(t, run); !slices.Equal(got, []string{".notes.txt.tmp-1"}) {
		t.Errorf("-out holds %q after the run, want only .notes.txt.tmp-1", got)
	}
}
