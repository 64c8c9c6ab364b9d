// Command autoencoder trains the Keras notebook's MLP autoencoder with
// Gorgonia and writes its training history, loss plot and computation graph.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "not yet")
	return 2
}
