package training

import (
	"fmt"

	"github.com/gorgonia-ae/autoencoder/model"
)

// Memory is an estimate, in bytes, of the memory a training run needs, by
// what it holds. The figures come from the model's Config and the data's
// size alone; nothing is allocated.
type Memory struct {
	Weights     float64 // every weight and BatchNorm statistic
	Gradients   float64 // one gradient per trainable weight in each training graph (full and partial batch)
	Adam        float64 // Adam's two moments per trainable weight
	Copies      float64 // the end-of-epoch snapshot, the best weights, the state being saved, the resumed state, the files being written
	Activations float64 // the training graphs' values for their batches
	Validation  float64 // the inference graphs over the validation rows (a chunk's and the rest's)
	Data        float64 // the rows, raw and scaled
	Runtime     float64 // the program and Go's runtime
}

// Total is the sum of the parts.
func (m Memory) Total() float64 {
	return m.Weights + m.Gradients + m.Adam + m.Copies + m.Activations + m.Validation + m.Data + m.Runtime
}

// runtimeBytes is what the program holds before it builds a model: about
// 30 MiB resident for the binary, Go's runtime and the notebook's data.
const runtimeBytes = 30 << 20

// EstimateMemory estimates the memory that Run needs for spec on trainRows
// training rows and valRows validation rows of cols features, saving its
// state every epoch (spec.Save) and with the files of a finished run being
// written, as the train command runs it. Compare its Total with the memory
// the machine has free before running a spec whose size the user chose.
// Measured peak resident memory of such runs (-epochs 1, on this
// program's default path) is 0.83 to 0.88 times the estimate for -hidden
// 1000,500 -bottleneck 250, 2000,1000 and 3000,1500 (1.5 to 10 million
// weights; Zen 5), and on a 2-vCPU Xeon 0.76 to 0.83 times for the fused
// graph and 0.70 to 0.96 for the stock one (see stockGraphFactor): the
// estimate errs on the side of refusing.
func EstimateMemory(spec Spec, trainRows, valRows, cols int) Memory {
	trainRows, valRows, cols = max(trainRows, 0), max(valRows, 0), max(cols, 0) // no negative bytes
	c := spec.Model
	s := c.ElemSize()
	trainable, all := c.CountWeights()
	var m Memory
	m.Weights = all * s
	m.Adam = 2 * trainable * s
	// A training graph per batch size: the full batches and the last,
	// partial one.
	batch := max(spec.BatchSize, 1)
	sizes := []int{min(batch, trainRows)}
	if trainRows > batch && trainRows%batch != 0 {
		sizes = append(sizes, trainRows%batch)
	}
	for _, b := range sizes {
		m.Gradients += trainable * s
		m.Activations += model.NetMemory(c, b, model.Training, false) - trainable*s
	}
	if valRows > 0 {
		// Evaluate runs at most EvalChunk rows through one graph, and
		// keeps a second one for the rows left over.
		m.Validation = model.NetMemory(c, min(valRows, EvalChunk), model.Inference, false)
		if rest := valRows % EvalChunk; valRows > EvalChunk && rest != 0 {
			m.Validation += model.NetMemory(c, rest, model.Inference, false)
		}
	}
	if spec.Graph == model.Stock {
		m.Activations *= stockGraphFactor
		m.Validation *= stockGraphFactor
	}
	// The snapshot of the last finished epoch and the Saver's copy of the
	// state (weights and moments), and with RestoreBest the best weights
	// twice (the run's and the Saver's). A resumed run also holds the state
	// it read. The weight files are written from the weights themselves.
	copies := 2*all + 2*trainable
	if spec.RestoreBest {
		copies += 2 * all
	}
	if spec.Resume != nil {
		copies += all + 2*trainable
	}
	m.Copies = copies * s
	// One float64 matrix of the rows, split and scaled in place
	// (dataset.Load), and a class per row.
	m.Data = 8 * float64(trainRows+valRows) * float64(cols+1)
	m.Runtime = runtimeBytes
	return m
}

// stockGraphFactor scales the graphs' activations for the stock graph,
// whose Gorgonia operators hold more intermediate tensors per unit than
// the fused ops. Measured peak RSS against the fused estimate (2-vCPU
// Xeon, -epochs 1): -hidden 2000,1000 on 5,000 training and 5,000
// validation rows needed 1.33 times the estimate's graphs, -hidden
// 1000,500 -bottleneck 250 1.55 times and -hidden 2000,1000 -batch 670 1.0
// times; 1.75 leaves the estimate above each.
const stockGraphFactor = 1.75

// EncoderMemory estimates the memory that encoding rows of a model of c
// needs (codes.Encode, in batches of batch rows): the encoder's weights as
// read from the file and as the model holds them, its inference graph, the
// rows as read and their codes (classify keeps them; encode streams them).
func EncoderMemory(c model.Config, rows, batch int) float64 {
	var weights float64
	for _, l := range c.Layers()[:c.EncoderLayers()] {
		weights += float64(l.In)*float64(l.Out) + float64(l.Out)
		if l.Norm {
			weights += 4 * float64(l.Out)
		}
	}
	s := c.ElemSize()
	net := model.NetMemory(c, min(rows, batch), model.Inference, true)
	data := 8 * float64(rows) * float64(c.Inputs+c.Bottleneck)
	return 2*weights*s + net + data + runtimeBytes
}

// FormatBytes writes a size as "1.5 GiB", "320.0 MiB" or "12.0 KiB".
func FormatBytes(b float64) string {
	const k = 1024
	switch {
	case !(b >= 0):
		return fmt.Sprintf("%g bytes", b) // negative or NaN: no unit fits
	case b >= k*k*k*k:
		return fmt.Sprintf("%.1f TiB", b/(k*k*k*k))
	case b >= k*k*k:
		return fmt.Sprintf("%.1f GiB", b/(k*k*k))
	case b >= k*k:
		return fmt.Sprintf("%.1f MiB", b/(k*k))
	}
	return fmt.Sprintf("%.1f KiB", b/k)
}
