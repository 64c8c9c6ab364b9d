package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gorgonia.org/tensor"
)

// Keras defaults that the model reproduces.
const (
	// LeakySlope is the slope of keras.layers.LeakyReLU for negative inputs.
	LeakySlope = 0.3
	// NormEpsilon is keras.layers.BatchNormalization's epsilon, added to the
	// variance inside the square root.
	NormEpsilon = 1e-3
	// NormMomentum is keras.layers.BatchNormalization's momentum: the weight
	// of the old moving statistic in each update.
	NormMomentum = 0.99
)

// Config describes an autoencoder: Inputs features, an encoder level for each
// width in Hidden, a Bottleneck code, the mirrored decoder and an output layer
// of Inputs units. Dtype is tensor.Float32 (as Keras) or tensor.Float64.
type Config struct {
	Inputs     int
	Hidden     []int
	Bottleneck int
	Dtype      tensor.Dtype
}

// NotebookConfig returns the notebook's model for n inputs: hidden widths
// 2n and n, a bottleneck of n, float32.
func NotebookConfig(n int) Config {
	return Config{Inputs: n, Hidden: []int{2 * n, n}, Bottleneck: n, Dtype: tensor.Float32}
}

// Equal reports whether c and d describe the same model.
func (c Config) Equal(d Config) bool {
	return c.Inputs == d.Inputs && c.Bottleneck == d.Bottleneck && c.Dtype == d.Dtype && slices.Equal(c.Hidden, d.Hidden)
}

// Validate reports the first problem with c, naming the field.
func (c Config) Validate() error {
	if c.Inputs <= 0 {
		return fmt.Errorf("inputs must be positive, got %d", c.Inputs)
	}
	if len(c.Hidden) == 0 {
		return fmt.Errorf("hidden needs at least one width")
	}
	for i, h := range c.Hidden {
		if h <= 0 {
			return fmt.Errorf("hidden width %d must be positive, got %d", i+1, h)
		}
	}
	if c.Bottleneck <= 0 {
		return fmt.Errorf("bottleneck must be positive, got %d", c.Bottleneck)
	}
	if c.Dtype != tensor.Float32 && c.Dtype != tensor.Float64 {
		return fmt.Errorf("dtype must be float32 or float64, got %s", dtypeName(c.Dtype))
	}
	// Counted in float64, which cannot overflow: every int count of a
	// model that passes stays exact.
	if _, n := c.CountWeights(); n > MaxWeights {
		return fmt.Errorf("the model %s would have about %.3g weights, more than %.3g", c, n, float64(MaxWeights))
	}
	return nil
}

// MaxWeights bounds the weights of a model that Validate accepts (2^40,
// 4 TiB in float32, more than any machine's memory; where an int has 32
// bits, the largest int over 8), so that no count of weights, values or
// their bytes overflows an int.
const MaxWeights = min(1<<40, math.MaxInt/8)

// dtypeName names a dtype, or says that there is none.
func dtypeName(d tensor.Dtype) string {
	if d.Type == nil {
		return "no dtype"
	}
	return d.String()
}

// ParseHidden parses a comma-separated list of positive widths such as
// "200,100,50". The string "2n,n" style is accepted too: a term "kn" means k
// times n (n is the number of inputs), so "2n,n" is the notebook's default.
func ParseHidden(s string, n int) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("empty list of widths")
	}
	parts := strings.Split(s, ",")
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		p = strings.TrimSpace(p)
		mult := 1
		if strings.HasSuffix(p, "n") {
			k := strings.TrimSuffix(p, "n")
			mult = n
			if k == "" {
				p = "1"
			} else {
				p = k
			}
		}
		v, err := strconv.Atoi(p)
		if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(p, "-") {
			return nil, fmt.Errorf("width %q is more than a model can have weights (%.3g)", strings.TrimSpace(parts[len(out)]), float64(MaxWeights))
		}
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("width %q is not a positive integer or a positive integer times n (such as 2n)", strings.TrimSpace(parts[len(out)]))
		}
		if mult <= 0 {
			return nil, fmt.Errorf("width %q: n, the number of inputs, is %d", strings.TrimSpace(parts[len(out)]), n)
		}
		if v > MaxWeights/mult {
			return nil, fmt.Errorf("width %q is %.3g units, more than a model can have weights (%.3g)", strings.TrimSpace(parts[len(out)]), float64(v)*float64(mult), float64(MaxWeights))
		}
		out = append(out, v*mult)
	}
	return out, nil
}

// ParseDtype maps "float32" and "float64" to tensor dtypes.
func ParseDtype(s string) (tensor.Dtype, error) {
	switch s {
	case "float32":
		return tensor.Float32, nil
	case "float64":
		return tensor.Float64, nil
	}
	return tensor.Dtype{}, fmt.Errorf("unknown dtype %q (want float32 or float64)", s)
}

// Widths returns the width of every layer from input to output: Inputs, the
// hidden widths, Bottleneck, the hidden widths reversed, Inputs.
func (c Config) Widths() []int {
	w := []int{c.Inputs}
	w = append(w, c.Hidden...)
	w = append(w, c.Bottleneck)
	for i := len(c.Hidden) - 1; i >= 0; i-- {
		w = append(w, c.Hidden[i])
	}
	return append(w, c.Inputs)
}

// Layer is one Dense layer of the model, optionally followed by
// BatchNormalization and LeakyReLU.
type Layer struct {
	Name    string // "encoder_1", ..., "bottleneck", "decoder_1", ..., "output"
	In, Out int
	Norm    bool // followed by BatchNormalization and LeakyReLU
}

// Layers lists the Dense layers in model order.
func (c Config) Layers() []Layer {
	w := c.Widths()
	L := len(c.Hidden)
	layers := make([]Layer, 0, len(w)-1)
	for i := 0; i+1 < len(w); i++ {
		l := Layer{In: w[i], Out: w[i+1]}
		switch {
		case i < L:
			l.Name, l.Norm = fmt.Sprintf("encoder_%d", i+1), true
		case i == L:
			l.Name = "bottleneck"
		case i < 2*L+1:
			l.Name, l.Norm = fmt.Sprintf("decoder_%d", i-L), true
		default:
			l.Name = "output"
		}
		layers = append(layers, l)
	}
	return layers
}

// EncoderLayers is the number of leading Layers that form the encoder (input
// to bottleneck).
func (c Config) EncoderLayers() int { return len(c.Hidden) + 1 }

// String describes c as "100-200-100-[100]-100-200-100 float32".
func (c Config) String() string {
	w := c.Widths()
	parts := make([]string, len(w))
	for i, v := range w {
		parts[i] = strconv.Itoa(v)
		if i == len(c.Hidden)+1 {
			parts[i] = "[" + parts[i] + "]"
		}
	}
	return strings.Join(parts, "-") + " " + dtypeName(c.Dtype)
}
