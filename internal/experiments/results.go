package experiments

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/gorgonia-ae/autoencoder/model"
)

// resultsHeader returns the header of results.csv, in a new slice.
func resultsHeader() []string {
	return []string{"config", "hidden", "bottleneck", "seed", "final_loss", "final_val_loss",
		"min_val_loss", "min_val_epoch", "trainable_params", "wall_seconds"}
}

// WriteCSV writes results.csv: resultsHeader, then one row per run in the
// sweep's order (configuration-major). Losses are written so that they
// parse back to the identical float64; hidden widths are joined with "-"
// (200-100-50); wall seconds have millisecond resolution.
func (r Results) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(resultsHeader()); err != nil {
		return err
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, run := range r.Runs {
		loss, val := run.Final()
		best, _ := run.History.Best()
		row := []string{run.Config.Name(), joinInts(run.Config.Hidden, "-"), strconv.Itoa(run.Config.Bottleneck),
			strconv.FormatUint(uint64(run.Seed), 10), g(loss), g(val), g(best.ValLoss), strconv.Itoa(best.Epoch),
			strconv.Itoa(run.Params), strconv.FormatFloat(run.Wall.Seconds(), 'f', 3, 64)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Timing is a sweep's record of how it ran, written as sweep.json, so that a
// later sweep can set its wall time against this one's (the parallel
// speed-up) and check that their numbers agree.
type Timing struct {
	Configs     []string `json:"configs"`
	Seeds       []uint32 `json:"seeds"`
	Epochs      int      `json:"epochs"`
	BatchSize   int      `json:"batch_size"`
	Parallel    int      `json:"parallel"` // runs that trained at once
	MaxProcs    int      `json:"gomaxprocs"`
	NumCPU      int      `json:"num_cpu"`
	WallSeconds float64  `json:"wall_seconds"` // the whole sweep
	RunSeconds  float64  `json:"run_seconds"`  // the runs' wall times added up
	CPUSeconds  float64  `json:"cpu_seconds"`  // the process's CPU time during the sweep; 0 if not measured
	GoVersion   string   `json:"go_version"`
	Graph       string   `json:"graph,omitempty"` // the model's graph; "" is "fused", as before the field existed
	// FinalValLoss is each run's final val_loss in the order of results.csv,
	// to prove that another sweep computed the same numbers.
	FinalValLoss []float64 `json:"final_val_loss"`
}

// Timing returns the sweep's timing record.
func (r Results) Timing() Timing {
	t := Timing{Seeds: r.Sweep.Seeds, Epochs: r.Sweep.Epochs, BatchSize: r.Sweep.BatchSize, Graph: r.Sweep.Graph.String(),
		Parallel: r.Workers, MaxProcs: r.MaxProcs, NumCPU: r.NumCPU,
		WallSeconds: round3(r.Wall.Seconds()), CPUSeconds: round3(r.CPU.Seconds()), GoVersion: runtime.Version()}
	for _, c := range r.Sweep.Configs {
		t.Configs = append(t.Configs, c.Name())
	}
	var sum time.Duration
	for _, run := range r.Runs {
		sum += run.Wall
		_, v := run.Final()
		t.FinalValLoss = append(t.FinalValLoss, v)
	}
	t.RunSeconds = round3(sum.Seconds())
	return t
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// WriteJSON writes t as indented JSON.
func (t Timing) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(t)
}

// ReadTiming reads a sweep.json that WriteJSON wrote.
func ReadTiming(path string) (Timing, error) {
	f, err := os.Open(path)
	if err != nil {
		return Timing{}, fmt.Errorf("read sweep timing: %w", err)
	}
	defer f.Close()
	var t Timing
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return Timing{}, fmt.Errorf("read sweep timing %s: %w", path, err)
	}
	if !(t.WallSeconds > 0) || t.Parallel <= 0 || len(t.Configs) == 0 || len(t.Seeds) == 0 {
		return Timing{}, fmt.Errorf("read sweep timing %s: not a finished sweep (wall %v s, parallel %d, %d configs, %d seeds)",
			path, t.WallSeconds, t.Parallel, len(t.Configs), len(t.Seeds))
	}
	return t, nil
}

// SameSweep reports why b is not the same sweep as t (configurations,
// seeds, epochs, batch size and graph), or nil if it is.
func (t Timing) SameSweep(b Timing) error {
	graph := func(g string) string {
		if g == "" {
			return model.Fused.String()
		}
		return g
	}
	switch {
	case graph(t.Graph) != graph(b.Graph):
		return fmt.Errorf("graphs differ: %s and %s", graph(t.Graph), graph(b.Graph))
	case fmt.Sprint(t.Configs) != fmt.Sprint(b.Configs):
		return fmt.Errorf("configurations differ: %v and %v", t.Configs, b.Configs)
	case fmt.Sprint(t.Seeds) != fmt.Sprint(b.Seeds):
		return fmt.Errorf("seeds differ: %v and %v", t.Seeds, b.Seeds)
	case t.Epochs != b.Epochs:
		return fmt.Errorf("epochs differ: %d and %d", t.Epochs, b.Epochs)
	case t.BatchSize != b.BatchSize:
		return fmt.Errorf("batch sizes differ: %d and %d", t.BatchSize, b.BatchSize)
	}
	return nil
}
