package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorgonia-ae/autoencoder/checkpoint"
	"github.com/gorgonia-ae/autoencoder/codes"
)

// classifyFlags are the classify command's settings.
type classifyFlags struct {
	encoder, out string
}

func newClassifyFlagSet(f *classifyFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("autoencoder classify", flag.ContinueOnError)
	fs.StringVar(&f.encoder, "encoder", "", "encoder.npz (or model.npz) of a training run: also classify its codes and draw codes.png")
	fs.StringVar(&f.out, "out", "out", "directory for codes.png (created if needed; used with -encoder)")
	return fs
}

func (f *classifyFlags) validate() error {
	if f.encoder == "" {
		return nil
	}
	if _, err := os.Stat(f.encoder); err != nil {
		return fmt.Errorf("-encoder: %w", err)
	}
	if strings.TrimSpace(f.out) == "" {
		return fmt.Errorf("-out must name a directory")
	}
	return checkWritableDir(f.out)
}

// runClassify is the classify command, the tutorial's last step: a
// scikit-learn-default LogisticRegression trained on the notebook's scaled
// training rows and scored on its test rows, then, with -encoder, the same
// on the encoder's codes of those rows, one line each; with -encoder it
// also draws the test rows' inputs and codes on their first two principal
// components, side by side, in OUT/codes.png.
func runClassify(args []string, stdout, stderr io.Writer) int {
	var f classifyFlags
	fs := newClassifyFlagSet(&f)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "usage: autoencoder classify [-encoder encoder.npz] [-out DIR]")
			fs.PrintDefaults()
			return exitOK
		}
		fmt.Fprintf(stderr, "autoencoder classify: %v\n", err)
		return exitUsage
	}
	err := f.validate()
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder classify: %v\n", err)
		return exitUsage
	}
	if err := classifyNotebook(f, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "autoencoder classify: %v\n", err)
		return exitFailure
	}
	return exitOK
}

func classifyNotebook(f classifyFlags, stdout, stderr io.Writer) error {
	data, err := codes.Notebook()
	if err != nil {
		return err
	}
	train, test, err := data.Scaled()
	if err != nil {
		return err
	}
	raw, err := codes.Classify(train, data.YTrain, test, data.YTest)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "raw: %s\n", raw)
	warnUnconverged(stderr, "raw", raw)
	if f.encoder == "" {
		return nil
	}

	enc, err := checkpoint.ReadNPZFile(f.encoder)
	if err != nil {
		return err
	}
	if n := enc.Params.Config.Inputs; n != data.XTrain.Cols {
		return fmt.Errorf("the encoder in %s takes %d inputs, the notebook's rows have %d", f.encoder, n, data.XTrain.Cols)
	}
	trainCodes, err := codes.EncodeRaw(enc.Params, enc.Scaler, data.XTrain)
	if err != nil {
		return err
	}
	testCodes, err := codes.EncodeRaw(enc.Params, enc.Scaler, data.XTest)
	if err != nil {
		return err
	}
	encoded, err := codes.Classify(trainCodes, data.YTrain, testCodes, data.YTest)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "encoded: %s\n", encoded)
	warnUnconverged(stderr, "encoded", encoded)
	return codes.SaveFigure(filepath.Join(f.out, "codes.png"), test, testCodes, data.YTest)
}

// warnUnconverged says, as scikit-learn's ConvergenceWarning would, that
// L-BFGS stopped at max_iter.
func warnUnconverged(stderr io.Writer, what string, s codes.Score) {
	if !s.Converged {
		fmt.Fprintf(stderr, "autoencoder classify: warning: %s: lbfgs failed to converge in %d iterations (scikit-learn's ConvergenceWarning)\n", what, s.Iterations)
	}
}
