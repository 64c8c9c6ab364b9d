package checkpoint_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
	"github.com/gorgonia-ae/autoencoder/model"
)

// steps draws the uniform variates of model.NewParams from a fixed cycle,
// so that every weight is a distinct, non-round number.
type steps struct{ n int }

func (s *steps) Uniform(lo, hi float64) float64 {
	s.n++
	return lo + (hi-lo)*float64((s.n*37)%101)/101.3
}

// trained returns a small model whose every weight, BatchNorm statistics
// included, differs from its initial value, and a scaler for its inputs.
func trained(t *testing.T, c model.Config) (*model.Params, *dataset.MinMaxScaler) {
	t.Helper()
	p, err := model.NewParams(c, &steps{})
	if err != nil {
		t.Fatal(err)
	}
	for i, nt := range p.Tensors() {
		vals := model.Float64s(nt.Tensor)
		for j := range vals {
			vals[j] += 0.01*float64(i+1) + 1e-3*float64(j)/7
		}
		shapes, values := [][]int{}, [][]float64{}
		for _, o := range p.Tensors() {
			shapes = append(shapes, []int(o.Tensor.Shape()))
			if o.Name == nt.Name {
				values = append(values, vals)
			} else {
				values = append(values, model.Float64s(o.Tensor))
			}
		}
		if err := p.SetFrom(shapes, values); err != nil {
			t.Fatal(err)
		}
	}
	raw := dataset.NewMatrix(3, c.Inputs)
	for i := range raw.Data {
		raw.Data[i] = float64(i*i%11) - 4.5 + float64(i)/3
	}
	s, err := dataset.FitMinMaxScaler(raw)
	if err != nil {
		t.Fatal(err)
	}
	return p, s
}

var small = model.Config{Inputs: 5, Hidden: []int{7, 4}, Bottleneck: 3, Dtype: tensor.Float32}

func writeNPZ(t *testing.T, s checkpoint.Saved) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := checkpoint.WriteNPZ(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readNPZ(b []byte) (*checkpoint.Saved, error) {
	return checkpoint.ReadNPZ(bytes.NewReader(b), int64(len(b)))
}

func sameTensors(t *testing.T, what string, want, got []model.NamedTensor) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d tensors, want %d", what, len(got), len(want))
	}
	for i := range want {
		if want[i].Name != got[i].Name || !slices.Equal([]int(want[i].Tensor.Shape()), []int(got[i].Tensor.Shape())) {
			t.Fatalf("%s: tensor %d is %s %v, want %s %v", what, i, got[i].Name, got[i].Tensor.Shape(), want[i].Name, want[i].Tensor.Shape())
		}
		a, b := model.Float64s(want[i].Tensor), model.Float64s(got[i].Tensor)
		for j := range a {
			if math.Float64bits(a[j]) != math.Float64bits(b[j]) {
				t.Fatalf("%s: %s[%d] = %v, want %v", what, want[i].Name, j, b[j], a[j])
			}
		}
	}
}

func TestNPZRoundTripKeepsEveryWeightAndTheScalerBitForBit(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		c := small
		c.Dtype = dt
		p, s := trained(t, c)
		for _, part := range []checkpoint.Part{checkpoint.Model, checkpoint.Encoder} {
			got, err := readNPZ(writeNPZ(t, checkpoint.Saved{Part: part, Params: p, Scaler: s}))
			if err != nil {
				t.Fatalf("%v %s: %v", dt, part, err)
			}
			if got.Part != part || got.Params.Config.String() != c.String() {
				t.Fatalf("%v %s: read part %s, config %v", dt, part, got.Part, got.Params.Config)
			}
			want := p.Tensors()
			if part == checkpoint.Encoder {
				// encoder_1 and encoder_2 with their BatchNorms, then the
				// bottleneck: 6+6+2 tensors.
				want = want[:14]
				if want[13].Name != "bottleneck/bias" {
					t.Fatalf("tensor 13 is %s, want bottleneck/bias", want[13].Name)
				}
				// The decoder is not in the file: it keeps ZeroParams' values.
				zero := model.ZeroParams(c).Tensors()[14:]
				sameTensors(t, "decoder", zero, got.Params.Tensors()[14:])
			}
			sameTensors(t, fmt.Sprintf("%v %s", dt, part), want, got.Params.Tensors()[:len(want)])
			for name, pair := range map[string][2][]float64{
				"data_min": {s.DataMin, got.Scaler.DataMin}, "data_max": {s.DataMax, got.Scaler.DataMax},
				"scale": {s.Scale, got.Scaler.Scale}, "min": {s.Min, got.Scaler.Min},
			} {
				if !slices.Equal(pair[0], pair[1]) {
					t.Errorf("%v %s: scaler %s = %v, want %v", dt, part, name, pair[1], pair[0])
				}
			}
		}
	}
}

func TestWriteNPZIsDeterministic(t *testing.T) {
	p, s := trained(t, small)
	a := writeNPZ(t, checkpoint.Saved{Part: checkpoint.Model, Params: p, Scaler: s})
	b := writeNPZ(t, checkpoint.Saved{Part: checkpoint.Model, Params: p.Clone(), Scaler: s})
	if !bytes.Equal(a, b) {
		t.Errorf("two writes of the same model differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestWriteNPZRejectsAnIncompleteCheckpoint(t *testing.T) {
	p, s := trained(t, small)
	short := *s
	short.Scale = short.Scale[:2]
	for _, c := range []struct {
		s    checkpoint.Saved
		want string
	}{
		{checkpoint.Saved{Part: "decoder", Params: p, Scaler: s}, `part "decoder" is neither "encoder" nor "model"`},
		{checkpoint.Saved{Part: checkpoint.Model, Scaler: s}, "no weights"},
		{checkpoint.Saved{Part: checkpoint.Model, Params: p}, "no scaler"},
		{checkpoint.Saved{Part: checkpoint.Model, Params: p, Scaler: &short}, "the scaler has 5/5/2/5 values (data_min/data_max/scale/min), the model 5 inputs"},
	} {
		err := checkpoint.WriteNPZ(&bytes.Buffer{}, c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}

// numpyPython returns Debian's python3 when it has numpy, and skips the
// test otherwise.
func numpyPython(t *testing.T) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	if err := exec.Command(py, "-c", "import numpy").Run(); err != nil {
		t.Skip("python3-numpy is not installed")
	}
	return py
}

// TestNumpyLoadsTheNPZFiles saves both parts in both dtypes, then has
// numpy.load open each file and compare every array's name, dtype, shape
// and values with what was saved (exact equality, as float64 holds every
// float32 exactly).
func TestNumpyLoadsTheNPZFiles(t *testing.T) {
	py := numpyPython(t)
	dir := t.TempDir()
	type array struct {
		Dtype  string    `json:"dtype"`
		Shape  []int     `json:"shape"`
		Values []float64 `json:"values"`
		Text   string    `json:"text,omitempty"`
	}
	type file struct {
		Path   string           `json:"path"`
		Arrays map[string]array `json:"arrays"`
	}
	var files []file
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		c := small
		c.Dtype = dt
		p, s := trained(t, c)
		for _, part := range []checkpoint.Part{checkpoint.Model, checkpoint.Encoder} {
			path := filepath.Join(dir, fmt.Sprintf("%s_%v.npz", part, dt))
			saved := checkpoint.Saved{Part: part, Params: p, Scaler: s}
			if err := checkpoint.SaveNPZ(path, saved); err != nil {
				t.Fatal(err)
			}
			f := file{Path: path, Arrays: map[string]array{
				"format/version":  {Dtype: "int64", Shape: []int{}, Values: []float64{1}},
				"arch/part":       {Dtype: "<U" + fmt.Sprint(len(part)), Shape: []int{}, Text: string(part)},
				"arch/inputs":     {Dtype: "int64", Shape: []int{}, Values: []float64{5}},
				"arch/hidden":     {Dtype: "int64", Shape: []int{2}, Values: []float64{7, 4}},
				"arch/bottleneck": {Dtype: "int64", Shape: []int{}, Values: []float64{3}},
				"arch/dtype":      {Dtype: "<U7", Shape: []int{}, Text: dt.String()},
				"scaler/data_min": {Dtype: "float64", Shape: []int{5}, Values: s.DataMin},
				"scaler/data_max": {Dtype: "float64", Shape: []int{5}, Values: s.DataMax},
				"scaler/scale":    {Dtype: "float64", Shape: []int{5}, Values: s.Scale},
				"scaler/min":      {Dtype: "float64", Shape: []int{5}, Values: s.Min},
			}}
			want := p.Tensors()
			if part == checkpoint.Encoder {
				want = want[:14]
			}
			for _, nt := range want {
				f.Arrays[nt.Name] = array{Dtype: dt.String(), Shape: []int(nt.Tensor.Shape()), Values: model.Float64s(nt.Tensor)}
			}
			files = append(files, f)
		}
	}
	spec, err := json.Marshal(files)
	if err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dir, "want.json")
	if err := os.WriteFile(specPath, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `
import json, sys
import numpy as np
bad = []
for f in json.load(open(sys.argv[1])):
    z = np.load(f["path"])
    if sorted(z.files) != sorted(f["arrays"]):
        bad.append("%s: names %s, want %s" % (f["path"], sorted(z.files), sorted(f["arrays"])))
        continue
    for name, w in f["arrays"].items():
        a = z[name]
        if str(a.dtype) != w["dtype"] or list(a.shape) != w["shape"]:
            bad.append("%s %s: %s %s, want %s %s" % (f["path"], name, a.dtype, a.shape, w["dtype"], w["shape"]))
        elif "text" in w:
            if str(a) != w["text"]:
                bad.append("%s %s: %r, want %r" % (f["path"], name, str(a), w["text"]))
        elif not np.array_equal(a.astype(np.float64).ravel(), np.array(w["values"], dtype=np.float64)):
            bad.append("%s %s: values differ" % (f["path"], name))
print("\n".join(bad) if bad else "ok %d files" % len(json.load(open(sys.argv[1]))))
`
	out, err := exec.Command(py, "-c", script, specPath).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok 4 files" {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
}

func TestLoadReadsNPZAndJSONIntoTheSameWeights(t *testing.T) {
	p, s := trained(t, small)
	dir := t.TempDir()
	npzPath, jsonPath := filepath.Join(dir, "model.npz"), filepath.Join(dir, "model.json")
	if err := checkpoint.SaveNPZ(npzPath, checkpoint.Saved{Part: checkpoint.Model, Params: p, Scaler: s}); err != nil {
		t.Fatal(err)
	}
	if err := checkpoint.SaveJSON(jsonPath, p); err != nil {
		t.Fatal(err)
	}
	fromNPZ, fromJSON := model.ZeroParams(small), model.ZeroParams(small)
	if err := checkpoint.Load(npzPath, fromNPZ); err != nil {
		t.Fatal(err)
	}
	if err := checkpoint.Load(jsonPath, fromJSON); err != nil {
		t.Fatal(err)
	}
	sameTensors(t, "npz", p.Tensors(), fromNPZ.Tensors())
	sameTensors(t, "npz vs json", fromJSON.Tensors(), fromNPZ.Tensors())

	// A float64 file into a float32 model rounds each value, as JSON does.
	c64 := small
	c64.Dtype = tensor.Float64
	p64, _ := trained(t, c64)
	path64 := filepath.Join(dir, "model64.npz")
	if err := checkpoint.SaveNPZ(path64, checkpoint.Saved{Part: checkpoint.Model, Params: p64, Scaler: s}); err != nil {
		t.Fatal(err)
	}
	q := model.ZeroParams(small)
	if err := checkpoint.Load(path64, q); err != nil {
		t.Fatal(err)
	}
	got, want := model.Float64s(q.Dense[0].Kernel), model.Float64s(p64.Dense[0].Kernel)
	for i := range want {
		if got[i] != float64(float32(want[i])) {
			t.Fatalf("kernel[%d] = %v, want float32(%v)", i, got[i], want[i])
		}
	}
}

func TestLoadNPZNamesTheTensorAndBothShapesOnAnotherArchitecture(t *testing.T) {
	p, s := trained(t, small)
	dir := t.TempDir()
	path := filepath.Join(dir, "model.npz")
	if err := checkpoint.SaveNPZ(path, checkpoint.Saved{Part: checkpoint.Model, Params: p, Scaler: s}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cfg  model.Config
		want string
	}{
		{model.Config{Inputs: 5, Hidden: []int{8, 4}, Bottleneck: 3, Dtype: tensor.Float32},
			"array encoder_1/kernel: shape (5, 7) in the file, the model's is (5, 8)"},
		{model.Config{Inputs: 5, Hidden: []int{7, 4}, Bottleneck: 2, Dtype: tensor.Float32},
			"array bottleneck/kernel: shape (4, 3) in the file, the model's is (4, 2)"},
		{model.Config{Inputs: 6, Hidden: []int{7, 4}, Bottleneck: 3, Dtype: tensor.Float32},
			"array encoder_1/kernel: shape (5, 7) in the file, the model's is (6, 7)"},
		{model.Config{Inputs: 5, Hidden: []int{7}, Bottleneck: 4, Dtype: tensor.Float32},
			"array bottleneck/kernel: shape (4, 3) in the file, the model's is (7, 4)"},
	} {
		q := model.ZeroParams(c.cfg)
		before := q.Clone()
		err := checkpoint.Load(path, q)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "load "+path+": ") {
			t.Errorf("%v: error %v, want one naming the file and containing %q", c.cfg, err, c.want)
		}
		sameTensors(t, "after a failed load", before.Tensors(), q.Tensors())
	}
}

func TestLoadNPZRefusesAnEncoderForTraining(t *testing.T) {
	p, s := trained(t, small)
	path := filepath.Join(t.TempDir(), "encoder.npz")
	if err := checkpoint.SaveNPZ(path, checkpoint.Saved{Part: checkpoint.Encoder, Params: p, Scaler: s}); err != nil {
		t.Fatal(err)
	}
	err := checkpoint.Load(path, model.ZeroParams(small))
	want := `it holds the encoder only (arch/part "encoder"); starting a training run needs a whole model such as model.npz`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
}

func TestLoadRefusesANPZNameThatIsNotAZip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.npz")
	if err := os.WriteFile(path, []byte(`[{"shape":[1],"values":[1]}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	err := checkpoint.Load(path, model.ZeroParams(small))
	if err == nil || !strings.Contains(err.Error(), "not an .npz file (it does not start with a zip signature)") {
		t.Errorf("error %v", err)
	}
	if err := checkpoint.Load(filepath.Join(dir, "none.npz"), model.ZeroParams(small)); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: error %v", err)
	}
}

// entries returns the arrays of an .npz archive by name, in archive order.
func entries(t *testing.T, b []byte) (names []string, data map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	data = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		names = append(names, f.Name)
		data[f.Name] = buf.Bytes()
	}
	return names, data
}

// rezip builds an archive of the named entries.
func rezip(t *testing.T, names []string, data map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// npyArray builds a version-1 .npy array with the given header dictionary.
func npyArray(dict string, data []byte) []byte {
	h := []byte(dict)
	for (10+len(h)+1)%64 != 0 {
		h = append(h, ' ')
	}
	h = append(h, '\n')
	out := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
	out = append(out, h...)
	return append(out, data...)
}

func f32s(vs ...float32) []byte {
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, vs)
	return buf.Bytes()
}

func TestReadNPZReportsACorruptFileClearly(t *testing.T) {
	p, s := trained(t, small)
	good := writeNPZ(t, checkpoint.Saved{Part: checkpoint.Model, Params: p, Scaler: s})
	names, data := entries(t, good)
	edit := func(name string, b []byte) []byte {
		d := map[string][]byte{}
		for k, v := range data {
			d[k] = v
		}
		d[name] = b
		return rezip(t, names, d)
	}
	without := func(name string) []byte {
		return rezip(t, slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == name }), data)
	}
	bias := data["encoder_1/bias.npy"]
	const biasDict = "{'descr': '<f4', 'fortran_order': False, 'shape': (7,), }"
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "not an .npz archive"},
		{"json", []byte(`[{"shape":[1],"values":[1]}]`), "not an .npz archive"},
		{"missing weight", without("decoder_2/norm/moving_variance.npy"), "array decoder_2/norm/moving_variance is missing"},
		{"missing scaler", without("scaler/min.npy"), "array scaler/min is missing"},
		{"missing version", without("format/version.npy"), "array format/version is missing"},
		{"extra array", rezip(t, append(slices.Clone(names), "notes.npy"), data), "unexpected array notes"},
		{"twice", rezip(t, append(slices.Clone(names), "arch/inputs.npy"), data), "array arch/inputs is in the archive twice"},
		{"version 2", edit("format/version.npy", npyArray("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", []byte{2, 0, 0, 0, 0, 0, 0, 0})),
			"format/version is 2; this program reads version 1"},
		{"part", edit("arch/part.npy", npyArray("{'descr': '<U3', 'fortran_order': False, 'shape': (), }", []byte("a\x00\x00\x00b\x00\x00\x00c\x00\x00\x00"))),
			`arch/part is "abc", want "encoder" or "model"`},
		{"dtype", edit("arch/dtype.npy", npyArray("{'descr': '<U3', 'fortran_order': False, 'shape': (), }", []byte("i\x00\x00\x00n\x00\x00\x00t\x00\x00\x00"))),
			`arch/dtype: unknown dtype "int"`},
		{"negative width", edit("arch/inputs.npy", npyArray("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})),
			"architecture inputs -1, hidden [7 4], bottleneck 3: widths must be in [1, 16777216]"},
		{"huge model", edit("arch/hidden.npy", npyArray("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", []byte{0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0})), // 4096, 4096
			"has 33701896 weights, more than an archive of 9392 bytes can hold"},
		{"no magic", edit("encoder_1/bias.npy", bias[1:]), "array encoder_1/bias: not a .npy array"},
		{"truncated header", edit("encoder_1/bias.npy", bias[:20]), "array encoder_1/bias: .npy header truncated"},
		{"truncated data", edit("encoder_1/bias.npy", bias[:len(bias)-1]), "array encoder_1/bias: .npy array of shape (7,) and dtype <f4 needs 28 data bytes, has 27"},
		{"trailing data", edit("encoder_1/bias.npy", append(slices.Clone(bias), 0)), "has more than its 28 data bytes"},
		{"header without newline", edit("encoder_1/bias.npy", append([]byte("\x93NUMPY\x01\x00\x08\x00{'descr'"), f32s(1, 2, 3, 4, 5, 6, 7)...)),
			"is not numpy's {'descr': ..., 'fortran_order': ..., 'shape': (...), } dictionary"},
		{"keys out of order", edit("encoder_1/bias.npy", npyArray("{'shape': (7,), 'fortran_order': False, 'descr': '<f4', }", f32s(1, 2, 3, 4, 5, 6, 7))),
			"is not numpy's"},
		{"version 9", edit("encoder_1/bias.npy", append([]byte("\x93NUMPY\x09\x00"), bias[8:]...)), ".npy format version 9 is not supported"},
		{"long header", edit("encoder_1/bias.npy", []byte("\x93NUMPY\x02\x00\xff\xff\xff\x7f{")), ".npy header of 2147483647 bytes is longer than the 4096 allowed"},
		{"big endian", edit("encoder_1/bias.npy", npyArray(strings.Replace(biasDict, "<f4", ">f4", 1), f32s(1, 2, 3, 4, 5, 6, 7))),
			`.npy dtype ">f4" is not supported`},
		{"fortran", edit("encoder_1/bias.npy", npyArray(strings.Replace(biasDict, "False", "True", 1), f32s(1, 2, 3, 4, 5, 6, 7))),
			"stored in Fortran order"},
		{"huge shape", edit("encoder_1/bias.npy", npyArray(strings.Replace(biasDict, "(7,)", "(16777216, 16777216)", 1), nil)), "is too large"},
		{"wrong shape", edit("encoder_1/bias.npy", npyArray(strings.Replace(biasDict, "(7,)", "(8,)", 1), f32s(1, 2, 3, 4, 5, 6, 7, 8))),
			"array encoder_1/bias: shape (8,) in the file, the model's is (7,)"},
		{"integer weights", edit("encoder_1/bias.npy", npyArray(strings.Replace(biasDict, "<f4", "<i4", 1), f32s(1, 2, 3, 4, 5, 6, 7))),
			"array encoder_1/bias: dtype <i4, want float32 (<f4) or float64 (<f8)"},
		{"NaN weight", edit("encoder_1/bias.npy", npyArray(biasDict, f32s(1, 2, 3, float32(math.NaN()), 5, 6, 7))), "array encoder_1/bias: value 3 is NaN"},
		{"float32 scaler", edit("scaler/scale.npy", npyArray("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", f32s(1, 2, 3, 4, 5))),
			"array scaler/scale: dtype <f4 and shape (5,), want float64 (<f8) and (5,), one value per input"},
	} {
		got, err := readNPZ(c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, error %v; want an error containing %q", c.name, got != nil, err, c.want)
		}
	}
}

// TestReadNPZRejectsEveryTruncationAndEveryByteFlipThatChangesTheContent
// cuts a saved file at every length, and flips every byte of it in turn.
// Every truncation must be an error. A flipped byte must be an error too
// (zip's checksums and lengths catch what the .npy checks do not), unless it
// lies in zip metadata that no reader uses (timestamps, versions, the local
// copy of a name): then what is read must be exactly what was saved. None
// may crash the reader.
func TestReadNPZRejectsEveryTruncationAndEveryByteFlipThatChangesTheContent(t *testing.T) {
	p, s := trained(t, model.Config{Inputs: 2, Hidden: []int{2}, Bottleneck: 1, Dtype: tensor.Float32})
	saved := checkpoint.Saved{Part: checkpoint.Encoder, Params: p, Scaler: s}
	good := writeNPZ(t, saved)
	if _, err := readNPZ(good); err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(good); n++ {
		if _, err := readNPZ(good[:n]); err == nil {
			t.Fatalf("the first %d of %d bytes read without error", n, len(good))
		}
	}
	harmless := 0
	for i := range good {
		b := slices.Clone(good)
		b[i] ^= 0x5a
		got, err := readNPZ(b)
		if err != nil {
			continue
		}
		harmless++
		if !sameSaved(got, &saved) {
			t.Errorf("flipping byte %d of %d went unnoticed and changed what was read", i, len(good))
		}
	}
	t.Logf("%d bytes; %d flips rejected, %d harmless (zip metadata)", len(good), len(good)-harmless, harmless)
}

// sameSaved reports whether a and b hold the same part, architecture,
// encoder weights (bit for bit) and scaler.
func sameSaved(a, b *checkpoint.Saved) bool {
	if a.Part != b.Part || a.Params.Config.String() != b.Params.Config.String() {
		return false
	}
	n := 0
	for _, l := range a.Params.Config.Layers()[:a.Params.Config.EncoderLayers()] {
		n += 2
		if l.Norm {
			n += 4
		}
	}
	x, y := a.Params.Tensors(), b.Params.Tensors()
	for i := range x[:n] {
		u, v := model.Float64s(x[i].Tensor), model.Float64s(y[i].Tensor)
		for j := range u {
			if math.Float64bits(u[j]) != math.Float64bits(v[j]) {
				return false
			}
		}
	}
	return slices.Equal(a.Scaler.DataMin, b.Scaler.DataMin) && slices.Equal(a.Scaler.DataMax, b.Scaler.DataMax) &&
		slices.Equal(a.Scaler.Scale, b.Scaler.Scale) && slices.Equal(a.Scaler.Min, b.Scaler.Min)
}

// A model saved as encoder.npz and read back: the encoder's layers, the
// scaler and the architecture travel together.
func ExampleReadNPZ() {
	c := model.Config{Inputs: 4, Hidden: []int{6}, Bottleneck: 2, Dtype: tensor.Float32}
	p, err := model.NewParams(c, &steps{})
	if err != nil {
		fmt.Println(err)
		return
	}
	raw := dataset.Matrix{Rows: 2, Cols: 4, Data: []float64{0, 1, 2, 3, 4, 5, 6, 7}}
	scaler, err := dataset.FitMinMaxScaler(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := checkpoint.WriteNPZ(&buf, checkpoint.Saved{Part: checkpoint.Encoder, Params: p, Scaler: scaler}); err != nil {
		fmt.Println(err)
		return
	}
	s, err := checkpoint.ReadNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Part, s.Params.Config, s.Scaler.Scale)
	// Output: encoder 4-6-[2]-6-4 float32 [0.25 0.25 0.25 0.25]
}

// TestReadNPZReadsWhatNumpySavezWrites has numpy load a saved encoder and
// save its arrays again with numpy.savez and numpy.savez_compressed: the
// files numpy writes read back to the same checkpoint.
func TestReadNPZReadsWhatNumpySavezWrites(t *testing.T) {
	py := numpyPython(t)
	dir := t.TempDir()
	p, s := trained(t, small)
	saved := checkpoint.Saved{Part: checkpoint.Encoder, Params: p, Scaler: s}
	src := filepath.Join(dir, "encoder.npz")
	if err := checkpoint.SaveNPZ(src, saved); err != nil {
		t.Fatal(err)
	}
	const script = `
import sys
import numpy as np
z = np.load(sys.argv[1])
arrays = {k: z[k] for k in z.files}
np.savez(sys.argv[2], **arrays)
np.savez_compressed(sys.argv[3], **arrays)
`
	plain, compressed := filepath.Join(dir, "plain.npz"), filepath.Join(dir, "compressed.npz")
	if out, err := exec.Command(py, "-c", script, src, plain, compressed).CombinedOutput(); err != nil {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
	for _, path := range []string{plain, compressed} {
		got, err := checkpoint.ReadNPZFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !sameSaved(got, &saved) {
			t.Errorf("%s: numpy's copy reads back differently", filepath.Base(path))
		}
	}
}

// BenchmarkWriteNPZ writes the whole model of 1,000 features (hidden widths
// 2,000 and 1,000, bottleneck 1,000: 10 M float32 weights, 40 MB) to memory.
// The MB/s metric counts the weights' bytes.
func BenchmarkWriteNPZ(b *testing.B) {
	c := model.NotebookConfig(1000)
	p := model.ZeroParams(c)
	var size int64
	for i, nt := range p.Tensors() {
		d := nt.Tensor.Float32s()
		for j := range d {
			d[j] = float32(1.5 + math.Sin(float64(i*7919+j))) // no two alike, and valid variances
		}
		size += int64(4 * len(d))
	}
	s := &dataset.MinMaxScaler{}
	for j := 0; j < c.Inputs; j++ {
		s.DataMin, s.DataMax = append(s.DataMin, 0), append(s.DataMax, 1)
		s.Scale, s.Min = append(s.Scale, 1), append(s.Min, 0)
	}
	saved := checkpoint.Saved{Part: checkpoint.Model, Params: p, Scaler: s}
	var buf bytes.Buffer
	b.SetBytes(size)
	for b.Loop() {
		buf.Reset()
		if err := checkpoint.WriteNPZ(&buf, saved); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N)/(float64(size)/1e7), "ms/10MB")
}

// TestWriteNPZStoresNpyioArrays checks that every array is stored
// uncompressed, as numpy.savez stores them, and that each weight's bytes
// are those npyio writes for the same values as a slice of the tensor's
// shape (the writer of the small arrays, and of the weights before they got
// their own).
func TestWriteNPZStoresNpyioArrays(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		c := small
		c.Dtype = dt
		p, s := trained(t, c)
		b := writeNPZ(t, checkpoint.Saved{Part: checkpoint.Model, Params: p, Scaler: s})
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Method != zip.Store {
				t.Errorf("%v: %s has zip method %d, want %d (stored)", dt, f.Name, f.Method, zip.Store)
			}
		}
		_, data := entries(t, b)
		for _, nt := range p.Tensors() {
			var want bytes.Buffer
			var v any
			shape := nt.Tensor.Shape()
			switch d := nt.Tensor.Data().(type) {
			case []float32:
				v = nestedRows(d, shape)
			case []float64:
				v = nestedRows(d, shape)
			}
			if err := npy.Write(&want, v); err != nil {
				t.Fatal(err)
			}
			if got := data[nt.Name+".npy"]; !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%v: %s: %d bytes differ from npyio's %d", dt, nt.Name, len(got), want.Len())
			}
		}
	}
}

// nestedRows returns d as a vector ([]T) or the rows of a matrix ([][]T).
func nestedRows[T float32 | float64](d []T, shape tensor.Shape) any {
	if len(shape) == 1 {
		return d
	}
	rows := make([][]T, shape[0])
	for i := range rows {
		rows[i] = d[i*shape[1] : (i+1)*shape[1]]
	}
	return rows
}
