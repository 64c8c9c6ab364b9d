package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
)

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
	seed             int64
	testSize         float64
	splitSeed        int64
}

func newDataFlagSet(f *dataFlags) *flag.FlagSet {
	nb := dataset.NotebookParams()
	fs := flag.NewFlagSet("autoencoder data", flag.ContinueOnError)
	fs.StringVar(&f.out, "out", "", "directory for the CSV files (required; created if needed)")
	fs.IntVar(&f.samples, "samples", nb.Samples, "n_samples: rows to generate")
	fs.IntVar(&f.features, "features", nb.Features, "n_features: columns to generate")
	fs.IntVar(&f.informative, "informative", nb.Informative, "n_informative: informative features")
	fs.IntVar(&f.redundant, "redundant", nb.Redundant, "n_redundant: random linear combinations of the informative features")
	fs.IntVar(&f.repeated, "repeated", nb.Repeated, "n_repeated: copies of informative or redundant features")
	fs.IntVar(&f.classes, "classes", nb.Classes, "n_classes: number of classes")
	fs.IntVar(&f.clustersPerClass, "clusters-per-class", nb.ClustersPerClass, "n_clusters_per_class: Gaussian clusters per class")
	fs.StringVar(&f.weights, "weights", "", "comma-separated class proportions, for all classes or all but the last (default: balanced)")
	fs.Float64Var(&f.flipY, "flip-y", nb.FlipY, "flip_y: fraction of labels reassigned at random")
	fs.Float64Var(&f.classSep, "class-sep", nb.ClassSep, "class_sep: half the side of the hypercube")
	fs.BoolVar(&f.hypercube, "hypercube", nb.Hypercube, "put cluster centres on hypercube vertices (false: a random polytope)")
	fs.StringVar(&f.shift, "shift", "0", "number added to every feature, or random for one per feature in [-class-sep, class-sep] (scikit-learn's None)")
	fs.StringVar(&f.scale, "scale", "1", "number multiplying every feature, or random for one per feature in [1, 101) (scikit-learn's None)")
	fs.BoolVar(&f.shuffle, "shuffle", nb.Shuffle, "shuffle the samples and the features")
	fs.Int64Var(&f.seed, "seed", int64(nb.Seed), "random_state of make_classification (0 to 4294967295)")
	fs.Float64Var(&f.testSize, "test-size", dataset.NotebookTestSize, "train_test_split's test_size: a fraction below 1, a row count from 1, or 0 for no split")
	fs.Int64Var(&f.splitSeed, "split-seed", dataset.NotebookSplitSeed, "random_state of train_test_split (0 to 4294967295)")
	return fs
}

// params turns the flags into make_classification's parameters.
func (f *dataFlags) params() (dataset.ClassificationParams, error) {
	p := dataset.ClassificationParams{
		Samples: f.samples, Features: f.features, Informative: f.informative,
		Redundant: f.redundant, Repeated: f.repeated, Classes: f.classes,
		ClustersPerClass: f.clustersPerClass, FlipY: f.flipY, ClassSep: f.classSep,
		Hypercube: f.hypercube, Shuffle: f.shuffle,
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
	seed, err := checkSeed("-seed", f.seed)
	if err != nil {
		return p, err
	}
	p.Seed = seed
	return p, p.Validate()
}

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
	return v, false, nil
}

func checkSeed(name string, v int64) (uint32, error) {
	if v < 0 || v > math.MaxUint32 {
		return 0, fmt.Errorf("%s: Seed must be between 0 and 2**32 - 1, got %d", name, v)
	}
	return uint32(v), nil
}

// dataFile is one CSV file the data command writes.
type dataFile struct {
	name  string
	write func(io.Writer) error
}

// dataFiles generates the data and returns the files to write; any error
// here is the user's parameters, found before anything is written.
func (f *dataFlags) dataFiles() ([]dataFile, error) {
	if strings.TrimSpace(f.out) == "" {
		return nil, errors.New("-out must name a directory")
	}
	if f.testSize < 0 || math.IsNaN(f.testSize) {
		return nil, fmt.Errorf("-test-size must be 0 (no split), a fraction in (0, 1) or a row count, got %v", f.testSize)
	}
	splitSeed, err := checkSeed("-split-seed", f.splitSeed)
	if err != nil {
		return nil, err
	}
	p, err := f.params()
	if err != nil {
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
	s, err := dataset.TrainTestSplit(X, y, f.testSize, splitSeed)
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

func matrixFile(name string, m dataset.Matrix) dataFile {
	return dataFile{name, func(w io.Writer) error { return dataset.WriteMatrixCSV(w, m) }}
}

func labelsFile(name string, y []int) dataFile {
	return dataFile{name, func(w io.Writer) error { return dataset.WriteLabelsCSV(w, y) }}
}

// runData is the data command: it writes make_classification's X and y,
// and with -test-size > 0 the train/test split unscaled and scaled by a
// MinMaxScaler fitted on the training rows, as CSV files in -out. Bad
// parameters exit 2 with one line on stderr and nothing written.
func runData(args []string, stdout, stderr io.Writer) int {
	var f dataFlags
	fs := newDataFlagSet(&f)
	help, err := parseFlags(fs, args, stdout, "usage: autoencoder data -out DIR [flags]")
	if help {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder data: %v\n", err)
		return exitUsage
	}
	files, err := f.dataFiles()
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder data: %v\n", err)
		return exitUsage
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		fmt.Fprintf(stderr, "autoencoder data: %v\n", err)
		return exitFailure
	}
	names := make([]string, len(files))
	for i, file := range files {
		if err := atomicfile.WriteFile(filepath.Join(f.out, file.name), file.write); err != nil {
			fmt.Fprintf(stderr, "autoencoder data: %v\n", err)
			return exitFailure
		}
		names[i] = file.name
	}
	fmt.Fprintf(stdout, "wrote %s to %s\n", strings.Join(names, ", "), f.out)
	return exitOK
}
