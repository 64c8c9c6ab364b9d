package model

import (
	"fmt"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/kernels"
)

// Mode selects how BatchNormalization behaves in a graph.
type Mode int

const (
	// Training normalises with the batch's statistics and updates the moving
	// ones, as Keras does inside fit.
	Training Mode = iota
	// Inference normalises with the moving statistics, as Keras does in
	// evaluate and predict.
	Inference
)

func (m Mode) String() string {
	if m == Training {
		return "training"
	}
	return "inference"
}

// Net is the model as one Gorgonia expression graph for a fixed batch size,
// with the TapeMachine that runs it. All Nets built from the same Params
// share its weight tensors.
type Net struct {
	Graph *G.ExprGraph
	Mode  Mode
	Batch int

	// Input (batch × inputs) holds the data; the autoencoder's target is the
	// input itself.
	Input *G.Node
	// Code (batch × bottleneck) is the bottleneck layer's output.
	Code *G.Node
	// Output (batch × inputs) is the reconstruction; nil in an encoder net.
	Output *G.Node
	// Loss is the scalar mean squared error of Output against Input; nil in
	// an encoder net.
	Loss *G.Node
	// Weights are the trainable weight nodes in Params.Trainable() order and
	// Grads their gradients of Loss (training nets only). A stock net holds
	// the vectors among them (biases, gamma, beta) as rows, 1 × units, on
	// the memory of the Params' vectors, and their gradients are rows too.
	Weights, Grads G.Nodes

	// Kind is the builder the graph came from.
	Kind Graph

	params  *Params
	input   *tensor.Dense
	machine G.VM
	// afterRun holds what a stock training net does after each run: move
	// the BatchNorm moving statistics.
	afterRun []func() error
	// readOutput and readCode, where not nil, receive the Output and Code
	// nodes' values during a stock net's run: Gorgonia may compute a later
	// node in the memory of an earlier one once nothing else reads it.
	readOutput, readCode *G.Value
	// reads are a stock net's gorgonia.Read statements, and outputs, where
	// not empty, the nodes its machine must compute: the loss, the
	// gradients and reads (see compile). A fused net's machine computes
	// its whole graph.
	reads, outputs G.Nodes
	// layerOf maps node IDs to the Keras layer that built them (forward
	// nodes) or whose derivative they compute (backward nodes), for WriteDOT.
	layerOf map[int64]string
	// layer and next track the layer being built: nodes with IDs from next
	// on belong to it.
	layer string
	next  int64
	// gradFrom is the first ID of the nodes gorgonia.Grad added (0: none).
	gradFrom int64
	run      func() error // runs machine's tape once (see newTape)
	// inline says the tape runs on the calling goroutine (see newTape) and
	// keeps its registers between runs: the next run leaves out the loads
	// of weights and inputs that the registers still hold, and in stock
	// nets every instruction writes into the tensor its register already
	// holds (Gorgonia's UsePreallocDo) instead of allocating a new one (the
	// fused ops keep buffers of their own). Otherwise the tape is
	// Gorgonia's RunAll, and the machine is reset after every run.
	inline bool
}

// NewTrainingNet builds the whole autoencoder in training mode for batches
// of batch rows, with its loss and the loss's gradient with respect to every
// trainable weight, from the fused ops. Each run of it also updates the
// BatchNorm moving statistics in p.
func NewTrainingNet(p *Params, batch int) (*Net, error) {
	return build(Fused, p, batch, Training, false)
}

// NewInferenceNet builds the whole autoencoder in inference mode for batches
// of batch rows, with its loss (Keras's evaluate) and no gradients, from the
// fused ops.
func NewInferenceNet(p *Params, batch int) (*Net, error) {
	return build(Fused, p, batch, Inference, false)
}

// NewEncoderNet builds the encoder alone, input to bottleneck, in inference
// mode, from the fused ops: the part of the model that is kept to compress
// data.
func NewEncoderNet(p *Params, batch int) (*Net, error) {
	return build(Fused, p, batch, Inference, true)
}

// NewTrainingNetOf is NewTrainingNet built by the given kind of graph.
func NewTrainingNetOf(kind Graph, p *Params, batch int) (*Net, error) {
	return build(kind, p, batch, Training, false)
}

// NewInferenceNetOf is NewInferenceNet built by the given kind of graph.
func NewInferenceNetOf(kind Graph, p *Params, batch int) (*Net, error) {
	return build(kind, p, batch, Inference, false)
}

// NewEncoderNetOf is NewEncoderNet built by the given kind of graph.
func NewEncoderNetOf(kind Graph, p *Params, batch int) (*Net, error) {
	return build(kind, p, batch, Inference, true)
}

func build(kind Graph, p *Params, batch int, mode Mode, encoderOnly bool) (*Net, error) {
	if err := kind.valid(); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	if batch <= 0 {
		return nil, fmt.Errorf("batch size must be positive, got %d", batch)
	}
	// The widest activation is batch × the widest layer: bounded as the
	// weights are, so that no buffer size overflows an int.
	if wide := float64(batch) * float64(slices.Max(p.Config.Widths())); wide > MaxWeights {
		return nil, fmt.Errorf("batch size %d: a batch of the model's widest layer would hold %.3g values, more than %.3g", batch, wide, float64(MaxWeights))
	}
	var (
		n   *Net
		err error
	)
	switch p.Config.Dtype {
	case tensor.Float32:
		n, err = buildTyped[float32](kind, p, batch, mode, encoderOnly)
	default:
		n, err = buildTyped[float64](kind, p, batch, mode, encoderOnly)
	}
	if err != nil {
		return nil, fmt.Errorf("build %s %s net for batch %d: %w", kind, mode, batch, err)
	}
	return n, nil
}

func buildTyped[T Float](kind Graph, p *Params, batch int, mode Mode, encoderOnly bool) (*Net, error) {
	c := p.Config
	g := G.NewGraph()
	n := &Net{Graph: g, Kind: kind, Mode: mode, Batch: batch, params: p, layerOf: map[int64]string{}}
	n.beginLayer("input")
	n.input = tensor.New(tensor.WithShape(batch, c.Inputs), tensor.WithBacking(make([]T, batch*c.Inputs)))
	n.Input = G.NewMatrix(g, c.Dtype, G.WithShape(batch, c.Inputs), G.WithName("input"), G.WithValue(n.input))
	var err error
	if kind == Stock {
		err = buildStock[T](n, encoderOnly)
	} else {
		err = buildFused[T](n, encoderOnly)
	}
	if err != nil {
		return nil, err
	}
	if mode == Training && !encoderOnly {
		n.gradFrom = n.next
		if n.Grads, err = G.Grad(n.Loss, n.Weights...); err != nil {
			return nil, fmt.Errorf("differentiate the loss: %w", err)
		}
		n.assignBackwardLayers()
	} else {
		n.Weights = nil
	}
	if kind == Stock {
		if n.Loss != nil {
			n.outputs = append(n.outputs, n.Loss)
		}
		n.outputs = append(append(n.outputs, n.Grads...), n.reads...)
	}
	return n, nil
}

// buildFused builds n's graph from this package's layer ops.
func buildFused[T Float](n *Net, encoderOnly bool) error {
	p, c, g := n.params, n.params.Config, n.Graph
	h := n.Input
	layers := c.Layers()
	if encoderOnly {
		layers = layers[:c.EncoderLayers()]
	}
	var err error
	ni := 0
	for i, l := range layers {
		d := p.Dense[i]
		n.beginLayer(l.Name)
		kernel, bias := n.weight(d.Kernel, l.Name+"/kernel"), n.weight(d.Bias, l.Name+"/bias")
		if h, err = apply(newDenseOp[T](l.Name, i > 0), l.Name+"/dense", h, kernel, bias); err != nil {
			return err
		}
		if l.Norm {
			np := p.Norm[ni]
			ni++
			n.beginLayer(l.Name + "/norm")
			gamma, beta := n.weight(np.Gamma, l.Name+"/norm/gamma"), n.weight(np.Beta, l.Name+"/norm/beta")
			if n.Mode == Training {
				h, err = apply(newNormTrainOp[T](l.Name, np), l.Name+"/norm", h, gamma, beta)
			} else {
				mean := G.NewVector(g, c.Dtype, G.WithShape(l.Out), G.WithName(l.Name+"/norm/moving_mean"), G.WithValue(np.MovingMean))
				variance := G.NewVector(g, c.Dtype, G.WithShape(l.Out), G.WithName(l.Name+"/norm/moving_variance"), G.WithValue(np.MovingVar))
				h, err = apply(newNormInferOp[T](l.Name), l.Name+"/norm", h, gamma, beta, mean, variance)
			}
			if err != nil {
				return err
			}
			n.beginLayer(l.Name + "/act")
			if h, err = apply(newLeakyOp[T](l.Name, LeakySlope), l.Name+"/act", h); err != nil {
				return err
			}
		}
		if l.Name == "bottleneck" {
			n.Code = h
		}
	}
	n.endLayer()
	if encoderOnly {
		return nil
	}
	n.Output = h
	n.beginLayer("loss")
	n.Loss, err = apply(newMSEOp[T](), "loss", n.Output, n.Input)
	n.endLayer()
	return err
}

// Params returns the weights the net reads and, in training mode, updates.
func (n *Net) Params() *Params { return n.params }

// SetInput copies x (Batch × inputs, row-major) into the net's input.
func (n *Net) SetInput(x []float64) error {
	cols := n.params.Config.Inputs
	if len(x) != n.Batch*cols {
		return fmt.Errorf("input has %d values, want %d × %d", len(x), n.Batch, cols)
	}
	copyInto(n.input, x, 0, len(x))
	return nil
}

// SetInputRows copies the rows of src (a row-major matrix with the model's
// input width) picked by rows, in that order, into the net's input.
func (n *Net) SetInputRows(src []float64, rows []int) error {
	cols := n.params.Config.Inputs
	if len(rows) != n.Batch {
		return fmt.Errorf("got %d rows, the net takes batches of %d", len(rows), n.Batch)
	}
	if len(src)%cols != 0 {
		return fmt.Errorf("source of %d values is not a matrix of width %d", len(src), cols)
	}
	for i, r := range rows {
		if r < 0 || r >= len(src)/cols {
			return fmt.Errorf("row %d out of range [0, %d)", r, len(src)/cols)
		}
		copyInto(n.input, src[r*cols:(r+1)*cols], i*cols, cols)
	}
	return nil
}

// copyInto converts src[:cnt] into t's elements off to off+cnt.
func copyInto(t *tensor.Dense, src []float64, off, cnt int) {
	switch t.Dtype() {
	case tensor.Float32:
		kernels.Float32From64(t.Float32s()[off:off+cnt], src[:cnt])
	case tensor.Float64:
		copy(t.Float64s()[off:off+cnt], src[:cnt])
	}
}

// Run executes the graph once: the forward pass and, in a training net, the
// backward pass (which also moves the BatchNorm statistics). Values are then
// available from LossValue, OutputValues, CodeValues and the Grads nodes
// until the next Run.
//
// The tape runs on the calling goroutine (see newTape), so the whole pass
// stays on the caller's thread and core.
func (n *Net) Run() error {
	if n.machine == nil {
		m, run, inline, err := newTape(n.Graph, n.outputs)
		if err != nil {
			return fmt.Errorf("run %s net: %w", n.Mode, err)
		}
		n.machine, n.run, n.inline = m, run, inline
	}
	err := n.run()
	if !n.inline || err != nil {
		n.machine.Reset()
	}
	if err != nil {
		return fmt.Errorf("run %s net: %w", n.Mode, err)
	}
	for _, f := range n.afterRun {
		if err := f(); err != nil {
			return fmt.Errorf("run %s net: moving statistics: %w", n.Mode, err)
		}
	}
	return nil
}

// Close releases the net's machine.
func (n *Net) Close() error {
	if n.machine == nil {
		return nil
	}
	err := n.machine.Close()
	n.machine, n.run = nil, nil
	return err
}

// LossValue returns the loss of the last Run.
func (n *Net) LossValue() (float64, error) {
	if n.Loss == nil || n.Loss.Value() == nil {
		return 0, fmt.Errorf("no loss: the net has not run or has no loss")
	}
	return scalar(n.Loss.Value())
}

// OutputValues returns a copy of the last Run's reconstruction (Batch ×
// inputs, row-major).
func (n *Net) OutputValues() ([]float64, error) {
	return nodeValues(n.Output, n.readOutput, "output")
}

// CodeValues returns a copy of the last Run's bottleneck codes (Batch ×
// bottleneck, row-major).
func (n *Net) CodeValues() ([]float64, error) { return nodeValues(n.Code, n.readCode, "code") }

// nodeValues returns a copy of node's value, or of read's where the graph
// copies the value out with gorgonia.Read (read not nil).
func nodeValues(node *G.Node, read *G.Value, what string) ([]float64, error) {
	var v G.Value
	switch {
	case read != nil:
		v = *read
	case node != nil:
		v = node.Value()
	}
	if v == nil {
		return nil, fmt.Errorf("no %s: the net has not run", what)
	}
	t, ok := v.(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("%s is a %T, not a tensor", what, node.Value())
	}
	return Float64s(t), nil
}

// GradValues returns the gradient tensors of the last Run, in Weights order.
// A fused net writes every run's gradients into the same tensors; a stock
// net's TapeMachine reuses its registers' tensors where Gorgonia's ops can
// write into them and allocates new ones where they cannot, so call
// GradValues (or read the Grads nodes' values) again after each Run.
func (n *Net) GradValues() ([]*tensor.Dense, error) {
	out := make([]*tensor.Dense, len(n.Grads))
	for i, g := range n.Grads {
		t, ok := g.Value().(*tensor.Dense)
		if !ok {
			return nil, fmt.Errorf("gradient of %s: no tensor value (has the net run?)", n.Weights[i].Name())
		}
		out[i] = t
	}
	return out, nil
}
