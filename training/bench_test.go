package training

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

// The notebook's sizes: 1000 samples of 100 features split 670 / 330, batches
// of 16 (41 full ones and one of 14 per epoch).
const (
	benchTrainRows = 670
	benchValRows   = 330
	benchFeatures  = 100
	benchBatch     = 16
)

// benchData returns rows × cols values shaped like make_classification's
// output after MinMaxScaler: a rank-10 Gaussian signal spread over all
// columns plus a little noise, each column scaled to [0, 1]. (The
// distribution matters for speed only through the signs LeakyReLU sees, so
// it need not be the notebook's data, only alike.)
func benchData(seed uint64, rows, cols int) []float64 {
	r := rand.New(rand.NewPCG(seed, 11))
	const rank = 10
	mix := make([]float64, rank*cols)
	for i := range mix {
		mix[i] = r.NormFloat64()
	}
	x := make([]float64, rows*cols)
	z := make([]float64, rank)
	for i := 0; i < rows; i++ {
		for k := range z {
			z[k] = r.NormFloat64()
		}
		row := x[i*cols : i*cols+cols]
		for j := range row {
			s := 0.1 * r.NormFloat64()
			for k, zk := range z {
				s += zk * mix[k*cols+j]
			}
			row[j] = s
		}
	}
	for j := 0; j < cols; j++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < rows; i++ {
			lo, hi = min(lo, x[i*cols+j]), max(hi, x[i*cols+j])
		}
		for i := 0; i < rows; i++ {
			x[i*cols+j] = (x[i*cols+j] - lo) / (hi - lo)
		}
	}
	return x
}

// newBenchTrainer returns a trainer of the notebook's model for features
// inputs, initialised from a fixed seed, with the fused graph.
func newBenchTrainer(tb testing.TB, features int) *Trainer {
	return newBenchTrainerOf(tb, model.Fused, features)
}

// newBenchTrainerOf is newBenchTrainer with the given kind of graph.
func newBenchTrainerOf(tb testing.TB, kind model.Graph, features int) *Trainer {
	return newBenchTrainerOfConfig(tb, kind, model.NotebookConfig(features))
}

// newBenchTrainerOfConfig is newBenchTrainerOf for any model.
func newBenchTrainerOfConfig(tb testing.TB, kind model.Graph, c model.Config) *Trainer {
	tb.Helper()
	p, err := model.NewParams(c, newUniform(3))
	if err != nil {
		tb.Fatal(err)
	}
	tr := NewTrainer(p)
	tr.Graph = kind
	return tr
}

// BenchmarkTrainStep times one training step of the notebook's model on a
// batch of 16 rows with the fused graph: forward, backward, BatchNorm
// statistics and Adam.
func BenchmarkTrainStep(b *testing.B) { benchTrainStep(b, model.Fused) }

// BenchmarkStockTrainStep is BenchmarkTrainStep with the stock graph, built
// from Gorgonia's own operators and differentiated by Gorgonia.
func BenchmarkStockTrainStep(b *testing.B) { benchTrainStep(b, model.Stock) }

// BenchmarkTrainStepFloat64 and BenchmarkStockTrainStepFloat64 are the two
// graphs' steps with the notebook's model in float64.
func BenchmarkTrainStepFloat64(b *testing.B) { benchTrainStepOf(b, model.Fused, float64Notebook()) }

func BenchmarkStockTrainStepFloat64(b *testing.B) {
	benchTrainStepOf(b, model.Stock, float64Notebook())
}

func float64Notebook() model.Config {
	c := model.NotebookConfig(benchFeatures)
	c.Dtype = tensor.Float64
	return c
}

func benchTrainStep(b *testing.B, kind model.Graph) {
	benchTrainStepOf(b, kind, model.NotebookConfig(benchFeatures))
}

func benchTrainStepOf(b *testing.B, kind model.Graph, c model.Config) {
	train := benchData(1, benchTrainRows, benchFeatures)
	tr := newBenchTrainerOfConfig(b, kind, c)
	defer tr.Close()
	rows := make([]int, benchBatch)
	for i := range rows {
		rows[i] = i
	}
	if _, err := tr.step(train, rows); err != nil { // build the graph
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		if _, err := tr.step(train, rows); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
}

// BenchmarkEpoch times one epoch of Fit over the notebook's 670 training
// rows (42 steps, shuffled), without validation.
func BenchmarkEpoch(b *testing.B) {
	benchEpochs(b, benchTrainRows, benchFeatures, 0)
}

// BenchmarkEpochWithValidation times one epoch of Fit as the notebook runs
// it: 42 shuffled steps, then the validation pass over 330 rows.
func BenchmarkEpochWithValidation(b *testing.B) {
	benchEpochs(b, benchTrainRows, benchFeatures, benchValRows)
}

// BenchmarkStockEpochWithValidation is BenchmarkEpochWithValidation with the
// stock graph: 200 of these are the notebook's run.
func BenchmarkStockEpochWithValidation(b *testing.B) {
	benchEpochsOf(b, model.Stock, benchTrainRows, benchFeatures, benchValRows)
}

// BenchmarkEpochScale times one epoch (training and validation) at the
// notebook's size, at 10× the samples and at 10× the width (1,000 features,
// so hidden widths 2,000 and 1,000: about 100× the arithmetic per row).
// The ns/row metric is the cost per training row.
func BenchmarkEpochScale(b *testing.B) {
	for _, c := range []struct{ rows, val, features int }{
		{benchTrainRows, benchValRows, benchFeatures},
		{10 * benchTrainRows, 10 * benchValRows, benchFeatures},
		{benchTrainRows, benchValRows, 10 * benchFeatures},
	} {
		b.Run(fmt.Sprintf("rows=%d/features=%d", c.rows, c.features), func(b *testing.B) {
			benchEpochs(b, c.rows, c.features, c.val)
		})
	}
}

func benchEpochs(b *testing.B, rows, features, valRows int) {
	benchEpochsOf(b, model.Fused, rows, features, valRows)
}

func benchEpochsOf(b *testing.B, kind model.Graph, rows, features, valRows int) {
	train := benchData(1, rows, features)
	var val []float64
	if valRows > 0 {
		val = benchData(2, valRows, features)
	}
	tr := newBenchTrainerOf(b, kind, features)
	defer tr.Close()
	o := Options{Epochs: 1, BatchSize: benchBatch, Shuffle: true, Permuter: newUniform(5)}
	if _, err := tr.Fit(context.Background(), train, val, o); err != nil { // build the graphs
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		if _, err := tr.Fit(context.Background(), train, val, o); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}

// BenchmarkValidation times the validation pass: Evaluate over the 330 test
// rows in inference mode.
func BenchmarkValidation(b *testing.B) {
	val := benchData(2, benchValRows, benchFeatures)
	tr := newBenchTrainer(b, benchFeatures)
	defer tr.Close()
	if _, err := tr.Evaluate(val); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		if _, err := tr.Evaluate(val); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
}

// cpuClock measures the process CPU time spent in a benchmark's loop.
type cpuClock struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuClock {
	t, ok := cpuTime()
	return cpuClock{t, ok}
}

// report adds the CPU time per iteration as the metric cpu-ns/op. With
// GOMAXPROCS=1 it is the single thread's time at work; unlike ns/op it
// leaves out the time the process waited for a core on a shared machine.
func (c cpuClock) report(b *testing.B) {
	if t, ok := cpuTime(); ok && c.ok {
		b.ReportMetric(float64((t-c.start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// TestTrainingMemoryIsSteady trains the notebook's model for a few epochs to
// warm up, then for 20 more, and checks that the steady state allocates less
// than 64 KiB per training step and that the live heap does not grow from
// one block of epochs to the next.
func TestTrainingMemoryIsSteady(t *testing.T) { checkMemorySteady(t, model.Fused, 64<<10) }

// TestStockTrainingHeapDoesNotGrow is TestTrainingMemoryIsSteady for the
// stock graph, whose TapeMachine allocates every value of every run anew
// (about 1.5 MB a step): that garbage must stay garbage.
func TestStockTrainingHeapDoesNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("23 epochs of the stock graph")
	}
	checkMemorySteady(t, model.Stock, 2<<20)
}

// checkMemorySteady trains for a few epochs to warm up, then for 20 more,
// and checks that the steady state allocates less than perStepLimit bytes
// per training step and that the live heap does not grow.
func checkMemorySteady(t *testing.T, kind model.Graph, perStepLimit float64) {
	train := benchData(1, benchTrainRows, benchFeatures)
	val := benchData(2, benchValRows, benchFeatures)
	tr := newBenchTrainerOf(t, kind, benchFeatures)
	defer tr.Close()
	o := Options{Epochs: 3, BatchSize: benchBatch, Shuffle: true, Permuter: newUniform(5)}
	if _, err := tr.Fit(context.Background(), train, val, o); err != nil {
		t.Fatal(err)
	}
	heap := func() (live, total uint64) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc, ms.TotalAlloc
	}
	const epochs = 10
	o.Epochs = epochs
	live0, total0 := heap()
	if _, err := tr.Fit(context.Background(), train, val, o); err != nil {
		t.Fatal(err)
	}
	live1, total1 := heap()
	if _, err := tr.Fit(context.Background(), train, val, o); err != nil {
		t.Fatal(err)
	}
	live2, total2 := heap()
	steps := epochs * ((benchTrainRows + benchBatch - 1) / benchBatch)
	for i, d := range []uint64{total1 - total0, total2 - total1} {
		perStep := float64(d) / float64(steps)
		t.Logf("block %d of %d epochs: %.0f B allocated per step (validation included)", i+1, epochs, perStep)
		if perStep >= perStepLimit {
			t.Errorf("block %d: %.0f B allocated per training step, want < %.0f KiB", i+1, perStep, perStepLimit/1024)
		}
	}
	t.Logf("live heap: %d B warm, %d B after %d epochs, %d B after %d", live0, live1, epochs, live2, 2*epochs)
	// The live heap may differ by the GC's bookkeeping and the History's
	// epochs, but must not grow with the number of steps run.
	const slack = 64 << 10
	if live2 > live1+slack || live1 > live0+slack {
		t.Errorf("live heap grew across epochs: %d B → %d B → %d B", live0, live1, live2)
	}
}
