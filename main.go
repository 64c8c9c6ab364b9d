// Command autoencoder trains the Keras notebook's MLP autoencoder with
// Gorgonia and writes its training history, loss plot and computation graph.
//
// Usage:
//
//	autoencoder [train flags]      train the notebook's model (see -h)
//	autoencoder data -out DIR      write the generated data set as CSV
//	autoencoder encode -model encoder.npz -in data.csv -out codes.csv
//	                               compress raw rows with a saved encoder
//	autoencoder classify [-encoder encoder.npz]
//	                               logistic regression on the inputs and on the codes
//	autoencoder experiments        answer the notebook's questions: a sweep and its report
//	autoencoder compare -history F set a Go run beside a Keras history
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "data":
			return runData(args[1:], stdout, stderr)
		case "train":
			return runTrain(ctx, args[1:], stdout, stderr)
		case "encode":
			return runEncode(args[1:], stdout, stderr)
		case "classify":
			return runClassify(args[1:], stdout, stderr)
		case "experiments":
			return runExperiments(ctx, args[1:], stdout, stderr)
		case "compare":
			return runCompare(ctx, args[1:], stdout, stderr)
		case "help":
			fmt.Fprint(stdout, usage)
			return 0
		}
	}
	return runTrain(ctx, args, stdout, stderr)
}

const usage = `usage:
  autoencoder [train] [flags]   train the notebook's autoencoder (flags: autoencoder -h)
  autoencoder data -out DIR     write the generated data set as CSV (flags: autoencoder data -h)
  autoencoder encode -model encoder.npz -in data.csv -out codes.csv   encode raw rows with a saved encoder (flags: -h)
  autoencoder classify [-encoder encoder.npz] [-out DIR]   logistic regression on the scaled inputs and on the codes, codes.png (flags: -h)
  autoencoder experiments       train the exercise's configurations × seeds in parallel, write results and report.md (flags: -h)
  autoencoder compare -history FILE   train the matching Go run and print its differences from a Keras history (flags: -h)
`
