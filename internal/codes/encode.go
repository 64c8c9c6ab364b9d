package codes

import (
	"fmt"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/model"
)

// Batch is the number of rows Encode pushes through the encoder at once.
// Row i of any matrix always sits at position i mod Batch of its batch (a
// short last batch is padded with zeros), so the codes of a file do not
// depend on how many rows come after it.
const Batch = 256

// Encode compresses the model's inputs x, [rows, Config.Inputs] (already
// scaled), into bottleneck codes, [rows, Config.Bottleneck]: the encoder
// layers of p (input to bottleneck) in inference mode, with BatchNorm using
// its moving statistics, as Keras's encoder.predict. The arithmetic is in
// p's dtype; the codes are returned as float64 (exact for float32).
func Encode(p *model.Params, x dataset.Matrix) (dataset.Matrix, error) {
	c := p.Config
	if x.Cols != c.Inputs || len(x.Data) != x.Rows*x.Cols {
		return dataset.Matrix{}, fmt.Errorf("encode: %d×%d rows (%d values), the encoder takes %d columns", x.Rows, x.Cols, len(x.Data), c.Inputs)
	}
	if x.Rows == 0 {
		return dataset.Matrix{}, fmt.Errorf("encode: no rows")
	}
	batch := min(x.Rows, Batch)
	net, err := model.NewEncoderNet(p, batch)
	if err != nil {
		return dataset.Matrix{}, fmt.Errorf("encode: %w", err)
	}
	defer net.Close()
	out := dataset.NewMatrix(x.Rows, c.Bottleneck)
	in := make([]float64, batch*c.Inputs)
	for start := 0; start < x.Rows; start += batch {
		n := min(batch, x.Rows-start)
		clear(in[copy(in, x.Data[start*c.Inputs:(start+n)*c.Inputs]):])
		if err := net.SetInput(in); err != nil {
			return dataset.Matrix{}, fmt.Errorf("encode rows %d-%d: %w", start+1, start+n, err)
		}
		if err := net.Run(); err != nil {
			return dataset.Matrix{}, fmt.Errorf("encode rows %d-%d: %w", start+1, start+n, err)
		}
		codes, err := net.CodeValues()
		if err != nil {
			return dataset.Matrix{}, fmt.Errorf("encode rows %d-%d: %w", start+1, start+n, err)
		}
		copy(out.Data[start*c.Bottleneck:], codes[:n*c.Bottleneck])
	}
	return out, nil
}

// EncodeRaw scales raw rows, [rows, Config.Inputs], with the scaler fitted
// on the training rows, then encodes them (see Encode): [rows,
// Config.Bottleneck]. It is what the encode command does to a CSV file.
func EncodeRaw(p *model.Params, s *dataset.MinMaxScaler, raw dataset.Matrix) (dataset.Matrix, error) {
	if s == nil {
		return dataset.Matrix{}, fmt.Errorf("encode: no scaler")
	}
	if raw.Cols != p.Config.Inputs {
		return dataset.Matrix{}, fmt.Errorf("encode: the rows have %d columns, the encoder takes %d", raw.Cols, p.Config.Inputs)
	}
	x, err := s.Transform(raw)
	if err != nil {
		return dataset.Matrix{}, fmt.Errorf("encode: %w", err)
	}
	return Encode(p, x)
}
