// Package training fits the autoencoder of package model as Keras's
// model.fit does: Adam with Keras's update rule, shuffled minibatches
// including the partial last one, the epoch's training loss as the
// batch-size-weighted mean of the batch losses, and the validation loss of
// the whole test set in inference mode after each epoch.
//
// The trainer builds its nets with either of package model's graphs
// (Spec.Graph, Trainer.Graph): the fused one by default, or the stock one of
// Gorgonia's own operators. Both train to the same weights, to rounding.
package training
