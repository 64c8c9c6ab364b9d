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
//	LeakyReLU           y = LeakyRelu(x, 0.3)
//	loss                mean((output − input)²)
//
// In training mode each BatchNormalization's batch mean and variance are
// copied out with gorgonia.Read during the run, and Net.Run moves the
// layer's moving statistics towards them afterwards, as Keras does:
// moving −= (moving − batch)·(1 − momentum).

// stockDense is keras.layers.Dense without activation: x·W + b, the bias
// broadcast down the batch.
func stockDense(x, w, b *G.Node) *G.Node {
	xw := G.Must(G.Mul(x, w))
	return G.Must(G.BroadcastAdd(xw, b, nil, []byte{0}))
}

// stockBatchMoments returns the batch mean and the biased batch variance of
// each column of x, as keras.layers.BatchNormalization uses in training.
func stockBatchMoments(x *G.Node) (mean, variance *G.Node) {
	mean = G.Must(G.Mean(x, 0))
	centred := G.Must(G.BroadcastSub(x, mean, nil, []byte{0}))
	variance = G.Must(G.Mean(G.Must(G.Square(centred)), 0))
	return mean, variance
}

// stockNormalize is keras.layers.BatchNormalization's affine map for the
// statistics mean and variance (the batch's in training, the moving ones in
// inference): x·inv + (β − mean·inv) with inv = γ / sqrt(variance + ε).
func stockNormalize(x, gamma, beta, mean, variance, eps *G.Node) *G.Node {
	std := G.Must(G.Sqrt(G.Must(G.Add(variance, eps))))
	inv := G.Must(G.Div(gamma, std))
	shift := G.Must(G.Sub(beta, G.Must(G.HadamardProd(mean, inv))))
	scaled := G.Must(G.BroadcastHadamardProd(x, inv, nil, []byte{0}))
	return G.Must(G.BroadcastAdd(scaled, shift, nil, []byte{0}))
}

// stockMSE is Keras's 'mse' loss: the mean of the squared differences over
// every element.
func stockMSE(output, target *G.Node) *G.Node {
	return G.Must(G.Mean(G.Must(G.Square(G.Must(G.Sub(output, target))))))
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
		h = stockDense(h, n.weight(d.Kernel, l.Name+"/kernel"), n.weight(d.Bias, l.Name+"/bias"))
		n.name(h, l.Name+"/dense")
		if l.Norm {
			np := p.Norm[ni]
			ni++
			n.beginLayer(l.Name + "/norm")
			gamma, beta := n.weight(np.Gamma, l.Name+"/norm/gamma"), n.weight(np.Beta, l.Name+"/norm/beta")
			var mean, variance *G.Node
			if n.Mode == Training {
				mean, variance = stockBatchMoments(h)
				n.name(mean, l.Name+"/norm/batch_mean")
				n.name(variance, l.Name+"/norm/batch_variance")
				s := &normStats[T]{movingMean: np.MovingMean.Data().([]T), movingVar: np.MovingVar.Data().([]T)}
				G.Read(mean, &s.mean)
				G.Read(variance, &s.variance)
				n.afterRun = append(n.afterRun, s.update)
			} else {
				mean = G.NewVector(g, c.Dtype, G.WithShape(l.Out), G.WithName(l.Name+"/norm/moving_mean"), G.WithValue(np.MovingMean))
				variance = G.NewVector(g, c.Dtype, G.WithShape(l.Out), G.WithName(l.Name+"/norm/moving_variance"), G.WithValue(np.MovingVar))
			}
			h = stockNormalize(h, gamma, beta, mean, variance, eps)
			n.name(h, l.Name+"/norm")
			n.beginLayer(l.Name + "/act")
			h = G.Must(G.LeakyRelu(h, LeakySlope))
			n.name(h, l.Name+"/act")
		}
		if l.Name == "bottleneck" {
			n.Code = h
		}
	}
	if !encoderOnly {
		n.Output = h
		n.readOutput = new(G.Value)
		G.Read(n.Output, n.readOutput)
	}
	n.readCode = new(G.Value)
	G.Read(n.Code, n.readCode)
	n.endLayer()
	if encoderOnly {
		return nil
	}
	n.beginLayer("loss")
	n.Loss = stockMSE(n.Output, n.Input)
	n.name(n.Loss, "loss")
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

// name names an op node for the DOT views and for errors.
func (n *Net) name(node *G.Node, name string) { G.WithName(name)(node) }
