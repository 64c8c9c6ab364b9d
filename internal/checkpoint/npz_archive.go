package checkpoint

import (
	"slices"

	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/model"
)

// archive is an open .npz file: its arrays by name (without ".npy") and
// which of them have been read.
type archive struct {
	files map[string]*zip.File
	read  map[string]bool
	size  int64 // bytes of the archive
}

// maxInflation bounds how many bytes of arrays an archive of n bytes can
// hold: n when stored, as numpy.savez writes, and about 1032 n when
// deflated (savez_compressed), deflate's largest ratio.
const maxInflation = 1100

func openArchive(r io.ReaderAt, size int64) (*archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not an .npz archive: %w", err)
	}
	a := &archive{files: map[string]*zip.File{}, read: map[string]bool{}, size: size}
	for _, f := range zr.File {
		name := strings.TrimSuffix(f.Name, ".npy")
		if a.files[name] != nil {
			return nil, fmt.Errorf("array %s is in the archive twice", name)
		}
		if err := checkLocalName(r, f); err != nil {
			return nil, fmt.Errorf("array %s: %w", name, err)
		}
		a.files[name] = f
	}
	return a, nil
}

// checkLocalName compares the name in f's local header, which package zip
// does not read, with the central directory's: a damaged local header is a
// damaged file. A local header with an extra field is not checked (numpy
// and this package write none).
func checkLocalName(r io.ReaderAt, f *zip.File) error {
	off, err := f.DataOffset()
	if err != nil {
		return err
	}
	hdr := make([]byte, 30+len(f.Name))
	if off < int64(len(hdr)) {
		return nil
	}
	if _, err := r.ReadAt(hdr, off-int64(len(hdr))); err != nil {
		return nil
	}
	if string(hdr[:4]) != "PK\x03\x04" || int(binary.LittleEndian.Uint16(hdr[26:])) != len(f.Name) || binary.LittleEndian.Uint16(hdr[28:]) != 0 {
		return nil
	}
	if local := string(hdr[30:]); local != f.Name {
		return fmt.Errorf("the archive is damaged: its directory names the entry %q, its local header %q", f.Name, local)
	}
	return nil
}

// array reads and validates the named array; accept sees its header first.
func (a *archive) array(name string, accept func(npyHeader) error) ([]byte, npyHeader, error) {
	f := a.files[name]
	if f == nil {
		return nil, npyHeader{}, fmt.Errorf("array %s is missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, npyHeader{}, fmt.Errorf("array %s: %w", name, err)
	}
	defer rc.Close()
	raw, h, err := readNPY(rc, accept)
	if err != nil {
		return nil, h, fmt.Errorf("array %s: %w", name, err)
	}
	a.read[name] = true
	return raw, h, nil
}

// decode reads a validated array with npyio into ptr.
func decode(name string, raw []byte, ptr any) error {
	if err := npy.Read(bytes.NewReader(raw), ptr); err != nil {
		return fmt.Errorf("array %s: %w", name, err)
	}
	return nil
}

func (a *archive) checkVersion() error {
	v, err := a.intScalar("format/version")
	if err != nil {
		return err
	}
	if v != FormatVersion {
		return fmt.Errorf("format/version is %d; this program reads version %d", v, FormatVersion)
	}
	return nil
}

func (a *archive) readPart() (Part, error) {
	s, err := a.stringScalar("arch/part")
	if err != nil {
		return "", err
	}
	switch p := Part(s); p {
	case Encoder, Model:
		return p, nil
	}
	return "", fmt.Errorf("arch/part is %q, want %q or %q", s, Encoder, Model)
}

// readConfig rebuilds the architecture from the arch/ arrays.
func (a *archive) readConfig() (model.Config, error) {
	var c model.Config
	in, err := a.intScalar("arch/inputs")
	if err != nil {
		return c, err
	}
	bn, err := a.intScalar("arch/bottleneck")
	if err != nil {
		return c, err
	}
	hidden, err := a.intVector("arch/hidden")
	if err != nil {
		return c, err
	}
	dt, err := a.stringScalar("arch/dtype")
	if err != nil {
		return c, err
	}
	if c.Dtype, err = model.ParseDtype(dt); err != nil {
		return c, fmt.Errorf("arch/dtype: %w", err)
	}
	for _, v := range append([]int64{in, bn}, hidden...) {
		if v <= 0 || v > maxNPYDim {
			return c, fmt.Errorf("architecture inputs %d, hidden %v, bottleneck %d: widths must be in [1, %d]", in, hidden, bn, maxNPYDim)
		}
	}
	c.Inputs, c.Bottleneck = int(in), int(bn)
	for _, h := range hidden {
		c.Hidden = append(c.Hidden, int(h))
	}
	// Any model that training accepts (Validate: model.MaxWeights) can be
	// read back; the callers check the machine's memory first. A corrupt
	// arch/ array cannot make the reader allocate more than the file
	// could hold: at least 4 bytes a weight, whatever its zip headers
	// claim.
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("architecture: %w", err)
	}
	_, n := c.CountWeights()
	if 4*n > float64(maxInflation)*float64(a.size) {
		return c, fmt.Errorf("architecture %v has %.0f weights, more than an archive of %d bytes can hold", c, n, a.size)
	}
	return c, nil
}

// readWeights reads the listed weights into their tensors.
func (a *archive) readWeights(ts []model.NamedTensor) error {
	for _, t := range ts {
		want := []int(t.Tensor.Shape())
		raw, h, err := a.array(t.Name, func(h npyHeader) error {
			if h.descr != "<f4" && h.descr != "<f8" {
				return fmt.Errorf("dtype %s, want float32 (<f4) or float64 (<f8)", h.descr)
			}
			if !slices.Equal(h.shape, want) {
				return fmt.Errorf("shape %s in the file, the model's is %s", shapeText(h.shape), shapeText(want))
			}
			return nil
		})
		if err != nil {
			return err
		}
		vals, err := floats(t.Name, raw, h)
		if err != nil {
			return err
		}
		if strings.HasSuffix(t.Name, "/moving_variance") {
			if err := checkVariance(vals); err != nil {
				return fmt.Errorf("array %s: %w", t.Name, err)
			}
		}
		if err := setValues(t.Tensor, vals); err != nil {
			return fmt.Errorf("array %s: %w", t.Name, err)
		}
	}
	return nil
}

// floats decodes a validated <f4 or <f8 array and checks its values are
// finite.
func floats(name string, raw []byte, h npyHeader) ([]float64, error) {
	var vals []float64
	if h.descr == "<f4" {
		var v []float32
		if err := decode(name, raw, &v); err != nil {
			return nil, err
		}
		vals = make([]float64, len(v))
		for i, x := range v {
			vals[i] = float64(x)
		}
	} else if err := decode(name, raw, &vals); err != nil {
		return nil, err
	}
	if len(vals) != h.elems() {
		return nil, fmt.Errorf("array %s: decoded %d values, the shape holds %d", name, len(vals), h.elems())
	}
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("array %s: value %d is %v", name, i, v)
		}
	}
	return vals, nil
}

// checkVariance refuses a negative BatchNorm variance, whose square root
// inference would take.
func checkVariance(vals []float64) error {
	for i, v := range vals {
		if v < 0 {
			return fmt.Errorf("value %d is %v; a variance cannot be negative", i, v)
		}
	}
	return nil
}

// setValues stores vals in t, converting them to its dtype; a value beyond
// float32's range is an error rather than an infinity.
func setValues(t *tensor.Dense, vals []float64) error {
	switch d := t.Data().(type) {
	case []float32:
		for i, v := range vals {
			if math.Abs(v) > math.MaxFloat32 {
				return fmt.Errorf("value %d is %v, beyond float32's range", i, v)
			}
			d[i] = float32(v)
		}
	case []float64:
		copy(d, vals)
	default:
		return fmt.Errorf("tensor of dtype %v", t.Dtype())
	}
	return nil
}

// readScaler reads the four scaler/ vectors of n values each.
func (a *archive) readScaler(n int) (*dataset.MinMaxScaler, error) {
	s := &dataset.MinMaxScaler{}
	for _, v := range []struct {
		name string
		dst  *[]float64
	}{
		{"scaler/data_min", &s.DataMin},
		{"scaler/data_max", &s.DataMax},
		{"scaler/scale", &s.Scale},
		{"scaler/min", &s.Min},
	} {
		raw, h, err := a.array(v.name, func(h npyHeader) error {
			if h.descr != "<f8" || len(h.shape) != 1 || h.shape[0] != n {
				return fmt.Errorf("dtype %s and shape %s, want float64 (<f8) and (%d,), one value per input", h.descr, shapeText(h.shape), n)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if *v.dst, err = floats(v.name, raw, h); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// checkAllRead reports an array that no step read: a file of another
// layout, or weights of layers the architecture does not have.
func (a *archive) checkAllRead() error {
	for name := range a.files {
		if !a.read[name] {
			return fmt.Errorf("unexpected array %s (not part of this checkpoint's layout)", name)
		}
	}
	return nil
}

func (a *archive) intScalar(name string) (int64, error) {
	v, err := a.ints(name, false)
	if err != nil {
		return 0, err
	}
	return v[0], nil
}

func (a *archive) intVector(name string) ([]int64, error) {
	return a.ints(name, true)
}

// ints reads an integer scalar (vector false) or vector of at most 1024
// values.
func (a *archive) ints(name string, vector bool) ([]int64, error) {
	raw, h, err := a.array(name, func(h npyHeader) error {
		if h.descr != "<i8" && h.descr != "<i4" {
			return fmt.Errorf("dtype %s, want an integer (<i8 or <i4)", h.descr)
		}
		if vector && (len(h.shape) != 1 || h.shape[0] > 1024) {
			return fmt.Errorf("shape %s, want a vector of at most 1024 values", shapeText(h.shape))
		}
		if !vector && len(h.shape) != 0 {
			return fmt.Errorf("shape %s, want a scalar ()", shapeText(h.shape))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []int64
	switch {
	case h.descr == "<i4" && vector:
		var v []int32
		err = decode(name, raw, &v)
		for _, x := range v {
			out = append(out, int64(x))
		}
	case h.descr == "<i4":
		var v int32
		err = decode(name, raw, &v)
		out = []int64{int64(v)}
	case vector:
		err = decode(name, raw, &out)
	default:
		var v int64
		err = decode(name, raw, &v)
		out = []int64{v}
	}
	if err != nil {
		return nil, err
	}
	if len(out) != h.elems() {
		return nil, fmt.Errorf("array %s: decoded %d values, the shape holds %d", name, len(out), h.elems())
	}
	return out, nil
}

// stringScalar reads a 0-d unicode array of at most 64 characters.
func (a *archive) stringScalar(name string) (string, error) {
	raw, _, err := a.array(name, func(h npyHeader) error {
		if h.descr[1] != 'U' || len(h.shape) != 0 || h.size > 4*64 {
			return fmt.Errorf("dtype %s and shape %s, want a string scalar (<U, ()) of at most 64 characters", h.descr, shapeText(h.shape))
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	var s string
	if err := decode(name, raw, &s); err != nil {
		return "", err
	}
	return s, nil
}
