package checkpoint

import (
	"fmt"
	"os"

	"github.com/gorgonia-ae/autoencoder/model"
)

// ReadNPZArch reads which part of a model the .npz checkpoint at path holds
// and the model's architecture (its arch/ arrays), without reading the
// weights: enough to check a model's size, or its shape against flags,
// before anything is allocated for it. Reading the weights (ReadNPZFile,
// LoadNPZ) checks them against this architecture.
func ReadNPZArch(path string) (Part, model.Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", model.Config{}, fmt.Errorf("load %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", model.Config{}, fmt.Errorf("load %s: %w", path, err)
	}
	a, err := openArchive(f, fi.Size())
	if err == nil && a.files["state.json"] != nil && a.files["format/version"] == nil {
		err = fmt.Errorf("it is a training run's saved state, not a model: continue that run with -resume -out DIR")
	}
	if err == nil {
		err = a.checkVersion()
	}
	var part Part
	if err == nil {
		part, err = a.readPart()
	}
	var c model.Config
	if err == nil {
		c, err = a.readConfig()
	}
	if err != nil {
		return "", model.Config{}, fmt.Errorf("load %s: %w", path, err)
	}
	return part, c, nil
}

// IsNPZ reports whether the file at path starts as a zip archive, as an
// .npz checkpoint does (rather than a JSON list of tensors).
func IsNPZ(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("load %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := f.Read(head)
	return isZip(head[:n]), nil
}
