package training

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

// Options controls a run of Fit.
type Options struct {
	Epochs    int  // passes over the training rows
	BatchSize int  // rows per minibatch; the last one of an epoch may be smaller
	Shuffle   bool // draw a fresh order of the training rows every epoch
	// Permuter gives each epoch's order when Shuffle is set, e.g. numpy's
	// RandomState.permutation.
	Permuter Permuter
	// Progress receives the run's events; nil means silence.
	Progress Progress
	// InitialEpoch is the number of epochs already trained, as Keras's
	// initial_epoch: Fit runs epochs InitialEpoch+1 to Epochs.
	InitialEpoch int
	// AfterEpoch, if set, is called at the end of every finished epoch,
	// after Progress.EpochEnd; it returns stop to end training there, or an
	// error that Fit returns.
	AfterEpoch func(e Epoch) (stop bool, err error)
}

// Permuter returns a random permutation of 0..n-1.
type Permuter interface {
	Permutation(n int) []int
}

// Progress receives training events, for logs and progress bars.
type Progress interface {
	// EpochStart is called before the first step of epoch (1-based) of epochs.
	EpochStart(epoch, epochs, steps int)
	// StepEnd is called after each step with the running mean of the epoch's
	// batch losses.
	StepEnd(step, steps int, meanLoss float64)
	// EpochEnd is called once the epoch's validation loss is known.
	EpochEnd(e Epoch, epochs int)
}

// DivergedError reports a loss that stopped being finite: the loss of the
// batch at Step of Epoch (both 1-based) or, when Validation is set, the
// validation loss computed after that epoch's last step.
type DivergedError struct {
	Epoch, Step int
	Loss        float64
	Validation  bool
}

func (e *DivergedError) Error() string {
	if e.Validation {
		return fmt.Sprintf("training diverged: val_loss is %v at epoch %d, in the validation pass after step %d", e.Loss, e.Epoch, e.Step)
	}
	return fmt.Sprintf("training diverged: loss is %v at epoch %d, step %d", e.Loss, e.Epoch, e.Step)
}

// Trainer fits one model's Params. It keeps a training graph per batch size
// and an inference graph for validation, all sharing the weights, and the
// Adam state across calls to Fit.
type Trainer struct {
	Params *model.Params
	Adam   *Adam
	// Graph is the kind of graph the trainer builds (model.Fused unless set
	// before the first Fit or Evaluate).
	Graph model.Graph

	nets  map[int]*model.Net
	pairs map[int][]G.ValueGrad
	evals map[int]*model.Net // inference graphs by rows (at most two: the chunk and the last)
	// evalChunk overrides EvalChunk (tests).
	evalChunk int
}

// NewTrainer returns a trainer of p with Keras's default Adam.
func NewTrainer(p *model.Params) *Trainer {
	return &Trainer{Params: p, Adam: NewAdam(), nets: map[int]*model.Net{}, pairs: map[int][]G.ValueGrad{}}
}

// Close releases the trainer's graphs.
func (t *Trainer) Close() {
	for _, n := range t.nets {
		n.Close()
	}
	for _, n := range t.evals {
		n.Close()
	}
}

// trainingNet returns the training graph for batches of b rows and its
// weight/gradient pairs for Adam.
func (t *Trainer) trainingNet(b int) (*model.Net, []G.ValueGrad, error) {
	if n, ok := t.nets[b]; ok {
		return n, t.pairs[b], nil
	}
	n, err := model.NewTrainingNetOf(t.Graph, t.Params, b)
	if err != nil {
		return nil, nil, err
	}
	t.nets[b] = n
	return n, nil, nil
}

// Fit trains on train (rows × inputs, row-major) and reports the loss on val
// (the same width; may be empty) after each epoch, as Keras's
// model.fit(train, train, validation_data=(val, val)) does. It returns the
// history of the finished epochs, with an error if it stopped early: a
// *DivergedError when a batch loss or the validation loss is not finite (the
// epoch is then not finished), or ctx's error when ctx is cancelled (checked
// after every step).
func (t *Trainer) Fit(ctx context.Context, train, val []float64, o Options) (History, error) {
	var h History
	if err := t.Params.Config.Validate(); err != nil {
		return h, err
	}
	cols := t.Params.Config.Inputs
	if o.Epochs <= 0 {
		return h, fmt.Errorf("epochs must be positive, got %d", o.Epochs)
	}
	if o.BatchSize <= 0 {
		return h, fmt.Errorf("batch size must be positive, got %d", o.BatchSize)
	}
	if len(train) == 0 || len(train)%cols != 0 {
		return h, fmt.Errorf("training data of %d values is not a non-empty matrix of width %d", len(train), cols)
	}
	if len(val)%cols != 0 {
		return h, fmt.Errorf("validation data of %d values is not a matrix of width %d", len(val), cols)
	}
	if o.Shuffle && o.Permuter == nil {
		return h, errors.New("shuffling needs a Permuter")
	}
	if o.InitialEpoch < 0 {
		return h, fmt.Errorf("initial epoch must not be negative, got %d", o.InitialEpoch)
	}
	n := len(train) / cols
	steps := 0
	if n > 0 {
		steps = (n-1)/o.BatchSize + 1 // n + BatchSize - 1 could pass MaxInt
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for done := o.InitialEpoch; done < o.Epochs; done++ { // done, not epoch: epoch++ could pass MaxInt
		epoch := done + 1
		start := time.Now()
		if o.Shuffle {
			if order = o.Permuter.Permutation(n); len(order) != n {
				return h, fmt.Errorf("epoch %d: the permuter gave %d indices for %d rows", epoch, len(order), n)
			}
		}
		if o.Progress != nil {
			o.Progress.EpochStart(epoch, o.Epochs, steps)
		}
		var sum float64
		for s := 0; s < steps; s++ {
			first := s * o.BatchSize // below n, so no overflow
			end := first + min(o.BatchSize, n-first)
			rows := order[first:end]
			loss, err := t.step(train, rows)
			if err != nil {
				return h, fmt.Errorf("epoch %d, step %d: %w", epoch, s+1, err)
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				return h, &DivergedError{Epoch: epoch, Step: s + 1, Loss: loss}
			}
			sum += loss * float64(len(rows))
			if o.Progress != nil {
				o.Progress.StepEnd(s+1, steps, sum/float64(end))
			}
			if err := ctx.Err(); err != nil {
				return h, err
			}
		}
		e := Epoch{Epoch: epoch, Loss: sum / float64(n), ValLoss: math.NaN(), Steps: steps}
		if len(val) > 0 {
			v, err := t.evaluate(val)
			if err != nil {
				return h, fmt.Errorf("epoch %d: validation: %w", epoch, err)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return h, &DivergedError{Epoch: epoch, Step: steps, Loss: v, Validation: true}
			}
			e.ValLoss = v
		}
		e.Duration = time.Since(start)
		h.Epochs = append(h.Epochs, e)
		if o.Progress != nil {
			o.Progress.EpochEnd(e, o.Epochs)
		}
		if o.AfterEpoch != nil {
			if stop, err := o.AfterEpoch(e); err != nil || stop {
				return h, err
			}
		}
	}
	return h, nil
}

// step runs one training step on the given rows of data and returns the
// batch's loss before the update.
func (t *Trainer) step(data []float64, rows []int) (float64, error) {
	net, pairs, err := t.trainingNet(len(rows))
	if err != nil {
		return 0, err
	}
	if err := net.SetInputRows(data, rows); err != nil {
		return 0, err
	}
	if err := net.Run(); err != nil {
		return 0, err
	}
	loss, err := net.LossValue()
	if err != nil {
		return 0, err
	}
	if pairs == nil {
		// The gradients are read from their nodes at every step: a stock
		// net's TapeMachine may give a node a new tensor in any run.
		for i, nt := range t.Params.Trainable() {
			pairs = append(pairs, nodeGrad{w: nt.Tensor, g: net.Grads[i]})
		}
		t.pairs[len(rows)] = pairs
	}
	if err := t.Adam.Step(pairs); err != nil {
		return 0, err
	}
	return loss, nil
}

// Evaluate returns the mean squared reconstruction error of data (rows ×
// inputs, row-major) in inference mode, as Keras's model.evaluate. Up to
// EvalChunk rows go through one inference graph at once; more are
// evaluated a chunk at a time and their losses averaged by rows.
func (t *Trainer) Evaluate(data []float64) (float64, error) {
	if err := t.Params.Config.Validate(); err != nil {
		return 0, err
	}
	return t.evaluate(data)
}

// evaluate is Evaluate for a config already validated, as Fit's is.
func (t *Trainer) evaluate(data []float64) (float64, error) {
	cols := t.Params.Config.Inputs
	rows := len(data) / cols
	if rows == 0 || rows*cols != len(data) {
		return 0, fmt.Errorf("evaluation data of %d values is not a non-empty matrix of width %d", len(data), cols)
	}
	chunk := t.evalChunk
	if chunk <= 0 {
		chunk = EvalChunk
	}
	if rows <= chunk {
		return t.evaluateChunk(data, rows)
	}
	// Σ (chunk MSE × chunk rows) / rows: the MSE of all rows, up to
	// rounding, with the memory of one chunk's graph.
	var sum float64
	for start := 0; start < rows; start += chunk {
		n := min(chunk, rows-start)
		v, err := t.evaluateChunk(data[start*cols:(start+n)*cols], n)
		if err != nil {
			return 0, fmt.Errorf("validation rows %d-%d: %w", start+1, start+n, err)
		}
		sum += v * float64(n)
	}
	return sum / float64(rows), nil
}

// EvalChunk is the most rows Evaluate pushes through one inference graph:
// more rows are evaluated a chunk at a time, so that a large validation
// set costs the memory of one chunk. The notebook's 330 rows are one chunk,
// whose loss is then the graph's own.
const EvalChunk = 4096

// evaluateChunk returns the inference loss of rows rows of data, with an
// inference graph for that many rows (the last two sizes used are kept).
func (t *Trainer) evaluateChunk(data []float64, rows int) (float64, error) {
	n, ok := t.evals[rows]
	if !ok {
		if len(t.evals) >= 2 {
			for b, old := range t.evals {
				old.Close()
				delete(t.evals, b)
			}
		}
		var err error
		if n, err = model.NewInferenceNetOf(t.Graph, t.Params, rows); err != nil {
			return 0, err
		}
		if t.evals == nil {
			t.evals = map[int]*model.Net{}
		}
		t.evals[rows] = n
	}
	if err := n.SetInput(data); err != nil {
		return 0, err
	}
	if err := n.Run(); err != nil {
		return 0, err
	}
	return n.LossValue()
}

// nodeGrad pairs a weight tensor with the graph node of its gradient, whose
// value of the last run it reads at each step, as a gorgonia.ValueGrad.
type nodeGrad struct {
	w *tensor.Dense
	g *G.Node
}

func (p nodeGrad) Value() G.Value { return p.w }

func (p nodeGrad) Grad() (G.Value, error) {
	if v := p.g.Value(); v != nil {
		return v, nil
	}
	return nil, fmt.Errorf("gradient node %s has no value (has the net run?)", p.g.Name())
}
