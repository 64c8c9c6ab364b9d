package compare

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/gorgonia-ae/autoencoder/training"
)

// History is one run's per-epoch losses: Loss[i] and ValLoss[i] belong to
// epoch i+1.
type History struct {
	Loss, ValLoss []float64
}

// Len returns the number of epochs.
func (h History) Len() int { return len(h.Loss) }

// Epochs returns 1, 2, ..., Len().
func (h History) Epochs() []int {
	out := make([]int, h.Len())
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// FromTraining returns the losses of a Go run's history.
func FromTraining(h training.History) History {
	return History{Loss: h.Loss(), ValLoss: h.ValLoss()}
}

// check reports a history that cannot be compared: no epochs, lists of
// different lengths, or values that are not finite and positive.
func (h History) check() error {
	if len(h.Loss) == 0 {
		return errors.New("no epochs")
	}
	if len(h.Loss) != len(h.ValLoss) {
		return fmt.Errorf("%d loss values but %d val_loss values", len(h.Loss), len(h.ValLoss))
	}
	for _, s := range []struct {
		name string
		v    []float64
	}{{"loss", h.Loss}, {"val_loss", h.ValLoss}} {
		for i, v := range s.v {
			if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
				return fmt.Errorf("%s at epoch %d is %v; want a finite positive number", s.name, i+1, v)
			}
		}
	}
	return nil
}

// MaxFileSize is the largest history file ReadFile reads: a history of a
// million epochs as CSV is about 50 MB.
const MaxFileSize = 64 << 20

// ReadFile reads a reference history from path: a Keras history as
// json.dump(history.history, f) writes it (ReadJSON), or a CSV with the
// columns epoch, loss and val_loss (ReadCSV). The format is told by the
// content: a file whose first non-blank character (after a byte-order
// mark) is '{' or '[' is JSON. A file larger than MaxFileSize is refused
// unread: it is not a history.
func ReadFile(path string) (History, error) {
	f, err := os.Open(path)
	if err != nil {
		return History{}, fmt.Errorf("read history: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return History{}, fmt.Errorf("read history %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return History{}, fmt.Errorf("read history %s: more than %d MiB, too large for a history of epochs (a million epochs as CSV is about 50 MB)", path, MaxFileSize>>20)
	}
	var h History
	t := bytes.TrimLeft(bytes.TrimPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("\ufeff")), " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		h, err = ReadJSON(bytes.NewReader(t))
	} else {
		h, err = ReadCSV(bytes.NewReader(data))
	}
	if err != nil {
		return History{}, fmt.Errorf("read history %s: %w", path, err)
	}
	return h, nil
}

// ReadJSON reads a Keras history as Python's json.dump(history.history, f)
// writes it: an object with the lists "loss" and "val_loss", one value per
// epoch; other keys (learning rate, metrics) are ignored.
func ReadJSON(r io.Reader) (History, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return History{}, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		if bytes.Contains(data, []byte("NaN")) || bytes.Contains(data, []byte("Infinity")) {
			return History{}, fmt.Errorf("JSON history holds NaN or Infinity (Python's json writes a diverged loss so): %w", err)
		}
		return History{}, fmt.Errorf("JSON history: want an object like {\"loss\": [...], \"val_loss\": [...]}: %w", err)
	}
	var h History
	for _, k := range []struct {
		name string
		dst  *[]float64
	}{{"loss", &h.Loss}, {"val_loss", &h.ValLoss}} {
		v, ok := raw[k.name]
		if !ok {
			return History{}, fmt.Errorf("JSON history has no %q list (keys: %s)", k.name, keys(raw))
		}
		var vals []*float64
		if err := json.Unmarshal(v, &vals); err != nil {
			return History{}, fmt.Errorf("JSON history: %q is not a list of numbers: %w", k.name, err)
		}
		for i, p := range vals {
			if p == nil {
				return History{}, fmt.Errorf("JSON history: %s at epoch %d is null (JavaScript's JSON.stringify writes a NaN so)", k.name, i+1)
			}
			*k.dst = append(*k.dst, *p)
		}
	}
	if err := h.check(); err != nil {
		return History{}, fmt.Errorf("JSON history: %w", err)
	}
	return h, nil
}

func keys(m map[string]json.RawMessage) string {
	var out []string
	for k := range m {
		out = append(out, strconv.Quote(k))
	}
	if len(out) == 0 {
		return "none"
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// ReadCSV reads a history CSV with a header naming the columns epoch, loss
// and val_loss, in any order (others are ignored), and one row per epoch, as
// this program's history.csv, the reference scripts' --history-csv and
// Keras's CSVLogger write it. Epochs must be consecutive from 1, or from 0
// as CSVLogger numbers them (read as 1, 2, ...).
func ReadCSV(r io.Reader) (History, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return History{}, errors.New("CSV history is empty")
	}
	if err != nil {
		return History{}, fmt.Errorf("CSV history: %w", err)
	}
	col := map[string]int{}
	for i, name := range header {
		col[strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))] = i
	}
	for _, name := range []string{"epoch", "loss", "val_loss"} {
		if _, ok := col[name]; !ok {
			return History{}, fmt.Errorf("CSV history: the header %q has no %s column; want epoch,loss,val_loss", strings.Join(header, ","), name)
		}
	}
	var h History
	first := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return History{}, fmt.Errorf("CSV history: %w", err)
		}
		line, _ := cr.FieldPos(0) // csv.Reader skips blank lines
		if len(rec) != len(header) {
			return History{}, fmt.Errorf("CSV history line %d: %d fields, the header has %d", line, len(rec), len(header))
		}
		e, err := strconv.Atoi(strings.TrimSpace(rec[col["epoch"]]))
		if err != nil {
			return History{}, fmt.Errorf("CSV history line %d: epoch %q is not an integer", line, rec[col["epoch"]])
		}
		if h.Len() == 0 {
			if e != 0 && e != 1 {
				return History{}, fmt.Errorf("CSV history line %d: the first epoch is %d; want 1 (or 0, as Keras's CSVLogger counts)", line, e)
			}
			first = e
		} else if want := first + h.Len(); e != want {
			return History{}, fmt.Errorf("CSV history line %d: epoch %d follows epoch %d; want consecutive epochs", line, e, want-1)
		}
		var vals [2]float64
		for i, name := range []string{"loss", "val_loss"} {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[col[name]]), 64)
			if err != nil {
				return History{}, fmt.Errorf("CSV history line %d: %s %q is not a number", line, name, rec[col[name]])
			}
			vals[i] = v
		}
		h.Loss, h.ValLoss = append(h.Loss, vals[0]), append(h.ValLoss, vals[1])
	}
	if err := h.check(); err != nil {
		return History{}, fmt.Errorf("CSV history: %w", err)
	}
	return h, nil
}
