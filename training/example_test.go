package training_test

import (
	"context"
	"fmt"
	"log"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// Train a small autoencoder for three epochs, as Keras's model.fit would,
// with the stock graph (Gorgonia's own operators and derivatives); the fused
// graph gives the same losses.
func ExampleRun() {
	r := rng.New(7)
	data := make([]float64, 60*5) // 60 rows of 5 features in [0, 1)
	for i := range data {
		data[i] = r.Uniform(0, 1)
	}
	train, val := data[:40*5], data[40*5:]
	for _, kind := range model.Graphs() {
		spec := training.Spec{
			Model:     model.Config{Inputs: 5, Hidden: []int{8}, Bottleneck: 3, Dtype: tensor.Float64},
			Graph:     kind,
			Seed:      1,
			Epochs:    3,
			BatchSize: 16, // two batches of 16 and one of 8 per epoch
			Shuffle:   true,
			LR:        0.01,
		}
		res, err := training.Run(context.Background(), spec, train, val, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s:", kind)
		for _, e := range res.History.Epochs {
			fmt.Printf(" epoch %d loss %.4f val_loss %.4f;", e.Epoch, e.Loss, e.ValLoss)
		}
		fmt.Println()
	}
	// Output:
	// fused: epoch 1 loss 1.0011 val_loss 0.3457; epoch 2 loss 0.6699 val_loss 0.2899; epoch 3 loss 0.4295 val_loss 0.2439;
	// stock: epoch 1 loss 1.0011 val_loss 0.3457; epoch 2 loss 0.6699 val_loss 0.2899; epoch 3 loss 0.4295 val_loss 0.2439;
}
