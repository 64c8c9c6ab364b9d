package checkpoint

import (
	"bytes"
	"encoding/binary"
	"maps"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

// npyInt64 is a version-1 .npy array of int64 values with the given shape
// text, such as "()" or "(1,)".
func npyInt64(shape string, vs ...int64) []byte {
	h := []byte("{'descr': '<i8', 'fortran_order': False, 'shape': " + shape + ", }")
	for (10+len(h)+1)%64 != 0 {
		h = append(h, ' ')
	}
	h = append(h, '\n')
	out := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
	out = append(out, h...)
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, vs)
	return append(out, buf.Bytes()...)
}

func TestReadNPZRefusesWhatItCannotHoldBeforeAllocating(t *testing.T) {
	good := npzBytes(t, fuzzSaved(t, Model, tensor.Float32))
	names, arrays := npzEntries(t, good)
	// 3 inputs, a hidden layer of 2^22 and a bottleneck of 2: some 84
	// million weights, below the reader's cap but more than a file of a few
	// kilobytes can hold, whatever its zip headers say.
	arrays["arch/hidden.npy"] = npyInt64("(1,)", 1<<22)
	b := storeZip(t, names, arrays)
	_, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
	want := "architecture 3-4194304-[2]-4194304-3 float32 has 83886085 weights, more than an archive of "
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), " bytes can hold") {
		t.Errorf("error %v, want %q...", err, want)
	}
}

func TestReadNPZRefusesFloat32OverflowAndNegativeVariance(t *testing.T) {
	// float64 weights, one too large for float32, under a float32
	// architecture.
	s64 := fuzzSaved(t, Model, tensor.Float64)
	s64.Params.Dense[1].Bias.Data().([]float64)[1] = 1e300
	_, arrays := npzEntries(t, npzBytes(t, s64))
	names, a32 := npzEntries(t, npzBytes(t, fuzzSaved(t, Model, tensor.Float32)))
	a32["bottleneck/bias.npy"] = arrays["bottleneck/bias.npy"]
	b := storeZip(t, names, a32)
	_, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
	if want := "array bottleneck/bias: value 1 is 1e+300, beyond float32's range"; err == nil || err.Error() != want {
		t.Errorf("float32 overflow: error %v, want %q", err, want)
	}
	p := model.ZeroParams(fuzzConfig)
	if err := loadNPZInto(bytes.NewReader(b), int64(len(b)), p); err == nil || !strings.Contains(err.Error(), "beyond float32's range") {
		t.Errorf("-init of the same: error %v", err)
	}

	neg := fuzzSaved(t, Encoder, tensor.Float32)
	neg.Params.Norm[0].MovingVar.Data().([]float32)[2] = -0.5
	b = npzBytes(t, neg)
	_, err = ReadNPZ(bytes.NewReader(b), int64(len(b)))
	if want := "array encoder_1/norm/moving_variance: value 2 is -0.5; a variance cannot be negative"; err == nil || err.Error() != want {
		t.Errorf("negative variance: error %v, want %q", err, want)
	}
}

func TestReadJSONErrorsSayWhereAndRefuseWhatDoesNotFit(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`[{"shape": [2], "values": [1, NaN]}]`, "decode JSON tensor list: invalid character 'N' looking for beginning of value (line 1, column 31)"},
		{"[\n {\"shape\": [2],\n  \"values\": [1, \"2\"]}\n]", "decode JSON tensor list: json: cannot unmarshal string into Go struct field Tensor.values of type float64 (line 3, column 19)"},
		{`[{"shape": [1], "values": [1]}] [2]`, "decode JSON tensor list: unexpected data after the list (line 1, column 33)"},
		{`[{"shape": [1], "values": [1]`, "decode JSON tensor list: unexpected EOF (the file ends inside the list: truncated?)"},
		{"", "decode JSON tensor list: EOF (the file is empty)"},
		{`[{"shape": [65536, 65536, 65536, 65536], "values": []}]`, "tensor 0: shape [65536 65536 65536 65536] holds more than 2147483647 values"},
	} {
		_, err := ReadJSON(strings.NewReader(c.in))
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}

	p := fuzzSaved(t, Model, tensor.Float32).Params
	var ts []Tensor
	for _, nt := range p.Tensors() {
		ts = append(ts, Tensor{Shape: []int(nt.Tensor.Shape().Clone()), Values: model.Float64s(nt.Tensor)})
	}
	ts[3].Values[0] = 1e39
	if err := setParams(model.ZeroParams(fuzzConfig), ts); err == nil || err.Error() != "tensor 3 (encoder_1/norm/beta): value 0 is 1e+39, beyond float32's range" {
		t.Errorf("float32 overflow: %v", err)
	}
	ts[3].Values[0] = 0
	ts[5].Values[1] = -2
	if err := setParams(model.ZeroParams(fuzzConfig), ts); err == nil || err.Error() != "tensor 5 (encoder_1/norm/moving_variance): value 1 is -2; a variance cannot be negative" {
		t.Errorf("negative variance: %v", err)
	}
}

// TestLoadNPZRefusesAFileWhoseArchitectureIsNotItsWeights: loading a model
// file for training (-init) refuses one whose arch/ arrays name another
// architecture than its weights' shapes, even though every weight fits.
func TestLoadNPZRefusesAFileWhoseArchitectureIsNotItsWeights(t *testing.T) {
	names, arrays := npzEntries(t, npzBytes(t, fuzzSaved(t, Model, tensor.Float32)))
	for entry, forged := range map[string][]byte{
		"arch/bottleneck.npy": npyInt64("()", 1),
		"arch/hidden.npy":     npyInt64("(1,)", 5),
	} {
		a := maps.Clone(arrays)
		a[entry] = forged
		b := storeZip(t, names, a)
		p := model.ZeroParams(fuzzConfig)
		err := loadNPZInto(bytes.NewReader(b), int64(len(b)), p)
		if err == nil || !strings.HasPrefix(err.Error(), "the file's architecture is ") || !strings.HasSuffix(err.Error(), ", the model's 3-4-[2]-4-3 float32") {
			t.Errorf("%s forged: error %v, want one naming both architectures", entry, err)
		}
	}
}

// TestCheckpointsRefuseANegativeFloat32OverflowAndKeepAZeroVariance: a
// float64 weight below −MaxFloat32 cannot go into a float32 model (it would
// become −Inf), and a moving variance of exactly 0 (a constant unit) is a
// variance like any other, in NPZ and JSON files alike.
func TestCheckpointsRefuseANegativeFloat32OverflowAndKeepAZeroVariance(t *testing.T) {
	s64 := fuzzSaved(t, Model, tensor.Float64)
	s64.Params.Dense[1].Bias.Data().([]float64)[0] = -1e300
	_, arrays := npzEntries(t, npzBytes(t, s64))
	names, a32 := npzEntries(t, npzBytes(t, fuzzSaved(t, Model, tensor.Float32)))
	a32["bottleneck/bias.npy"] = arrays["bottleneck/bias.npy"]
	b := storeZip(t, names, a32)
	if _, err := ReadNPZ(bytes.NewReader(b), int64(len(b))); err == nil || err.Error() != "array bottleneck/bias: value 0 is -1e+300, beyond float32's range" {
		t.Errorf("float32 underflow to -Inf: error %v", err)
	}
	if err := loadNPZInto(bytes.NewReader(b), int64(len(b)), model.ZeroParams(fuzzConfig)); err == nil || !strings.Contains(err.Error(), "value 0 is -1e+300, beyond float32's range") {
		t.Errorf("-init of the same: error %v", err)
	}

	zero := fuzzSaved(t, Model, tensor.Float32)
	zero.Params.Norm[0].MovingVar.Data().([]float32)[2] = 0
	b = npzBytes(t, zero)
	got, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("a zero variance: %v", err)
	}
	if v := got.Params.Norm[0].MovingVar.Data().([]float32); v[2] != 0 || v[1] != zero.Params.Norm[0].MovingVar.Data().([]float32)[1] {
		t.Errorf("moving variance read back as %v", v)
	}
	p := model.ZeroParams(fuzzConfig)
	if err := loadNPZInto(bytes.NewReader(b), int64(len(b)), p); err != nil {
		t.Errorf("-init of a zero variance: %v", err)
	} else if v := p.Norm[0].MovingVar.Data().([]float32)[2]; v != 0 {
		t.Errorf("-init: moving variance %v, want 0", v)
	}
	var ts []Tensor
	for _, nt := range zero.Params.Tensors() {
		ts = append(ts, Tensor{Shape: []int(nt.Tensor.Shape().Clone()), Values: model.Float64s(nt.Tensor)})
	}
	if err := setParams(model.ZeroParams(fuzzConfig), ts); err != nil {
		t.Errorf("JSON with a zero variance: %v", err)
	}
	ts[3].Values[0] = -1e39
	if err := setParams(model.ZeroParams(fuzzConfig), ts); err == nil || err.Error() != "tensor 3 (encoder_1/norm/beta): value 0 is -1e+39, beyond float32's range" {
		t.Errorf("JSON float32 underflow to -Inf: %v", err)
	}
}
