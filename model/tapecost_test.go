//go:build !cuda

package model

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// opsInOrder runs the ops of a net's compiled program without a
// TapeMachine: each op node's Op.Do, in the program's order, on the values
// of the node's inputs, with nothing bound, logged or allocated around the
// calls. It exists to measure what the TapeMachine adds to a run
// (BenchmarkTrainingRun); the program never runs this way.
type opsInOrder struct {
	nodes []*G.Node   // the op nodes, in the program's order
	args  [][]int     // for each, its inputs' slots in vals
	ins   [][]G.Value // for each, the argument list handed to Do
	out   []int       // for each, its own slot in vals
	vals  []G.Value   // the values of all nodes, args included
	argOf []*G.Node   // the slots' nodes that are args (nil for ops)
}

// newOpsInOrder reads the instruction list of n's compiled program and
// lays out the calls of its op instructions.
func newOpsInOrder(tb testing.TB, n *Net) *opsInOrder {
	tb.Helper()
	prog, _, err := compile(G.Compile, G.CompileFunction, n.Graph, n.outputs)
	if err != nil {
		tb.Fatal(err)
	}
	instrs := reflect.ValueOf(withoutCPUFrees(instructionsOf(prog)))
	r := &opsInOrder{}
	slot := map[*G.Node]int{}
	slotOf := func(x *G.Node) int {
		if s, ok := slot[x]; ok {
			return s
		}
		slot[x] = len(r.vals)
		r.vals = append(r.vals, nil)
		r.argOf = append(r.argOf, nil)
		return slot[x]
	}
	for i := range instrs.Len() {
		e := instrs.Index(i).Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		id := e.FieldByName("id")
		if e.Type().Name() == "loadArg" {
			id = e.FieldByName("index")
		}
		x, ok := n.Graph.Node(id.Int()).(*G.Node)
		if !ok {
			tb.Fatalf("instruction %d: no node %d", i, id.Int())
		}
		switch e.Type().Name() {
		case "loadArg":
			r.argOf[slotOf(x)] = x
		case "execOp":
			var args []int
			for _, c := range children(n.Graph, x) {
				args = append(args, slotOf(c))
			}
			r.nodes = append(r.nodes, x)
			r.args = append(r.args, args)
			r.ins = append(r.ins, make([]G.Value, len(args)))
			r.out = append(r.out, slotOf(x))
		default:
			tb.Fatalf("instruction %d is a %s", i, e.Type().Name())
		}
	}
	return r
}

// run calls every op once and returns the first error.
func (r *opsInOrder) run() error {
	for s, x := range r.argOf {
		if x != nil {
			r.vals[s] = x.Value()
		}
	}
	for i, x := range r.nodes {
		in := r.ins[i]
		for j, a := range r.args[i] {
			in[j] = r.vals[a]
		}
		v, err := x.Op().Do(in...)
		if err != nil {
			return fmt.Errorf("%v: %w", x, err)
		}
		r.vals[r.out[i]] = v
	}
	return nil
}

// value returns the value the last run gave node x.
func (r *opsInOrder) value(tb testing.TB, x *G.Node) G.Value {
	for i, y := range r.nodes {
		if y == x {
			return r.vals[r.out[i]]
		}
	}
	tb.Fatalf("%v is not an op of the program", x)
	return nil
}

// TestOpsInOrderDoWhatTheTapeDoes checks that opsInOrder does the tape's
// work, so that BenchmarkTrainingRun compares like with like: after a run
// of each on the same net, input and weights, the loss and every gradient
// are the same bits.
func TestOpsInOrderDoWhatTheTapeDoes(t *testing.T) {
	n := notebookTrainingNet(t)
	defer n.Close()
	if err := n.SetInput(randomMatrix(newUniform(2), 16, 100)); err != nil {
		t.Fatal(err)
	}
	if err := n.Run(); err != nil {
		t.Fatal(err)
	}
	loss, err := n.LossValue()
	if err != nil {
		t.Fatal(err)
	}
	grads, err := n.GradValues()
	if err != nil {
		t.Fatal(err)
	}
	var want [][]float64
	for _, g := range grads {
		want = append(want, Float64s(g))
	}
	r := newOpsInOrder(t, n)
	if len(r.nodes) != 50 {
		t.Fatalf("%d ops, want the training program's 50", len(r.nodes))
	}
	// Zero the gradients, so that stale values cannot pass.
	for _, g := range grads {
		g.Zero()
	}
	if err := r.run(); err != nil {
		t.Fatal(err)
	}
	l, err := scalar(r.value(t, n.Loss))
	if err != nil || math.Float64bits(l) != math.Float64bits(loss) {
		t.Fatalf("loss %v (%v) called in order, %v on the tape", l, err, loss)
	}
	for i, g := range n.Grads {
		got, ok := r.value(t, g).(*tensor.Dense)
		if !ok {
			t.Fatalf("gradient of %s: %T", n.Weights[i].Name(), r.value(t, g))
		}
		sameBits(t, "gradient of "+n.Weights[i].Name(), Float64s(got), want[i])
	}
}

// BenchmarkTrainingRun times one run of the notebook's fused training net
// (forward and backward pass, batch 16, no optimizer) on the inline tape
// (Net.Run, as training runs it) and as the same ops called in the same
// order without a TapeMachine (opsInOrder): the difference is what
// Gorgonia's TapeMachine adds per run, its per-instruction bookkeeping.
func BenchmarkTrainingRun(b *testing.B) {
	n := notebookTrainingNet(b)
	defer n.Close()
	if err := n.SetInput(randomMatrix(newUniform(2), 16, 100)); err != nil {
		b.Fatal(err)
	}
	b.Run("tape", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := n.Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ops", func(b *testing.B) {
		r := newOpsInOrder(b, n)
		b.ReportAllocs()
		for b.Loop() {
			if err := r.run(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
