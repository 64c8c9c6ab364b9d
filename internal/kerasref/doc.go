// Package kerasref holds the Keras reference figures this port is checked
// against: the training curves of a Keras-semantics replica of the notebook
// (PyTorch, float32, seeds 1-3, for each of the exercise's configurations)
// and of TensorFlow.js's tf.layers, and the numbers the tutorial printed.
// They are facts measured outside this program, by the project's reference
// material (see reference/README.md), and embedded verbatim in curves/.
package kerasref
