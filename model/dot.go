package model

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// WriteDOT writes the net's expression graph in Graphviz's DOT language, top
// to bottom. The forward nodes sit in one cluster per Keras layer inside a
// "forward pass" cluster, and the nodes gorgonia.Grad added sit in one
// cluster per layer inside a "backward pass" cluster: a gradient belongs to
// the layer whose backward step computes it (the gradient of a Dense
// layer's output is computed by the BatchNormalization after it). A
// constant that the nodes of several clusters read (the stock graph's ones,
// 1/B, −1/B, ε, α...) is drawn in each of them, with the same label, so that
// its edges stay inside the layer instead of crossing the whole graph; the
// copies' identifiers are the node's with the cluster's appended
// (n4_forward_1).
//
// Every node's label says what it is and, but for a read, ends with its
// shape: data and weights their name (moving statistics that they are not
// trained); constants their value and role; an op node its name (or, for
// the nodes Gorgonia creates, its ID as %hex, Gorgonia's own notation) and
// what it computes from which nodes; a gradient node which node it is the
// gradient of (∂loss/∂x). Edges run from an input to the node that reads
// it, numbered by argument where a node has several.
//
// A training graph's title also says that the graph does not update the
// weights: after each run, package training's Adam reads the gradients
// from the ∂loss/∂weight nodes and updates the weight tensors in place,
// which the weight nodes hold in the next run.
//
// The nodes that the net's compiled program never computes are drawn
// dashed and grey, as are the edges into them, and the title says what
// they are: gorgonia.Grad gives every input of an operation a gradient
// node, and in a stock training graph those of the constants, of the input
// and of each LeakyReLU's slope lead to no weight's gradient, so that the
// program, compiled for the loss, the gradients and the reads, leaves them
// out (39 of the notebook model's 263 nodes at batch 16). A fused graph's
// program computes every node.
//
// Node identifiers are Gorgonia's node IDs, which depend only on the
// architecture, the kind of graph and the batch size, so the output is the
// same from run to run.
func (n *Net) WriteDOT(w io.Writer) error {
	bw := bufio.NewWriter(w)
	g := n.Graph
	nodes := append(G.Nodes(nil), g.AllNodes()...)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].ID() < nodes[j].ID() })
	idle, err := n.idleNodes()
	if err != nil {
		return err
	}

	title := []string{fmt.Sprintf("%s, %s graph, %s mode, batch %d", n.params.Config, n.Kind, n.Mode, n.Batch)}
	if len(n.Grads) > 0 {
		title = append(title, adamNote)
	}
	if len(idle) > 0 {
		title = append(title, fmt.Sprintf("dashed grey: %d of the graph's %d nodes, which the compiled program never computes: gradients that gorgonia.Grad builds for every input", len(idle), len(nodes)),
			"of an operation, here of constants, of the input and of each LeakyReLU's slope, which no weight's gradient needs")
	}
	fmt.Fprintf(bw, "digraph autoencoder {\n")
	fmt.Fprintf(bw, "\tgraph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, label=%s, labelloc=t, newrank=true];\n",
		quote(strings.Join(title, "\n")))
	fmt.Fprintf(bw, "\tnode [fontname=\"Helvetica\", fontsize=10];\n\tedge [fontname=\"Helvetica\", fontsize=8, color=gray40];\n")

	// Sort the nodes into clusters: forward and backward, then by layer
	// in model order. A constant that the nodes of several clusters read
	// is drawn in each of them (copies, in ID order after the members).
	layers := n.dotLayers()
	members := map[clusterKey][]*G.Node{}
	copies := map[clusterKey][]*G.Node{}
	for _, node := range nodes {
		if key, ok := n.dotCluster(node); ok {
			members[key] = append(members[key], node)
			continue
		}
		var keys []clusterKey
		for _, c := range consumers(g, node) {
			if key, ok := n.dotCluster(c); ok && !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
		for _, key := range keys {
			copies[key] = append(copies[key], node)
		}
	}
	// The DOT identifier of each cluster, and of a constant's copy in it.
	clusterIDs := map[clusterKey]string{}
	copyID := func(node *G.Node, key clusterKey) string {
		return fmt.Sprintf("n%d_%s", node.ID(), clusterIDs[key])
	}
	for _, pass := range []struct {
		backward bool
		name     string
		label    string
	}{
		{false, "forward", "forward pass"},
		{true, "backward", "backward pass: gradients of the loss (gorgonia.Grad)"},
	} {
		var keys []clusterKey
		for _, l := range layers {
			if key := (clusterKey{pass.backward, l.name}); len(members[key]) > 0 {
				clusterIDs[key] = fmt.Sprintf("%s_%d", pass.name, len(keys))
				keys = append(keys, key)
			}
		}
		if len(keys) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\tsubgraph cluster_%s {\n\t\tlabel=%s;\n\t\tstyle=dashed;\n\t\tcolor=gray50;\n", pass.name, quote(pass.label))
		for i, key := range keys {
			title := key.layer
			for _, l := range layers {
				if l.name == key.layer {
					title = l.title
				}
			}
			fmt.Fprintf(bw, "\t\tsubgraph cluster_%s_%d {\n\t\t\tlabel=%s;\n\t\t\tstyle=rounded;\n\t\t\tcolor=%s;\n",
				pass.name, i, quote(title), map[bool]string{false: "steelblue", true: "gray60"}[pass.backward])
			for _, node := range members[key] {
				writeDOTNode(bw, n, node, fmt.Sprintf("n%d", node.ID()), idle[node.ID()], "\t\t\t")
			}
			for _, node := range copies[key] {
				writeDOTNode(bw, n, node, copyID(node, key), idle[node.ID()], "\t\t\t")
			}
			fmt.Fprintf(bw, "\t\t}\n")
		}
		fmt.Fprintf(bw, "\t}\n")
	}
	// Edges run from an input to its reader. Between two backward nodes
	// the edge is laid out reversed (dir=back), so that the backward pass
	// climbs from the loss back up beside the forward pass.
	for _, node := range nodes {
		kids := children(g, node)
		for i, child := range kids {
			var attrs []string
			if len(kids) > 1 {
				attrs = append(attrs, fmt.Sprintf("label=\"%d\"", i))
			}
			from, to := fmt.Sprintf("n%d", child.ID()), fmt.Sprintf("n%d", node.ID())
			if _, ok := n.dotCluster(child); !ok {
				key, _ := n.dotCluster(node)
				from = copyID(child, key)
			}
			if n.isBackward(child) && n.isBackward(node) {
				from, to = to, from
				attrs = append(attrs, "dir=back")
			}
			if idle[node.ID()] {
				attrs = append(attrs, idleEdgeStyle)
			}
			if len(attrs) > 0 {
				fmt.Fprintf(bw, "\t%s -> %s [%s];\n", from, to, strings.Join(attrs, ", "))
			} else {
				fmt.Fprintf(bw, "\t%s -> %s;\n", from, to)
			}
		}
	}
	fmt.Fprintf(bw, "}\n")
	return bw.Flush()
}

// clusterKey names a cluster of the DOT view: a layer's forward or backward
// nodes.
type clusterKey struct {
	backward bool
	layer    string
}

// TrainingGraphDOT returns WriteDOT's view of the training graph of c built
// by kind for batches of batch rows (the CLI's graph.dot), from zero
// weights: the graph does not depend on their values.
func TrainingGraphDOT(kind Graph, c Config, batch int) ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	n, err := NewTrainingNetOf(kind, ZeroParams(c), batch)
	if err != nil {
		return nil, err
	}
	defer n.Close()
	var b strings.Builder
	if err := n.WriteDOT(&b); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// dotLayer is one cluster title of the DOT view.
type dotLayer struct{ name, title string }

// dotLayers lists the net's layers in model order, with their Keras types.
func (n *Net) dotLayers() []dotLayer {
	var out []dotLayer
	for _, l := range n.params.Config.KerasLayers() {
		out = append(out, dotLayer{l.Name, l.Name + " (" + l.Type + ")"})
	}
	return append(out, dotLayer{"loss", "loss (mean squared error)"})
}

// dotCluster returns the cluster of a node: its layer, and whether
// gorgonia.Grad added it. A constant read by nodes of more than one cluster
// belongs to none (WriteDOT draws it in each).
func (n *Net) dotCluster(node *G.Node) (key clusterKey, ok bool) {
	layer, ok := n.layerOf[node.ID()]
	if !ok {
		return key, false
	}
	key.layer, key.backward = layer, n.isBackward(node)
	if isConstantNode(n.Graph, node) {
		for _, c := range consumers(n.Graph, node) {
			if n.layerOf[c.ID()] != layer || n.isBackward(c) != key.backward {
				return key, false
			}
		}
	}
	return key, true
}

// isBackward tells the nodes that gorgonia.Grad added.
func (n *Net) isBackward(node *G.Node) bool { return n.gradFrom > 0 && node.ID() >= n.gradFrom }

// isConstantNode tells the nodes of constants: an op without inputs.
func isConstantNode(g *G.ExprGraph, node *G.Node) bool {
	return node.Op() != nil && !node.IsVar() && len(children(g, node)) == 0
}

// adamNote is the line of a training graph's title that says how the
// weights change, as package training's Trainer does it: Adam, not the
// graph, updates them between runs.
const adamNote = "Adam (package training) updates the weights outside the graph: after each run it reads the ∂loss/∂weight nodes' values and changes the weight tensors in place, which the next run reads"

// The styles of the nodes the compiled program never computes and of the
// edges into them (a node the program computes reads none of them).
const (
	idleNodeStyle = "style=dashed, color=gray60, fontcolor=gray45"
	idleEdgeStyle = "style=dashed, color=gray70"
)

// writeDOTNode writes the statement of a node, or of a copy of a constant,
// with the identifier id; idle says that the compiled program never
// computes it.
func writeDOTNode(w io.Writer, n *Net, node *G.Node, id string, idle bool, indent string) {
	label, style := n.dotLabel(node)
	if idle {
		style = idleStyle(style)
	}
	fmt.Fprintf(w, "%s%s [label=%s, %s];\n", indent, id, quote(label), style)
}

// idleStyle turns a node's style into that of a node the compiled program
// never computes: dashed and grey, without fill, in the same shape.
func idleStyle(style string) string {
	shape := "shape=ellipse"
	for _, attr := range strings.Split(style, ", ") {
		if strings.HasPrefix(attr, "shape=") {
			shape = attr
		}
	}
	return shape + ", " + idleNodeStyle
}

// idleNodes returns the IDs of the graph's nodes that the net's compiled
// program never computes: those outside the program's own graph, which is
// the whole graph for a fused net and, for a stock net, the nodes that its
// loss, gradients and reads need (see compile), each of which the program
// computes with an instruction of its own.
func (n *Net) idleNodes() (map[int64]bool, error) {
	prog, _, err := compile(G.Compile, G.CompileFunction, n.Graph, n.outputs)
	if err != nil {
		return nil, err
	}
	in := map[int64]bool{}
	for _, node := range prog.Graph().AllNodes() {
		in[node.ID()] = true
	}
	idle := map[int64]bool{}
	for _, node := range n.Graph.AllNodes() {
		if !in[node.ID()] {
			idle[node.ID()] = true
		}
	}
	return idle, nil
}

// dotRef is how labels refer to a node: its name where it has one (data,
// weights, constants and the nodes this package names), and otherwise its
// ID as Gorgonia writes it, %hex.
func (n *Net) dotRef(node *G.Node) string {
	if named(n.Graph, node) {
		return node.Name()
	}
	return fmt.Sprintf("%%%x", node.ID())
}

// named tells whether node has a name of its own rather than the one
// Gorgonia makes up from its op and inputs, "op(%a, %b)".
func named(g *G.ExprGraph, node *G.Node) bool {
	if node.Op() == nil || isConstantNode(g, node) {
		return true
	}
	if isReadNode(node) {
		return false
	}
	refs := make([]string, 0, 4)
	for _, c := range children(g, node) {
		refs = append(refs, fmt.Sprintf("%%%x", c.ID()))
	}
	return node.Name() != fmt.Sprintf("%s(%s)", node.Op(), strings.Join(refs, ", "))
}

// isReadNode tells the nodes of gorgonia.Read, whose op prints as "print".
func isReadNode(node *G.Node) bool { return node.Op() != nil && node.Op().String() == "print" }

// dotLabel returns a node's label and style.
func (n *Net) dotLabel(node *G.Node) (label, style string) {
	g := n.Graph
	shape := "scalar"
	if s := node.Shape(); len(s) > 0 {
		dims := make([]string, len(s))
		for i, d := range s {
			dims[i] = fmt.Sprint(d)
		}
		shape = "(" + strings.Join(dims, "×") + ")"
	}
	switch {
	case node.Op() == nil || node.IsVar():
		if node == n.Input {
			return "input\ndata, the autoencoder's input and target\n" + shape, "shape=box, style=filled, fillcolor=\"#fde8c8\""
		}
		// A trainable weight is its name and shape; the moving
		// statistics say that they are not trained.
		if role := n.weightRole(node); role != "" {
			return node.Name() + "\n" + role + "\n" + shape, "shape=box, style=filled, fillcolor=\"#f4f4f4\""
		}
		return node.Name() + "\n" + shape, "shape=box, style=filled, fillcolor=\"#e8f0fe\""
	case isConstantNode(g, node):
		return n.constantRole(node) + "\n" + shape, "shape=box, style=\"rounded,filled\", fillcolor=\"#f0f0f0\""
	case isReadNode(node):
		kids := children(g, node)
		what := "a value"
		if len(kids) == 1 {
			what = n.dotRef(kids[0])
		}
		return "gorgonia.Read(" + what + ")\n" + n.readRole(kids) + "\ncopied out of the graph at each run", "shape=note"
	}
	var lines []string
	if of := node.DerivOf(); len(of) > 0 {
		// One node may be the gradient of several (through an
		// addition, say): name up to two.
		var titles []string
		for _, x := range of[:min(2, len(of))] {
			titles = append(titles, "∂loss/∂"+n.dotRef(x))
		}
		title := strings.Join(titles, " = ")
		if len(of) > 2 {
			title += fmt.Sprintf(" = … (%d nodes)", len(of))
		}
		lines = append(lines, title)
		if named(g, node) {
			lines = append(lines, node.Name())
		} else {
			lines = append(lines, n.dotRef(node))
		}
	} else {
		lines = append(lines, n.dotRef(node))
	}
	lines = append(lines, n.dotExpr(node), shape)
	style = "shape=ellipse"
	if n.isBackward(node) {
		style = "shape=ellipse, color=gray40"
	}
	return strings.Join(lines, "\n"), style
}

// dotExpr writes what an op node computes from its inputs, in the notation
// of Gorgonia's op names.
func (n *Net) dotExpr(node *G.Node) string {
	var args []string
	for _, c := range children(n.Graph, node) {
		args = append(args, n.dotRef(c))
	}
	op := node.Op().String()
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return "?"
	}
	// Gorgonia's elementwise ops print as "+ false": the operator and
	// whether a comparison returns 0/1 values of its input's type.
	base := strings.TrimSuffix(strings.TrimSuffix(op, " false"), " true")
	switch base {
	case "+", "-", "⊙", "÷":
		sym := map[string]string{"+": "+", "-": "−", "⊙": "⊙", "÷": "÷"}[base]
		return arg(0) + " " + sym + " " + arg(1)
	case ">=", ">", "<", "<=":
		sym := map[string]string{">=": "≥", ">": ">", "<": "<", "<=": "≤"}[base]
		return "[" + arg(0) + " " + sym + " " + arg(1) + "] (1 or 0)"
	case "A × B":
		return arg(0) + " · " + arg(1)
	case "A × Bᵀ":
		return arg(0) + " · " + arg(1) + "ᵀ"
	case "Aᵀ × B":
		return arg(0) + "ᵀ · " + arg(1)
	case "square":
		return arg(0) + "²"
	case "sqrt":
		return "√" + arg(0)
	case "neg":
		return "−" + arg(0)
	}
	switch {
	case strings.HasPrefix(op, "Σ"):
		return op + "(" + arg(0) + "): sum over axes " + strings.TrimPrefix(op, "Σ")
	case strings.HasPrefix(op, "SizeOf="):
		return "SizeOf(" + arg(0) + ") = " + strings.TrimPrefix(op, "SizeOf=")
	case strings.HasPrefix(op, "Reshape"):
		return "Reshape(" + arg(0) + ", " + strings.TrimPrefix(op, "Reshape") + ")"
	case strings.HasPrefix(op, "Repeat"):
		return "Repeat(" + arg(0) + ", axis " + strings.TrimPrefix(op, "Repeat") + ", " + arg(1) + " times)"
	}
	// This package's ops print as calls already, "Dense(encoder_1)".
	return op + "\nof " + strings.Join(args, ", ")
}

// weightRole says what an input node holds other than a trainable weight.
func (n *Net) weightRole(node *G.Node) string {
	name := node.Name()
	switch {
	case strings.HasSuffix(name, "/moving_mean"):
		return "moving mean, not trained"
	case strings.HasSuffix(name, "/moving_variance"):
		return "moving variance, not trained"
	}
	return ""
}

// readRole says why a value is copied out of the graph.
func (n *Net) readRole(kids []*G.Node) string {
	if len(kids) != 1 {
		return ""
	}
	switch name := kids[0].Name(); {
	case strings.HasSuffix(name, "/batch_mean"):
		return "moves " + strings.TrimSuffix(name, "batch_mean") + "moving_mean after the run"
	case strings.HasSuffix(name, "/negated_batch_mean"):
		return "moves " + strings.TrimSuffix(name, "negated_batch_mean") + "moving_mean after the run"
	case strings.HasSuffix(name, "/batch_variance"):
		return "moves " + strings.TrimSuffix(name, "batch_variance") + "moving_variance after the run"
	case kids[0] == n.Output:
		return "for OutputValues"
	case kids[0] == n.Code:
		return "for CodeValues"
	}
	return ""
}

// constantRole labels a constant with its value and what it is for.
func (n *Net) constantRole(node *G.Node) string {
	v, err := scalar(node.Value())
	if err != nil {
		switch node.Name() {
		case "ones":
			return "ones\n1 in every row: 1·v repeats the row v down the batch"
		case "1/B":
			return "1/B\n(1/B)·x is the row of x's column means"
		case "−1/B":
			return "−1/B\n(−1/B)·x is the row of x's column means, negated"
		}
		return node.Name() + "\nconstant"
	}
	// The fewest digits that read back as the constant in its own dtype:
	// a float32 0.3 is 0.3, not its float64 widening 0.30000001192092896.
	bits := 64
	if node.Dtype() == tensor.Float32 {
		bits = 32
	}
	text := strconv.FormatFloat(v, 'g', -1, bits)
	if of := node.DerivOf(); len(of) > 0 {
		return fmt.Sprintf("%s = ∂loss/∂%s\nthe seed of the backward pass", text, n.dotRef(of[0]))
	}
	near := func(x float64) bool { return math.Abs(v-x) <= 1e-7*math.Abs(x) }
	switch {
	case near(NormEpsilon):
		return "ε = " + text + "\nBatchNormalization's epsilon"
	case near(LeakySlope):
		return "α = " + text + "\nLeakyReLU's slope for x < 0"
	case near(1 - LeakySlope):
		return "1 − α = " + text + "\nLeakyReLU's slope for x > 0 is α + (1 − α)"
	case v == 0:
		return "0\nthe threshold LeakyReLU compares x with"
	case v == 2:
		return "2\nfrom d√x/dx = 1/(2√x) (gorgonia.Grad)"
	case v == 1:
		return "1\nfrom d(x/y)/dx = 1/y (gorgonia.Grad)"
	}
	return "constant " + text
}

// quote makes s a DOT string literal.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
