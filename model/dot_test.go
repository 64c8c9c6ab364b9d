package model

import (
	"bytes"
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
// node in one, except the constants that several layers share.
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
