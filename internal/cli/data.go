package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
)

func dataCmd() *Command {
	return &Command{
		Name:  "data",
		Args:  "[-out DIR] [flags]",
		Short: "write scikit-learn's make_classification data, its train/test split and the scaled split as CSV, to diff against Python",
		Setup: func(fs *flag.FlagSet) Action {
			d := &dataFlags{}
			d.register(fs)
			return func(ctx context.Context, env *Env) error { return d.write(ctx, env) }
		},
	}
}

// dataFlags are the data command's settings; the defaults are the
// notebook's make_classification and train_test_split calls.
type dataFlags struct {
	out              string
	samples          int
	features         int
	informative      int
	redundant        int
	repeated         int
	classes          int
	clustersPerClass int
	weights          string
	flipY            float64
	classSep         float64
	hypercube        bool
	shift            string
	scale            string
	shuffle          bool
	seed             uint64
	testSize         float64
	splitSeed        uint64
}

func (f *dataFlags) register(fs *flag.FlagSet) {
	nb := dataset.NotebookParams()
	addOutFlag(fs, &f.out, "X.csv, y.csv and, with a split, X_train.csv, X_test.csv, y_train.csv, y_test.csv, X_train_scaled.csv and X_test_scaled.csv")
	addIntFlag(fs, &f.samples, "samples", nb.Samples, "n_samples: `rows` to generate")
	addIntFlag(fs, &f.features, "features", nb.Features, "n_features: `columns` to generate")
	addIntFlag(fs, &f.informative, "informative", nb.Informative, "n_informative: informative `features`")
	addIntFlag(fs, &f.redundant, "redundant", nb.Redundant, "n_redundant: the `number` of random linear combinations of the informative features")
	addIntFlag(fs, &f.repeated, "repeated", nb.Repeated, "n_repeated: the `number` of copies of informative or redundant features")
	addIntFlag(fs, &f.classes, "classes", nb.Classes, "n_classes: the `number` of classes")
	addIntFlag(fs, &f.clustersPerClass, "clusters-per-class", nb.ClustersPerClass, "n_clusters_per_class: Gaussian `clusters` per class")
	fs.StringVar(&f.weights, "weights", "", "comma-separated class proportions, for all classes or all but the last (default: balanced)")
	fs.Float64Var(&f.flipY, "flip-y", nb.FlipY, "flip_y: fraction of labels reassigned at random")
	fs.Float64Var(&f.classSep, "class-sep", nb.ClassSep, "class_sep: half the side of the hypercube")
	fs.BoolVar(&f.hypercube, "hypercube", nb.Hypercube, "put cluster centres on hypercube vertices (false: a random polytope)")
	fs.StringVar(&f.shift, "shift", "0", "number added to every feature, or random for one per feature in [-class-sep, class-sep] (scikit-learn's None)")
	fs.StringVar(&f.scale, "scale", "1", "number multiplying every feature, or random for one per feature in [1, 101) (scikit-learn's None)")
	fs.BoolVar(&f.shuffle, "shuffle", nb.Shuffle, "make_classification's shuffle: shuffle the generated rows and columns")
	addSeedFlag(fs, &f.seed, "make_classification's random_state")
	addSplitFlags(fs, &f.testSize, &f.splitSeed, "; 0 writes no split")
}

// params turns the flags into make_classification's parameters.
func (f *dataFlags) params() (dataset.ClassificationParams, error) {
	p := dataset.ClassificationParams{
		Samples: f.samples, Features: f.features, Informative: f.informative,
		Redundant: f.redundant, Repeated: f.repeated, Classes: f.classes,
		ClustersPerClass: f.clustersPerClass, FlipY: f.flipY, ClassSep: f.classSep,
		Hypercube: f.hypercube, Shuffle: f.shuffle, Seed: uint32(f.seed),
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"-flip-y", f.flipY}, {"-class-sep", f.classSep}} {
		if math.IsNaN(v.x) || math.IsInf(v.x, 0) {
			return p, fmt.Errorf("%s must be a finite number, got %v", v.name, v.x)
		}
	}
	var err error
	if p.Weights, err = parseWeights(f.weights); err != nil {
		return p, err
	}
	if p.Shift, p.RandomShift, err = parseNumberOrRandom("-shift", f.shift); err != nil {
		return p, err
	}
	if p.Scale, p.RandomScale, err = parseNumberOrRandom("-scale", f.scale); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		return p, errors.New(paramsAsFlags.Replace(err.Error()))
	}
	return p, nil
}

// paramsAsFlags names make_classification's parameters in a validation
// error by the flags that set them, which is what the user typed (each
// flag's help names its parameter).
var paramsAsFlags = strings.NewReplacer(
	"n_clusters_per_class", "-clusters-per-class",
	"n_informative", "-informative",
	"n_redundant", "-redundant",
	"n_repeated", "-repeated",
	"n_features", "-features",
	"n_samples", "-samples",
	"n_classes", "-classes",
	"weights", "-weights",
)

func parseWeights(s string) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	w := make([]float64, len(parts))
	for i, part := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil {
			return nil, fmt.Errorf("-weights: %q is not a number", strings.TrimSpace(part))
		}
		w[i] = v
	}
	return w, nil
}

func parseNumberOrRandom(name, s string) (v float64, random bool, err error) {
	if strings.EqualFold(strings.TrimSpace(s), "random") {
		return 0, true, nil
	}
	v, err = strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, false, fmt.Errorf("%s: %q is neither a number nor random", name, s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, fmt.Errorf("%s: %q is not a finite number", name, s)
	}
	return v, false, nil
}

// dataFile is one CSV file the data command writes.
type dataFile struct {
	name  string
	write func(io.Writer) error
}

// dataFiles generates the data and returns the files to write; any error
// here is the user's parameters, found before anything is written.
func (f *dataFlags) dataFiles(env *Env) ([]dataFile, error) {
	if err := checkOut(f.out); err != nil {
		return nil, err
	}
	if f.testSize != 0 {
		if err := checkTestSize(f.testSize, ", or 0 for no split"); err != nil {
			return nil, err
		}
	}
	if err := checkOutputFiles(inDir(f.out, dataOutputs(f.testSize != 0))...); err != nil {
		return nil, err
	}
	p, err := f.params()
	if err != nil {
		return nil, err
	}
	what := fmt.Sprintf("generating %d rows of %d features in %d clusters", p.Samples, p.Features, p.Classes*p.ClustersPerClass)
	if err := checkMemory(env, p.GenerateMemory(f.testSize != 0), what); err != nil {
		return nil, err
	}
	X, y, err := dataset.MakeClassification(p)
	if err != nil {
		return nil, err
	}
	files := []dataFile{matrixFile("X.csv", X), labelsFile("y.csv", y)}
	if f.testSize == 0 {
		return files, nil
	}
	s, err := dataset.TrainTestSplit(X, y, f.testSize, uint32(f.splitSeed))
	if err != nil {
		return nil, fmt.Errorf("-test-size: %w", err)
	}
	scaler, err := dataset.FitMinMaxScaler(s.XTrain)
	if err != nil {
		return nil, err
	}
	train, err := scaler.Transform(s.XTrain)
	if err != nil {
		return nil, err
	}
	test, err := scaler.Transform(s.XTest)
	if err != nil {
		return nil, err
	}
	return append(files,
		matrixFile("X_train.csv", s.XTrain), matrixFile("X_test.csv", s.XTest),
		labelsFile("y_train.csv", s.YTrain), labelsFile("y_test.csv", s.YTest),
		matrixFile("X_train_scaled.csv", train), matrixFile("X_test_scaled.csv", test),
	), nil
}

// dataOutputs names the files dataFiles returns, in its order: X and y,
// and with a split the split unscaled and scaled.
func dataOutputs(split bool) []string {
	names := []string{"X.csv", "y.csv"}
	if split {
		names = append(names, "X_train.csv", "X_test.csv", "y_train.csv", "y_test.csv", "X_train_scaled.csv", "X_test_scaled.csv")
	}
	return names
}

func matrixFile(name string, m dataset.Matrix) dataFile {
	return dataFile{name, func(w io.Writer) error { return dataset.WriteMatrixCSV(w, m) }}
}

func labelsFile(name string, y []int) dataFile {
	return dataFile{name, func(w io.Writer) error { return dataset.WriteLabelsCSV(w, y) }}
}

// write is the data command: it writes make_classification's X and y,
// and with -test-size > 0 the train/test split unscaled and scaled by a
// MinMaxScaler fitted on the training rows, as CSV files in -out. Bad
// parameters are a *UsageError, found before anything is written. Once
// ctx is cancelled (SIGINT or SIGTERM) it writes no further file, and
// stops the one it is writing, whose temporary file is removed.
func (f *dataFlags) write(ctx context.Context, env *Env) error {
	files, err := f.dataFiles(env)
	if err != nil {
		return usage(err)
	}
	var names []string
	stopped := func() error {
		if len(names) == 0 {
			return &interrupted{"interrupted; nothing was written to " + f.out}
		}
		return &interrupted{fmt.Sprintf("interrupted after writing %s in %s; the other files were not written", strings.Join(names, ", "), f.out)}
	}
	for _, file := range files {
		if ctx.Err() != nil {
			return stopped()
		}
		removeStaleTemps(filepath.Join(f.out, file.name))
		if err := atomicfile.WriteFile(filepath.Join(f.out, file.name), stopOnCancel(ctx, file.write)); err != nil {
			if ctx.Err() != nil {
				return stopped()
			}
			return err
		}
		names = append(names, file.name)
	}
	fmt.Fprintf(env.Stdout, "wrote %s in %s\n", strings.Join(names, ", "), f.out)
	return nil
}
