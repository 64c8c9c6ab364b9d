package model

import (
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
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

// BenchmarkStockTrainingRun times one Run of the notebook's stock training
// graph (forward, backward, moving statistics; no optimizer) for a batch of
// 16, with Gorgonia's matrix products on gonum's BLAS, Gorgonia's default,
// and on kernelBLAS, the fused ops' kernels, which stock nets use.
func BenchmarkStockTrainingRun(b *testing.B) {
	useKernelBLAS()
	prev := G.WhichBLAS()
	defer G.Use(prev)
	for _, impl := range []struct {
		name string
		blas G.BLAS
	}{{"gonum", gonum.Implementation{}}, {"kernels", kernelBLAS{}}} {
		b.Run(impl.name, func(b *testing.B) {
			G.Use(impl.blas)
			p, err := NewParams(NotebookConfig(100), newUniform(1))
			if err != nil {
				b.Fatal(err)
			}
			n, err := NewTrainingNetOf(Stock, p, 16)
			if err != nil {
				b.Fatal(err)
			}
			defer n.Close()
			if err := n.SetInput(randomMatrix(newUniform(2), 16, 100)); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := n.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
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
	m, run, _, err := newTape(g, nil)
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
