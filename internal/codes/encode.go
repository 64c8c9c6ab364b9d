package codes

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"

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
// p's dtype; the codes are returned as float64 (exact for float32). A code
// that is not finite (the arithmetic overflowed) is an error that names
// its row.
func Encode(p *model.Params, x dataset.Matrix) (dataset.Matrix, error) {
	return collect(p, nil, x)
}

// EncodeRaw scales raw rows, [rows, Config.Inputs], with the scaler fitted
// on the training rows, then encodes them (see Encode): [rows,
// Config.Bottleneck]. It is what the encode command does to a file. The
// rows are scaled a batch at a time, so raw is neither changed nor copied.
func EncodeRaw(p *model.Params, s *dataset.MinMaxScaler, raw dataset.Matrix) (dataset.Matrix, error) {
	if s == nil {
		return dataset.Matrix{}, fmt.Errorf("encode: no scaler")
	}
	if raw.Cols != p.Config.Inputs {
		return dataset.Matrix{}, fmt.Errorf("encode: the rows have %d columns, the encoder takes %d", raw.Cols, p.Config.Inputs)
	}
	return collect(p, s, raw)
}

// WriteCSV encodes x as Encode does (or, with a scaler s, raw rows as
// EncodeRaw does) and writes the codes to w as CSV, one row of codes per
// row of x, a batch at a time: the codes of a large file are never all in
// memory. The bytes are dataset.WriteMatrixCSV's of Encode's result.
func WriteCSV(w io.Writer, p *model.Params, s *dataset.MinMaxScaler, x dataset.Matrix) error {
	bw := bufio.NewWriter(w)
	err := batches(p, s, x, func(start int, codes dataset.Matrix) error {
		return dataset.WriteMatrixCSV(bw, codes)
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// collect encodes x into one matrix of codes.
func collect(p *model.Params, s *dataset.MinMaxScaler, x dataset.Matrix) (dataset.Matrix, error) {
	out := dataset.NewMatrix(x.Rows, p.Config.Bottleneck)
	err := batches(p, s, x, func(start int, codes dataset.Matrix) error {
		copy(out.Data[start*out.Cols:], codes.Data)
		return nil
	})
	if err != nil {
		return dataset.Matrix{}, err
	}
	return out, nil
}

// batches pushes the rows of x through the encoder Batch rows at a time,
// scaled by s first unless s is nil, and hands each batch's codes, [n,
// Config.Bottleneck], to yield with the index of its first row.
func batches(p *model.Params, s *dataset.MinMaxScaler, x dataset.Matrix, yield func(start int, codes dataset.Matrix) error) error {
	c := p.Config
	if x.Cols != c.Inputs || len(x.Data) != x.Rows*x.Cols {
		return fmt.Errorf("encode: %d×%d rows (%d values), the encoder takes %d columns", x.Rows, x.Cols, len(x.Data), c.Inputs)
	}
	if x.Rows == 0 {
		return fmt.Errorf("encode: no rows")
	}
	batch := min(x.Rows, Batch)
	net, err := model.NewEncoderNet(p, batch)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	defer net.Close()
	in := make([]float64, batch*c.Inputs)
	for start := 0; start < x.Rows; start += batch {
		n := min(batch, x.Rows-start)
		rows := x.RowRange(start, start+n)
		if s != nil {
			if rows, err = s.Transform(rows); err != nil {
				return fmt.Errorf("encode: %w", err)
			}
		}
		clear(in[copy(in, rows.Data):])
		if err := net.SetInput(in); err != nil {
			return fmt.Errorf("encode rows %d-%d: %w", start+1, start+n, err)
		}
		if err := net.Run(); err != nil {
			return fmt.Errorf("encode rows %d-%d: %w", start+1, start+n, err)
		}
		codes, err := net.CodeValues()
		if err != nil {
			return fmt.Errorf("encode rows %d-%d: %w", start+1, start+n, err)
		}
		if i := slices.IndexFunc(codes[:n*c.Bottleneck], func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }); i >= 0 {
			return fmt.Errorf("encode row %d: code %d is %v: the encoder's arithmetic overflows %v on it (are its weights a trained model's?)",
				start+i/c.Bottleneck+1, i%c.Bottleneck+1, codes[i], c.Dtype)
		}
		if err := yield(start, dataset.Matrix{Rows: n, Cols: c.Bottleneck, Data: codes[:n*c.Bottleneck]}); err != nil {
			return err
		}
	}
	return nil
}
