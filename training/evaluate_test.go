package training

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/model"
)

// TestEvaluateInChunksIsTheLossOfAllRows evaluates 23 rows in chunks of 5
// (four full chunks and one of 3) and in one graph of 23 rows: in float64
// the two agree to rounding, and a set no larger than a chunk gives the
// one graph's loss exactly.
func TestEvaluateInChunksIsTheLossOfAllRows(t *testing.T) {
	c := model.Config{Inputs: 6, Hidden: []int{8, 4}, Bottleneck: 3, Dtype: tensor.Float64}
	r := uniform{rand.New(rand.NewPCG(5, 6))}
	p, err := model.NewParams(c, r)
	if err != nil {
		t.Fatal(err)
	}
	data := make([]float64, 23*c.Inputs)
	for i := range data {
		data[i] = r.Uniform(0, 1)
	}
	whole := NewTrainer(p)
	defer whole.Close()
	want, err := whole.Evaluate(data)
	if err != nil {
		t.Fatal(err)
	}
	chunked := NewTrainer(p)
	defer chunked.Close()
	chunked.evalChunk = 5
	got, err := chunked.Evaluate(data)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-14*want || got == 0 {
		t.Errorf("chunks of 5: %v, one graph: %v", got, want)
	}
	if len(chunked.evals) > 2 {
		t.Errorf("%d inference graphs kept, want at most 2", len(chunked.evals))
	}
	small, err := chunked.Evaluate(data[:5*c.Inputs])
	if err != nil {
		t.Fatal(err)
	}
	one, err := whole.Evaluate(data[:5*c.Inputs])
	if err != nil {
		t.Fatal(err)
	}
	if small != one {
		t.Errorf("a set of one chunk: %v, one graph: %v", small, one)
	}
}
