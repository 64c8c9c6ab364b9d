// Command autoencoder trains the Keras notebook's MLP autoencoder with
// Gorgonia and writes its training history, loss plot, computation graph
// and weights; its other commands generate the notebook's data, put a
// trained encoder to work, answer the exercise's questions and compare a
// run with Keras. `autoencoder help` lists them; package internal/cli is
// where they live.
package main

import (
	"os"

	"github.com/gorgonia-ae/autoencoder/internal/cli"
)

func main() { os.Exit(cli.Main()) }
