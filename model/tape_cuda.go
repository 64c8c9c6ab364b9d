//go:build cuda

package model

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// newTape compiles g into a TapeMachine run by RunAll: with CUDA, RunAll's
// locked thread serves the GPU's work queue.
func newTape(g *G.ExprGraph) (vm G.VM, run func() error, inline bool, err error) {
	prog, locMap, err := G.Compile(g)
	if err != nil {
		return nil, nil, false, fmt.Errorf("compile the graph: %w", err)
	}
	m := G.NewTapeMachine(g, G.WithPrecompiled(prog, locMap))
	return m, m.RunAll, false, nil
}
