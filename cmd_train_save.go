package main

import (
	"io"
	"path/filepath"

	"github.com/gorgonia-ae/autoencoder/checkpoint"
	"github.com/gorgonia-ae/autoencoder/codes"
	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/model"
)

// Files a finished training run writes into -out besides its history.
const (
	encoderFile   = "encoder.npz"    // the encoder, its BatchNorm statistics, the scaler, the architecture
	modelFile     = "model.npz"      // the same for the whole model; -init reads it
	testCodesFile = "codes_test.csv" // the test rows' codes, as `encode` computes them
)

// saveTrained writes the trained weights p and the scaler fitted on the
// training rows into dir as encoder.npz and model.npz (see package
// checkpoint), and the codes of the scaled test rows, [330, bottleneck] in
// split order, as codes_test.csv: what `encode -model encoder.npz` gives for the
// raw test rows (X_test.csv of the data command), to the last bit.
func saveTrained(dir string, p *model.Params, scaler *dataset.MinMaxScaler, test dataset.Matrix) error {
	for _, f := range []struct {
		name string
		part checkpoint.Part
	}{{encoderFile, checkpoint.Encoder}, {modelFile, checkpoint.Model}} {
		saved := checkpoint.Saved{Part: f.part, Params: p, Scaler: scaler}
		if err := checkpoint.SaveNPZ(filepath.Join(dir, f.name), saved); err != nil {
			return err
		}
	}
	c, err := codes.Encode(p, test)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, testCodesFile), func(w io.Writer) error {
		return dataset.WriteMatrixCSV(w, c)
	})
}
