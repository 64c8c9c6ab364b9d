package model

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// compile compiles g into a program for a TapeMachine: the whole graph
// (whole, gorgonia.Compile), or with outputs only the nodes that they read,
// directly or not (part, gorgonia.CompileFunction, over the graph's
// inputs). It takes the two functions as arguments because the program's
// types are Gorgonia's own, unexported: the caller's type inference names
// them.
//
// gorgonia.Grad gives every input of an operation a gradient node, also
// where the input is a constant or a comparison that nothing
// differentiates (the stock graph's constant matrices of ones and 1/B,
// LeakyReLU's slope, Mean's divisor), and the whole graph's program
// computes them all although nothing reads them; so does it the gradient
// of the net's input. Stock nets compile for their loss, gradients and
// gorgonia.Read statements (Net.outputs).
func compile[P, L any](whole func(*G.ExprGraph) (P, L, error), part func(*G.ExprGraph, G.Nodes, G.Nodes) (P, L, error),
	g *G.ExprGraph, outputs G.Nodes) (prog P, locMap L, err error) {
	if len(outputs) == 0 {
		prog, locMap, err = whole(g)
	} else {
		prog, locMap, err = part(g, g.Inputs(), outputs)
	}
	if err != nil {
		err = fmt.Errorf("compile the graph: %w", err)
	}
	return prog, locMap, err
}
