package model

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// BenchmarkTapeMachineRunAll times Gorgonia's TapeMachine.RunAll on a graph
// of one tiny op (a LeakyReLU of 8 values): the fixed cost of a Run, paid
// once per training step and once per validation pass. RunAll locks the
// calling goroutine to its thread and runs the tape on a new goroutine, so
// each call hands the processor to another thread and back.
func BenchmarkTapeMachineRunAll(b *testing.B) {
	g := G.NewGraph()
	x := G.NewMatrix(g, tensor.Float32, G.WithShape(1, 8), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(1, 8), tensor.WithBacking(make([]float32, 8)))))
	if _, err := apply(newLeakyOp[float32]("bench", 0.3), "act", x); err != nil {
		b.Fatal(err)
	}
	m := G.NewTapeMachine(g)
	defer m.Close()
	for b.Loop() {
		if err := m.RunAll(); err != nil {
			b.Fatal(err)
		}
		m.Reset()
	}
}

// BenchmarkTapeInline times the same one-op graph run by newTape's inline
// runner, which Net.Run uses: the tape on the calling goroutine, no thread
// hand-off.
func BenchmarkTapeInline(b *testing.B) {
	g := G.NewGraph()
	x := G.NewMatrix(g, tensor.Float32, G.WithShape(1, 8), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(1, 8), tensor.WithBacking(make([]float32, 8)))))
	if _, err := apply(newLeakyOp[float32]("bench", 0.3), "act", x); err != nil {
		b.Fatal(err)
	}
	m, run, _, err := newTape(g)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	for b.Loop() {
		if err := run(); err != nil {
			b.Fatal(err)
		}
		m.Reset()
	}
}
