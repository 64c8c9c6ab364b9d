package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorgonia-ae/autoencoder/checkpoint"
	"github.com/gorgonia-ae/autoencoder/codes"
	"github.com/gorgonia-ae/autoencoder/dataset"
)

// classifyFlags are the classify command's settings.
type classifyFlags struct {
	encoder, out string
	src          sourceFlags // -data, -header, -label, -test-size, -split-seed
}

func newClassifyFlagSet(f *classifyFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("autoencoder classify", flag.ContinueOnError)
	fs.StringVar(&f.encoder, "encoder", "", "encoder.npz (or model.npz) of a training run: also classify its codes and draw codes.png")
	fs.StringVar(&f.out, "out", "out", "directory for codes.png (created if needed; used with -encoder)")
	f.src.register(fs, " (required with -data)")
	return fs
}

func (f *classifyFlags) validate(fs *flag.FlagSet) error {
	if err := f.src.validate(fs); err != nil {
		return err
	}
	if f.src.path != "" && !f.src.set["label"] {
		return fmt.Errorf("-data needs -label: classify needs the column that holds each row's class")
	}
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
// components, side by side, in OUT/codes.png. With -data and -label it does
// the same for the user's rows, split and scaled as the notebook's are.
// Bad flags and bad files (the CSV, the encoder) exit 2 with one line.
func runClassify(args []string, stdout, stderr io.Writer) int {
	var f classifyFlags
	fs := newClassifyFlagSet(&f)
	help, err := parseFlags(fs, args, stdout, "usage: autoencoder classify [-data FILE.csv -label COLUMN] [-encoder encoder.npz] [-out DIR]")
	if help {
		return exitOK
	}
	if err == nil {
		err = f.validate(fs)
	}
	var (
		data *splitData
		enc  *checkpoint.Saved
	)
	if err == nil {
		data, enc, err = f.load()
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder classify: %v\n", err)
		return exitUsage
	}
	if err := classifyData(f, data, enc, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "autoencoder classify: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// load reads and checks everything classify needs from the user before any
// work: the rows and their classes, and the -encoder file.
func (f *classifyFlags) load() (*splitData, *checkpoint.Saved, error) {
	data, err := f.src.load()
	if err != nil {
		return nil, nil, err
	}
	if classes := distinct(data.yTrain); classes < 2 {
		return nil, nil, fmt.Errorf("the %d training rows all have the same class, %q (label column %s); a classifier needs two classes or more",
			data.xTrain.Rows, data.classes[data.yTrain[0]], data.labelName)
	}
	if f.encoder == "" {
		return data, nil, nil
	}
	enc, err := checkpoint.ReadNPZFile(f.encoder)
	if err != nil {
		return nil, nil, err
	}
	if n := enc.Params.Config.Inputs; n != data.xTrain.Cols {
		what := "the notebook's rows have"
		if data.source != "" {
			what = data.source + " has"
		}
		return nil, nil, fmt.Errorf("the encoder in %s takes %d inputs, %s %d features", f.encoder, n, what, data.xTrain.Cols)
	}
	for _, part := range []struct {
		what  string
		raw   dataset.Matrix
		lines []int
	}{{"training", data.xTrain, data.trainLines}, {"test", data.xTest, data.testLines}} {
		x, err := enc.Scaler.Transform(part.raw)
		if err != nil {
			return nil, nil, fmt.Errorf("the scaler in %s: %w", f.encoder, err)
		}
		if err := data.checkRange(part.what, part.raw, x, part.lines, enc.Scaler, enc.Params.Config.Dtype); err != nil {
			return nil, nil, fmt.Errorf("with the scaler in %s: %w", f.encoder, err)
		}
	}
	return data, enc, nil
}

// distinct counts the distinct values of y.
func distinct(y []int) int {
	seen := map[int]bool{}
	for _, v := range y {
		seen[v] = true
	}
	return len(seen)
}

// classifyData scores the classifier on the scaled rows, then, with an
// encoder, on their codes, and draws codes.png.
func classifyData(f classifyFlags, data *splitData, enc *checkpoint.Saved, stdout, stderr io.Writer) error {
	if data.source != "" {
		fmt.Fprintln(stdout, data.describe())
	}
	raw, err := codes.Classify(data.train, data.yTrain, data.test, data.yTest)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "raw: %s\n", raw)
	warnUnconverged(stderr, "raw", raw)
	if enc == nil {
		return nil
	}
	trainCodes, err := codes.EncodeRaw(enc.Params, enc.Scaler, data.xTrain)
	if err != nil {
		return err
	}
	testCodes, err := codes.EncodeRaw(enc.Params, enc.Scaler, data.xTest)
	if err != nil {
		return err
	}
	encoded, err := codes.Classify(trainCodes, data.yTrain, testCodes, data.yTest)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "encoded: %s\n", encoded)
	warnUnconverged(stderr, "encoded", encoded)
	return codes.SaveFigure(filepath.Join(f.out, "codes.png"), data.test, testCodes, data.yTest)
}

// warnUnconverged says, as scikit-learn's ConvergenceWarning would, that
// L-BFGS stopped at max_iter.
func warnUnconverged(stderr io.Writer, what string, s codes.Score) {
	if !s.Converged {
		fmt.Fprintf(stderr, "autoencoder classify: warning: %s: lbfgs failed to converge in %d iterations (scikit-learn's ConvergenceWarning)\n", what, s.Iterations)
	}
}
