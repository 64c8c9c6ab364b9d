package model

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// crossCheckConfigs are the models on which the two graphs check each
// other: bottleneck 100 under two levels, bottleneck 50 under three.
var crossCheckConfigs = []Config{
	{Inputs: 100, Hidden: []int{200, 100}, Bottleneck: 100, Dtype: tensor.Float64},
	{Inputs: 100, Hidden: []int{200, 100, 50}, Bottleneck: 50, Dtype: tensor.Float64},
}

// crossCheckTol is how far apart, relative to the larger max norm, the two
// graphs' float64 results may be: their operations differ in order and
// rounding only.
const crossCheckTol = 1e-12

// movedParams returns c's parameters initialised from seed and then moved
// away from their initial values: every trainable weight by U(±0.1) and the
// moving statistics by U(±0.5), so that no gamma is 1, no beta or bias 0.
func movedParams(t *testing.T, c Config, seed uint64) *Params {
	t.Helper()
	r := newUniform(seed)
	p, err := NewParams(c, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range p.Tensors() {
		d := w.Tensor.Data().([]float64)
		for i := range d {
			if w.Trainable {
				d[i] += r.Uniform(-0.1, 0.1)
			} else {
				d[i] += r.Uniform(0, 0.5)
			}
		}
	}
	return p
}

// relMaxDiff returns ‖a − b‖∞ / max(‖a‖∞, ‖b‖∞) and the larger max norm.
func relMaxDiff(a, b []float64) (rel, norm float64) {
	var diff float64
	for i := range a {
		diff = math.Max(diff, math.Abs(a[i]-b[i]))
		norm = math.Max(norm, math.Max(math.Abs(a[i]), math.Abs(b[i])))
	}
	if norm == 0 {
		return diff, 0
	}
	return diff / norm, norm
}

// zeroGradBias tells the biases whose exact gradient is zero: those of every
// Dense layer but the output. Each feeds a BatchNormalization, directly or
// (the bottleneck's) through the next Dense layer, and the normalisation
// subtracts the batch mean, so a constant shift of its input changes
// nothing. Both graphs compute these gradients as rounding noise.
func zeroGradBias(c Config, weight string) bool {
	return strings.HasSuffix(weight, "/bias") && !strings.Contains(weight, "/norm/") && weight != "output/bias"
}

// runBoth builds a training net of each kind on its own copy of p, feeds
// both the same batch and runs them once.
func runBoth(t *testing.T, p *Params, x []float64, batch int) (fused, stock *Net) {
	t.Helper()
	var err error
	if fused, err = NewTrainingNetOf(Fused, p.Clone(), batch); err != nil {
		t.Fatal(err)
	}
	if stock, err = NewTrainingNetOf(Stock, p.Clone(), batch); err != nil {
		t.Fatal(err)
	}
	for _, n := range []*Net{fused, stock} {
		if err := n.SetInput(x); err != nil {
			t.Fatal(err)
		}
		if err := n.Run(); err != nil {
			t.Fatal(err)
		}
	}
	return fused, stock
}

func TestStockGraphGradientsEqualTheFusedOnes(t *testing.T) {
	for ci, c := range crossCheckConfigs {
		for _, batch := range []int{16, 14} {
			t.Run(fmt.Sprintf("%v/batch=%d", c, batch), func(t *testing.T) {
				p := movedParams(t, c, uint64(10+ci))
				x := randomMatrix(newUniform(uint64(20+batch)), batch, c.Inputs)
				fused, stock := runBoth(t, p, x, batch)
				defer fused.Close()
				defer stock.Close()
				lf, err := fused.LossValue()
				if err != nil {
					t.Fatal(err)
				}
				ls, err := stock.LossValue()
				if err != nil {
					t.Fatal(err)
				}
				if rel := math.Abs(lf-ls) / lf; rel > crossCheckTol {
					t.Errorf("loss: fused %.17g, stock %.17g (relative difference %.2g)", lf, ls, rel)
				}
				gf, err := fused.GradValues()
				if err != nil {
					t.Fatal(err)
				}
				gs, err := stock.GradValues()
				if err != nil {
					t.Fatal(err)
				}
				if len(gf) != len(gs) || len(gf) != len(p.Trainable()) {
					t.Fatalf("%d fused and %d stock gradients for %d weights", len(gf), len(gs), len(p.Trainable()))
				}
				var kernelNorm, worst float64
				defer func() { t.Logf("loss %.17g; largest relative gradient difference %.2g", lf, worst) }()
				for i, w := range p.Trainable() {
					a, b := Float64s(gf[i]), Float64s(gs[i])
					rel, norm := relMaxDiff(a, b)
					if strings.HasSuffix(w.Name, "/kernel") {
						kernelNorm = norm
					}
					if zeroGradBias(c, w.Name) {
						// Both are rounding noise around zero: require them
						// to be negligible next to the layer's kernel's.
						if norm > crossCheckTol*kernelNorm {
							t.Errorf("%s: gradient max norm %.3g, want ≈ 0 (≤ %g × the kernel's %.3g)", w.Name, norm, crossCheckTol, kernelNorm)
						}
						continue
					}
					if norm == 0 {
						t.Errorf("%s: both gradients are zero", w.Name)
					}
					worst = math.Max(worst, rel)
					if rel > crossCheckTol {
						t.Errorf("%s: gradients differ by %.3g relative to their max norm %.3g", w.Name, rel, norm)
					}
				}
			})
		}
	}
}

func TestStockGraphMovesTheBatchNormStatisticsAsTheFusedOne(t *testing.T) {
	for ci, c := range crossCheckConfigs {
		t.Run(c.String(), func(t *testing.T) {
			p := movedParams(t, c, uint64(30+ci))
			r := newUniform(uint64(40 + ci))
			fp, sp := p.Clone(), p.Clone()
			nets := map[int][2]*Net{}
			for step := 0; step < 10; step++ {
				batch := 16
				if step == 9 {
					batch = 14 // the last batch of an epoch
				}
				pair, ok := nets[batch]
				if !ok {
					f, err := NewTrainingNetOf(Fused, fp, batch)
					if err != nil {
						t.Fatal(err)
					}
					s, err := NewTrainingNetOf(Stock, sp, batch)
					if err != nil {
						t.Fatal(err)
					}
					pair = [2]*Net{f, s}
					nets[batch] = pair
				}
				x := randomMatrix(r, batch, c.Inputs)
				for _, n := range pair {
					if err := n.SetInput(x); err != nil {
						t.Fatal(err)
					}
					if err := n.Run(); err != nil {
						t.Fatal(err)
					}
				}
			}
			ft, st, pt := fp.Tensors(), sp.Tensors(), p.Tensors()
			checked := 0
			for i := range ft {
				if ft[i].Trainable {
					continue
				}
				a, b := Float64s(ft[i].Tensor), Float64s(st[i].Tensor)
				if moved, _ := relMaxDiff(a, Float64s(pt[i].Tensor)); moved < 1e-3 {
					t.Errorf("%s: moved by only %.2g relative in 10 steps", ft[i].Name, moved)
				}
				if rel, norm := relMaxDiff(a, b); rel > crossCheckTol {
					t.Errorf("%s after 10 steps: fused and stock differ by %.3g relative to %.3g", ft[i].Name, rel, norm)
				}
				checked++
			}
			if want := 4 * len(c.Hidden); checked != want {
				t.Errorf("checked %d moving statistics, want %d", checked, want)
			}
		})
	}
}

func TestStockInferenceAndEncoderNetsEqualTheFusedOnes(t *testing.T) {
	for ci, c := range crossCheckConfigs {
		for _, batch := range []int{16, 14} {
			t.Run(fmt.Sprintf("%v/batch=%d", c, batch), func(t *testing.T) {
				p := movedParams(t, c, uint64(50+ci))
				x := randomMatrix(newUniform(uint64(60+batch)), batch, c.Inputs)
				loss, out, codes := inferBoth(t, [2]*Params{p, p}, x, batch)
				for i, kind := range Graphs() {
					if len(codes[i]) != batch*c.Bottleneck {
						t.Fatalf("%s encoder: %d code values, want %d", kind, len(codes[i]), batch*c.Bottleneck)
					}
				}
				if rel := math.Abs(loss[0]-loss[1]) / loss[0]; rel > crossCheckTol {
					t.Errorf("inference loss: fused %.17g, stock %.17g (relative difference %.2g)", loss[0], loss[1], rel)
				}
				if rel, _ := relMaxDiff(out[0], out[1]); rel > crossCheckTol {
					t.Errorf("inference outputs differ by %.3g relative", rel)
				}
				if rel, _ := relMaxDiff(codes[0], codes[1]); rel > crossCheckTol {
					t.Errorf("encoder codes differ by %.3g relative", rel)
				}
			})
		}
	}
}

// inferBoth runs x through the inference and encoder nets of each graph
// kind, in the order of Graphs(), kind i with params[i], and returns each
// kind's inference loss and outputs and its encoder's codes.
func inferBoth(t *testing.T, params [2]*Params, x []float64, batch int) (loss [2]float64, out, codes [2][]float64) {
	t.Helper()
	for i, kind := range Graphs() {
		inf, err := NewInferenceNetOf(kind, params[i], batch)
		if err != nil {
			t.Fatal(err)
		}
		defer inf.Close()
		enc, err := NewEncoderNetOf(kind, params[i], batch)
		if err != nil {
			t.Fatal(err)
		}
		defer enc.Close()
		for _, n := range []*Net{inf, enc} {
			if err := n.SetInput(x); err != nil {
				t.Fatal(err)
			}
			if err := n.Run(); err != nil {
				t.Fatal(err)
			}
		}
		if loss[i], err = inf.LossValue(); err != nil {
			t.Fatal(err)
		}
		if out[i], err = inf.OutputValues(); err != nil {
			t.Fatal(err)
		}
		if codes[i], err = enc.CodeValues(); err != nil {
			t.Fatal(err)
		}
	}
	return loss, out, codes
}

// TestStockGraphAgreesWithTheFusedOneInFloat32 runs both graphs of the
// notebook's float32 model on a full batch (16 rows) and on the partial last
// one (14): the training loss, the gradients and the moving statistics after
// the step, then the inference loss and outputs and the encoder's codes
// with those moving statistics. Their sums run in different orders and
// precisions (the fused ops accumulate BatchNorm's and the loss's sums in
// float64), so they agree to float32's precision, not to the bit.
func TestStockGraphAgreesWithTheFusedOneInFloat32(t *testing.T) {
	c := NotebookConfig(100)
	p, err := NewParams(c, newUniform(70))
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range []int{16, 14} {
		t.Run(fmt.Sprintf("batch=%d", batch), func(t *testing.T) {
			x := randomMatrix(newUniform(71), batch, c.Inputs)
			fused, stock := runBoth(t, p, x, batch)
			defer fused.Close()
			defer stock.Close()
			lf, _ := fused.LossValue()
			ls, _ := stock.LossValue()
			if rel := math.Abs(lf-ls) / lf; rel > 1e-5 {
				t.Errorf("loss: fused %.9g, stock %.9g (relative difference %.2g)", lf, ls, rel)
			}
			gf, _ := fused.GradValues()
			gs, _ := stock.GradValues()
			for i, w := range p.Trainable() {
				if zeroGradBias(c, w.Name) {
					continue
				}
				if rel, norm := relMaxDiff(Float64s(gf[i]), Float64s(gs[i])); rel > 1e-4 {
					t.Errorf("%s: float32 gradients differ by %.3g relative to %.3g", w.Name, rel, norm)
				}
			}
			ft, st := fused.Params().Tensors(), stock.Params().Tensors()
			for i := range ft {
				if rel, norm := relMaxDiff(Float64s(ft[i].Tensor), Float64s(st[i].Tensor)); rel > 1e-6 {
					t.Errorf("%s after the step: fused and stock differ by %.3g relative to %.3g", ft[i].Name, rel, norm)
				}
			}
			loss, out, codes := inferBoth(t, [2]*Params{fused.Params(), stock.Params()}, x, batch)
			if rel := math.Abs(loss[0]-loss[1]) / loss[0]; rel > 1e-5 {
				t.Errorf("inference loss: fused %.9g, stock %.9g (relative difference %.2g)", loss[0], loss[1], rel)
			}
			if rel, _ := relMaxDiff(out[0], out[1]); rel > 1e-5 {
				t.Errorf("inference outputs differ by %.3g relative", rel)
			}
			if rel, _ := relMaxDiff(codes[0], codes[1]); rel > 1e-5 {
				t.Errorf("encoder codes differ by %.3g relative", rel)
			}
		})
	}
}

// TestStockGraphHoldsOnlyGorgoniaOperators walks every node of the stock
// training, inference and encoder graphs: each op must be one of Gorgonia's,
// none of this package's.
func TestStockGraphHoldsOnlyGorgoniaOperators(t *testing.T) {
	p := ZeroParams(crossCheckConfigs[1])
	builders := map[string]func(Graph, *Params, int) (*Net, error){
		"training": NewTrainingNetOf, "inference": NewInferenceNetOf, "encoder": NewEncoderNetOf,
	}
	for name, build := range builders {
		for _, kind := range Graphs() {
			n, err := build(kind, p, 4)
			if err != nil {
				t.Fatal(err)
			}
			ours := 0
			for _, node := range n.Graph.AllNodes() {
				if node.Op() == nil {
					continue
				}
				typ := reflect.TypeOf(node.Op())
				for typ.Kind() == reflect.Pointer {
					typ = typ.Elem()
				}
				if pkg := typ.PkgPath(); pkg != "gorgonia.org/gorgonia" {
					ours++
					if kind == Stock {
						t.Errorf("%s stock graph: node %s has op %v of package %s", name, node.Name(), node.Op(), pkg)
					}
				}
			}
			if kind == Fused && ours == 0 {
				t.Errorf("%s fused graph: no op of this package, so the check cannot tell the graphs apart", name)
			}
		}
	}
}

// TestStockNetsBuildAndRunConcurrently builds and runs stock nets on
// several goroutines at once, as the experiments and the fidelity check
// do; run it with -race.
func TestStockNetsBuildAndRunConcurrently(t *testing.T) {
	c := Config{Inputs: 6, Hidden: []int{8, 4}, Bottleneck: 3, Dtype: tensor.Float32}
	var wg sync.WaitGroup
	losses := make([]float64, 4)
	for i := range losses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := NewParams(c, newUniform(80))
			if err != nil {
				t.Error(err)
				return
			}
			n, err := NewTrainingNetOf(Stock, p, 5)
			if err != nil {
				t.Error(err)
				return
			}
			defer n.Close()
			if err := n.SetInput(randomMatrix(newUniform(81), 5, c.Inputs)); err != nil {
				t.Error(err)
				return
			}
			for range 3 {
				if err := n.Run(); err != nil {
					t.Error(err)
					return
				}
			}
			losses[i], _ = n.LossValue()
		}()
	}
	wg.Wait()
	for i, l := range losses {
		if l <= 0 || l != losses[0] {
			t.Errorf("goroutine %d: loss %v, goroutine 0: %v (want the same positive loss)", i, l, losses[0])
		}
	}
}

func TestParseGraphNamesEachKind(t *testing.T) {
	for _, kind := range Graphs() {
		got, err := ParseGraph(kind.String())
		if err != nil || got != kind {
			t.Errorf("ParseGraph(%q) = %v, %v; want %v", kind.String(), got, err, kind)
		}
	}
	if Fused.String() != "fused" || Stock.String() != "stock" {
		t.Errorf("names %q, %q; want fused, stock", Fused, Stock)
	}
	if _, err := ParseGraph("keras"); err == nil {
		t.Error("ParseGraph(\"keras\") succeeded")
	}
	if _, err := NewTrainingNetOf(Graph(7), ZeroParams(NotebookConfig(3)), 2); err == nil {
		t.Error("a net of an unknown graph kind was built")
	}
}

// TestStockGraphHandlesDegenerateShapes compares the graphs where Gorgonia
// might mistake a matrix for a vector: one input, widths of 1, a batch of
// one row (whose variance is zero) and of two.
func TestStockGraphHandlesDegenerateShapes(t *testing.T) {
	for _, tc := range []struct {
		c     Config
		batch int
	}{
		{Config{Inputs: 1, Hidden: []int{1}, Bottleneck: 1, Dtype: tensor.Float64}, 3},
		{Config{Inputs: 3, Hidden: []int{1}, Bottleneck: 1, Dtype: tensor.Float64}, 2},
		{Config{Inputs: 5, Hidden: []int{4, 2}, Bottleneck: 1, Dtype: tensor.Float64}, 1},
		{Config{Inputs: 5, Hidden: []int{4}, Bottleneck: 3, Dtype: tensor.Float64}, 1},
	} {
		t.Run(fmt.Sprintf("%v/batch=%d", tc.c, tc.batch), func(t *testing.T) {
			p := movedParams(t, tc.c, 90)
			x := randomMatrix(newUniform(91), tc.batch, tc.c.Inputs)
			fused, stock := runBoth(t, p, x, tc.batch)
			lf, err := fused.LossValue()
			if err != nil {
				t.Fatal(err)
			}
			ls, err := stock.LossValue()
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(lf-ls) > crossCheckTol*math.Max(lf, 1e-300) || math.IsNaN(ls) {
				t.Errorf("loss: fused %.17g, stock %.17g", lf, ls)
			}
			gf, _ := fused.GradValues()
			gs, err := stock.GradValues()
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range p.Trainable() {
				a, b := Float64s(gf[i]), Float64s(gs[i])
				if len(a) != len(b) {
					t.Fatalf("%s: %d and %d gradient values", w.Name, len(a), len(b))
				}
				if rel, norm := relMaxDiff(a, b); rel > crossCheckTol && norm > 1e-12 {
					t.Errorf("%s: gradients differ by %.3g relative to %.3g", w.Name, rel, norm)
				}
			}
			var codes, outputs [2][]float64
			for i, kind := range Graphs() {
				for _, build := range []func(Graph, *Params, int) (*Net, error){NewInferenceNetOf, NewEncoderNetOf} {
					n, err := build(kind, p, tc.batch)
					if err != nil {
						t.Fatal(err)
					}
					if err := n.SetInput(x); err != nil {
						t.Fatal(err)
					}
					if err := n.Run(); err != nil {
						t.Fatalf("%s: %v", kind, err)
					}
					if n.Output != nil {
						outputs[i], err = n.OutputValues()
					} else {
						codes[i], err = n.CodeValues()
					}
					if err != nil {
						t.Fatal(err)
					}
					n.Close()
				}
			}
			if rel, _ := relMaxDiff(outputs[0], outputs[1]); rel > crossCheckTol {
				t.Errorf("inference outputs differ by %.3g relative", rel)
			}
			if rel, _ := relMaxDiff(codes[0], codes[1]); rel > crossCheckTol || len(codes[0]) != tc.batch*tc.c.Bottleneck {
				t.Errorf("%d and %d codes differ by %.3g relative", len(codes[0]), len(codes[1]), rel)
			}
		})
	}
}

// TestStockLeakyReLUEqualsKerasLeakyReLU runs the stock graph's LeakyReLU,
// x ⊙ (α + (1 − α)·[x > 0]), and gorgonia.LeakyRelu on the same values
// (negative, zero, positive, tiny and large), with the same incoming
// gradient w. The outputs must be gorgonia.LeakyRelu's bit for bit, and the
// input gradients Keras's: w where x > 0 and α·w elsewhere, x = 0 included,
// as TensorFlow's LeakyReluGrad (features > 0) and the fused op compute it;
// gorgonia.LeakyRelu's is w at x = 0 (it tests x ≥ 0). Both float types.
func TestStockLeakyReLUEqualsKerasLeakyReLU(t *testing.T) {
	xs := []float64{-3, -1, -0.25, -1e-30, 0, 1e-30, 0.25, 1, 3, -7e5, 7e5, math.Copysign(0, -1)}
	r := newUniform(31)
	ws := make([]float64, len(xs))
	for i := range ws {
		ws[i] = r.Uniform(-1, 1)
	}
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		run := func(leaky func(*G.Node) *G.Node) (y, dx []float64) {
			g := G.NewGraph()
			mat := func(name string, v []float64) *G.Node {
				t := tensor.New(tensor.WithShape(3, 4), tensor.Of(dt))
				setAll(t, func(i int) float64 { return v[i] })
				return G.NewMatrix(g, dt, G.WithShape(3, 4), G.WithName(name), G.WithValue(t))
			}
			x, w := mat("x", xs), mat("w", ws)
			out := leaky(x)
			cost := G.Must(G.Sum(G.Must(G.HadamardProd(out, w))))
			grads, err := G.Grad(cost, x)
			if err != nil {
				t.Fatal(err)
			}
			m := G.NewTapeMachine(g)
			defer m.Close()
			if err := m.RunAll(); err != nil {
				t.Fatal(err)
			}
			return Float64s(out.Value().(*tensor.Dense)), Float64s(grads[0].Value().(*tensor.Dense))
		}
		var y, dx []float64
		if dt == tensor.Float32 {
			y, dx = run(func(x *G.Node) *G.Node { return stockLeakyReLU[float32]("act", x) })
		} else {
			y, dx = run(func(x *G.Node) *G.Node { return stockLeakyReLU[float64]("act", x) })
		}
		gy, _ := run(func(x *G.Node) *G.Node { return G.Must(G.LeakyRelu(x, LeakySlope)) })
		for i, x := range xs {
			// Keras's gradient, in the element type.
			want := ws[i] * LeakySlope
			if dt == tensor.Float32 {
				want = float64(float32(ws[i]) * float32(LeakySlope))
			}
			if x > 0 {
				want = ws[i]
				if dt == tensor.Float32 {
					want = float64(float32(ws[i]))
				}
			}
			if math.Float64bits(y[i]) != math.Float64bits(gy[i]) || dx[i] != want {
				t.Errorf("%v x = %g: stock %g (gradient %g), want gorgonia.LeakyRelu's %g (gradient %g, Keras's)", dt, x, y[i], dx[i], gy[i], want)
			}
		}
	}
}

// TestStockGraphGradientsEqualTheFusedOnesOnOneRow trains on a batch of one
// row from fresh weights: each BatchNormalization then normalises a zero
// variance and outputs its β, which is 0, so that every LeakyReLU meets
// x = 0 exactly, where Keras's derivative is α. The gradients of both
// graphs must agree (the last BatchNormalization's β's is the one that
// reaches the loss).
func TestStockGraphGradientsEqualTheFusedOnesOnOneRow(t *testing.T) {
	c := Config{Inputs: 5, Hidden: []int{4, 2}, Bottleneck: 1, Dtype: tensor.Float64}
	p, err := NewParams(c, newUniform(100))
	if err != nil {
		t.Fatal(err)
	}
	fused, stock := runBoth(t, p, randomMatrix(newUniform(101), 1, c.Inputs), 1)
	defer fused.Close()
	defer stock.Close()
	gf, err := fused.GradValues()
	if err != nil {
		t.Fatal(err)
	}
	gs, err := stock.GradValues()
	if err != nil {
		t.Fatal(err)
	}
	nonzero := 0
	for i, w := range p.Trainable() {
		a, b := Float64s(gf[i]), Float64s(gs[i])
		rel, norm := relMaxDiff(a, b)
		if rel > crossCheckTol {
			t.Errorf("%s: fused and stock gradients differ by %.3g relative to %.3g", w.Name, rel, norm)
		}
		if w.Name == "decoder_2/norm/beta" && norm == 0 {
			t.Errorf("%s: both gradients are zero, so the check checks nothing", w.Name)
		}
		if norm > 0 {
			nonzero++
		}
	}
	t.Logf("%d of %d gradients not zero", nonzero, len(gf))
}
