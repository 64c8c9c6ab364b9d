package training

import (
	"math"
	"testing"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

// TestEstimateMemoryOfTheNotebooksRun works the notebook's run out by
// hand: 102,000 trainable weights and 103,200 in all (with the BatchNorm
// statistics), float32; 670 training rows in batches of 16 (41 full ones
// and one of 14, so two training graphs); 330 validation rows; 900 units
// from input to output.
func TestEstimateMemoryOfTheNotebooksRun(t *testing.T) {
	spec := NotebookSpec(100)
	m := EstimateMemory(spec, 670, 330, 100)
	want := Memory{
		Weights:     103200 * 4,
		Gradients:   2 * 102000 * 4,
		Adam:        2 * 102000 * 4,
		Copies:      (2*103200 + 2*102000) * 4,
		Activations: 12 * (16 + 14) * 900 * 4,
		Validation:  4 * 330 * 900 * 4,
		Data:        8 * 1000 * 101,
		Runtime:     30 << 20,
	}
	if m != want {
		t.Fatalf("estimate %+v\nwant     %+v", m, want)
	}
	if got := FormatBytes(m.Total()); got != "40.1 MiB" {
		t.Errorf("total %s, want 40.1 MiB", got)
	}

	// -restore-best keeps two more copies of the weights, float64 doubles
	// every weight-sized part, one batch of all 670 rows is one graph.
	best := spec
	best.RestoreBest = true
	if d := EstimateMemory(best, 670, 330, 100).Copies - m.Copies; d != 2*103200*4 {
		t.Errorf("-restore-best adds %v bytes of copies, want %v", d, 2*103200*4)
	}
	f64 := spec
	f64.Model.Dtype = tensor.Float64
	if e := EstimateMemory(f64, 670, 330, 100); e.Weights != 2*m.Weights || e.Adam != 2*m.Adam || e.Activations != 2*m.Activations {
		t.Errorf("float64: %+v", e)
	}
	one := spec
	one.BatchSize = 670
	if e := EstimateMemory(one, 670, 330, 100); e.Gradients != 102000*4 || e.Activations != 12*670*900*4 {
		t.Errorf("one batch of 670: gradients %v, activations %v", e.Gradients, e.Activations)
	}
	small := spec
	small.BatchSize = 1000 // more than the rows: one graph of 670
	if e := EstimateMemory(small, 670, 330, 100); e.Activations != 12*670*900*4 {
		t.Errorf("a batch larger than the rows: activations %v", e.Activations)
	}
	// Validation rows beyond a chunk: a graph of EvalChunk rows and one of
	// the rest; a whole number of chunks needs the one graph.
	if e := EstimateMemory(spec, 670, 8191, 100); e.Validation != 4*(4096+4095)*900*4 {
		t.Errorf("8191 validation rows: %v bytes, want graphs of 4096 and 4095 rows", e.Validation)
	}
	if e := EstimateMemory(spec, 670, 8192, 100); e.Validation != 4*4096*900*4 {
		t.Errorf("8192 validation rows: %v bytes, want one graph of 4096 rows", e.Validation)
	}
	// The stock graph's nets hold more per unit.
	stock := spec
	stock.Graph = model.Stock
	e := EstimateMemory(stock, 670, 330, 100)
	if e.Activations != 1.75*m.Activations || e.Validation != 1.75*m.Validation || e.Weights != m.Weights {
		t.Errorf("stock: %+v, want the fused activations and validation times 1.75", e)
	}
}

// TestEstimateMemoryOfAHugeModel: -hidden 100000,100000 has 2×10¹⁰
// weights: 80 GB in float32 for the weights alone, and the run about 9
// times that; nothing overflows.
func TestEstimateMemoryOfAHugeModel(t *testing.T) {
	spec := NotebookSpec(100)
	spec.Model.Hidden = []int{100000, 100000}
	m := EstimateMemory(spec, 670, 330, 100)
	if m.Weights < 8e10 || m.Weights > 8.1e10 {
		t.Errorf("weights %v bytes, want 8.0e10", m.Weights)
	}
	if got := FormatBytes(m.Total()); got != "674.5 GiB" {
		t.Errorf("total %s, want 674.5 GiB", got)
	}
	spec.Model.Hidden = []int{1 << 30, 1 << 30}
	if total := EstimateMemory(spec, 670, 330, 100).Total(); !(total > 1e19) {
		t.Errorf("widths of 2³⁰: total %v bytes", total)
	}
}

// TestEncoderMemory: the notebook's encoder (100-200-100-[100], 51,600
// scalars with its BatchNorm statistics) encoding 330 rows in batches of
// 256.
func TestEncoderMemory(t *testing.T) {
	c := model.NotebookConfig(100)
	got := EncoderMemory(c, 330, 256)
	want := 2*51600*4.0 + 4*256*500*4 + 8*330*(100+100) + (30 << 20)
	if got != want {
		t.Errorf("EncoderMemory = %v, want %v", got, want)
	}
}

// TestEstimateAndFormatOfNonsense: negative row counts estimate no negative
// memory, and FormatBytes says what it got for a negative or NaN size.
func TestEstimateAndFormatOfNonsense(t *testing.T) {
	if m := EstimateMemory(NotebookSpec(100), -math.MaxInt, -5, -3); !(m.Total() > 0) {
		t.Errorf("EstimateMemory with negative rows: total %v", m.Total())
	}
	for b, want := range map[float64]string{-1: "-1 bytes", 2048: "2.0 KiB"} {
		if got := FormatBytes(b); got != want {
			t.Errorf("FormatBytes(%v) = %q, want %q", b, got, want)
		}
	}
	if got := FormatBytes(math.NaN()); got != "NaN bytes" {
		t.Errorf("FormatBytes(NaN) = %q", got)
	}
}
