package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
	"github.com/gorgonia-ae/autoencoder/internal/codes"
)

// codesFigure is what classify draws into -out.
const codesFigure = "codes.png"

func classifyCmd() *Command {
	return &Command{
		Name:  "classify",
		Args:  "[-data FILE.csv -label COLUMN] [-encoder FILE.npz] [-out DIR]",
		Short: "scikit-learn's LogisticRegression on the scaled inputs and, with -encoder, on the codes, and OUT/" + codesFigure,
		Setup: func(fs *flag.FlagSet) Action {
			c := &classifier{}
			addEncoderFlag(fs, &c.encoder, ": also classify its codes and draw "+codesFigure)
			addOutFlag(fs, &c.out, codesFigure+" (with -encoder)")
			c.src.register(fs, " (with -data, one of -label and -labels is required)")
			return func(ctx context.Context, env *Env) error { return c.classify(ctx, fs, env) }
		},
	}
}

// classifier is the classify command's settings.
type classifier struct {
	encoder, out string
	src          sourceFlags
}

func (c *classifier) validate(fs *flag.FlagSet) error {
	if err := c.src.validate(fs); err != nil {
		return err
	}
	if c.src.path != "" && !c.src.hasLabels() {
		return fmt.Errorf("-data needs -label or -labels: classify needs each row's class")
	}
	if !c.src.set["encoder"] {
		if c.src.set["out"] {
			return fmt.Errorf("-out needs -encoder: classify writes %s only with an encoder", codesFigure)
		}
		return nil
	}
	if err := checkInputFile("-encoder", c.encoder); err != nil {
		return err
	}
	if err := checkOut(c.out); err != nil {
		return err
	}
	return checkOutputFiles(filepath.Join(c.out, codesFigure))
}

// classify is the tutorial's last step: a scikit-learn-default
// LogisticRegression trained on the scaled training rows and scored on the
// test rows, then, with -encoder, the same on the encoder's codes of those
// rows, one line each; with -encoder it also draws the test rows' inputs
// and codes on their first two principal components, side by side, in
// OUT/codes.png. Bad flags and bad files (the CSV, the encoder) are a
// *UsageError. Once ctx is cancelled (SIGINT or SIGTERM) it stops at the
// end of the step it is in, writing nothing.
func (c *classifier) classify(ctx context.Context, fs *flag.FlagSet, env *Env) error {
	if err := c.validate(fs); err != nil {
		return usage(err)
	}
	data, enc, err := c.load(ctx, env)
	if err := c.stopped(ctx); err != nil {
		return err
	}
	if err != nil {
		return usage(err)
	}
	if data.Source.Path != "" {
		fmt.Fprintln(env.Stdout, data.Describe())
	}
	if enc != nil && data.Test.Rows < 2 {
		env.Warnf("no %s: its principal components need two test rows or more, and this split has %d", codesFigure, data.Test.Rows)
	}
	if enc != nil && !sameFit(enc.Scaler, data.Scaler) {
		env.Warnf("the scaler in %s was fitted on other training rows than this split's (its minima or maxima differ): "+
			"if that run trained on these rows with another -test-size or -split-seed, some of these test rows were among its training rows, "+
			"and the encoded score is optimistic", c.encoder)
	}
	// The encoder takes the raw rows (through its own scaler), so the codes
	// come first: Scale overwrites the raw rows with the scaled ones.
	var trainCodes, testCodes dataset.Matrix
	if enc != nil {
		if trainCodes, err = codes.EncodeRaw(enc.Params, enc.Scaler, data.Train); err != nil {
			return err
		}
		if testCodes, err = codes.EncodeRaw(enc.Params, enc.Scaler, data.Test); err != nil {
			return err
		}
	}
	if err := c.stopped(ctx); err != nil {
		return err
	}
	if err := data.Scale(); err != nil {
		return err
	}
	raw, err := codes.Classify(ctx, data.Train, data.YTrain, data.Test, data.YTest)
	if err != nil {
		if stop := c.stopped(ctx); stop != nil {
			return stop
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "raw: %s\n", raw)
	warnUnconverged(env, "raw", raw)
	if enc == nil {
		return nil
	}
	if err := c.stopped(ctx); err != nil {
		return err
	}
	encoded, err := codes.Classify(ctx, trainCodes, data.YTrain, testCodes, data.YTest)
	if err != nil {
		if stop := c.stopped(ctx); stop != nil {
			return stop
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "encoded: %s\n", encoded)
	warnUnconverged(env, "encoded", encoded)
	if data.Test.Rows < 2 {
		return nil // said before the work
	}
	if err := c.stopped(ctx); err != nil {
		return err
	}
	path := filepath.Join(c.out, codesFigure)
	removeStaleTemps(path)
	if err := codes.SaveFigure(path, data.Test, testCodes, data.YTest); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", path)
	return nil
}

// stopped is the error of a run that ctx has interrupted (nil while it
// has not).
func (c *classifier) stopped(ctx context.Context) error {
	switch {
	case ctx.Err() == nil:
		return nil
	case c.encoder == "":
		return &interrupted{"interrupted"}
	}
	return &interrupted{"interrupted; nothing was written to " + c.out}
}

// load reads and checks everything classify needs from the user before any
// work: the rows and their classes, and the -encoder file.
func (c *classifier) load(ctx context.Context, env *Env) (*dataset.Data, *checkpoint.Saved, error) {
	report, end := newLoadProgress(env.Stdout, c.src.path)
	data, err := dataset.Load(c.src.source(ctx, report))
	end()
	if err != nil {
		return nil, nil, err
	}
	if err := data.CheckClasses(); err != nil {
		return nil, nil, err
	}
	if distinct(data.YTrain) < 2 {
		label := "label column " + data.LabelName
		if data.Source.LabelFile != "" {
			label = "labels from " + data.Source.LabelFile
		}
		return nil, nil, fmt.Errorf("the %d training rows all have the same class, %q (%s); a classifier needs two classes or more",
			data.Train.Rows, data.Classes[data.YTrain[0]], label)
	}
	// The raw score scales the test rows with the training rows' own
	// scaler, in float64.
	if err := checkRange(data, "test", data.Scaler, tensor.Float64, ""); err != nil {
		return nil, nil, err
	}
	if c.encoder == "" {
		return data, nil, nil
	}
	_, arch, err := checkpoint.ReadNPZArch(c.encoder)
	if err != nil {
		return nil, nil, err
	}
	if n := arch.Inputs; n != data.Train.Cols {
		what := "the notebook's rows have"
		if data.Source.Path != "" {
			what = data.Source.Path + " has"
		}
		return nil, nil, fmt.Errorf("the encoder in %s takes %d inputs, %s %d features", c.encoder, n, what, data.Train.Cols)
	}
	if err := checkEncoderMemory(env, arch, data.Train.Rows+data.Test.Rows, c.encoder); err != nil {
		return nil, nil, err
	}
	enc, err := checkpoint.ReadNPZFile(c.encoder)
	if err != nil {
		return nil, nil, err
	}
	for _, part := range []string{"training", "test"} {
		if err := checkRange(data, part, enc.Scaler, enc.Params.Config.Dtype, "train the encoder with -dtype float64"); err != nil {
			return nil, nil, fmt.Errorf("with the scaler in %s: %w", c.encoder, err)
		}
	}
	return data, enc, nil
}

// sameFit reports whether two scalers were fitted on rows with the same
// per-column minima and maxima, as the same training rows give.
func sameFit(a, b *dataset.MinMaxScaler) bool {
	return a != nil && b != nil && slices.Equal(a.DataMin, b.DataMin) && slices.Equal(a.DataMax, b.DataMax)
}

// distinct counts the distinct values of y.
func distinct(y []int) int {
	seen := map[int]bool{}
	for _, v := range y {
		seen[v] = true
	}
	return len(seen)
}

// warnUnconverged says, as scikit-learn's ConvergenceWarning would, that
// L-BFGS stopped at max_iter.
func warnUnconverged(env *Env, what string, s codes.Score) {
	if !s.Converged {
		env.Warnf("%s: lbfgs failed to converge in %d iterations (scikit-learn's ConvergenceWarning)", what, s.Iterations)
	}
}
