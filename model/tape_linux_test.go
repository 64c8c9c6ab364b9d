//go:build linux && !cuda

package model

import (
	"runtime"
	"testing"

	"github.com/chewxy/hm"
	"golang.org/x/sys/unix"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// tidOp passes its input through and records the OS thread it ran on.
type tidOp struct {
	opBase
	tids *[]int
}

func (op tidOp) Type() hm.Type                                      { return hm.NewFnType(matType(), matType()) }
func (op tidOp) InferShape(in ...G.DimSizer) (tensor.Shape, error)  { return op.firstShape(in) }
func (op tidOp) DiffWRT(n int) []bool                               { return make([]bool, n) }
func (op tidOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) { return nil, nil }
func (op tidOp) Do(in ...G.Value) (G.Value, error) {
	*op.tids = append(*op.tids, unix.Gettid())
	return in[0], nil
}

// TestTapeRunsOnTheCallersThread runs a graph from a goroutine locked to its
// thread and checks that the graph's op ran on that same thread every time,
// where RunAll (the control) runs it on another one.
func TestTapeRunsOnTheCallersThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	me := unix.Gettid()
	build := func() (*G.ExprGraph, *[]int) {
		g := G.NewGraph()
		x := G.NewMatrix(g, tensor.Float32, G.WithShape(1, 4), G.WithName("x"),
			G.WithValue(tensor.New(tensor.WithShape(1, 4), tensor.WithBacking(make([]float32, 4)))))
		tids := new([]int)
		if _, err := apply(tidOp{opBase{"Tid", 1}, tids}, "tid", x); err != nil {
			t.Fatal(err)
		}
		return g, tids
	}

	g, tids := build()
	m, run, _, err := newTape(g, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for i := 0; i < 5; i++ {
		if err := run(); err != nil {
			t.Fatal(err)
		}
		m.Reset()
	}
	for i, tid := range *tids {
		if tid != me {
			t.Fatalf("run %d: the op ran on thread %d, the caller is thread %d", i, tid, me)
		}
	}

	g, tids = build()
	ra := G.NewTapeMachine(g)
	defer ra.Close()
	if err := ra.RunAll(); err != nil {
		t.Fatal(err)
	}
	if len(*tids) != 1 || (*tids)[0] == me {
		t.Fatalf("RunAll ran the op on threads %v, the caller is %d: the control does not show the hand-off", *tids, me)
	}
}
