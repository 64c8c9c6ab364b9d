package checkpoint

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"math"
	"math/bits"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/model"
)

// The fuzz targets below feed the weight-file readers arbitrary bytes. None
// may panic or allocate far more than the input could describe, every error
// must be one line, and whatever they accept must be what a writer could
// have written: finite weights of the declared shapes, which write and read
// back to the same values.

// fuzzConfig is the model of the seed files: small, so that the fuzzer's
// mutations land in every array.
var fuzzConfig = model.Config{Inputs: 3, Hidden: []int{4}, Bottleneck: 2, Dtype: tensor.Float32}

// fuzzSaved returns a checkpoint of fuzzConfig (in dtype) with distinct,
// non-round weights and a scaler.
func fuzzSaved(tb testing.TB, part Part, dtype tensor.Dtype) Saved {
	tb.Helper()
	c := fuzzConfig
	c.Dtype = dtype
	p, err := model.NewParams(c, &counter{})
	if err != nil {
		tb.Fatal(err)
	}
	raw := dataset.Matrix{Rows: 2, Cols: 3, Data: []float64{0.5, -1, 2, 1.5, 3, 2.25}}
	s, err := dataset.FitMinMaxScaler(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return Saved{Part: part, Params: p, Scaler: s}
}

func npzBytes(tb testing.TB, s Saved) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteNPZ(&buf, s); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// checkAccepted checks a checkpoint that ReadNPZ accepted: a valid
// architecture, finite weights and scaler, and a round trip through
// WriteNPZ and ReadNPZ that keeps every value the file held.
func checkAccepted(t *testing.T, s *Saved) {
	t.Helper()
	if err := s.check(); err != nil {
		t.Fatalf("accepted an inconsistent checkpoint: %v", err)
	}
	checkWeights(t, s.tensors())
	var buf bytes.Buffer
	if err := WriteNPZ(&buf, *s); err != nil {
		t.Fatalf("cannot write back what was read: %v", err)
	}
	again, err := ReadNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("cannot read back what was written: %v", err)
	}
	if again.Part != s.Part || again.Params.Config.String() != s.Params.Config.String() {
		t.Fatalf("round trip: %s %v, then %s %v", s.Part, s.Params.Config, again.Part, again.Params.Config)
	}
	a, b := s.tensors(), again.tensors()
	for i := range a {
		x, y := model.Float64s(a[i].Tensor), model.Float64s(b[i].Tensor)
		for j := range x {
			if math.Float64bits(x[j]) != math.Float64bits(y[j]) {
				t.Fatalf("round trip: %s[%d] %v, then %v", a[i].Name, j, x[j], y[j])
			}
		}
	}
	for i, v := range s.Scaler.Scale {
		if again.Scaler.Scale[i] != v || again.Scaler.Min[i] != s.Scaler.Min[i] {
			t.Fatalf("round trip: scaler value %d changed", i)
		}
	}
}

// checkWeights fails on a loaded weight that is not finite in the model's
// dtype, or a negative BatchNorm variance.
func checkWeights(t *testing.T, ts []model.NamedTensor) {
	t.Helper()
	for _, nt := range ts {
		for j, v := range model.Float64s(nt.Tensor) {
			if math.IsNaN(v) || math.IsInf(v, 0) || strings.HasSuffix(nt.Name, "/moving_variance") && v < 0 {
				t.Fatalf("loaded %s[%d] = %v", nt.Name, j, v)
			}
		}
	}
}

// checkOneLine fails on an error message of more than one line.
func checkOneLine(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.ContainsAny(err.Error(), "\n\r") {
		t.Fatalf("error of several lines: %q", err)
	}
}

// FuzzReadNPZ reads arbitrary bytes as an .npz checkpoint, as `encode
// -encoder` and `classify -encoder` do, and as a model.npz for -init.
func FuzzReadNPZ(f *testing.F) {
	for _, s := range []Saved{fuzzSaved(f, Model, tensor.Float32), fuzzSaved(f, Encoder, tensor.Float64)} {
		b := npzBytes(f, s)
		f.Add(b)
		f.Add(b[:len(b)/2])
		// Uncompressed, as numpy.savez writes it: easier for the fuzzer to
		// mutate into something that gets past zip.
		names, arrays := npzEntries(f, b)
		f.Add(storeZip(f, names, arrays))
	}
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
		checkOneLine(t, err)
		if err == nil {
			checkAccepted(t, s)
		}
		p := model.ZeroParams(fuzzConfig)
		err = loadNPZInto(bytes.NewReader(b), int64(len(b)), p)
		checkOneLine(t, err)
		if err == nil {
			checkWeights(t, p.Tensors())
		}
	})
}

// FuzzReadNPZArray replaces one array of a valid checkpoint with arbitrary
// bytes inside a well-formed zip archive, so that the mutations get past
// zip's checksums and reach the .npy parser and npyio's decoder.
func FuzzReadNPZArray(f *testing.F) {
	good := map[tensor.Dtype][]byte{}
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		good[dt] = npzBytes(f, fuzzSaved(f, Model, dt))
	}
	names, arrays := npzEntries(f, good[tensor.Float32])
	for i, n := range names {
		f.Add(uint8(i), false, arrays[n])
	}
	f.Add(uint8(3), true, []byte("\x93NUMPY\x01\x00\x76\x00{'descr': '<i8', 'fortran_order': False, 'shape': (), }"))
	f.Fuzz(func(t *testing.T, which uint8, f64 bool, array []byte) {
		dt := tensor.Float32
		if f64 {
			dt = tensor.Float64
		}
		names, arrays := npzEntries(t, good[dt])
		arrays[names[int(which)%len(names)]] = array
		b := storeZip(t, names, arrays)
		s, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
		checkOneLine(t, err)
		if err == nil {
			checkAccepted(t, s)
		}
		p := model.ZeroParams(fuzzConfig)
		err = loadNPZInto(bytes.NewReader(b), int64(len(b)), p)
		checkOneLine(t, err)
		if err == nil {
			checkWeights(t, p.Tensors())
		}
	})
}

// FuzzReadJSON reads arbitrary bytes as a JSON (or gzip-compressed JSON)
// list of tensors, as -init does, and loads what it accepts into a model.
func FuzzReadJSON(f *testing.F) {
	p := fuzzSaved(f, Model, tensor.Float32).Params
	var ts []Tensor
	for _, nt := range p.Tensors() {
		ts = append(ts, Tensor{Shape: []int(nt.Tensor.Shape().Clone()), Values: model.Float64s(nt.Tensor)})
	}
	good, err := json.Marshal(ts)
	if err != nil {
		f.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(good)
	zw.Close()
	f.Add(good)
	f.Add(gz.Bytes())
	f.Add([]byte(`[{"shape":[2,2],"values":[1,2,3,4]}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ts, err := ReadJSON(bytes.NewReader(b))
		checkOneLine(t, err)
		if err != nil {
			return
		}
		if len(ts) == 0 {
			t.Fatal("accepted an empty list")
		}
		for i, tn := range ts {
			n := uint64(1)
			for _, d := range tn.Shape {
				hi, lo := bits.Mul64(n, uint64(d))
				if d <= 0 || hi != 0 {
					t.Fatalf("tensor %d: accepted shape %v", i, tn.Shape)
				}
				n = lo
			}
			if len(tn.Shape) == 0 || n != uint64(len(tn.Values)) {
				t.Fatalf("tensor %d: accepted shape %v with %d values", i, tn.Shape, len(tn.Values))
			}
			for _, v := range tn.Values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("tensor %d: accepted %v", i, v)
				}
			}
		}
		q := model.ZeroParams(fuzzConfig)
		err = setParams(q, ts)
		checkOneLine(t, err)
		if err == nil {
			checkWeights(t, q.Tensors())
		}
	})
}

// npzEntries returns the entries of a zip archive by name, in order.
func npzEntries(tb testing.TB, b []byte) (names []string, data map[string][]byte) {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	data = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		d, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		names = append(names, f.Name)
		data[f.Name] = d
	}
	return names, data
}

// storeZip builds an uncompressed zip archive of the named entries.
func storeZip(tb testing.TB, names []string, data map[string][]byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(data[n])
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
