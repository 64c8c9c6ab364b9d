package checkpoint

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

type counter struct{ n float64 }

func (c *counter) Uniform(lo, hi float64) float64 { c.n++; return lo + (hi-lo)*float64(int(c.n)%97)/97 }

func smallParams(t *testing.T) *model.Params {
	t.Helper()
	p, err := model.NewParams(model.Config{Inputs: 4, Hidden: []int{6, 3}, Bottleneck: 2, Dtype: tensor.Float32}, &counter{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSaveJSONThenLoadJSONRestoresEveryWeight(t *testing.T) {
	p := smallParams(t)
	p.Norm[1].MovingVar.Data().([]float32)[2] = 0.125
	path := filepath.Join(t.TempDir(), "w.json")
	if err := SaveJSON(path, p); err != nil {
		t.Fatal(err)
	}
	q := model.ZeroParams(p.Config)
	if err := LoadJSON(path, q); err != nil {
		t.Fatal(err)
	}
	a, b := p.Tensors(), q.Tensors()
	for i := range a {
		x, y := model.Float64s(a[i].Tensor), model.Float64s(b[i].Tensor)
		for j := range x {
			if x[j] != y[j] {
				t.Fatalf("%s[%d]: saved %v, loaded %v", a[i].Name, j, x[j], y[j])
			}
		}
	}
}

func TestReadJSONAcceptsGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`[{"shape":[2],"values":[1.5,-2]}]`))
	zw.Close()
	ts, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].Values[0] != 1.5 || ts[0].Values[1] != -2 {
		t.Fatalf("got %+v", ts)
	}
}

func TestLoadJSONErrorsNameTheProblem(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	p := smallParams(t)
	var good bytes.Buffer
	path := filepath.Join(dir, "good.json")
	if err := SaveJSON(path, p); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	good.Write(raw)
	firstShape := `"shape":[4,6]`
	for _, c := range []struct {
		name, content, want string
	}{
		{"empty.json", "", "decode JSON tensor list: EOF"},
		{"truncated.json", good.String()[:good.Len()/2], "decode JSON tensor list: unexpected EOF"},
		{"object.json", `{"shape":[1]}`, "decode JSON tensor list: json: cannot unmarshal object"},
		{"none.json", `[]`, "the JSON tensor list is empty"},
		{"rows.csv", "0,1,0\n1,3,1\n", `neither an .npz archive nor a JSON list of tensors: it starts with "0,1,0"`},
		{"false.json", "false", `neither an .npz archive nor a JSON list of tensors: it starts with "false"`},
		{"count.json", `[{"shape":[2],"values":[1,2]}]`, "got 1 tensors, model 4-6-3-[2]-3-6-4 float32 has 28"},
		{"values.json", `[{"shape":[2,2],"values":[1,2,3]}]`, "tensor 0: shape [2 2] holds 4 values, file has 3"},
		{"badshape.json", `[{"shape":[0],"values":[]}]`, "tensor 0: bad shape [0]"},
		{"shape.json", strings.Replace(good.String(), firstShape, `"shape":[6,4]`, 1), "tensor 0 (encoder_1/kernel): shape [6 4], want [4 6]"},
		// More text than the model's 28 tensors could take: refused unread.
		{"huge.json", strings.Repeat(" ", 2<<20) + "[]", "bytes of JSON, more than the model's weights can take as text"},
		{"bom.json", "\ufeff" + `[{"shape":[2],"values":[1,2]}]`, "got 1 tensors"}, // read past the mark
	} {
		err := LoadJSON(write(c.name, c.content), model.ZeroParams(p.Config))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: error %v, want one naming the file and containing %q", c.name, err, c.want)
		}
	}
	if err := LoadJSON(filepath.Join(dir, "missing.json"), p); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: error %v", err)
	}
}

// TestLoadJSONOfAnotherModelNamesTheShapeFirst: a tensor list whose shapes
// differ from the model's is named by the shape that differs, even where
// the value checks, which follow each tensor's place in the model, would
// have blamed a value (here -1 where the model has a moving variance).
func TestLoadJSONOfAnotherModelNamesTheShapeFirst(t *testing.T) {
	p := smallParams(t)
	var ts []Tensor
	k := -1
	for i, nt := range p.Tensors() {
		ts = append(ts, Tensor{Shape: []int(nt.Tensor.Shape().Clone()), Values: model.Float64s(nt.Tensor)})
		if k < 0 && strings.HasSuffix(nt.Name, "/moving_variance") {
			k = i
		}
	}
	ts[k] = Tensor{Shape: []int{5}, Values: []float64{-1, -1, -1, -1, -1}}
	path := filepath.Join(t.TempDir(), "other.json")
	b, err := json.Marshal(ts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	err = LoadJSON(path, model.ZeroParams(p.Config))
	want := fmt.Sprintf("tensor %d (%s): shape [5], want [6]", k, p.Tensors()[k].Name)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one containing %q", err, want)
	}
}
