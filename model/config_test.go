package model

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// halfInt is 2^32 where an int has 64 bits (2^16 where it has 32): the
// product of two is 0 in int arithmetic.
const halfInt = 1 << (strconv.IntSize / 2)

// TestValidateRefusesModelsTooLargeToCount: widths whose products would
// overflow an int (or merely exceed MaxWeights) are refused, so that
// Summary, ZeroParams and the nets never count with wrapped ints.
func TestValidateRefusesModelsTooLargeToCount(t *testing.T) {
	for _, c := range []Config{
		{Inputs: halfInt - 1, Hidden: []int{halfInt}, Bottleneck: 1, Dtype: tensor.Float32},
		{Inputs: halfInt, Hidden: []int{halfInt}, Bottleneck: 1, Dtype: tensor.Float32}, // wraps to 0
		{Inputs: math.MaxInt, Hidden: []int{math.MaxInt}, Bottleneck: math.MaxInt, Dtype: tensor.Float64},
		{Inputs: 1 << 21, Hidden: []int{1 << 20}, Bottleneck: 1, Dtype: tensor.Float32}, // 2^41 weights
	} {
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "weights, more than") {
			t.Errorf("%v: Validate() = %v, want the model refused as too large", c.Widths(), err)
		}
		if _, err := Summary(c); err == nil {
			t.Errorf("%v: summarised", c.Widths())
		}
	}
	if strconv.IntSize < 64 {
		return // MaxWeights is below 2^30
	}
	if err := (Config{Inputs: 1 << 20, Hidden: []int{1 << 9}, Bottleneck: 1, Dtype: tensor.Float32}).Validate(); err != nil {
		t.Errorf("a model of 2^30 weights: %v", err)
	}
}

// TestParseHiddenRefusesWhatItCannotMultiply: a "kn" width whose product
// would overflow, or an n that is not positive, is an error, never a
// wrapped width.
func TestParseHiddenRefusesWhatItCannotMultiply(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"9223372036854775807n", 100, "more than a model can have weights"},
		{"4611686018427387904n", 100, "more than a model can have weights"},
		{"99999999999999999999", 1, "more than a model can have weights"},
		{"999999999999n", 100000000, "more than a model can have weights"},
		{"2n,n", 0, "n, the number of inputs, is 0"},
		{"n", -1, "n, the number of inputs, is -1"},
	} {
		w, err := ParseHidden(c.s, c.n)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseHidden(%q, %d) = %v, %v; want an error containing %q", c.s, c.n, w, err, c.want)
		}
	}
	if w, err := ParseHidden("2n,n", 100); err != nil || len(w) != 2 || w[0] != 200 || w[1] != 100 {
		t.Errorf("ParseHidden(2n,n, 100) = %v, %v", w, err)
	}
}

// TestConfigWithoutDtypeSaysSo: a Config with no dtype prints and fails
// validation with words, not a panic.
func TestConfigWithoutDtypeSaysSo(t *testing.T) {
	c := Config{Inputs: 4, Hidden: []int{2}, Bottleneck: 1}
	if got := c.String(); got != "4-2-[1]-2-4 no dtype" {
		t.Errorf("String() = %q", got)
	}
	if err := c.Validate(); err == nil || err.Error() != "dtype must be float32 or float64, got no dtype" {
		t.Errorf("Validate() = %v", err)
	}
	_ = Config{}.String()
}

// TestNetsRefuseSizesThatOverflow: a batch whose activations could not be
// counted in an int is refused before anything is allocated, and so is a
// row index whose offset would overflow.
func TestNetsRefuseSizesThatOverflow(t *testing.T) {
	p, err := NewParams(Config{Inputs: 4, Hidden: []int{8}, Bottleneck: 2, Dtype: tensor.Float32}, newUniform(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []int{math.MaxInt/2 + 1, MaxWeights} {
		if n, err := NewTrainingNet(p, b); err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("batch %d: net %v, error %v", b, n != nil, err)
		}
	}
	n, err := NewTrainingNet(p, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	src := make([]float64, 8)
	for _, rows := range [][]int{{math.MaxInt, 0}, {math.MaxInt / 4, 0}, {math.MaxInt/2 + 1, 0}, {2, 0}} {
		if err := n.SetInputRows(src, rows); err == nil {
			t.Errorf("rows %v of a 2-row source accepted", rows)
		}
	}
	if err := n.SetInputRows(src, []int{1, 0}); err != nil {
		t.Error(err)
	}
}

// TestNetsCheckTheirParams: Params that do not hold what their Config says
// (missing layers, a nil tensor, another dtype, another shape) are an error
// naming the first bad tensor in model order when a net is built from them,
// in both graphs, not a panic.
func TestNetsCheckTheirParams(t *testing.T) {
	c := Config{Inputs: 4, Hidden: []int{8}, Bottleneck: 2, Dtype: tensor.Float32}
	for _, tc := range []struct {
		name  string
		spoil func(p *Params)
		want  string
	}{
		{"no tensors", func(p *Params) { p.Dense, p.Norm = nil, nil }, "weights of 0 Dense and 0 BatchNorm layers for the model 4-8-[2]-8-4 float32, which has 4 and 2"},
		{"a norm short", func(p *Params) { p.Norm = p.Norm[:1] }, "weights of 4 Dense and 1 BatchNorm layers for the model 4-8-[2]-8-4 float32, which has 4 and 2"},
		{"a nil kernel", func(p *Params) { p.Dense[1].Kernel = nil }, "bottleneck/kernel: no tensor"},
		{"another dtype", func(p *Params) { p.Dense[0].Bias = tensor.New(tensor.WithShape(8), tensor.Of(tensor.Float64)) }, "encoder_1/bias: float64, the model is float32"},
		{"another shape", func(p *Params) { p.Norm[0].Gamma = tensor.New(tensor.WithShape(7), tensor.Of(tensor.Float32)) }, "encoder_1/norm/gamma: shape (7), want (8)"},
		{"two bad, the first named", func(p *Params) {
			p.Norm[1].MovingVar = nil
			p.Norm[0].MovingMean = tensor.New(tensor.WithShape(7), tensor.Of(tensor.Float32))
		}, "encoder_1/norm/moving_mean: shape (7), want (8)"},
	} {
		p, err := NewParams(c, newUniform(1))
		if err != nil {
			t.Fatal(err)
		}
		tc.spoil(p)
		if err := p.Check(); err == nil || err.Error() != tc.want {
			t.Errorf("%s: Check gave %v, want %q", tc.name, err, tc.want)
		}
		for _, kind := range []Graph{Fused, Stock} {
			if n, err := NewTrainingNetOf(kind, p, 2); err == nil {
				n.Close()
				t.Errorf("%s: a %s net was built", tc.name, kind)
			} else if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: building a %s net: %v, want %q", tc.name, kind, err, tc.want)
			}
		}
	}
}
