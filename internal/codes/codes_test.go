package codes_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/internal/codes"
	"github.com/gorgonia-ae/autoencoder/model"
)

// encoderParams returns seeded weights for c whose BatchNorm layers have
// non-trivial gamma, beta and moving statistics, so that inference mode is
// visible in the codes.
func encoderParams(t *testing.T, c model.Config) *model.Params {
	t.Helper()
	p, err := model.NewParams(c, rng.New(3))
	if err != nil {
		t.Fatal(err)
	}
	r := rng.New(4)
	for _, n := range p.Norm {
		for _, tv := range []struct {
			t      *tensor.Dense
			lo, hi float64
		}{{n.Gamma, 0.5, 1.5}, {n.Beta, -0.2, 0.2}, {n.MovingMean, -0.5, 0.5}, {n.MovingVar, 0.1, 2}} {
			for i := 0; i < tv.t.Shape().TotalSize(); i++ {
				v := r.Uniform(tv.lo, tv.hi)
				switch d := tv.t.Data().(type) {
				case []float32:
					d[i] = float32(v)
				case []float64:
					d[i] = v
				}
			}
		}
	}
	return p
}

// uniformMatrix returns a rows×cols matrix of U(lo, hi) values.
func uniformMatrix(seed uint32, rows, cols int, lo, hi float64) dataset.Matrix {
	r := rng.New(seed)
	m := dataset.NewMatrix(rows, cols)
	for i := range m.Data {
		m.Data[i] = r.Uniform(lo, hi)
	}
	return m
}

// referenceCodes runs the encoder by hand in float64: for each encoder
// layer h·kernel + bias, then, for normalised layers, Keras's inference-mode
// BatchNormalization gamma·(h - moving_mean)/sqrt(moving_variance + 1e-3) +
// beta and LeakyReLU(0.3).
func referenceCodes(p *model.Params, x dataset.Matrix) dataset.Matrix {
	h := x
	ni := 0
	for li, l := range p.Config.Layers()[:p.Config.EncoderLayers()] {
		k, b := model.Float64s(p.Dense[li].Kernel), model.Float64s(p.Dense[li].Bias)
		next := dataset.NewMatrix(h.Rows, l.Out)
		for i := 0; i < h.Rows; i++ {
			for j := 0; j < l.Out; j++ {
				s := b[j]
				for q := 0; q < l.In; q++ {
					s += h.At(i, q) * k[q*l.Out+j]
				}
				next.Data[i*l.Out+j] = s
			}
		}
		if l.Norm {
			n := p.Norm[ni]
			ni++
			g, be := model.Float64s(n.Gamma), model.Float64s(n.Beta)
			mu, va := model.Float64s(n.MovingMean), model.Float64s(n.MovingVar)
			for i := range next.Data {
				j := i % l.Out
				v := g[j]*(next.Data[i]-mu[j])/math.Sqrt(va[j]+model.NormEpsilon) + be[j]
				if v < 0 {
					v *= model.LeakySlope
				}
				next.Data[i] = v
			}
		}
		h = next
	}
	return h
}

func TestEncodeIsTheEncoderInInferenceMode(t *testing.T) {
	for _, c := range []struct {
		dtype tensor.Dtype
		tol   float64
	}{{tensor.Float64, 1e-12}, {tensor.Float32, 2e-5}} {
		cfg := model.Config{Inputs: 6, Hidden: []int{8, 5}, Bottleneck: 3, Dtype: c.dtype}
		p := encoderParams(t, cfg)
		x := uniformMatrix(5, 40, 6, 0, 1)
		got, err := codes.Encode(p, x)
		if err != nil {
			t.Fatal(err)
		}
		want := referenceCodes(p, x)
		if got.Rows != 40 || got.Cols != 3 {
			t.Fatalf("%v: codes %dx%d, want 40x3", c.dtype, got.Rows, got.Cols)
		}
		worst := 0.0
		for i := range want.Data {
			worst = math.Max(worst, math.Abs(got.Data[i]-want.Data[i])/math.Max(1, math.Abs(want.Data[i])))
		}
		if worst > c.tol {
			t.Errorf("%v: codes differ from the hand-written encoder by up to %.3g, want <= %g", c.dtype, worst, c.tol)
		}
	}
}

// TestEncodeGivesEachRowTheSameCodesWhateverItsNeighbours checks what the
// encode command relies on to reproduce the training run's codes: a row's
// codes depend on the row alone, not on the rows around it, on where a
// batch ends, or on the padding of the last batch.
func TestEncodeGivesEachRowTheSameCodesWhateverItsNeighbours(t *testing.T) {
	// The notebook's encoder with a bottleneck of 50, so that the matrix
	// kernels take the paths they take in a real run.
	cfg := model.Config{Inputs: 100, Hidden: []int{200, 100}, Bottleneck: 50, Dtype: tensor.Float32}
	p := encoderParams(t, cfg)
	x := uniformMatrix(6, codes.Batch+44, 100, 0, 1)
	all, err := codes.Encode(p, x)
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range [][2]int{{0, 1}, {3, 4}, {5, 12}, {codes.Batch - 1, codes.Batch + 1}, {codes.Batch + 43, codes.Batch + 44}, {10, 30}} {
		part := dataset.Matrix{Rows: rows[1] - rows[0], Cols: 100, Data: x.Data[rows[0]*100 : rows[1]*100]}
		got, err := codes.Encode(p, part)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got.Data {
			if w := all.Data[rows[0]*50+i]; math.Float64bits(got.Data[i]) != math.Float64bits(w) {
				t.Fatalf("rows %d-%d encoded alone: value %d is %v, %v within the whole matrix", rows[0], rows[1], i, got.Data[i], w)
			}
		}
	}
}

func TestEncodeRawAppliesTheScalerFirst(t *testing.T) {
	cfg := model.Config{Inputs: 4, Hidden: []int{5}, Bottleneck: 2, Dtype: tensor.Float32}
	p := encoderParams(t, cfg)
	raw := uniformMatrix(7, 9, 4, -30, 70)
	s, err := dataset.FitMinMaxScaler(raw)
	if err != nil {
		t.Fatal(err)
	}
	got, err := codes.EncodeRaw(p, s, raw)
	if err != nil {
		t.Fatal(err)
	}
	scaled, _ := s.Transform(raw)
	want, _ := codes.Encode(p, scaled)
	for i := range want.Data {
		if got.Data[i] != want.Data[i] {
			t.Fatalf("value %d: %v, want %v", i, got.Data[i], want.Data[i])
		}
	}
	if _, err := codes.EncodeRaw(p, s, uniformMatrix(7, 2, 3, 0, 1)); err == nil || err.Error() != "encode: the rows have 3 columns, the encoder takes 4" {
		t.Errorf("3 columns: error %v", err)
	}
	if _, err := codes.Encode(p, dataset.Matrix{Cols: 4}); err == nil || err.Error() != "encode: no rows" {
		t.Errorf("no rows: error %v", err)
	}
	if _, err := codes.EncodeRaw(p, nil, raw); err == nil || err.Error() != "encode: no scaler" {
		t.Errorf("no scaler: error %v", err)
	}
}

// TestWriteCSVIsEncodeWrittenAsCSV encodes more rows than one batch holds,
// raw and scaled, straight to CSV: the bytes are those of the whole codes
// matrix written at once.
func TestWriteCSVIsEncodeWrittenAsCSV(t *testing.T) {
	cfg := model.Config{Inputs: 4, Hidden: []int{5}, Bottleneck: 2, Dtype: tensor.Float32}
	p := encoderParams(t, cfg)
	raw := uniformMatrix(8, 2*codes.Batch+7, 4, -30, 70)
	s, err := dataset.FitMinMaxScaler(raw)
	if err != nil {
		t.Fatal(err)
	}
	want, err := codes.EncodeRaw(p, s, raw)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := dataset.WriteMatrixCSV(&a, want); err != nil {
		t.Fatal(err)
	}
	if err := codes.WriteCSV(&b, p, s, raw); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) || a.Len() == 0 {
		t.Errorf("WriteCSV wrote %d bytes that differ from the %d of the codes matrix", b.Len(), a.Len())
	}
}

// Four points on the axes of an ellipse, shifted away from the origin: PCA
// centres them and finds the long axis first.
func ExamplePCA() {
	x := dataset.Matrix{Rows: 4, Cols: 2, Data: []float64{
		3, -3,
		7, -3,
		5, -4,
		5, -2,
	}}
	pr, err := codes.PCA(x, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	// r rounds to 3 decimals, turning -0 into 0.
	r := func(v float64) float64 { return math.Round(v*1000)/1000 + 0 }
	for i := 0; i < 4; i++ {
		fmt.Printf("%+.3f %+.3f\n", r(pr.Scores.At(i, 0)), r(pr.Scores.At(i, 1)))
	}
	fmt.Printf("explained %.2f %.2f\n", pr.Explained[0], pr.Explained[1])
	// Output:
	// -2.000 +0.000
	// +2.000 +0.000
	// +0.000 -1.000
	// +0.000 +1.000
	// explained 0.80 0.20
}

func TestPCAScoresAreCentredAndOrderedByVariance(t *testing.T) {
	x := uniformMatrix(8, 50, 5, 0, 1)
	// Stretch column 3 so that it dominates.
	for i := 0; i < x.Rows; i++ {
		x.Data[i*5+3] *= 10
	}
	pr, err := codes.PCA(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	var mean [2]float64
	var ss [2]float64
	for i := 0; i < x.Rows; i++ {
		for j := 0; j < 2; j++ {
			mean[j] += pr.Scores.At(i, j) / float64(x.Rows)
		}
	}
	for i := 0; i < x.Rows; i++ {
		for j := 0; j < 2; j++ {
			d := pr.Scores.At(i, j) - mean[j]
			ss[j] += d * d
		}
	}
	if math.Abs(mean[0]) > 1e-12 || math.Abs(mean[1]) > 1e-12 {
		t.Errorf("score means %v, want 0", mean)
	}
	if !(ss[0] > ss[1]) || !(pr.Explained[0] > 0.9) || !(pr.Explained[0] < 1) {
		t.Errorf("sums of squares %v, explained %v; want the first component to carry over 90%%", ss, pr.Explained)
	}
	// The first component is column 3, with a positive sign.
	var cov float64
	for i := 0; i < x.Rows; i++ {
		cov += pr.Scores.At(i, 0) * x.At(i, 3)
	}
	if cov <= 0 {
		t.Errorf("PC 1 runs against column 3 (covariance %v)", cov)
	}
	for _, c := range []struct {
		x    dataset.Matrix
		k    int
		want string
	}{
		{dataset.Matrix{Rows: 1, Cols: 2, Data: []float64{1, 2}}, 1, "PCA: need a matrix of at least 2 rows, got 1×2 (2 values)"},
		{x, 6, "PCA: 6 components asked of a 50×5 matrix"},
		{dataset.Matrix{Rows: 2, Cols: 2, Data: []float64{1, 2, math.NaN(), 4}}, 1, "PCA: row 2, column 1 is NaN"},
	} {
		if _, err := codes.PCA(c.x, c.k); err == nil || err.Error() != c.want {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

func TestClassifyOnTheNotebooksScaledInputsGives295Of330(t *testing.T) {
	d, err := dataset.Load(dataset.NotebookSource())
	if err == nil {
		err = d.Scale()
	}
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Rows != 670 || d.Test.Rows != 330 || len(d.YTrain) != 670 || len(d.YTest) != 330 {
		t.Fatalf("split %d/%d rows, %d/%d labels; want 670/330", d.Train.Rows, d.Test.Rows, len(d.YTrain), len(d.YTest))
	}
	train, test := d.Train, d.Test
	s, err := codes.Classify(context.Background(), train, d.YTrain, test, d.YTest)
	if err != nil {
		t.Fatal(err)
	}
	if s.Correct != 295 || s.Total != 330 || s.String() != "accuracy 0.8939 (295/330)" || !s.Converged {
		t.Errorf("score %+v (%s), want 295/330, converged", s, s)
	}
	if _, err := codes.Classify(context.Background(), train, d.YTrain, dataset.Matrix{Rows: 1, Cols: 3, Data: []float64{1, 2, 3}}, []int{0}); err == nil ||
		err.Error() != "classify: 100 training features, 3 test features" {
		t.Errorf("width mismatch: error %v", err)
	}
}

// figureRows returns 60 rows of 6 inputs, their codes from a new encoder
// with the given bottleneck, and alternating classes.
func figureRows(t *testing.T, bottleneck int) (inputs, c dataset.Matrix, y []int) {
	t.Helper()
	inputs = uniformMatrix(9, 60, 6, 0, 1)
	cfg := model.Config{Inputs: 6, Hidden: []int{8}, Bottleneck: bottleneck, Dtype: tensor.Float32}
	c, err := codes.Encode(encoderParams(t, cfg), inputs)
	if err != nil {
		t.Fatal(err)
	}
	y = make([]int, 60)
	for i := range y {
		y[i] = i % 2
	}
	return inputs, c, y
}

func TestSaveFigureDrawsBothProjectionsSideBySide(t *testing.T) {
	inputs, c, y := figureRows(t, 3)
	path := filepath.Join(t.TempDir(), "codes.png")
	if err := codes.SaveFigure(path, inputs, c, y); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1152 || b.Dy() != 480 {
		t.Errorf("PNG is %dx%d, want 1152x480 (12x5 inches at 96 dpi)", b.Dx(), b.Dy())
	}
	err = codes.SaveFigure(filepath.Join(t.TempDir(), "bad.png"), inputs, c, y[:59])
	if err == nil || !strings.Contains(err.Error(), "inputs: 60 rows, 59 labels") {
		t.Errorf("label mismatch: error %v", err)
	}
}

// TestSaveFigureDrawsOneColumnOnOneComponent: a bottleneck of 1 (or one
// input feature) has one principal component; the figure draws it along x
// and says that there is no second, where it once failed after the whole
// classification. One row has no principal components at all.
func TestSaveFigureDrawsOneColumnOnOneComponent(t *testing.T) {
	inputs, c, y := figureRows(t, 1)
	path := filepath.Join(t.TempDir(), "codes.svg")
	if err := codes.SaveFigure(path, inputs, c, y); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(svg), "no PC 2: one column"); n != 1 {
		t.Errorf("the figure says %d times that a side has one column, want once (the codes)", n)
	}
	err = codes.SaveFigure(filepath.Join(t.TempDir(), "one.png"), inputs.RowRange(0, 1), c.RowRange(0, 1), y[:1])
	if err == nil || !strings.Contains(err.Error(), "PCA: need a matrix of at least 2 rows, got 1×6") {
		t.Errorf("one row: error %v", err)
	}
}

// TestEncodeSaysWhichRowOverflows: an encoder whose finite weights
// overflow float32 on a row (a first kernel of 3e38, as no training
// writes) is an error naming the row and the code, not a row of NaN.
func TestEncodeSaysWhichRowOverflows(t *testing.T) {
	cfg := model.Config{Inputs: 6, Hidden: []int{8}, Bottleneck: 3, Dtype: tensor.Float32}
	p := encoderParams(t, cfg)
	k := p.Dense[0].Kernel.Data().([]float32)
	for i := range k {
		k[i] = 3e38
	}
	x := uniformMatrix(9, 5, 6, 0, 1)
	clear(x.Row(0)) // zero rows give finite codes
	clear(x.Row(1))
	_, err := codes.Encode(p, x)
	if err == nil || !strings.HasPrefix(err.Error(), "encode row 3: code 1 is ") || !strings.Contains(err.Error(), "the encoder's arithmetic overflows float32 on it") {
		t.Errorf("error %v, want one naming row 3", err)
	}
}

// TestEncodeCountsRowsAcrossBatches: a row that overflows in a later
// batch of codes.Batch rows is named by its row in the whole matrix, in
// Encode's error and in WriteCSV's.
func TestEncodeCountsRowsAcrossBatches(t *testing.T) {
	cfg := model.Config{Inputs: 6, Hidden: []int{8}, Bottleneck: 3, Dtype: tensor.Float32}
	p := encoderParams(t, cfg)
	k := p.Dense[0].Kernel.Data().([]float32)
	for i := range k {
		k[i] = 3e38
	}
	bad := codes.Batch + 7 // 0-based: row Batch+8, in the second batch
	x := dataset.NewMatrix(codes.Batch+20, 6)
	copy(x.Row(bad), uniformMatrix(5, 1, 6, 0.5, 1).Data)
	want := fmt.Sprintf("encode row %d: code 1 is ", bad+1)
	if _, err := codes.Encode(p, x); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Encode: error %v, want one starting %q", err, want)
	}
	if err := codes.WriteCSV(io.Discard, p, nil, x); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("WriteCSV: error %v, want one starting %q", err, want)
	}
}
