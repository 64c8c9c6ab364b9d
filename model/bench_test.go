package model

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// benchShapes are the (m, k, n) of the notebook's products: a batch of 16
// through the 100→200, 200→100 and 100→100 layers, and the 330-row
// validation pass through 100→200.
var benchShapes = [][3]int{{16, 100, 200}, {16, 200, 100}, {16, 100, 100}, {330, 100, 200}}

// reportGFLOPS adds the products' arithmetic rate to b's results.
func reportGFLOPS(b *testing.B, m, k, n int) {
	b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkDenseForward times y = x·w + bias (this build's backend) in
// float32.
func BenchmarkDenseForward(b *testing.B) {
	for _, sh := range benchShapes {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		x, w, bias, y := signedMatrix(r, m, k), signedMatrix(r, k, n), signedMatrix(r, 1, n), make([]float32, m*n)
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				denseForward(y, x, w, bias, m, k, n)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkDenseGradKernel times dw = xᵀ·dy (this build's backend) in
// float32 for a batch of m rows.
func BenchmarkDenseGradKernel(b *testing.B) {
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		x, dy, dw := signedMatrix(r, m, k), signedMatrix(r, m, n), make([]float32, k*n)
		var s []float32
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				denseGradKernel(dw, x, dy, m, k, n, &s)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkDenseGradInput times dx = dy·wᵀ (this build's backend) in
// float32 for a batch of m rows.
func BenchmarkDenseGradInput(b *testing.B) {
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		dy, w, dx := signedMatrix(r, m, n), signedMatrix(r, k, n), make([]float32, m*k)
		var s []float32
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				denseGradInput(dx, dy, w, m, n, k, &s)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkPortableGradInput times the portable dy·wᵀ (one vek dot product
// per element), for comparison with BenchmarkDenseGradInput.
func BenchmarkPortableGradInput(b *testing.B) {
	for _, sh := range benchShapes[:3] {
		m, k, n := sh[0], sh[1], sh[2]
		r := newUniform(1)
		dy, w, dx := signedMatrix(r, m, n), signedMatrix(r, k, n), make([]float32, m*k)
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				portableGradInput(dx, dy, w, m, n, k)
			}
			reportGFLOPS(b, m, k, n)
		})
	}
}

// BenchmarkLeaky times LeakyReLU and its gradient over a batch of 16 rows of
// 200 (this build's kernels).
func BenchmarkLeaky(b *testing.B) {
	r := newUniform(1)
	x, dy, y := signedMatrix(r, 16, 200), signedMatrix(r, 16, 200), make([]float32, 16*200)
	b.Run("forward", func(b *testing.B) {
		for b.Loop() {
			leaky(y, x, 0.3)
		}
	})
	b.Run("grad", func(b *testing.B) {
		for b.Loop() {
			leakyGrad(y, x, dy, 0.3)
		}
	})
}

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
