//go:build !cuda

package model

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestTapeRunsInline checks that this Gorgonia version has what newTape
// reads, so that nets run their tapes on the calling goroutine and not
// through RunAll's thread hand-off.
func TestTapeRunsInline(t *testing.T) {
	g := G.NewGraph()
	x := G.NewMatrix(g, tensor.Float32, G.WithShape(1, 8), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(1, 8), tensor.WithBacking(make([]float32, 8)))))
	if _, err := apply(newLeakyOp[float32]("t", 0.3), "act", x); err != nil {
		t.Fatal(err)
	}
	m, _, inline, err := newTape(g, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !inline {
		t.Fatal("newTape fell back to RunAll: Gorgonia's program no longer has the instruction list it reads")
	}
}

// TestInlineTapeMatchesRunAll trains two copies of the same weights for a
// few steps, one net run by Net.Run (the inline tape) and one by a plain
// TapeMachine's RunAll, and requires the same loss, reconstruction, codes,
// gradients and weights bit for bit after every step, then the same
// inference loss and codes.
func TestInlineTapeMatchesRunAll(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		c := Config{Inputs: 12, Hidden: []int{20, 10}, Bottleneck: 6, Dtype: dt}
		r := newUniform(21)
		p1, err := NewParams(c, r)
		if err != nil {
			t.Fatal(err)
		}
		p2 := p1.Clone()
		n1, err := NewTrainingNet(p1, 5)
		if err != nil {
			t.Fatal(err)
		}
		defer n1.Close()
		n2, err := NewTrainingNet(p2, 5)
		if err != nil {
			t.Fatal(err)
		}
		m2 := G.NewTapeMachine(n2.Graph)
		defer m2.Close()
		for step := 0; step < 4; step++ {
			x := randomMatrix(r, 5, c.Inputs)
			if err := n1.SetInput(x); err != nil {
				t.Fatal(err)
			}
			if err := n2.SetInput(x); err != nil {
				t.Fatal(err)
			}
			if err := n1.Run(); err != nil {
				t.Fatal(err)
			}
			if err := m2.RunAll(); err != nil {
				t.Fatal(err)
			}
			m2.Reset()
			sameNodes(t, dt, step, n1, n2)
			// A crude update, the same on both, so that the next step
			// starts from new weights.
			g1, _ := n1.GradValues()
			g2, _ := n2.GradValues()
			for i, w := range p1.Trainable() {
				moveAgainst(w.Tensor, g1[i])
				moveAgainst(p2.Trainable()[i].Tensor, g2[i])
			}
		}
		for i, w := range p1.Trainable() {
			sameBits(t, dt.String()+" weight "+w.Name, Float64s(w.Tensor), Float64s(p2.Trainable()[i].Tensor))
		}
		e1, err := NewInferenceNet(p1, 7)
		if err != nil {
			t.Fatal(err)
		}
		defer e1.Close()
		e2, err := NewInferenceNet(p2, 7)
		if err != nil {
			t.Fatal(err)
		}
		me2 := G.NewTapeMachine(e2.Graph)
		defer me2.Close()
		x := randomMatrix(r, 7, c.Inputs)
		if err := e1.SetInput(x); err != nil {
			t.Fatal(err)
		}
		if err := e2.SetInput(x); err != nil {
			t.Fatal(err)
		}
		if err := e1.Run(); err != nil {
			t.Fatal(err)
		}
		if err := me2.RunAll(); err != nil {
			t.Fatal(err)
		}
		me2.Reset()
		sameNodes(t, dt, -1, e1, e2)
	}
}

// sameNodes compares the loss, output, codes and gradients of two nets.
func sameNodes(t *testing.T, dt tensor.Dtype, step int, n1, n2 *Net) {
	t.Helper()
	l1, err1 := n1.LossValue()
	l2, err2 := n2.LossValue()
	if err1 != nil || err2 != nil || math.Float64bits(l1) != math.Float64bits(l2) {
		t.Fatalf("%v step %d: loss %v (%v) inline, %v (%v) RunAll", dt, step, l1, err1, l2, err2)
	}
	o1, _ := n1.OutputValues()
	o2, _ := n2.OutputValues()
	sameBits(t, "output", o1, o2)
	c1, _ := n1.CodeValues()
	c2, _ := n2.CodeValues()
	sameBits(t, "codes", c1, c2)
	g1, _ := n1.GradValues()
	g2, _ := n2.GradValues()
	if len(g1) != len(g2) {
		t.Fatalf("%d gradients inline, %d with RunAll", len(g1), len(g2))
	}
	for i := range g1 {
		sameBits(t, "gradient of "+n1.Weights[i].Name(), Float64s(g1[i]), Float64s(g2[i]))
	}
}

func sameBits(t *testing.T, what string, a, b []float64) {
	t.Helper()
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%s: %d values inline, %d with RunAll", what, len(a), len(b))
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("%s element %d: %v inline, %v with RunAll", what, i, a[i], b[i])
		}
	}
}

// moveAgainst sets w -= 0.1·g.
func moveAgainst(w, g *tensor.Dense) {
	switch w.Dtype() {
	case tensor.Float32:
		wd, gd := w.Float32s(), g.Float32s()
		for i := range wd {
			wd[i] -= 0.1 * gd[i]
		}
	default:
		wd, gd := w.Float64s(), g.Float64s()
		for i := range wd {
			wd[i] -= 0.1 * gd[i]
		}
	}
}

// failOp fails on every run.
type failOp struct{ opBase }

var errFail = errors.New("fail op ran")

func (op failOp) Type() hm.Type                                      { return hm.NewFnType(matType(), matType()) }
func (op failOp) InferShape(in ...G.DimSizer) (tensor.Shape, error)  { return op.firstShape(in) }
func (op failOp) Do(...G.Value) (G.Value, error)                     { return nil, errFail }
func (op failOp) DiffWRT(n int) []bool                               { return make([]bool, n) }
func (op failOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) { return nil, errFail }

// TestInlineTapeReportsAnOpsError checks that an op's error comes back from
// the run, naming the op, and that the machine can run again.
func TestInlineTapeReportsAnOpsError(t *testing.T) {
	g := G.NewGraph()
	x := G.NewMatrix(g, tensor.Float64, G.WithShape(2, 3), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(make([]float64, 6)))))
	if _, err := apply(failOp{opBase{"Fail", 1}}, "fail", x); err != nil {
		t.Fatal(err)
	}
	m, run, _, err := newTape(g, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for i := 0; i < 2; i++ {
		err := run()
		m.Reset()
		if !errors.Is(err, errFail) || !strings.Contains(err.Error(), "Fail") {
			t.Fatalf("run %d: error %v, want the op's error naming it", i, err)
		}
	}
}

// TestInlineTapeDropsOnlyCPUFrees checks that withoutCPUFrees takes the 21
// CPU frees out of the notebook's training program and keeps every other
// instruction, in order.
func TestInlineTapeDropsOnlyCPUFrees(t *testing.T) {
	n := notebookTrainingNet(t)
	instrs := programInstructions(t, n.Graph)
	all, kept := instrNames(instrs), instrNames(withoutCPUFrees(instrs))
	var want []string
	for _, s := range all {
		if !strings.HasPrefix(s, "Free CPU") {
			want = append(want, s)
		}
	}
	if len(all)-len(want) != 21 || !slices.Equal(kept, want) {
		t.Fatalf("withoutCPUFrees kept %d of %d instructions:\n%s\nwant the %d that are not CPU frees:\n%s",
			len(kept), len(all), strings.Join(kept, "\n"), len(want), strings.Join(want, "\n"))
	}
}

// TestInlineTapeLeavesOutOnlyArgLoads checks that withoutArgLoads takes the
// 21 loads of the notebook's training program (the input and 20 weights)
// out of it, keeps every other instruction in order, and names the nodes
// it stopped loading.
func TestInlineTapeLeavesOutOnlyArgLoads(t *testing.T) {
	n := notebookTrainingNet(t)
	instrs := withoutCPUFrees(programInstructions(t, n.Graph))
	lean, ids := withoutArgLoads(instrs)
	all, kept := instrNames(instrs), instrNames(lean)
	var want, loaded []string
	for _, s := range all {
		if strings.HasPrefix(s, "loadArg ") {
			// "loadArg 1 (encoder_1/kernel) to CPU1"
			loaded = append(loaded, s[strings.Index(s, "(")+1:strings.Index(s, ")")])
			continue
		}
		want = append(want, s)
	}
	if len(all) != 71 || len(want) != 50 || !slices.Equal(kept, want) {
		t.Fatalf("withoutArgLoads kept %d of %d instructions:\n%s\nwant the %d that are not loads:\n%s",
			len(kept), len(all), strings.Join(kept, "\n"), len(want), strings.Join(want, "\n"))
	}
	var got []string
	for _, id := range ids {
		got = append(got, n.Graph.Node(id).(*G.Node).Name())
	}
	wantNames := []string{n.Input.Name()}
	for _, w := range n.Weights {
		wantNames = append(wantNames, w.Name())
	}
	slices.Sort(got)
	slices.Sort(wantNames)
	if !slices.Equal(got, wantNames) || !slices.Equal(got, sortedCopy(loaded)) {
		t.Fatalf("left out the loads of %v; the program loads %v; want the input and the weights %v", got, loaded, wantNames)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// TestInlineTapeKeepsALoadWhoseRegisterIsReused checks that a load stays
// in the lean list when another instruction writes its register:
// withoutArgLoads sees through the instruction kinds it knows and leaves
// the list whole for one it does not.
func TestInlineTapeKeepsALoadWhoseRegisterIsReused(t *testing.T) {
	g := G.NewGraph()
	x := G.NewMatrix(g, tensor.Float64, G.WithShape(2, 3), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(make([]float64, 6)))))
	if _, err := apply(newLeakyOp[float64]("t", 0.3), "act", x); err != nil {
		t.Fatal(err)
	}
	list := withoutCPUFrees(programInstructions(t, g))
	v := reflect.ValueOf(list)
	if v.Len() != 2 {
		t.Fatalf("the one-op program has %d instructions without frees, want a load and the op", v.Len())
	}
	if lean, ids := withoutArgLoads(list); reflect.ValueOf(lean).Len() != 1 || len(ids) != 1 || ids[0] != x.ID() {
		t.Fatalf("lean list of %d instructions, loads of %v left out; want the op alone, x's load (%d) left out",
			reflect.ValueOf(lean).Len(), ids, x.ID())
	}
	// The same load twice: its register has two writers, so it stays.
	twice := reflect.Append(reflect.MakeSlice(v.Type(), 0, 3), v.Index(0), v.Index(0), v.Index(1))
	if lean, ids := withoutArgLoads(twice.Interface()); reflect.ValueOf(lean).Len() != 3 || len(ids) != 0 {
		t.Fatalf("a register loaded twice: lean list of %d instructions, loads of %v left out; want all 3 kept",
			reflect.ValueOf(lean).Len(), ids)
	}
}

// TestInlineTapeLoadsAReboundArg checks that a run after the first picks up
// a node's new value: one bound with gorgonia.Let since the last run, one
// written in place, and one after Reset.
func TestInlineTapeLoadsAReboundArg(t *testing.T) {
	g := G.NewGraph()
	x := G.NewMatrix(g, tensor.Float64, G.WithShape(1, 3), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{1, -1, 2}))))
	y, err := apply(newLeakyOp[float64]("t", 0.5), "act", x)
	if err != nil {
		t.Fatal(err)
	}
	m, run, inline, err := newTape(g, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !inline {
		t.Skip("the tape runs through RunAll")
	}
	check := func(step string, want []float64) {
		t.Helper()
		if err := run(); err != nil {
			t.Fatal(err)
		}
		if got := y.Value().Data().([]float64); !slices.Equal(got, want) {
			t.Fatalf("%s: leaky(x) = %v, want %v", step, got, want)
		}
	}
	check("first run", []float64{1, -0.5, 2})
	check("second run", []float64{1, -0.5, 2})
	x.Value().Data().([]float64)[0] = -4
	check("x written in place", []float64{-2, -0.5, 2})
	if err := G.Let(x, tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{3, 4, -6}))); err != nil {
		t.Fatal(err)
	}
	check("x bound to another tensor", []float64{3, 4, -3})
	check("and again", []float64{3, 4, -3})
	m.Reset()
	check("after Reset", []float64{3, 4, -3})
	if err := G.Let(x, tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{-8, 0, 1}))); err != nil {
		t.Fatal(err)
	}
	m.Reset()
	check("bound again, after Reset", []float64{-4, 0, 1})
}

// notebookTrainingNet builds the notebook's float32 training net (bottleneck
// 100) for batches of 16.
func notebookTrainingNet(tb testing.TB) *Net {
	tb.Helper()
	p, err := NewParams(NotebookConfig(100), newUniform(1))
	if err != nil {
		tb.Fatal(err)
	}
	n, err := NewTrainingNet(p, 16)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// programInstructions compiles the whole of g and returns the program's
// instruction list, read as newTape reads it.
func programInstructions(tb testing.TB, g *G.ExprGraph) any {
	tb.Helper()
	prog, _, err := G.Compile(g)
	if err != nil {
		tb.Fatal(err)
	}
	return instructionsOf(prog)
}

// instructionsOf returns the instruction list of a compiled program.
func instructionsOf(prog any) any {
	f := reflect.ValueOf(prog).Elem().FieldByName("instructions")
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface()
}

// instrNames returns how each instruction of list describes itself.
func instrNames(list any) []string {
	v := reflect.ValueOf(list)
	out := make([]string, v.Len())
	for i := range out {
		out[i] = fmt.Sprint(v.Index(i).Interface())
	}
	return out
}
