package model

import (
	"bytes"
	"fmt"
	"maps"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
)

// graphDOT builds a net of the notebook's model and returns its DOT view.
func graphDOT(t *testing.T, kind Graph, build func(Graph, *Params, int) (*Net, error)) (*Net, []byte) {
	t.Helper()
	n, err := build(kind, ZeroParams(NotebookConfig(100)), 16)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := n.WriteDOT(&b); err != nil {
		t.Fatal(err)
	}
	return n, b.Bytes()
}

var netBuilders = []struct {
	name  string
	build func(Graph, *Params, int) (*Net, error)
}{
	{"training", NewTrainingNetOf}, {"inference", NewInferenceNetOf}, {"encoder", NewEncoderNetOf},
}

// renderDOT runs Graphviz's dot on a graph and fails on any warning; it
// skips the test where Graphviz is not installed.
func renderDOT(t *testing.T, dot []byte) {
	t.Helper()
	bin, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz's dot is not installed")
	}
	cmd := exec.Command(bin, "-Tsvg", "-o", "/dev/null")
	cmd.Stdin = bytes.NewReader(dot)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("dot: %v: %s", err, stderr.Bytes())
	}
	if stderr.Len() > 0 {
		t.Errorf("dot warns: %s", stderr.Bytes())
	}
}

func TestGraphDOTIsTheSameFromBuildToBuild(t *testing.T) {
	for _, kind := range Graphs() {
		for _, b := range netBuilders {
			_, first := graphDOT(t, kind, b.build)
			for range 2 {
				if _, again := graphDOT(t, kind, b.build); !bytes.Equal(first, again) {
					t.Fatalf("%s %s graph: two builds give different DOT", kind, b.name)
				}
			}
		}
	}
}

func TestGraphDOTRendersWithoutWarnings(t *testing.T) {
	for _, kind := range Graphs() {
		for _, b := range netBuilders {
			t.Run(kind.String()+"/"+b.name, func(t *testing.T) {
				_, dot := graphDOT(t, kind, b.build)
				renderDOT(t, dot)
			})
		}
	}
}

// TestGraphDOTPutsEveryNodeInItsLayersCluster checks the clusters of the
// training graphs: one per Keras layer (and the loss) in each pass, every
// node in one, except the constants that several layers share (which
// WriteDOT draws in each of them).
func TestGraphDOTPutsEveryNodeInItsLayersCluster(t *testing.T) {
	c := NotebookConfig(100)
	for _, kind := range Graphs() {
		n, dot := graphDOT(t, kind, NewTrainingNetOf)
		text := string(dot)
		var want []string
		for _, l := range c.KerasLayers() {
			want = append(want, l.Name+" ("+l.Type+")")
		}
		want = append(want, "loss (mean squared error)")
		for _, title := range want {
			// Every layer has forward nodes; all but the input have
			// backward ones.
			count := strings.Count(text, "label="+quote(title)+";")
			min := 2
			if title == "input (InputLayer)" {
				min = 1
			}
			if count < min {
				t.Errorf("%s graph: %d clusters titled %q, want %d", kind, count, title, min)
			}
		}
		loose := 0
		for _, node := range n.Graph.AllNodes() {
			if _, ok := n.layerOf[node.ID()]; !ok {
				t.Errorf("%s graph: node %d (%s) has no layer", kind, node.ID(), node.Name())
			}
			if _, ok := n.dotCluster(node); !ok {
				loose++
				if !isConstantNode(n.Graph, node) {
					t.Errorf("%s graph: node %d (%s) is in no cluster", kind, node.ID(), node.Name())
				}
			}
		}
		t.Logf("%s training graph: %d nodes, %d shared constants outside the clusters", kind, len(n.Graph.AllNodes()), loose)
	}
}

// TestGraphDOTDrawsEachReadInTheLayerOfWhatItReads checks that every
// gorgonia.Read of a stock net (the batch statistics, the output, the
// bottleneck's codes) sits in the cluster of the node it copies out.
func TestGraphDOTDrawsEachReadInTheLayerOfWhatItReads(t *testing.T) {
	for _, b := range netBuilders {
		n, _ := graphDOT(t, Stock, b.build)
		reads := 0
		for _, node := range n.Graph.AllNodes() {
			if !isReadNode(node) {
				continue
			}
			reads++
			kids := children(n.Graph, node)
			if len(kids) != 1 {
				t.Fatalf("%s net: read %d has %d inputs", b.name, node.ID(), len(kids))
			}
			got, ok1 := n.dotCluster(node)
			want, ok2 := n.dotCluster(kids[0])
			if !ok1 || !ok2 || got != want {
				t.Errorf("%s net: the read of %s is drawn in %+v, the node in %+v", b.name, kids[0].Name(), got, want)
			}
		}
		if reads == 0 {
			t.Errorf("%s net: no read", b.name)
		}
	}
}

// TestGraphDOTLabelsSayWhatEachNodeComputes checks the labels: constants
// name their role, gradients the node they differentiate, op nodes their
// inputs, and no label carries a memory address (which would change from
// run to run).
func TestGraphDOTLabelsSayWhatEachNodeComputes(t *testing.T) {
	for _, kind := range Graphs() {
		n, dot := graphDOT(t, kind, NewTrainingNetOf)
		if regexp.MustCompile(`0x[0-9a-f]{6,}`).Match(dot) {
			t.Errorf("%s graph: a label holds a memory address", kind)
		}
		seeds := 0
		for _, node := range n.Graph.AllNodes() {
			label, _ := n.dotLabel(node)
			lines := strings.Split(label, "\n")
			switch {
			case isConstantNode(n.Graph, node):
				if len(lines) < 2 || strings.HasPrefix(label, "constant") {
					t.Errorf("%s graph: constant %s labelled %q, without its role", kind, node.Name(), label)
				}
				if strings.Contains(label, "seed of the backward pass") {
					seeds++
				}
			case node.Op() == nil:
				if !strings.HasPrefix(label, node.Name()+"\n") {
					t.Errorf("%s graph: input %s labelled %q", kind, node.Name(), label)
				}
			case len(node.DerivOf()) > 0:
				if !strings.HasPrefix(label, "∂loss/∂") {
					t.Errorf("%s graph: gradient node %d labelled %q, not by what it differentiates", kind, node.ID(), label)
				}
			}
			// An op node's label names each of its inputs.
			if node.Op() != nil && !isConstantNode(n.Graph, node) {
				for _, c := range children(n.Graph, node) {
					if !strings.Contains(label, n.dotRef(c)) {
						t.Errorf("%s graph: node %d labelled %q does not name its input %s", kind, node.ID(), label, n.dotRef(c))
					}
				}
			}
		}
		if seeds != 1 {
			t.Errorf("%s graph: %d seed gradients labelled, want 1", kind, seeds)
		}
		// The float32 constants in their own digits, not their float64
		// widenings (0.30000001192092896).
		for _, want := range []string{`ε = 0.001\n`, `α = 0.3\n`} {
			if kind == Stock && !bytes.Contains(dot, []byte(want)) {
				t.Errorf("%s graph: no label starts %q", kind, want)
			}
		}
		if regexp.MustCompile(`\d\.\d{9,}`).Match(dot) {
			t.Errorf("%s graph: a label has a number with 9 or more decimals: %s", kind, regexp.MustCompile(`\d\.\d{9,}`).Find(dot))
		}
	}
}

func TestGraphDOTNamesEachGradientsNode(t *testing.T) {
	for _, kind := range Graphs() {
		_, dot := graphDOT(t, kind, NewTrainingNetOf)
		for _, w := range ZeroParams(NotebookConfig(100)).Trainable() {
			if !bytes.Contains(dot, []byte("∂loss/∂"+w.Name)) {
				t.Errorf("%s graph: no node labelled as the gradient of %s", kind, w.Name)
			}
		}
	}
}

func TestLayersDOTDrawsOneBoxPerKerasLayer(t *testing.T) {
	c := NotebookConfig(100)
	dot, err := LayersDOT(c)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := LayersDOT(c)
	if !bytes.Equal(dot, again) {
		t.Error("two calls give different DOT")
	}
	text := string(dot)
	if got := strings.Count(text, "[label=<"); got != 15 {
		t.Errorf("%d boxes, want 15 (input, 6 Dense, 4 BatchNormalization, 4 LeakyReLU)", got)
	}
	if !strings.Contains(text, "rankdir=TB") {
		t.Error("not laid out top to bottom")
	}
	for _, want := range []string{
		"<b>encoder_1</b>: Dense</td></tr><tr><td>input:</td><td>(None, 100)</td></tr><tr><td>output:</td><td>(None, 200)</td></tr><tr><td colspan=\"2\">20,200 params",
		"<b>encoder_1/norm</b>: BatchNormalization", "800 params (400 non-trainable)",
		"<b>decoder_2/act</b>: LeakyReLU", "<b>input</b>: InputLayer",
		"subgraph cluster_encoder", "subgraph cluster_decoder",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("layers view lacks %q", want)
		}
	}
	// The bottleneck ends the encoder's cluster; decoder_1 starts the
	// decoder's.
	enc := text[strings.Index(text, "cluster_encoder"):strings.Index(text, "cluster_decoder")]
	if !strings.Contains(enc, "<b>bottleneck</b>") || strings.Contains(enc, "<b>decoder_1</b>") {
		t.Error("the encoder cluster does not end at the bottleneck")
	}
	renderDOT(t, dot)
}

func TestLayersDOTFollowsTheConfig(t *testing.T) {
	c := Config{Inputs: 100, Hidden: []int{200, 100, 50}, Bottleneck: 25, Dtype: NotebookConfig(1).Dtype}
	dot, err := LayersDOT(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(dot), "[label=<"); got != 1+8+6+6 {
		t.Errorf("%d boxes, want %d", got, 1+8+6+6)
	}
	if !bytes.Contains(dot, []byte("<b>bottleneck</b>: Dense</td></tr><tr><td>input:</td><td>(None, 50)</td></tr><tr><td>output:</td><td>(None, 25)")) {
		t.Error("no bottleneck box of 50 → 25")
	}
	if _, err := LayersDOT(Config{}); err == nil {
		t.Error("an invalid config was drawn")
	}
}

// TestLayersDOTChainsEachLayerToTheNext: plot_model draws one arrow from
// each layer to the next, the first from the input box and the last into
// the output Dense; the notebook's 15 boxes take exactly 14 arrows.
func TestLayersDOTChainsEachLayerToTheNext(t *testing.T) {
	dot, err := LayersDOT(NotebookConfig(100))
	if err != nil {
		t.Fatal(err)
	}
	text := string(dot)
	edges := regexp.MustCompile(`(?m)^\tl(\d+) -> l(\d+);$`).FindAllStringSubmatch(text, -1)
	if len(edges) != 14 {
		t.Fatalf("%d arrows, want 14: %q", len(edges), edges)
	}
	for i, e := range edges {
		if want := []string{strconv.Itoa(i), strconv.Itoa(i + 1)}; e[1] != want[0] || e[2] != want[1] {
			t.Errorf("arrow %d is l%s -> l%s, want l%s -> l%s", i+1, e[1], e[2], want[0], want[1])
		}
	}
	for id, name := range map[int]string{0: "input", 1: "encoder_1", 14: "output"} {
		if !regexp.MustCompile(`\tl` + strconv.Itoa(id) + ` \[label=<[^\n]*<b>` + name + `</b>`).MatchString(text) {
			t.Errorf("box l%d is not the %s layer", id, name)
		}
	}
}

func TestTrainingGraphDOTIsTheTrainingNetsView(t *testing.T) {
	for _, kind := range Graphs() {
		_, want := graphDOT(t, kind, NewTrainingNetOf)
		got, err := TrainingGraphDOT(kind, NotebookConfig(100), 16)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: TrainingGraphDOT differs from the training net's WriteDOT", kind)
		}
		if !bytes.Contains(got, []byte(kind.String()+" graph, training mode, batch 16")) {
			t.Errorf("%s: the title does not name the graph, mode and batch", kind)
		}
	}
	if _, err := TrainingGraphDOT(Stock, Config{}, 16); err == nil {
		t.Error("an invalid config was drawn")
	}
}

// TestStockGraphNamesEveryForwardNodeItBuilds checks that graph.dot refers
// to each node of the stock net's forward pass by a name saying what it is
// (encoder_1/norm/centred_squared), not by Gorgonia's %hex ID, except for
// the nodes inside gorgonia.Mean, which the graph cannot name: those all
// lie between the loss and the squared errors it averages.
func TestStockGraphNamesEveryForwardNodeItBuilds(t *testing.T) {
	n, _ := graphDOT(t, Stock, NewTrainingNetOf)
	reaches := func(from *G.Node, name string) bool {
		seen := map[*G.Node]bool{}
		var walk func(*G.Node) bool
		walk = func(x *G.Node) bool {
			if seen[x] {
				return false
			}
			seen[x] = true
			if x.Name() == name {
				return true
			}
			for _, c := range children(n.Graph, x) {
				if walk(c) {
					return true
				}
			}
			return false
		}
		return walk(from)
	}
	forward := map[*G.Node]bool{}
	var walk func(*G.Node)
	walk = func(x *G.Node) {
		if forward[x] {
			return
		}
		forward[x] = true
		for _, c := range children(n.Graph, x) {
			walk(c)
		}
	}
	walk(n.Loss)
	for x := range forward {
		if !named(n.Graph, x) && !reaches(x, "loss/squared_error") {
			label, _ := n.dotLabel(x)
			t.Errorf("forward node %s has no name: %q", n.dotRef(x), label)
		}
	}
}

// programListing returns the IDs of the nodes to which the program that the
// net's machine runs (compile, as newTape calls it) gives instructions, read
// from the program's own listing ("\t<index>\t<hex ID>:\t<instruction>").
func programListing(t *testing.T, n *Net) map[int64]bool {
	t.Helper()
	prog, _, err := compile(G.Compile, G.CompileFunction, n.Graph, n.outputs)
	if err != nil {
		t.Fatal(err)
	}
	listing := fmt.Sprint(prog)
	ran := map[int64]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\t\d+\t([0-9a-f]+):\t(.+)$`).FindAllStringSubmatch(listing, -1) {
		id, err := strconv.ParseInt(m[1], 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		ran[id] = true
	}
	if len(ran) == 0 {
		t.Fatalf("no node in the program's listing:\n%s", listing)
	}
	return ran
}

// TestGraphDOTDashesTheNodesTheProgramNeverComputes checks that the nodes
// drawn dashed and grey are exactly those to which the compiled program
// gives no instruction: 39 gradients of the stock training graph, none of a
// fused graph or of a graph without gradients; that the edges into them
// are dashed too, and that the title says what they are.
func TestGraphDOTDashesTheNodesTheProgramNeverComputes(t *testing.T) {
	dashedNode := regexp.MustCompile(`(?m)^\t+n(\d+) \[label=.*, ` + idleNodeStyle + `\];$`)
	edge := regexp.MustCompile(`(?m)^\tn(\d+) -> n(\d+)(?: \[(.*)\])?;$`)
	for _, kind := range Graphs() {
		for _, b := range netBuilders {
			n, dot := graphDOT(t, kind, b.build)
			ran := programListing(t, n)
			dashed := map[int64]bool{}
			for _, m := range dashedNode.FindAllSubmatch(dot, -1) {
				id, _ := strconv.ParseInt(string(m[1]), 10, 64)
				dashed[id] = true
			}
			for _, node := range n.Graph.AllNodes() {
				if dashed[node.ID()] == ran[node.ID()] {
					label, _ := n.dotLabel(node)
					t.Errorf("%s %s graph: node %d %q: in the program %v, dashed %v", kind, b.name, node.ID(), label, ran[node.ID()], dashed[node.ID()])
				}
				if dashed[node.ID()] && !n.isBackward(node) {
					t.Errorf("%s %s graph: forward node %d dashed", kind, b.name, node.ID())
				}
			}
			want := 0
			if kind == Stock && b.name == "training" {
				want = 39
			}
			if len(dashed) != want {
				t.Errorf("%s %s graph: %d nodes dashed, want %d", kind, b.name, len(dashed), want)
			}
			note := fmt.Sprintf("dashed grey: %d of the graph's %d nodes, which the compiled program never computes", want, len(n.Graph.AllNodes()))
			if got := bytes.Contains(dot, []byte(note)); got != (want > 0) {
				t.Errorf("%s %s graph: the title notes %q: %v, want %v", kind, b.name, note, got, want > 0)
			}
			// An edge is dashed where it runs into a dashed node (or,
			// drawn reversed, out of one); no computed node reads one.
			for _, m := range edge.FindAllStringSubmatch(string(dot), -1) {
				from, _ := strconv.ParseInt(m[1], 10, 64)
				to, _ := strconv.ParseInt(m[2], 10, 64)
				reader := to
				if strings.Contains(m[3], "dir=back") {
					reader = from
				}
				if strings.Contains(m[3], idleEdgeStyle) != dashed[reader] {
					t.Errorf("%s %s graph: edge %s styled %q", kind, b.name, m[0], m[3])
				}
				if src := from + to - reader; dashed[src] && !dashed[reader] {
					t.Errorf("%s %s graph: computed node %d reads dashed node %d", kind, b.name, reader, src)
				}
			}
		}
	}
}

// TestGraphDOTLabelsEndWithTheShape checks that every node's label ends
// with its shape, the constants' too: ones (batch × 1), 1/B and −1/B
// (1 × batch), the scalars "scalar". Reads, which copy a value out, have
// no shape of their own.
func TestGraphDOTLabelsEndWithTheShape(t *testing.T) {
	for _, kind := range Graphs() {
		n, _ := graphDOT(t, kind, NewTrainingNetOf)
		constants := 0
		for _, node := range n.Graph.AllNodes() {
			if isReadNode(node) {
				continue
			}
			want := "scalar"
			if s := node.Shape(); len(s) > 0 {
				want = strings.ReplaceAll(strings.Trim(fmt.Sprint([]int(s)), "[]"), " ", "×")
				want = "(" + want + ")"
			}
			label, _ := n.dotLabel(node)
			if !strings.HasSuffix(label, "\n"+want) {
				t.Errorf("%s graph: node %d labelled %q, which does not end with its shape %s", kind, node.ID(), label, want)
			}
			if isConstantNode(n.Graph, node) {
				constants++
			}
		}
		if kind == Stock && constants == 0 {
			t.Errorf("%s graph: no constant", kind)
		}
	}
	n, _ := graphDOT(t, Stock, NewTrainingNetOf)
	for _, node := range n.Graph.AllNodes() {
		label, _ := n.dotLabel(node)
		for name, shape := range map[string]string{"ones": "(16×1)", "1/B": "(1×16)", "−1/B": "(1×16)"} {
			if node.Name() == name && (!strings.HasPrefix(label, name+"\n") || !strings.HasSuffix(label, "\n"+shape)) {
				t.Errorf("constant %s labelled %q, want its shape %s", name, label, shape)
			}
		}
	}
}

// TestGraphDOTTitleSaysAdamUpdatesTheWeights checks that the title of a
// training graph, of either kind, says that Adam updates the weights
// outside the graph with the gradients read from it, and that the title of
// a graph without gradients does not.
func TestGraphDOTTitleSaysAdamUpdatesTheWeights(t *testing.T) {
	title := regexp.MustCompile(`(?m)^\tgraph \[.*label="(.*)", labelloc=t`)
	for _, kind := range Graphs() {
		for _, b := range netBuilders {
			_, dot := graphDOT(t, kind, b.build)
			m := title.FindSubmatch(dot)
			if m == nil {
				t.Fatalf("%s %s graph: no title", kind, b.name)
			}
			want := b.name == "training"
			got := bytes.Contains(m[1], []byte(`\nAdam (package training) updates the weights outside the graph: after each run it reads the ∂loss/∂weight nodes' values`))
			if got != want {
				t.Errorf("%s %s graph: the title %q says that Adam updates the weights: %v, want %v", kind, b.name, m[1], got, want)
			}
		}
	}
}

// dotStatement is a node statement of a DOT view: the node's identifier,
// label and the cluster it sits in ("" for none).
type dotStatement struct{ id, label, cluster string }

// parseDOT returns the node statements and the edges (tail, head) of a
// view written by WriteDOT.
func parseDOT(t *testing.T, dot []byte) (nodes map[string]dotStatement, edges [][2]string) {
	t.Helper()
	nodeRE := regexp.MustCompile(`^\t+(n[0-9a-z_]+) \[label="((?:[^"\\]|\\.)*)", .*\];$`)
	edgeRE := regexp.MustCompile(`^\t(n[0-9a-z_]+) -> (n[0-9a-z_]+)(?: \[.*\])?;$`)
	openRE := regexp.MustCompile(`^\t+subgraph (cluster_[a-z_0-9]+) \{$`)
	nodes = map[string]dotStatement{}
	var open []string
	for _, line := range strings.Split(string(dot), "\n") {
		if m := openRE.FindStringSubmatch(line); m != nil {
			open = append(open, m[1])
		} else if strings.TrimLeft(line, "\t") == "}" && len(open) > 0 {
			open = open[:len(open)-1]
		} else if m := nodeRE.FindStringSubmatch(line); m != nil {
			s := dotStatement{id: m[1], label: m[2]}
			if len(open) > 0 {
				s.cluster = open[len(open)-1]
			}
			if _, dup := nodes[s.id]; dup {
				t.Fatalf("node %s declared twice", s.id)
			}
			nodes[s.id] = s
		} else if m := edgeRE.FindStringSubmatch(line); m != nil {
			edges = append(edges, [2]string{m[1], m[2]})
		}
	}
	return nodes, edges
}

// TestGraphDOTDrawsASharedConstantInEachClusterThatReadsIt checks that a
// constant read in several clusters (ones, 1/B, −1/B, ε, α...) is drawn in
// each of them, with the same label, and feeds only the nodes of its own
// cluster, so that no edge runs from a constant across the graph: every
// node statement sits in a cluster, every edge joins declared nodes, and
// each of the graph's edges is drawn once.
func TestGraphDOTDrawsASharedConstantInEachClusterThatReadsIt(t *testing.T) {
	for _, kind := range Graphs() {
		for _, b := range netBuilders {
			n, dot := graphDOT(t, kind, b.build)
			nodes, edges := parseDOT(t, dot)
			want := 0
			for _, node := range n.Graph.AllNodes() {
				want += len(children(n.Graph, node))
			}
			if len(edges) != want {
				t.Errorf("%s %s graph: %d edges drawn, the graph has %d", kind, b.name, len(edges), want)
			}
			for _, s := range nodes {
				if s.cluster == "" {
					t.Errorf("%s %s graph: node %s %q outside the clusters", kind, b.name, s.id, s.label)
				}
			}
			copies := 0
			for _, e := range edges {
				from, ok1 := nodes[e[0]]
				to, ok2 := nodes[e[1]]
				if !ok1 || !ok2 {
					t.Fatalf("%s %s graph: edge %s -> %s to an undeclared node", kind, b.name, e[0], e[1])
				}
				if strings.Contains(from.id, "_") || strings.Contains(to.id, "_") {
					copies++
					if from.cluster != to.cluster {
						t.Errorf("%s %s graph: the copy of a constant feeds edge %s (%s) -> %s (%s) across clusters", kind, b.name, from.id, from.cluster, to.id, to.cluster)
					}
				}
			}
			shared := 0
			for _, node := range n.Graph.AllNodes() {
				if _, ok := n.dotCluster(node); ok {
					if _, drawn := nodes[fmt.Sprintf("n%d", node.ID())]; !drawn {
						t.Errorf("%s %s graph: node %d not drawn", kind, b.name, node.ID())
					}
					continue
				}
				shared++
				label, _ := n.dotLabel(node)
				clusters := map[string]bool{}
				for _, c := range consumers(n.Graph, node) {
					clusters[nodes[fmt.Sprintf("n%d", c.ID())].cluster] = true
				}
				drawn := map[string]bool{}
				for _, s := range nodes {
					if strings.HasPrefix(s.id, fmt.Sprintf("n%d_", node.ID())) {
						drawn[s.cluster] = true
						if s.label != quote(label)[1:len(quote(label))-1] {
							t.Errorf("%s %s graph: copy %s of %s labelled %q", kind, b.name, s.id, node.Name(), s.label)
						}
					}
				}
				if len(clusters) < 2 || !maps.Equal(drawn, clusters) {
					t.Errorf("%s %s graph: constant %s drawn in %v, read in %v", kind, b.name, node.Name(), drawn, clusters)
				}
			}
			if kind == Stock && b.name == "training" && (shared != 8 || copies != 72) {
				t.Errorf("%s %s graph: %d shared constants with %d edges, want 8 and 72", kind, b.name, shared, copies)
			}
		}
	}
}
