package checkpoint

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/model"
)

// Tensor is one weight as stored in a JSON checkpoint: its shape and its
// values in row-major order.
type Tensor struct {
	Shape  []int     `json:"shape"`
	Values []float64 `json:"values"`
}

// ReadJSON decodes a JSON list of tensors, gzip-compressed or not: the
// layout of Keras's model.get_weights() used by the reference trajectory.
func ReadJSON(r io.Reader) ([]Tensor, error) { return readJSON(r, -1) }

// jsonBytesPerValue bounds the JSON text of one weight: 25 characters for
// the longest float64 ("-2.2250738585072014e-308,") and room for
// indentation.
const jsonBytesPerValue = 64

// readJSON is ReadJSON reading at most limit bytes of JSON text (after
// gzip; no limit when negative): a file with more is refused before it is
// decoded, whatever its compressed size.
func readJSON(r io.Reader, limit int64) ([]Tensor, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}
	if limit >= 0 {
		r = io.LimitReader(r, limit+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read JSON tensor list: %w", err)
	}
	if limit >= 0 && int64(len(data)) > limit {
		return nil, fmt.Errorf("more than %d bytes of JSON, more than the model's weights can take as text: not this model's weights", limit)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte-order mark
	if body := bytes.TrimLeft(data, " \t\r\n"); len(body) > 0 && body[0] != '[' && body[0] != '{' {
		return nil, fmt.Errorf("neither an .npz archive nor a JSON list of tensors: it starts with %q", firstLine(body))
	}
	var ts []Tensor
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&ts); err != nil {
		return nil, fmt.Errorf("decode JSON tensor list: %w%s", err, jsonPosition(data, err))
	}
	if off := dec.InputOffset(); len(bytes.TrimSpace(data[off:])) > 0 {
		rest := bytes.TrimLeft(data[off:], " \t\r\n")
		return nil, fmt.Errorf("decode JSON tensor list: unexpected data after the list%s", lineColumn(data, len(data)-len(rest)+1))
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("the JSON tensor list is empty")
	}
	for i, t := range ts {
		n := 1
		for _, d := range t.Shape {
			if d <= 0 {
				return nil, fmt.Errorf("tensor %d: bad shape %v", i, t.Shape)
			}
			if n > math.MaxInt32/d {
				return nil, fmt.Errorf("tensor %d: shape %v holds more than %d values", i, t.Shape, math.MaxInt32)
			}
			n *= d
		}
		if len(t.Shape) == 0 || n != len(t.Values) {
			return nil, fmt.Errorf("tensor %d: shape %v holds %d values, file has %d", i, t.Shape, n, len(t.Values))
		}
		for j, v := range t.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("tensor %d: value %d is %v", i, j, v)
			}
		}
	}
	return ts, nil
}

// jsonPosition says where in data a decoding error occurred: " (line L,
// column C)" for syntax and type errors, a hint for a file that ends early,
// and "" otherwise.
func jsonPosition(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return lineColumn(data, int(se.Offset))
	case errors.As(err, &te):
		return lineColumn(data, int(te.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return " (the file ends inside the list: truncated?)"
	case errors.Is(err, io.EOF):
		return " (the file is empty)"
	}
	return ""
}

// lineColumn writes the 1-based line and column (in bytes) of offset in
// data as " (line L, column C)".
func lineColumn(data []byte, offset int) string {
	offset = min(max(offset, 0), len(data))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := offset - (bytes.LastIndexByte(before, '\n') + 1)
	if col == 0 {
		col = 1
	}
	return fmt.Sprintf(" (line %d, column %d)", line, col)
}

// LoadJSON reads the JSON checkpoint at path into p, whose architecture must
// match it tensor for tensor.
func LoadJSON(path string, p *model.Params) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	defer f.Close()
	_, all := p.Config.CountWeights()
	ts, err := readJSON(f, int64(all)*jsonBytesPerValue+1<<20)
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	if err := setParams(p, ts); err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	return nil
}

// setParams checks ts against p's architecture, tensor count and shapes
// first (a file of another model is named as such), then the values, and
// copies them into p.
func setParams(p *model.Params, ts []Tensor) error {
	names := p.Tensors()
	shapes := make([][]int, len(ts))
	values := make([][]float64, len(ts))
	for i, t := range ts {
		shapes[i], values[i] = t.Shape, t.Values
	}
	same := len(ts) == len(names)
	for i := 0; same && i < len(ts); i++ {
		same = slices.Equal(shapes[i], []int(names[i].Tensor.Shape()))
	}
	if !same {
		return p.SetFrom(shapes, values) // which says what differs
	}
	for i, t := range ts {
		name := names[i].Name
		if strings.HasSuffix(name, "/moving_variance") {
			if err := checkVariance(t.Values); err != nil {
				return fmt.Errorf("tensor %d (%s): %w", i, name, err)
			}
		}
		if p.Config.Dtype == tensor.Float32 {
			for j, v := range t.Values {
				if math.Abs(v) > math.MaxFloat32 {
					return fmt.Errorf("tensor %d (%s): value %d is %v, beyond float32's range", i, name, j, v)
				}
			}
		}
	}
	return p.SetFrom(shapes, values)
}

// SaveJSON writes p's weights to path as a JSON list of tensors in Keras
// model order, atomically.
func SaveJSON(path string, p *model.Params) error {
	var ts []Tensor
	for _, nt := range p.Tensors() {
		ts = append(ts, Tensor{Shape: []int(nt.Tensor.Shape().Clone()), Values: model.Float64s(nt.Tensor)})
	}
	return atomicfile.WriteFile(path, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(ts)
	})
}

// firstLine is the start of b's first line, at most 40 bytes of it.
func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	b = bytes.TrimRight(b, "\r")
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}
