package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
	"github.com/gorgonia-ae/autoencoder/internal/codes"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// codesFile is what encode writes into -out.
const codesFile = "codes.csv"

func encodeCmd() *Command {
	return &Command{
		Name:  "encode",
		Args:  "-encoder FILE.npz -data FILE.csv [-out DIR]",
		Short: "compress raw rows with a saved encoder: its scaler, then the encoder in inference mode, into OUT/" + codesFile,
		Setup: func(fs *flag.FlagSet) Action {
			e := &encoder{}
			addEncoderFlag(fs, &e.encoder, " (required)")
			addDataFlag(fs, &e.data, "raw rows to encode, one per line, as many columns as the encoder has inputs (required)")
			addHeaderFlag(fs, &e.header)
			addOutFlag(fs, &e.out, codesFile+": one row of codes per input row, no header")
			return func(ctx context.Context, env *Env) error { return e.encode(ctx, fs, env) }
		},
	}
}

// addEncoderFlag registers -encoder, a saved encoder.
func addEncoderFlag(fs *flag.FlagSet, p *string, use string) {
	fs.StringVar(p, "encoder", "", "encoder.npz (or model.npz) `file` written by a training run"+use)
}

// encoder is the encode command's settings.
type encoder struct {
	encoder, data, out string
	header             headerFlag
}

// validate checks the flags before any work.
func (e *encoder) validate(fs *flag.FlagSet) error {
	set := setFlags(fs)
	switch {
	case !set["encoder"]:
		return fmt.Errorf("-encoder is required: the encoder.npz of a training run")
	case !set["data"]:
		return fmt.Errorf("-data is required: the CSV or .npy file of rows to encode")
	}
	if err := checkInputFile("-encoder", e.encoder); err != nil {
		return err
	}
	if err := checkDataFile(e.data, true); err != nil {
		return err
	}
	if err := checkHeaderFor(e.data, set["header"]); err != nil {
		return err
	}
	if err := checkOut(e.out); err != nil {
		return err
	}
	codes := filepath.Join(e.out, codesFile)
	if err := checkInputsKept([]string{codes}, fileFlag{"-data", e.data}, fileFlag{"-encoder", e.encoder}); err != nil {
		return err
	}
	return checkOutputFiles(codes)
}

// encode applies a saved encoder, in inference mode and after the saved
// scaler, to the raw rows of a CSV file and writes their codes as CSV (see
// codes.EncodeRaw). Cancelled (SIGINT or SIGTERM) while it reads or
// writes the codes, it writes nothing.
func (e *encoder) encode(ctx context.Context, fs *flag.FlagSet, env *Env) error {
	if err := e.validate(fs); err != nil {
		return usage(err)
	}
	enc, raw, err := e.read(ctx, env)
	if ctx.Err() != nil {
		return &interrupted{"interrupted; nothing was written to " + e.out}
	}
	if err != nil {
		return usage(err)
	}
	path := filepath.Join(e.out, codesFile)
	removeStaleTemps(path)
	if err := atomicfile.WriteFile(path, stopOnCancel(ctx, func(w io.Writer) error { return codes.WriteCSV(w, enc.Params, enc.Scaler, raw) })); err != nil {
		if ctx.Err() != nil {
			return &interrupted{"interrupted; nothing was written to " + e.out}
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "encoded %s of %s into %s each: wrote %s\n", count(raw.Rows, "row"), count(raw.Cols, "feature"),
		count(enc.Params.Config.Bottleneck, "code"), path)
	return nil
}

// read loads the saved encoder and the raw rows and checks that they fit
// each other and the machine's memory: everything that can be wrong with
// the user's files. The encoder's weights are read last, once its
// architecture has passed.
func (e *encoder) read(ctx context.Context, env *Env) (*checkpoint.Saved, dataset.Matrix, error) {
	_, arch, err := checkpoint.ReadNPZArch(e.encoder)
	if err != nil {
		return nil, dataset.Matrix{}, err
	}
	report, end := newLoadProgress(env.Stdout, e.data)
	t, err := dataset.ReadFile(e.data, dataset.ReadOptions{Header: e.header.mode, Progress: report, Context: ctx})
	end()
	if err != nil {
		return nil, dataset.Matrix{}, err
	}
	raw := t.X
	if want := arch.Inputs; raw.Cols != want {
		return nil, dataset.Matrix{}, fmt.Errorf("%s has %d columns, the encoder in %s takes %d", e.data, raw.Cols, e.encoder, want)
	}
	if err := checkEncoderMemory(env, arch, raw.Rows, e.encoder); err != nil {
		return nil, dataset.Matrix{}, err
	}
	enc, err := checkpoint.ReadNPZFile(e.encoder)
	if err != nil {
		return nil, dataset.Matrix{}, err
	}
	dt := enc.Params.Config.Dtype
	err = rangeAdvice(t.CheckRange(e.data, enc.Scaler, rangeLimit(dt), dt.String()), dt, "train the encoder with -dtype float64")
	if err != nil {
		return nil, dataset.Matrix{}, fmt.Errorf("with the scaler in %s: %w", e.encoder, err)
	}
	return enc, raw, nil
}

// checkEncoderMemory refuses to encode rows with an encoder of c (from
// file) that the machine has not the memory for.
func checkEncoderMemory(env *Env, c model.Config, rows int, file string) error {
	need := training.EncoderMemory(c, rows, codes.Batch)
	return checkMemory(env, need, fmt.Sprintf("encoding %d rows with the encoder in %s (%s)", rows, file, c))
}
