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
//	Dense               y = x·W + b
//	BatchNormalization  μ = mean(x), σ² = mean((x − μ)²)   (training: the batch's)
//	                    inv = γ / sqrt(σ² + ε)
//	                    y = x·inv + (β − μ·inv)           (Keras's own formula)
//	LeakyReLU           y = x ⊙ (α + (1 − α)·[x ≥ 0]), α = 0.3
//	loss                mean((output − input)²)
//
// In training mode each BatchNormalization's batch mean and variance are
// copied out with gorgonia.Read during the run, and Net.Run moves the
// layer's moving statistics towards them afterwards, as Keras does:
// moving −= (moving − batch)·(1 − momentum).

// stockDense is keras.layers.Dense without activation: x·W + b, the bias
// broadcast down the batch.
func stockDense(layer string, x, w, b *G.Node) *G.Node {
	xw := as(layer + "/xW")(G.Mul(x, w))
	return as(layer + "/dense")(G.BroadcastAdd(xw, b, nil, []byte{0}))
}

// stockBatchMoments returns the batch mean and the biased batch variance of
// each column of x, as keras.layers.BatchNormalization uses in training.
func stockBatchMoments(layer string, x *G.Node) (mean, variance *G.Node) {
	mean = as(layer + "/batch_mean")(G.Mean(x, 0))
	centred := as(layer + "/centred")(G.BroadcastSub(x, mean, nil, []byte{0}))
	variance = as(layer + "/batch_variance")(G.Mean(G.Must(G.Square(centred)), 0))
	return mean, variance
}

// stockNormalize is keras.layers.BatchNormalization's affine map for the
// statistics mean and variance (the batch's in training, the moving ones in
// inference): x·inv + (β − mean·inv) with inv = γ / sqrt(variance + ε).
func stockNormalize(layer string, x, gamma, beta, mean, variance, eps *G.Node) *G.Node {
	std := as(layer + "/std")(G.Sqrt(G.Must(G.Add(variance, eps))))
	inv := as(layer + "/inv")(G.Div(gamma, std))
	shift := as(layer + "/shift")(G.Sub(beta, G.Must(G.HadamardProd(mean, inv))))
	scaled := as(layer + "/scaled")(G.BroadcastHadamardProd(x, inv, nil, []byte{0}))
	return as(layer)(G.BroadcastAdd(scaled, shift, nil, []byte{0}))
}

// stockLeakyReLU is keras.layers.LeakyReLU: x where x ≥ 0, α·x where x < 0,
// written as x ⊙ s with the slope s = α + (1 − α)·[x ≥ 0], which is 1 or α
// exactly ((1 − α) + α rounds to 1 in both float types), so that the output
// and its gradient are gorgonia.LeakyRelu's to the bit. Gorgonia's
// comparisons are not differentiable, so the backward pass is one product,
// the incoming gradient ⊙ s; gorgonia.LeakyRelu (two comparisons, two
// masked products, a product with α and a sum) takes six operations forward
// and four backward.
func stockLeakyReLU[T Float](layer string, x *G.Node) *G.Node {
	zero, alpha, rest := G.NewConstant(T(0)), G.NewConstant(T(LeakySlope)), G.NewConstant(T(1)-T(LeakySlope))
	positive := as(layer + "/positive")(G.Gte(x, zero, true))
	slope := as(layer + "/slope")(G.Add(G.Must(G.HadamardProd(positive, rest)), alpha))
	return as(layer)(G.HadamardProd(x, slope))
}

// stockMSE is Keras's 'mse' loss: the mean of the squared differences over
// every element.
func stockMSE(output, target *G.Node) *G.Node {
	e := as("loss/error")(G.Sub(output, target))
	return as("loss")(G.Mean(G.Must(G.Square(e))))
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
	mean, variance        G.Value
	movingMean, movingVar []T
}

// update moves the moving statistics towards the last run's batch
// statistics, in T, exactly as normTrainOp does.
func (s *normStats[T]) update() error {
	mean, ok1 := denseData[T](s.mean)
	variance, ok2 := denseData[T](s.variance)
	if !ok1 || !ok2 || len(mean) != len(s.movingMean) || len(variance) != len(s.movingVar) {
		return fmt.Errorf("batch statistics of the wrong type or size (%v, %v)", s.mean, s.variance)
	}
	decay := T(1 - NormMomentum)
	for j := range s.movingMean {
		s.movingMean[j] -= (s.movingMean[j] - mean[j]) * decay
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
		h = stockDense(l.Name, h, n.weight(d.Kernel, l.Name+"/kernel"), n.weight(d.Bias, l.Name+"/bias"))
		if l.Norm {
			np, norm := p.Norm[ni], l.Name+"/norm"
			ni++
			n.beginLayer(norm)
			gamma, beta := n.weight(np.Gamma, norm+"/gamma"), n.weight(np.Beta, norm+"/beta")
			var mean, variance *G.Node
			if n.Mode == Training {
				mean, variance = stockBatchMoments(norm, h)
				s := &normStats[T]{movingMean: np.MovingMean.Data().([]T), movingVar: np.MovingVar.Data().([]T)}
				n.reads = append(n.reads, G.Read(mean, &s.mean), G.Read(variance, &s.variance))
				n.afterRun = append(n.afterRun, s.update)
			} else {
				mean = G.NewVector(g, c.Dtype, G.WithShape(l.Out), G.WithName(norm+"/moving_mean"), G.WithValue(np.MovingMean))
				variance = G.NewVector(g, c.Dtype, G.WithShape(l.Out), G.WithName(norm+"/moving_variance"), G.WithValue(np.MovingVar))
			}
			h = stockNormalize(norm, h, gamma, beta, mean, variance, eps)
			n.beginLayer(l.Name + "/act")
			h = stockLeakyReLU[T](l.Name+"/act", h)
		}
		if l.Name == "bottleneck" {
			n.Code = h
		}
	}
	if !encoderOnly {
		n.Output = h
		n.readOutput = new(G.Value)
		n.reads = append(n.reads, G.Read(n.Output, n.readOutput))
	}
	n.readCode = new(G.Value)
	n.reads = append(n.reads, G.Read(n.Code, n.readCode))
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
