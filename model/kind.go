package model

import "fmt"

// Graph selects how a Net is built: from this package's fused layer ops, or
// from Gorgonia's own operators. Both compute the same model with the same
// Keras semantics and read and write the same Params.
type Graph int

const (
	// Fused builds every Keras layer as one Op of this package with a
	// hand-written derivative (op_*.go): a few dozen nodes, fast kernels,
	// almost no allocation per step. It is the default.
	Fused Graph = iota
	// Stock builds the model from Gorgonia's operators alone (Mul, Add,
	// HadamardProd, Div, Sqrt, Gt, Mean, ...), so that
	// gorgonia.Grad derives the whole backward pass from Gorgonia's own
	// derivatives (stock.go). Slower, and the readable way in.
	Stock
)

// Graphs returns the graph kinds in order, in a new slice.
func Graphs() []Graph { return []Graph{Fused, Stock} }

// String returns "fused" or "stock", the names ParseGraph accepts.
func (g Graph) String() string {
	switch g {
	case Fused:
		return "fused"
	case Stock:
		return "stock"
	}
	return fmt.Sprintf("Graph(%d)", int(g))
}

// ParseGraph maps "fused" and "stock" to their Graph.
func ParseGraph(s string) (Graph, error) {
	for _, g := range Graphs() {
		if s == g.String() {
			return g, nil
		}
	}
	return Fused, fmt.Errorf("unknown graph %q (want fused or stock)", s)
}

func (g Graph) valid() error {
	if g != Fused && g != Stock {
		return fmt.Errorf("unknown graph kind %d", int(g))
	}
	return nil
}
