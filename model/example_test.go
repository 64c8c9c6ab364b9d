package model_test

import (
	"fmt"
	"log"
	"strings"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/model"
)

// Build the stock graph of a small autoencoder, feed it a batch and run it:
// the forward pass, the backward pass gorgonia.Grad derived from Gorgonia's
// own operators, and the BatchNorm moving statistics. The fused graph of
// the same weights computes the same loss and gradients.
func ExampleNewTrainingNetOf() {
	c := model.Config{Inputs: 4, Hidden: []int{6}, Bottleneck: 2, Dtype: tensor.Float64}
	p, err := model.NewParams(c, rng.New(1)) // glorot-uniform kernels, as Keras
	if err != nil {
		log.Fatal(err)
	}
	batch := []float64{
		0.1, 0.9, 0.3, 0.5,
		0.7, 0.2, 0.8, 0.4,
		0.0, 0.6, 0.5, 1.0,
	}
	for _, kind := range model.Graphs() {
		net, err := model.NewTrainingNetOf(kind, p.Clone(), 3)
		if err != nil {
			log.Fatal(err)
		}
		if err := net.SetInput(batch); err != nil {
			log.Fatal(err)
		}
		if err := net.Run(); err != nil {
			log.Fatal(err)
		}
		loss, _ := net.LossValue()
		grads, _ := net.GradValues()
		fmt.Printf("%s graph: %d nodes, loss %.6f, %d gradients, ∂loss/∂%s[0] = %.6f\n",
			kind, len(net.Graph.AllNodes()), loss, len(grads), net.Weights[0].Name(), grads[0].Float64s()[0])
		net.Close()
	}
	// Output:
	// fused graph: 43 nodes, loss 1.216080, 12 gradients, ∂loss/∂encoder_1/kernel[0] = -0.178262
	// stock graph: 155 nodes, loss 1.216080, 12 gradients, ∂loss/∂encoder_1/kernel[0] = -0.178262
}

// Keras's model.summary() of the notebook's model.
func ExampleSummary() {
	s, err := model.Summary(model.NotebookConfig(100))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(s)
	// Output:
	// Model: "autoencoder"
	// ___________________________________________________________________
	//  Layer (type)                           Output Shape     Param #
	// ===================================================================
	//  input (InputLayer)                     [(None, 100)]    0
	//
	//  encoder_1 (Dense)                      (None, 200)      20200
	//
	//  encoder_1/norm (BatchNormalization)    (None, 200)      800
	//
	//  encoder_1/act (LeakyReLU)              (None, 200)      0
	//
	//  encoder_2 (Dense)                      (None, 100)      20100
	//
	//  encoder_2/norm (BatchNormalization)    (None, 100)      400
	//
	//  encoder_2/act (LeakyReLU)              (None, 100)      0
	//
	//  bottleneck (Dense)                     (None, 100)      10100
	//
	//  decoder_1 (Dense)                      (None, 100)      10100
	//
	//  decoder_1/norm (BatchNormalization)    (None, 100)      400
	//
	//  decoder_1/act (LeakyReLU)              (None, 100)      0
	//
	//  decoder_2 (Dense)                      (None, 200)      20200
	//
	//  decoder_2/norm (BatchNormalization)    (None, 200)      800
	//
	//  decoder_2/act (LeakyReLU)              (None, 200)      0
	//
	//  output (Dense)                         (None, 100)      20100
	// ===================================================================
	// Total params: 103,200
	// Trainable params: 102,000
	// Non-trainable params: 1,200
	// ___________________________________________________________________
}

// The layers view, as Keras's plot_model draws the model; render it with
// Graphviz (dot -Tsvg).
func ExampleLayersDOT() {
	c := model.Config{Inputs: 4, Hidden: []int{6}, Bottleneck: 2, Dtype: tensor.Float32}
	dot, err := model.LayersDOT(c)
	if err != nil {
		log.Fatal(err)
	}
	lines := strings.Split(string(dot), "\n")
	fmt.Println(lines[0])
	fmt.Println(lines[1])
	fmt.Println(strings.Count(string(dot), "[label=<"), "boxes")
	// Output:
	// digraph layers {
	// 	graph [rankdir=TB, fontname="Helvetica", fontsize=12, labelloc=t, label="autoencoder 4-6-[2]-6-4 float32: 138 params, 114 trainable"];
	// 9 boxes
}

// Choose the graph from a flag's value.
func ExampleParseGraph() {
	g, err := model.ParseGraph("stock")
	fmt.Println(g, err)
	_, err = model.ParseGraph("keras")
	fmt.Println(err)
	// Output:
	// stock <nil>
	// unknown graph "keras" (want fused or stock)
}
