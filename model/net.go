package model

import (
	"fmt"

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
	// Grads their gradients of Loss (training nets only).
	Weights, Grads G.Nodes

	params  *Params
	input   *tensor.Dense
	machine G.VM
	run     func() error // runs machine's tape once (see newTape)
}

// NewTrainingNet builds the whole autoencoder in training mode for batches
// of batch rows, with its loss and the loss's gradient with respect to every
// trainable weight. Each run of it also updates the BatchNorm moving
// statistics in p.
func NewTrainingNet(p *Params, batch int) (*Net, error) {
	return build(p, batch, Training, false)
}

// NewInferenceNet builds the whole autoencoder in inference mode for batches
// of batch rows, with its loss (Keras's evaluate) and no gradients.
func NewInferenceNet(p *Params, batch int) (*Net, error) {
	return build(p, batch, Inference, false)
}

// NewEncoderNet builds the encoder alone, input to bottleneck, in inference
// mode: the part of the model that is kept to compress data.
func NewEncoderNet(p *Params, batch int) (*Net, error) {
	return build(p, batch, Inference, true)
}

func build(p *Params, batch int, mode Mode, encoderOnly bool) (*Net, error) {
	if err := p.Config.Validate(); err != nil {
		return nil, err
	}
	if batch <= 0 {
		return nil, fmt.Errorf("batch size must be positive, got %d", batch)
	}
	var (
		n   *Net
		err error
	)
	switch p.Config.Dtype {
	case tensor.Float32:
		n, err = buildTyped[float32](p, batch, mode, encoderOnly)
	default:
		n, err = buildTyped[float64](p, batch, mode, encoderOnly)
	}
	if err != nil {
		return nil, fmt.Errorf("build %s net for batch %d: %w", mode, batch, err)
	}
	return n, nil
}

func buildTyped[T Float](p *Params, batch int, mode Mode, encoderOnly bool) (*Net, error) {
	c := p.Config
	g := G.NewGraph()
	n := &Net{Graph: g, Mode: mode, Batch: batch, params: p}
	n.input = tensor.New(tensor.WithShape(batch, c.Inputs), tensor.WithBacking(make([]T, batch*c.Inputs)))
	n.Input = G.NewMatrix(g, c.Dtype, G.WithShape(batch, c.Inputs), G.WithName("input"), G.WithValue(n.input))

	weight := func(t *tensor.Dense, name string) *G.Node {
		var node *G.Node
		if len(t.Shape()) == 2 {
			node = G.NewMatrix(g, c.Dtype, G.WithShape(t.Shape()...), G.WithName(name), G.WithValue(t))
		} else {
			node = G.NewVector(g, c.Dtype, G.WithShape(t.Shape()...), G.WithName(name), G.WithValue(t))
		}
		n.Weights = append(n.Weights, node)
		return node
	}

	h := n.Input
	layers := c.Layers()
	if encoderOnly {
		layers = layers[:c.EncoderLayers()]
	}
	var err error
	ni := 0
	for i, l := range layers {
		d := p.Dense[i]
		kernel, bias := weight(d.Kernel, l.Name+"/kernel"), weight(d.Bias, l.Name+"/bias")
		if h, err = apply(newDenseOp[T](l.Name, i > 0), l.Name+"/dense", h, kernel, bias); err != nil {
			return nil, err
		}
		if l.Norm {
			np := p.Norm[ni]
			ni++
			gamma, beta := weight(np.Gamma, l.Name+"/norm/gamma"), weight(np.Beta, l.Name+"/norm/beta")
			if mode == Training {
				h, err = apply(newNormTrainOp[T](l.Name, np), l.Name+"/norm", h, gamma, beta)
			} else {
				mean := G.NewVector(g, c.Dtype, G.WithShape(c.Layers()[i].Out), G.WithName(l.Name+"/norm/moving_mean"), G.WithValue(np.MovingMean))
				variance := G.NewVector(g, c.Dtype, G.WithShape(c.Layers()[i].Out), G.WithName(l.Name+"/norm/moving_variance"), G.WithValue(np.MovingVar))
				h, err = apply(newNormInferOp[T](l.Name), l.Name+"/norm", h, gamma, beta, mean, variance)
			}
			if err != nil {
				return nil, err
			}
			if h, err = apply(newLeakyOp[T](l.Name, LeakySlope), l.Name+"/act", h); err != nil {
				return nil, err
			}
		}
		if l.Name == "bottleneck" {
			n.Code = h
		}
	}
	if encoderOnly {
		return n, nil
	}
	n.Output = h
	if n.Loss, err = apply(newMSEOp[T](), "loss", n.Output, n.Input); err != nil {
		return nil, err
	}
	if mode == Training {
		if n.Grads, err = G.Grad(n.Loss, n.Weights...); err != nil {
			return nil, fmt.Errorf("differentiate the loss: %w", err)
		}
	} else {
		n.Weights = nil
	}
	return n, nil
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
		if r < 0 || (r+1)*cols > len(src) {
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
		m, run, _, err := newTape(n.Graph)
		if err != nil {
			return fmt.Errorf("run %s net: %w", n.Mode, err)
		}
		n.machine, n.run = m, run
	}
	err := n.run()
	n.machine.Reset()
	if err != nil {
		return fmt.Errorf("run %s net: %w", n.Mode, err)
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
func (n *Net) OutputValues() ([]float64, error) { return nodeValues(n.Output, "output") }

// CodeValues returns a copy of the last Run's bottleneck codes (Batch ×
// bottleneck, row-major).
func (n *Net) CodeValues() ([]float64, error) { return nodeValues(n.Code, "code") }

func nodeValues(node *G.Node, what string) ([]float64, error) {
	if node == nil || node.Value() == nil {
		return nil, fmt.Errorf("no %s: the net has not run", what)
	}
	t, ok := node.Value().(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("%s is a %T, not a tensor", what, node.Value())
	}
	return Float64s(t), nil
}

// GradValues returns the gradient tensors of the last Run, in Weights order.
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
