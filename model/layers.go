package model

import (
	"sort"

	G "gorgonia.org/gorgonia"
)

// KerasLayer is one layer of the model as Keras lists it in model.summary()
// and draws it in plot_model: the input, and for each Dense layer of
// Config.Layers() the Dense itself and, where it is normalised, its
// BatchNormalization and LeakyReLU.
type KerasLayer struct {
	// Name is the layer's name in this package: "input", the Dense layer's
	// name ("encoder_1", ..., "bottleneck", ..., "output"), or that name
	// followed by "/norm" or "/act". Weights are named after their layer
	// ("encoder_1/kernel", "encoder_1/norm/gamma") and graph nodes belong
	// to one layer each.
	Name string
	// Type is the Keras class: InputLayer, Dense, BatchNormalization or
	// LeakyReLU.
	Type string
	// In and Out are the widths of the layer's input and output: shapes
	// (None, In) and (None, Out), None being the batch. The input layer
	// has In = Out.
	In, Out int
	// Params is the number of weights (Keras's Param #); NonTrainable of
	// them are not trained (BatchNormalization's moving mean and variance).
	Params, NonTrainable int
	// Decoder tells the decoder's layers (after the bottleneck) from the
	// encoder's (input to bottleneck).
	Decoder bool
}

// KerasLayers lists c's layers in model order, as Keras's model.summary()
// does: 15 for the notebook's model. c must be valid.
func (c Config) KerasLayers() []KerasLayer {
	out := []KerasLayer{{Name: "input", Type: "InputLayer", In: c.Inputs, Out: c.Inputs}}
	enc := c.EncoderLayers()
	for i, l := range c.Layers() {
		dec := i >= enc
		out = append(out, KerasLayer{Name: l.Name, Type: "Dense", In: l.In, Out: l.Out, Params: l.In*l.Out + l.Out, Decoder: dec})
		if l.Norm {
			out = append(out,
				KerasLayer{Name: l.Name + "/norm", Type: "BatchNormalization", In: l.Out, Out: l.Out, Params: 4 * l.Out, NonTrainable: 2 * l.Out, Decoder: dec},
				KerasLayer{Name: l.Name + "/act", Type: "LeakyReLU", In: l.Out, Out: l.Out, Decoder: dec})
		}
	}
	return out
}

// beginLayer ends the layer being built and starts the named one: nodes
// added to the graph from now on belong to it.
func (n *Net) beginLayer(name string) {
	n.endLayer()
	n.layer = name
}

// endLayer assigns the nodes added since the last call to the layer being
// built.
func (n *Net) endLayer() {
	next := n.next
	for _, node := range n.Graph.AllNodes() {
		id := node.ID()
		if id < n.next {
			continue
		}
		if _, ok := n.layerOf[id]; !ok && n.layer != "" {
			n.layerOf[id] = n.layer
		}
		next = max(next, id+1)
	}
	n.next = next
	n.layer = ""
}

// assignBackwardLayers assigns each node that gorgonia.Grad added to the
// layer whose derivative it is part of. A gradient of a node X belongs to
// the layer that consumes X in the forward pass (the gradient of a Dense
// layer's output is computed by the BatchNormalization after it), or to X's
// own layer if nothing consumes it (the loss); any other node goes with the
// backward node that consumes it, or failing that with its first input.
func (n *Net) assignBackwardLayers() {
	g := n.Graph
	var added []*G.Node
	for _, node := range g.AllNodes() {
		if _, ok := n.layerOf[node.ID()]; !ok {
			added = append(added, node)
		}
	}
	// Consumers are added after what they consume: go from the last.
	sort.Slice(added, func(i, j int) bool { return added[i].ID() > added[j].ID() })
	forward := func(id int64) bool { return id < n.next }
	for _, node := range added {
		layer, ok := "", false
		if of := node.DerivOf(); len(of) > 0 {
			x := of[0]
			layer, ok = n.layerOf[x.ID()]
			for _, c := range consumers(g, x) {
				if forward(c.ID()) {
					layer, ok = n.layerOf[c.ID()], true
					break
				}
			}
		}
		if !ok {
			for _, c := range consumers(g, node) {
				if layer, ok = n.layerOf[c.ID()]; ok {
					break
				}
			}
		}
		if ok {
			n.layerOf[node.ID()] = layer
		}
	}
	// What nothing consumes (the gradients of inputs gorgonia.Grad does
	// not return, such as a constant's) goes with its first input; inputs
	// come first.
	for i := len(added) - 1; i >= 0; i-- {
		node := added[i]
		if _, ok := n.layerOf[node.ID()]; ok {
			continue
		}
		for _, c := range children(g, node) {
			if layer, ok := n.layerOf[c.ID()]; ok {
				n.layerOf[node.ID()] = layer
				break
			}
		}
	}
}

// consumers returns the nodes that take x as an input, in ID order.
func consumers(g *G.ExprGraph, x *G.Node) []*G.Node {
	var out []*G.Node
	it := g.To(x.ID())
	for it.Next() {
		out = append(out, it.Node().(*G.Node))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return out
}

// children returns x's inputs in order.
func children(g *G.ExprGraph, x *G.Node) []*G.Node {
	var out []*G.Node
	it := g.From(x.ID())
	for it.Next() {
		out = append(out, it.Node().(*G.Node))
	}
	return out
}
