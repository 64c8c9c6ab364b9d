package model

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The stock graph: the notebook's model written with Gorgonia's own
// operators, the way Gorgonia's examples build networks. Each Keras layer is
// a handful of operator calls, and gorgonia.Grad differentiates all of them
// with Gorgonia's own derivatives; no Op of this package appears.
//
//	Dense               y = x·W + 1·b
//	BatchNormalization  training: −μ = (−1/B)·x, x̄ = x + 1·(−μ), σ² = (1/B)·(x̄ ⊙ x̄)
//	                    inference: x̄ = x − 1·μ with the moving μ and σ²
//	                    inv = γ / sqrt(σ² + ε)
//	                    y = x̄ ⊙ 1·inv + 1·β
//	LeakyReLU           y = x ⊙ (α + (1 − α)·[x > 0]), α = 0.3
//	loss                mean((output − input)²)
//
// Vectors over a layer's units (b, γ, β, the statistics) are rows, 1 × units;
// 1 is a column of B ones (B the batch size), so that 1·v repeats the row v
// down the batch, and 1/B and −1/B are rows of B such values, so that
// (1/B)·x is the row of x's column means. Broadcasts and sums over the batch
// are thus matrix products, each one of Gorgonia's operations (on this
// package's product kernels, stock_blas.go) with a derivative of one
// product, where gorgonia.Mean, the Broadcast operators and their
// derivatives take a reduction, a division, a reshape and a repeat between
// them. Adding −μ rather than subtracting μ spares the backward pass a
// negation of a whole batch.
//
// In training mode each BatchNormalization's batch mean (negated) and
// variance are copied out with gorgonia.Read during the run, and Net.Run
// moves the layer's moving statistics towards them afterwards, as Keras
// does: moving −= (moving − batch)·(1 − momentum).

// stockDense is keras.layers.Dense without activation: x·W + 1·b, b a row.
//
//	x: B×in, w: in×out, b: 1×out -> B×out
func stockDense(layer string, x, w, b *G.Node, k batchConstants) *G.Node {
	xw := as(layer + "/xW")(G.Mul(x, w))
	return as(layer + "/dense")(G.Add(xw, as(layer+"/bias_rows")(G.Mul(k.ones, b))))
}

// stockBatchMoments returns the negated batch mean −μ = (−1/B)·x, the
// centred batch x̄ = x + 1·(−μ) and the biased batch variance
// σ² = (1/B)·x̄² of each column of x, as keras.layers.BatchNormalization
// uses them in training.
//
//	x: B×units -> negMean: 1×units, centred: B×units, variance: 1×units
func stockBatchMoments(layer string, x *G.Node, k batchConstants) (negMean, centred, variance *G.Node) {
	negMean = as(layer + "/negated_batch_mean")(G.Mul(k.negAvg, x))
	centred = as(layer + "/centred")(G.Add(x, as(layer+"/mean_rows")(G.Mul(k.ones, negMean))))
	variance = as(layer + "/batch_variance")(G.Mul(k.avg, as(layer+"/centred_squared")(G.HadamardProd(centred, centred))))
	return negMean, centred, variance
}

// stockNormalize is keras.layers.BatchNormalization's affine map of the
// centred batch x̄ = x − μ for the variance σ² (the batch's in training, the
// moving one in inference): x̄·inv + β with inv = γ / sqrt(σ² + ε). Keras
// computes x·inv + (β − μ·inv), which differs in rounding only.
//
//	centred: B×units, gamma, beta, variance: 1×units, eps: scalar -> B×units
func stockNormalize(layer string, centred, gamma, beta, variance, eps *G.Node, k batchConstants) *G.Node {
	std := as(layer + "/std")(G.Sqrt(as(layer + "/variance_plus_eps")(G.Add(variance, eps))))
	inv := as(layer + "/inv")(G.Div(gamma, std))
	scaled := as(layer + "/scaled")(G.HadamardProd(centred, as(layer+"/inv_rows")(G.Mul(k.ones, inv))))
	return as(layer)(G.Add(scaled, as(layer+"/beta_rows")(G.Mul(k.ones, beta))))
}

// batchConstants are the constant matrices with which a stock graph sums
// and repeats along the batch: ones (B × 1, all 1), and in a training
// graph avg (1 × B, all 1/B) and negAvg (1 × B, all −1/B).
type batchConstants struct {
	ones, avg, negAvg *G.Node
}

// newBatchConstants returns the batch constants of a graph for batches of
// batch rows.
func newBatchConstants[T Float](batch int, training bool) batchConstants {
	fill := func(name string, rows, cols int, v T) *G.Node {
		d := make([]T, rows*cols)
		for i := range d {
			d[i] = v
		}
		return G.NewConstant(tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(d)), G.WithName(name))
	}
	k := batchConstants{ones: fill("ones", batch, 1, 1)}
	if training {
		k.avg, k.negAvg = fill("1/B", 1, batch, 1/T(batch)), fill("−1/B", 1, batch, -1/T(batch))
	}
	return k
}

// stockLeakyReLU is keras.layers.LeakyReLU: x where x > 0, α·x elsewhere,
// written as x ⊙ s with the slope s = α + (1 − α)·[x > 0], which is 1 or α
// exactly ((1 − α) + α rounds to 1 in both float types), so that the output
// is gorgonia.LeakyRelu's to the bit. Gorgonia's comparisons are not
// differentiable, so the backward pass is one product, the incoming
// gradient ⊙ s: α·gradient at x = 0, as Keras's (TensorFlow's LeakyReluGrad
// tests x > 0) and the fused op's, where gorgonia.LeakyRelu, which tests
// x ≥ 0, passes the gradient whole. A training batch of one row meets x = 0
// at every unit: each BatchNormalization then outputs its β, 0 at first.
// gorgonia.LeakyRelu (two comparisons, two masked products, a product with
// α and a sum) also takes six operations forward and four backward.
//
//	x: B×units -> B×units
func stockLeakyReLU[T Float](layer string, x *G.Node) *G.Node {
	zero, alpha, rest := G.NewConstant(T(0)), G.NewConstant(T(LeakySlope)), G.NewConstant(T(1)-T(LeakySlope))
	positive := as(layer + "/positive")(G.Gt(x, zero, true))
	slope := as(layer + "/slope")(G.Add(as(layer+"/positive_rise")(G.HadamardProd(positive, rest)), alpha))
	return as(layer)(G.HadamardProd(x, slope))
}

// stockMSE is Keras's 'mse' loss: the mean of the squared differences over
// every element.
//
//	output, target: B×features -> scalar
//
// Squares here and in stockBatchMoments are products e ⊙ e rather than
// gorgonia.Square: Gorgonia's unary operations copy their input on every
// run, where its binary ones write into their last run's result.
func stockMSE(output, target *G.Node) *G.Node {
	e := as("loss/error")(G.Sub(output, target))
	return as("loss")(G.Mean(as("loss/squared_error")(G.HadamardProd(e, e))))
}

// as returns a function that names the node an operator returned, for the
// DOT view, or panics with the operator's error as gorgonia.Must does.
func as(name string) func(*G.Node, error) *G.Node {
	return func(n *G.Node, err error) *G.Node {
		G.WithName(name)(G.Must(n, err))
		return n
	}
}

// normStats is one BatchNormalization layer of a stock training net: the
// batch statistics that gorgonia.Read copies out of each run, and the moving
// statistics they update.
type normStats[T Float] struct {
	negMean, variance     G.Value
	movingMean, movingVar []T
}

// update moves the moving statistics towards the last run's batch
// statistics, in T, exactly as normTrainOp does.
func (s *normStats[T]) update() error {
	negMean, ok1 := denseData[T](s.negMean)
	variance, ok2 := denseData[T](s.variance)
	if !ok1 || !ok2 || len(negMean) != len(s.movingMean) || len(variance) != len(s.movingVar) {
		return fmt.Errorf("batch statistics of the wrong type or size (%v, %v)", s.negMean, s.variance)
	}
	decay := T(1 - NormMomentum)
	for j := range s.movingMean {
		s.movingMean[j] -= (s.movingMean[j] + negMean[j]) * decay
		s.movingVar[j] -= (s.movingVar[j] - variance[j]) * decay
	}
	return nil
}

// buildStock builds n's graph from Gorgonia's operators. It returns an error
// where Gorgonia would panic (G.Must), which only a bug can cause once the
// configuration is valid.
func buildStock[T Float](n *Net, encoderOnly bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("stock graph: %v", r)
		}
	}()
	useKernelBLAS()
	p, c, g := n.params, n.params.Config, n.Graph
	k := newBatchConstants[T](n.Batch, n.Mode == Training)
	eps := G.NewConstant(T(NormEpsilon), G.WithName("ε"))
	h := n.Input
	layers := c.Layers()
	if encoderOnly {
		layers = layers[:c.EncoderLayers()]
	}
	ni := 0
	for i, l := range layers {
		d := p.Dense[i]
		n.beginLayer(l.Name)
		h = stockDense(l.Name, h, n.weight(d.Kernel, l.Name+"/kernel"), n.weightRow(d.Bias, l.Name+"/bias"), k)
		if l.Norm {
			np, norm := p.Norm[ni], l.Name+"/norm"
			ni++
			n.beginLayer(norm)
			gamma, beta := n.weightRow(np.Gamma, norm+"/gamma"), n.weightRow(np.Beta, norm+"/beta")
			var centred, variance *G.Node
			if n.Mode == Training {
				var negMean *G.Node
				negMean, centred, variance = stockBatchMoments(norm, h, k)
				s := &normStats[T]{movingMean: np.MovingMean.Data().([]T), movingVar: np.MovingVar.Data().([]T)}
				n.reads = append(n.reads, G.Read(negMean, &s.negMean), G.Read(variance, &s.variance))
				n.afterRun = append(n.afterRun, s.update)
			} else {
				mean := G.NewMatrix(g, c.Dtype, G.WithShape(1, l.Out), G.WithName(norm+"/moving_mean"), G.WithValue(rowView(np.MovingMean)))
				variance = G.NewMatrix(g, c.Dtype, G.WithShape(1, l.Out), G.WithName(norm+"/moving_variance"), G.WithValue(rowView(np.MovingVar)))
				centred = as(norm + "/centred")(G.Sub(h, as(norm+"/mean_rows")(G.Mul(k.ones, mean))))
			}
			h = stockNormalize(norm, centred, gamma, beta, variance, eps, k)
			n.beginLayer(l.Name + "/act")
			h = stockLeakyReLU[T](l.Name+"/act", h)
		}
		if l.Name == "bottleneck" {
			// Read here, so that the view draws the read in the
			// bottleneck's cluster.
			n.Code = h
			n.readCode = new(G.Value)
			n.reads = append(n.reads, G.Read(n.Code, n.readCode))
		}
	}
	if !encoderOnly {
		n.Output = h
		n.readOutput = new(G.Value)
		n.reads = append(n.reads, G.Read(n.Output, n.readOutput))
	}
	n.endLayer()
	if encoderOnly {
		return nil
	}
	n.beginLayer("loss")
	n.Loss = stockMSE(n.Output, n.Input)
	n.endLayer()
	return nil
}

// weight adds a weight tensor of the Params to the graph as an input node
// and lists it in Weights.
func (n *Net) weight(t *tensor.Dense, name string) *G.Node {
	var node *G.Node
	dt := n.params.Config.Dtype
	if len(t.Shape()) == 2 {
		node = G.NewMatrix(n.Graph, dt, G.WithShape(t.Shape()...), G.WithName(name), G.WithValue(t))
	} else {
		node = G.NewVector(n.Graph, dt, G.WithShape(t.Shape()...), G.WithName(name), G.WithValue(t))
	}
	n.Weights = append(n.Weights, node)
	return node
}

// weightRow adds a weight vector of the Params (n) to the graph as an input
// node of shape 1 × n that shares its memory, and lists it in Weights.
func (n *Net) weightRow(t *tensor.Dense, name string) *G.Node {
	node := G.NewMatrix(n.Graph, n.params.Config.Dtype, G.WithShape(1, t.Shape()[0]), G.WithName(name), G.WithValue(rowView(t)))
	n.Weights = append(n.Weights, node)
	return node
}

// rowView returns the vector t (n) as a 1 × n matrix on the same memory.
func rowView(t *tensor.Dense) *tensor.Dense {
	return tensor.New(tensor.WithShape(1, t.Shape()[0]), tensor.WithBacking(t.Data()))
}
