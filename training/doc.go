// Package training fits the autoencoder of package model as Keras's
// model.fit does: Adam with Keras's update rule, shuffled minibatches
// including the partial last one, the epoch's training loss as the
// batch-size-weighted mean of the batch losses, and the validation loss of
// the whole test set in inference mode after each epoch.
package training
