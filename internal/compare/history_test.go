package compare

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The reference scripts' 5-epoch run (torch_keras_semantics.py --seed 1),
// as CSV and as the JSON Keras's history.history dumps to.
var (
	fixtureLoss = []float64{0.23605524846422138, 0.037880589913076426, 0.023864311808303222, 0.0195242611496751, 0.017394606018466735}
	fixtureVal  = []float64{0.1590033769607544, 0.09651759266853333, 0.05259706825017929, 0.03080129250884056, 0.022798532620072365}
)

func TestReadFileReadsKerasJSONAndHistoryCSVAlike(t *testing.T) {
	for _, name := range []string{"torch_keras_semantics_s1_e5.json", "torch_keras_semantics_s1_e5.csv"} {
		h, err := ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(h.Loss, fixtureLoss) || !slices.Equal(h.ValLoss, fixtureVal) {
			t.Errorf("%s: read %v / %v", name, h.Loss, h.ValLoss)
		}
		if !slices.Equal(h.Epochs(), []int{1, 2, 3, 4, 5}) {
			t.Errorf("%s: epochs %v", name, h.Epochs())
		}
	}
}

func TestReadJSONIgnoresOtherKeys(t *testing.T) {
	h, err := ReadJSON(strings.NewReader(`{"lr": [0.001, 0.001], "val_loss": [0.5, 0.25], "loss": [1, 0.75]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(h.Loss, []float64{1, 0.75}) || !slices.Equal(h.ValLoss, []float64{0.5, 0.25}) {
		t.Errorf("read %+v", h)
	}
}

func TestReadJSONRejectsMalformedHistories(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{``, "want an object"},
		{`[0.1, 0.2]`, "want an object"},
		{`{"loss": [0.1, 0.2]`, "want an object"},
		{`{"loss": [0.1, 0.2]}`, `no "val_loss" list (keys: "loss")`},
		{`{"val_loss": [0.1]}`, `no "loss" list`},
		{`{"loss": [0.1, 0.2], "val_loss": [0.1]}`, "2 loss values but 1 val_loss values"},
		{`{"loss": [], "val_loss": []}`, "no epochs"},
		{`{"loss": ["0.1"], "val_loss": [0.1]}`, `"loss" is not a list of numbers`},
		{`{"loss": [0.1, NaN], "val_loss": [0.1, 0.2]}`, "NaN or Infinity"},
		{`{"loss": [0.1, 0], "val_loss": [0.1, 0.2]}`, "loss at epoch 2 is 0"},
		{`{"loss": [0.1, 0.2], "val_loss": [0.1, -0.2]}`, "val_loss at epoch 2 is -0.2"},
		{`{"loss": [0.1, null], "val_loss": [0.1, 0.2]}`, "loss at epoch 2 is null (JavaScript's JSON.stringify writes a NaN so)"},
	} {
		_, err := ReadJSON(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadJSON(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestReadCSVTakesColumnsByNameAndKerasCSVLoggerEpochs(t *testing.T) {
	// Keras's CSVLogger counts epochs from 0 and may add columns.
	h, err := ReadCSV(strings.NewReader("epoch,lr,val_loss,loss\n0,0.001,0.5,1\n1,0.001,0.25,0.75\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(h.Loss, []float64{1, 0.75}) || !slices.Equal(h.ValLoss, []float64{0.5, 0.25}) {
		t.Errorf("read %+v", h)
	}
}

func TestReadCSVRejectsMalformedHistories(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"epoch,loss\n1,0.1\n", "has no val_loss column"},
		{"epoch,loss,val_loss\n", "no epochs"},
		{"epoch,loss,val_loss\n2,0.1,0.1\n", "the first epoch is 2"},
		{"epoch,loss,val_loss\n1,0.1,0.1\n3,0.1,0.1\n", "line 3: epoch 3 follows epoch 1"},
		{"epoch,loss,val_loss\nx,0.1,0.1\n", `epoch "x" is not an integer`},
		{"epoch,loss,val_loss\n1,abc,0.1\n", `loss "abc" is not a number`},
		{"epoch,loss,val_loss\n1,0.1\n", "line 2: 2 fields, the header has 3"},
		{"epoch,loss,val_loss\n1,0.1,nan\n", "val_loss at epoch 1 is NaN"},
		{"epoch,loss,val_loss\n1,\"0.1,0.1\n", "CSV history"},
		// Blank lines are skipped, and still counted in the line number.
		{"epoch,loss,val_loss\n1,0.1,0.2\n\n\n2,0.05,0.1\n3,x,0.1\n", `line 6: loss "x" is not a number`},
	} {
		_, err := ReadCSV(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadCSV(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestReadFileNamesTheFileInErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.json")
	if err := os.WriteFile(path, []byte(" \n{\"loss\": [1]}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), `no "val_loss"`) {
		t.Errorf("err = %v", err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}

// TestReadFileTellsJSONFromCSVAfterAByteOrderMark: a JSON history saved
// with a byte-order mark is read, a top-level list is sent to the JSON
// reader (whose message says what is wanted), and a file larger than any
// history is refused unread.
func TestReadFileTellsJSONFromCSVAfterAByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	h, err := ReadFile(write("bom.json", "\ufeff{\"loss\": [0.1, 0.05], \"val_loss\": [0.2, 0.1]}"))
	if err != nil || !slices.Equal(h.Loss, []float64{0.1, 0.05}) {
		t.Errorf("a JSON history after a BOM: %v, %v", h, err)
	}
	if _, err := ReadFile(write("list.json", " [0.1, 0.05]")); err == nil || !strings.Contains(err.Error(), "JSON history: want an object like") {
		t.Errorf("a JSON list: %v", err)
	}
	big := write("big.csv", "epoch,loss,val_loss\n")
	if err := os.Truncate(big, MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(big); err == nil || err.Error() != "read history "+big+": more than 64 MiB, too large for a history of epochs (a million epochs as CSV is about 50 MB)" {
		t.Errorf("a file beyond MaxFileSize: %v", err)
	}
}
