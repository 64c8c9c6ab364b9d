//go:build cuda

package model

import (
	G "gorgonia.org/gorgonia"
)

// newTape compiles g into a TapeMachine run by RunAll: with CUDA, RunAll's
// locked thread serves the GPU's work queue.
func newTape(g *G.ExprGraph, outputs G.Nodes) (vm G.VM, run func() error, inline bool, err error) {
	prog, locMap, err := compile(G.Compile, G.CompileFunction, g, outputs)
	if err != nil {
		return nil, nil, false, err
	}
	m := G.NewTapeMachine(g, G.WithPrecompiled(prog, locMap))
	return m, m.RunAll, false, nil
}
