// Package model builds the notebook's MLP autoencoder as Gorgonia expression
// graphs.
//
// The architecture follows the Keras notebook: for each hidden width an
// encoder level Dense → BatchNormalization → LeakyReLU(0.3), a linear
// bottleneck Dense, a decoder that mirrors the encoder, and a linear output
// Dense back to the input width. The loss is the mean squared error between
// the output and the input.
//
// Every layer is a Gorgonia Op with its own symbolic derivative (SymDiff), so
// gorgonia.Grad builds the backward pass and a TapeMachine runs forward and
// backward passes together. The ops follow Keras semantics exactly (glorot
// uniform kernels, zero biases, BatchNorm with the biased batch variance,
// ε = 1e-3 and momentum 0.99 for its moving statistics) and keep their output
// buffers between runs, so a training step allocates almost nothing. Their
// arithmetic is in package internal/kernels.
//
// Weights live in Params, outside any graph: a training graph for each batch
// size, the inference graph for the validation set and the encoder graph all
// read and write the same tensors. The package knows nothing of files;
// package training runs the graphs.
package model
