package training

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
	"github.com/gorgonia-ae/autoencoder/model"
)

// readMatrix reads a CSV of floats (optionally gzip) into a row-major slice.
func readMatrix(t *testing.T, path string) (data []float64, cols int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		cols = len(fields)
		for _, s := range fields {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return data, cols
}

type expectedTrajectory struct {
	ValBefore float64   `json:"val_loss_before_training"`
	Loss      []float64 `json:"loss"`
	ValLoss   []float64 `json:"val_loss"`
}

// TestTrajectoryMatchesKeras starts from the reference initial weights,
// trains 5 epochs in file order and compares every epoch's loss and
// val_loss with Keras's, with each kind of graph.
func TestTrajectoryMatchesKeras(t *testing.T) {
	train, cols := readMatrix(t, "../dataset/testdata/rs1/X_train.csv.gz")
	test, _ := readMatrix(t, "../dataset/testdata/rs1/X_test.csv")
	raw, err := os.ReadFile("testdata/expected_keras_adam.json")
	if err != nil {
		t.Fatal(err)
	}
	var want expectedTrajectory
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for _, kind := range model.Graphs() {
		t.Run(kind.String(), func(t *testing.T) {
			p := model.ZeroParams(model.NotebookConfig(cols))
			if err := checkpoint.LoadJSON("testdata/init_bn100.json.gz", p); err != nil {
				t.Fatal(err)
			}
			tr := NewTrainer(p)
			tr.Graph = kind
			defer tr.Close()
			before, err := tr.Evaluate(test)
			if err != nil {
				t.Fatal(err)
			}
			const tol = 1e-3
			relErr := func(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }
			if e := relErr(before, want.ValBefore); e > tol {
				t.Errorf("val_loss before training = %.8g, Keras %.8g (relative error %.2g)", before, want.ValBefore, e)
			}
			h, err := tr.Fit(context.Background(), train, test, Options{Epochs: len(want.Loss), BatchSize: 16})
			if err != nil {
				t.Fatal(err)
			}
			if h.Len() != len(want.Loss) {
				t.Fatalf("%d epochs, want %d", h.Len(), len(want.Loss))
			}
			for i, e := range h.Epochs {
				t.Logf("epoch %d: loss %.8g (Keras %.8g, rel %.2g), val_loss %.8g (Keras %.8g, rel %.2g)", e.Epoch,
					e.Loss, want.Loss[i], relErr(e.Loss, want.Loss[i]), e.ValLoss, want.ValLoss[i], relErr(e.ValLoss, want.ValLoss[i]))
				if relErr(e.Loss, want.Loss[i]) > tol || relErr(e.ValLoss, want.ValLoss[i]) > tol {
					t.Errorf("epoch %d differs from Keras by more than %g relative", e.Epoch, tol)
				}
			}
		})
	}
}
