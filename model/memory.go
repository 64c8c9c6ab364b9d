package model

import "gorgonia.org/tensor"

// Counts of a model's scalars, from its Config alone (nothing is
// allocated), so that a model too large for the machine can be refused
// before it is built.

// CountWeights returns the number of trainable scalars (kernels, biases,
// BatchNorm gamma and beta) and of all scalars (with the BatchNorm moving
// statistics) in a model of c, as float64 so that no size overflows. The
// notebook's model has 102,000 trainable and 103,200 in all.
func (c Config) CountWeights() (trainable, all float64) {
	for _, l := range c.Layers() {
		trainable += float64(l.In)*float64(l.Out) + float64(l.Out)
		all += float64(l.In)*float64(l.Out) + float64(l.Out)
		if l.Norm {
			trainable += 2 * float64(l.Out)
			all += 4 * float64(l.Out)
		}
	}
	return trainable, all
}

// ElemSize is the bytes of one scalar of c's dtype.
func (c Config) ElemSize() float64 {
	if c.Dtype == tensor.Float64 {
		return 8
	}
	return 4
}

// Values per row and unit that a net keeps besides the weights, measured
// as peak resident memory over batch sizes from 16 to 670 and widths from
// 100 to 4,000. A training net holds each layer's Dense, BatchNorm and
// LeakyReLU outputs, their gradients and BatchNorm's normalised inputs and
// statistics; an inference net only the forward values.
const (
	trainingValuesPerUnit  = 12
	inferenceValuesPerUnit = 4
)

// NetMemory estimates the bytes a net of c for batches of batch rows
// allocates beyond the weights it shares: its activations and, for a
// training net, one gradient per trainable weight. encoderOnly counts the
// encoder's layers alone (NewEncoderNet).
func NetMemory(c Config, batch int, mode Mode, encoderOnly bool) float64 {
	layers := c.Layers()
	if encoderOnly {
		layers = layers[:c.EncoderLayers()]
	}
	units := float64(c.Inputs)
	for _, l := range layers {
		units += float64(l.Out)
	}
	s := c.ElemSize()
	if mode == Inference {
		return inferenceValuesPerUnit * float64(batch) * units * s
	}
	trainable, _ := c.CountWeights()
	return trainingValuesPerUnit*float64(batch)*units*s + trainable*s
}
