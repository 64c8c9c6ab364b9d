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
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
)

// encodeFlags are the encode command's settings.
type encodeFlags struct {
	model, in, out, header string
}

func newEncodeFlagSet(f *encodeFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("autoencoder encode", flag.ContinueOnError)
	fs.StringVar(&f.model, "model", "", "encoder.npz (or model.npz) written by a training run (required)")
	fs.StringVar(&f.in, "in", "", "CSV of raw rows, one per line, as many columns as the model has inputs (required)")
	fs.StringVar(&f.out, "out", "", "CSV to write the codes to, one row per input row, no header (required)")
	fs.StringVar(&f.header, "header", "auto", "whether -in starts with a header: auto (a first line with no number), yes or no")
	return fs
}

// headerModes maps the -header values to ReadCSV's modes.
var headerModes = map[string]dataset.HeaderMode{
	"auto": dataset.HeaderAuto, "yes": dataset.HeaderPresent, "no": dataset.HeaderAbsent,
}

// validate checks the flags before any work.
func (f *encodeFlags) validate() error {
	for _, r := range []struct{ name, v string }{{"-model", f.model}, {"-in", f.in}, {"-out", f.out}} {
		if strings.TrimSpace(r.v) == "" {
			return fmt.Errorf("%s is required", r.name)
		}
	}
	if _, ok := headerModes[f.header]; !ok {
		return fmt.Errorf("-header must be auto, yes or no, got %q", f.header)
	}
	for _, r := range []struct{ name, path string }{{"-model", f.model}, {"-in", f.in}} {
		if _, err := os.Stat(r.path); err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
	}
	return checkWritableDir(filepath.Dir(f.out))
}

// runEncode is the encode command: it applies a saved encoder, in inference
// mode and after the saved scaler, to the raw rows of a CSV file and writes
// their codes as CSV (see codes.EncodeRaw).
func runEncode(args []string, stdout, stderr io.Writer) int {
	var f encodeFlags
	fs := newEncodeFlagSet(&f)
	help, err := parseFlags(fs, args, stdout, "usage: autoencoder encode -model encoder.npz -in data.csv -out codes.csv [-header auto|yes|no]")
	if help {
		return exitOK
	}
	if err == nil {
		err = f.validate()
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder encode: %v\n", err)
		return exitUsage
	}
	enc, raw, err := readEncodeInputs(f)
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder encode: %v\n", err)
		return exitUsage
	}
	c, err := codes.EncodeRaw(enc.Params, enc.Scaler, raw)
	if err == nil {
		err = atomicfile.WriteFile(f.out, func(w io.Writer) error { return dataset.WriteMatrixCSV(w, c) })
	}
	if err != nil {
		fmt.Fprintf(stderr, "autoencoder encode: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "encoded %d rows of %d features into %d codes each: %s\n", c.Rows, raw.Cols, c.Cols, f.out)
	return exitOK
}

// readEncodeInputs loads the saved encoder and the raw rows and checks that
// they fit each other: everything that can be wrong with the user's files.
func readEncodeInputs(f encodeFlags) (*checkpoint.Saved, dataset.Matrix, error) {
	enc, err := checkpoint.ReadNPZFile(f.model)
	if err != nil {
		return nil, dataset.Matrix{}, err
	}
	in, err := os.Open(f.in)
	if err != nil {
		return nil, dataset.Matrix{}, err
	}
	defer in.Close()
	raw, _, err := dataset.ReadCSV(in, f.in, dataset.ReadOptions{Header: headerModes[f.header]})
	if err != nil {
		return nil, dataset.Matrix{}, err
	}
	if want := enc.Params.Config.Inputs; raw.Cols != want {
		return nil, dataset.Matrix{}, fmt.Errorf("%s has %d columns, the encoder in %s takes %d", f.in, raw.Cols, f.model, want)
	}
	return enc, raw, nil
}
