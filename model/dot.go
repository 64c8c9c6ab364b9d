package model

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	G "gorgonia.org/gorgonia"
)

// WriteDOT writes the net's expression graph in Graphviz's DOT language.
// Each node is labelled with its name, its op and its shape; data and
// weights are boxes, ops are ellipses, and the ops that gorgonia.Grad added
// for the backward pass sit in a cluster of their own. Node identifiers are
// Gorgonia's node IDs, which depend only on the architecture and batch size,
// so the output is the same from run to run.
func (n *Net) WriteDOT(w io.Writer) error {
	bw := bufio.NewWriter(w)
	nodes := append(G.Nodes(nil), n.Graph.AllNodes()...)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].ID() < nodes[j].ID() })

	fmt.Fprintf(bw, "digraph autoencoder {\n")
	fmt.Fprintf(bw, "\tgraph [rankdir=TB, fontname=\"Helvetica\", label=%s, labelloc=t];\n",
		quote(fmt.Sprintf("%s, %s mode, batch %d", n.params.Config, n.Mode, n.Batch)))
	fmt.Fprintf(bw, "\tnode [fontname=\"Helvetica\", fontsize=10];\n\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	var forward, backward []*G.Node
	for _, node := range nodes {
		if isGradNode(node) {
			backward = append(backward, node)
		} else {
			forward = append(forward, node)
		}
	}
	for _, node := range forward {
		writeDOTNode(bw, node, "\t")
	}
	if len(backward) > 0 {
		fmt.Fprintf(bw, "\tsubgraph cluster_backward {\n\t\tlabel=\"backward pass (gorgonia.Grad)\";\n\t\tstyle=dashed;\n\t\tcolor=gray50;\n")
		for _, node := range backward {
			writeDOTNode(bw, node, "\t\t")
		}
		fmt.Fprintf(bw, "\t}\n")
	}
	for _, node := range nodes {
		it := n.Graph.From(node.ID())
		for i := 0; it.Next(); i++ {
			child := it.Node().(*G.Node)
			fmt.Fprintf(bw, "\tn%d -> n%d [label=\"%d\"];\n", child.ID(), node.ID(), i)
		}
	}
	fmt.Fprintf(bw, "}\n")
	return bw.Flush()
}

// isGradNode tells the nodes that gorgonia.Grad added: the gradient ops and
// the constant 1 that seeds them.
func isGradNode(n *G.Node) bool {
	if n.Op() == nil {
		return false
	}
	name := n.Name()
	return strings.Contains(name, "grad_") || n.IsScalar() && n.Op() != nil && !strings.HasPrefix(name, "loss")
}

func writeDOTNode(w io.Writer, n *G.Node, indent string) {
	shape := "scalar"
	if s := n.Shape(); len(s) > 0 {
		dims := make([]string, len(s))
		for i, d := range s {
			dims[i] = fmt.Sprint(d)
		}
		shape = "(" + strings.Join(dims, "×") + ")"
	}
	var label, style string
	switch {
	case n.Op() == nil || n.IsVar():
		label = n.Name() + "\n" + shape
		style = "shape=box, style=filled, fillcolor=\"#e8f0fe\""
		if n.Name() == "input" {
			style = "shape=box, style=filled, fillcolor=\"#fde8c8\""
		}
	default:
		label = n.Name() + "\n" + n.Op().String() + "\n" + shape
		style = "shape=ellipse"
		if isGradNode(n) {
			style = "shape=ellipse, color=gray40"
		}
	}
	fmt.Fprintf(w, "%sn%d [label=%s, %s];\n", indent, n.ID(), quote(label), style)
}

// quote makes s a DOT string literal.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
