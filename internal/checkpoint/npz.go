package checkpoint

import (
	"archive/zip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/model"
)

// Part says which layers an .npz checkpoint holds.
type Part string

const (
	// Encoder is the input-to-bottleneck half, kept to compress data
	// (encoder.npz).
	Encoder Part = "encoder"
	// Model is the whole autoencoder, as -init needs it (model.npz).
	Model Part = "model"
)

// FormatVersion is the value of format/version in the .npz files this
// package writes and the only one it reads.
const FormatVersion = 1

// Saved is a trained autoencoder as an .npz file holds it: which part of the
// model, its weights and the scaler that maps raw rows to its inputs.
type Saved struct {
	Part Part
	// Params holds the weights. For an Encoder only the first
	// Config.EncoderLayers() layers (and their BatchNorms) come from the
	// file; the decoder's tensors keep model.ZeroParams' values.
	Params *model.Params
	// Scaler is the MinMaxScaler fitted on the training rows; its Scale and
	// Min turn raw rows into the model's inputs.
	Scaler *dataset.MinMaxScaler
}

// tensors lists the weights the part holds, in model order.
func (s Saved) tensors() []model.NamedTensor {
	return partTensors(s.Params, s.Part)
}

func partTensors(p *model.Params, part Part) []model.NamedTensor {
	all := p.Tensors()
	if part == Model {
		return all
	}
	enc := map[string]bool{}
	for _, l := range p.Config.Layers()[:p.Config.EncoderLayers()] {
		enc[l.Name] = true
	}
	var out []model.NamedTensor
	for _, t := range all {
		if enc[strings.SplitN(t.Name, "/", 2)[0]] {
			out = append(out, t)
		}
	}
	return out
}

// check reports the first inconsistency between the part, the weights and
// the scaler.
func (s Saved) check() error {
	if s.Part != Encoder && s.Part != Model {
		return fmt.Errorf("part %q is neither %q nor %q", s.Part, Encoder, Model)
	}
	if s.Params == nil {
		return fmt.Errorf("no weights")
	}
	if err := s.Params.Config.Validate(); err != nil {
		return err
	}
	sc := s.Scaler
	if sc == nil {
		return fmt.Errorf("no scaler: new raw rows could not be encoded")
	}
	n := s.Params.Config.Inputs
	if len(sc.DataMin) != n || len(sc.DataMax) != n || len(sc.Scale) != n || len(sc.Min) != n {
		return fmt.Errorf("the scaler has %d/%d/%d/%d values (data_min/data_max/scale/min), the model %d inputs",
			len(sc.DataMin), len(sc.DataMax), len(sc.Scale), len(sc.Min), n)
	}
	return nil
}

// WriteNPZ writes s to w in numpy's .npz format, as numpy.savez writes it:
// a zip of .npy arrays, stored without compression, under the names listed
// in the package documentation: format/version, the arch/ scalars, the
// scaler/ vectors and the weights in model order, each in the model's
// dtype. The weights go out as one header and their raw little-endian
// bytes each (about 10 ms per 10 MB); the small arrays through npyio.
func WriteNPZ(w io.Writer, s Saved) error {
	if err := s.check(); err != nil {
		return fmt.Errorf("write npz: %w", err)
	}
	c := s.Params.Config
	hidden := make([]int64, len(c.Hidden))
	for i, h := range c.Hidden {
		hidden[i] = int64(h)
	}
	zw := zip.NewWriter(w)
	entry := func(name string) (io.Writer, error) {
		ew, err := zw.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: zip.Store})
		if err != nil {
			return nil, fmt.Errorf("write npz array %s: %w", name, err)
		}
		return ew, nil
	}
	arrays := []struct {
		name string
		v    any
	}{
		{"format/version", int64(FormatVersion)},
		{"arch/part", string(s.Part)},
		{"arch/inputs", int64(c.Inputs)},
		{"arch/hidden", hidden},
		{"arch/bottleneck", int64(c.Bottleneck)},
		{"arch/dtype", c.Dtype.String()},
		{"scaler/data_min", s.Scaler.DataMin},
		{"scaler/data_max", s.Scaler.DataMax},
		{"scaler/scale", s.Scaler.Scale},
		{"scaler/min", s.Scaler.Min},
	}
	for _, a := range arrays {
		ew, err := entry(a.name)
		if err != nil {
			return err
		}
		if err := npy.Write(ew, a.v); err != nil {
			return fmt.Errorf("write npz array %s: %w", a.name, err)
		}
	}
	buf := make([]byte, 0, 64<<10)
	for _, t := range s.tensors() {
		ew, err := entry(t.Name)
		if err != nil {
			return err
		}
		if err := writeTensorNPY(ew, t.Tensor, buf); err != nil {
			return fmt.Errorf("write npz array %s: %w", t.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write npz: %w", err)
	}
	return nil
}

// writeTensorNPY writes t as a version 2.0 .npy array, with the header
// npyio writes for the same slice of its shape ([]T for a vector, [][]T for
// a matrix), then its values as little-endian bytes, encoded through buf.
func writeTensorNPY(w io.Writer, t *tensor.Dense, buf []byte) error {
	shape := t.Shape()
	var shapeStr string
	switch len(shape) {
	case 1:
		shapeStr = fmt.Sprintf("(%d,)", shape[0])
	case 2:
		shapeStr = fmt.Sprintf("(%d, %d)", shape[0], shape[1])
	default:
		return fmt.Errorf("shape %v is neither a vector nor a matrix", shape)
	}
	var descr string
	switch t.Dtype() {
	case tensor.Float32:
		descr = "<f4"
	case tensor.Float64:
		descr = "<f8"
	default:
		return fmt.Errorf("dtype %v is not float32 or float64", t.Dtype())
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shapeStr)
	// npyio's padding: (magic, version and length + dictionary + newline)
	// mod 16 spaces, then the newline.
	const prefix = 6 + 2 + 4
	pad := (prefix + len(dict) + 1) % 16
	hdr := append(buf[:0], "\x93NUMPY\x02\x00"...)
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(len(dict)+pad+1))
	hdr = append(hdr, dict...)
	for range pad {
		hdr = append(hdr, ' ')
	}
	hdr = append(hdr, '\n')
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	switch t.Dtype() {
	case tensor.Float32:
		return writeLE(w, t.Float32s(), buf, func(b []byte, v float32) []byte {
			return binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		})
	default:
		return writeLE(w, t.Float64s(), buf, func(b []byte, v float64) []byte {
			return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		})
	}
}

// writeLE writes vs through buf, a chunk at a time, each value appended by
// put.
func writeLE[T float32 | float64](w io.Writer, vs []T, buf []byte, put func([]byte, T) []byte) error {
	chunk := max(1, cap(buf)/8)
	for len(vs) > 0 {
		n := min(chunk, len(vs))
		b := buf[:0]
		for _, v := range vs[:n] {
			b = put(b, v)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		vs = vs[n:]
	}
	return nil
}

// SaveNPZ writes s to path atomically (see WriteNPZ).
func SaveNPZ(path string, s Saved) error {
	return atomicfile.WriteFile(path, func(w io.Writer) error { return WriteNPZ(w, s) })
}

// ReadNPZFile reads the .npz checkpoint at path (see ReadNPZ).
func ReadNPZFile(path string) (*Saved, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	s, err := ReadNPZ(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return s, nil
}

// ReadNPZ reads a checkpoint that WriteNPZ wrote (or numpy.savez, with the
// same names) from the size bytes of r. It rebuilds the architecture from
// the arch/ arrays and checks every array's dtype and shape against it
// before reading its values; weights stored as float32 or float64 are
// converted to arch/dtype. Weights and scaler values must be finite, and
// the file may hold no array that the package documentation does not list.
func ReadNPZ(r io.ReaderAt, size int64) (*Saved, error) {
	a, err := openArchive(r, size)
	if err != nil {
		return nil, err
	}
	if err := a.checkVersion(); err != nil {
		return nil, err
	}
	part, err := a.readPart()
	if err != nil {
		return nil, err
	}
	cfg, err := a.readConfig()
	if err != nil {
		return nil, err
	}
	s := &Saved{Part: part, Params: model.ZeroParams(cfg)}
	if err := a.readWeights(partTensors(s.Params, part)); err != nil {
		return nil, err
	}
	if s.Scaler, err = a.readScaler(cfg.Inputs); err != nil {
		return nil, err
	}
	if err := a.checkAllRead(); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadNPZ reads the weights of a whole-model .npz checkpoint (model.npz)
// into p, as LoadJSON reads a JSON one: every weight of p, BatchNorm moving
// statistics included, must be in the file with p's shape (an error names
// the first that is missing or differs, with both shapes), and the file's
// architecture must be p's. The values are converted to p's dtype. The
// scaler stored with the weights is checked but not used.
func LoadNPZ(path string, p *model.Params) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	if err := loadNPZInto(f, fi.Size(), p); err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	return nil
}

func loadNPZInto(r io.ReaderAt, size int64, p *model.Params) error {
	a, err := openArchive(r, size)
	if err != nil {
		return err
	}
	if err := a.checkVersion(); err != nil {
		return err
	}
	part, err := a.readPart()
	if err != nil {
		return err
	}
	if part != Model {
		return fmt.Errorf("it holds the %s only (arch/part %q); starting a training run needs a whole model such as model.npz", part, part)
	}
	// Weights first, so that a different architecture is reported as the
	// first tensor whose shape differs.
	q := model.ZeroParams(p.Config)
	if err := a.readWeights(q.Tensors()); err != nil {
		return err
	}
	cfg, err := a.readConfig()
	if err != nil {
		return err
	}
	if !sameArch(cfg, p.Config) {
		return fmt.Errorf("the file's architecture is %v, the model's %v", cfg, p.Config)
	}
	if _, err := a.readScaler(cfg.Inputs); err != nil {
		return err
	}
	if err := a.checkAllRead(); err != nil {
		return err
	}
	src, dst := q.Tensors(), p.Tensors()
	for i := range src {
		tensor.Copy(dst[i].Tensor, src[i].Tensor)
	}
	return nil
}

// sameArch reports whether a and b have the same layers, ignoring dtype.
func sameArch(a, b model.Config) bool {
	if a.Inputs != b.Inputs || a.Bottleneck != b.Bottleneck || len(a.Hidden) != len(b.Hidden) {
		return false
	}
	for i := range a.Hidden {
		if a.Hidden[i] != b.Hidden[i] {
			return false
		}
	}
	return true
}
