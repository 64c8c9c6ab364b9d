package model

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// kerasShape writes a layer's output shape as Keras does, the batch
// dimension being None: "(None, 200)", and "[(None, 100)]" for an input
// layer, whose output Keras lists.
func (l KerasLayer) kerasShape() string {
	s := fmt.Sprintf("(None, %d)", l.Out)
	if l.Type == "InputLayer" {
		return "[" + s + "]"
	}
	return s
}

// thousands writes n with Keras's thousands separators: 103,200.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
		s = s[1:]
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParamCounts returns c's total, trainable and non-trainable parameter
// counts, as Keras's model.summary() ends: 103,200, 102,000 and 1,200 for
// the notebook's model. c must be valid.
func (c Config) ParamCounts() (total, trainable, nonTrainable int) {
	for _, l := range c.KerasLayers() {
		total += l.Params
		nonTrainable += l.NonTrainable
	}
	return total, total - nonTrainable, nonTrainable
}

// WriteSummary writes c as Keras's model.summary() prints a model: a table
// of every layer with its name and type, output shape and parameter count,
// then the total, trainable and non-trainable parameter counts, as Keras 2
// (the notebook's) writes them: the rows' counts plain (20200), the totals
// with thousands separators (103,200). BatchNorm's
// moving mean and variance are the non-trainable ones. The layer names are
// this package's (see KerasLayer), the ones the layers view (WriteLayersDOT)
// and the weights use.
func WriteSummary(w io.Writer, c Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	layers := c.KerasLayers()
	// Keras's columns, widened to the longest entry.
	nameW, shapeW := len(" Layer (type)"), len("Output Shape")
	for _, l := range layers {
		nameW = max(nameW, len(" "+l.Name+" ("+l.Type+")"))
		shapeW = max(shapeW, len(l.kerasShape()))
	}
	nameW, shapeW = nameW+4, shapeW+4
	width := nameW + shapeW + len("Param #") + 3
	bw := bufio.NewWriter(w)
	row := func(name, shape, params string) {
		fmt.Fprintf(bw, "%-*s%-*s%s\n", nameW, name, shapeW, shape, params)
	}
	fmt.Fprintf(bw, "Model: %q\n", "autoencoder")
	fmt.Fprintln(bw, strings.Repeat("_", width))
	row(" Layer (type)", "Output Shape", "Param #")
	fmt.Fprintln(bw, strings.Repeat("=", width))
	for i, l := range layers {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		row(" "+l.Name+" ("+l.Type+")", l.kerasShape(), strconv.Itoa(l.Params)) // Keras 2 writes rows plain, the totals with commas
	}
	fmt.Fprintln(bw, strings.Repeat("=", width))
	total, trainable, fixed := c.ParamCounts()
	fmt.Fprintf(bw, "Total params: %s\n", thousands(total))
	fmt.Fprintf(bw, "Trainable params: %s\n", thousands(trainable))
	fmt.Fprintf(bw, "Non-trainable params: %s\n", thousands(fixed))
	fmt.Fprintln(bw, strings.Repeat("_", width))
	return bw.Flush()
}

// Summary returns WriteSummary's table as a string.
func Summary(c Config) (string, error) {
	var b strings.Builder
	err := WriteSummary(&b, c)
	return b.String(), err
}

// WriteLayersDOT writes c's layers in Graphviz's DOT language, as Keras's
// plot_model(model, show_shapes=True) draws them: one box per Keras layer
// with its name, type, input and output shapes and parameter count, top to
// bottom, the encoder (input to bottleneck) and the decoder each in a
// cluster of their own. The layers are those of both kinds of graph; the
// output depends on c alone.
func WriteLayersDOT(w io.Writer, c Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	total, trainable, _ := c.ParamCounts()
	fmt.Fprintf(bw, "digraph layers {\n")
	fmt.Fprintf(bw, "\tgraph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=%s];\n",
		quote(fmt.Sprintf("autoencoder %s: %s params, %s trainable", c, thousands(total), thousands(trainable))))
	fmt.Fprintf(bw, "\tnode [shape=plain, fontname=\"Helvetica\", fontsize=10];\n\tedge [color=gray30];\n")
	layers := c.KerasLayers()
	for _, part := range []struct {
		decoder bool
		name    string
	}{{false, "encoder"}, {true, "decoder"}} {
		fmt.Fprintf(bw, "\tsubgraph cluster_%s {\n\t\tlabel=%q;\n\t\tstyle=rounded;\n\t\tcolor=gray50;\n", part.name, part.name)
		for i, l := range layers {
			if l.Decoder == part.decoder {
				fmt.Fprintf(bw, "\t\tl%d [label=<%s>];\n", i, layerTable(l))
			}
		}
		fmt.Fprintf(bw, "\t}\n")
	}
	for i := 1; i < len(layers); i++ {
		fmt.Fprintf(bw, "\tl%d -> l%d;\n", i-1, i)
	}
	fmt.Fprintf(bw, "}\n")
	return bw.Flush()
}

// LayersDOT returns WriteLayersDOT's graph.
func LayersDOT(c Config) ([]byte, error) {
	var b strings.Builder
	err := WriteLayersDOT(&b, c)
	return []byte(b.String()), err
}

// layerTable is a layer's box in the layers view, as an HTML-like label:
// "name: Type", its input and output shapes, and its parameters.
func layerTable(l KerasLayer) string {
	in := fmt.Sprintf("(None, %d)", l.In)
	if l.Type == "InputLayer" {
		in = l.kerasShape()
	}
	params := thousands(l.Params) + " params"
	if l.NonTrainable > 0 {
		params += fmt.Sprintf(" (%s non-trainable)", thousands(l.NonTrainable))
	}
	colour := map[string]string{"InputLayer": "#fde8c8", "Dense": "#e8f0fe", "BatchNormalization": "#e6f4ea", "LeakyReLU": "#fef7e0"}[l.Type]
	return fmt.Sprintf(`<table border="0" cellborder="1" cellspacing="0" cellpadding="4" bgcolor="%s">`+
		`<tr><td colspan="2"><b>%s</b>: %s</td></tr>`+
		`<tr><td>input:</td><td>%s</td></tr>`+
		`<tr><td>output:</td><td>%s</td></tr>`+
		`<tr><td colspan="2">%s</td></tr></table>`,
		colour, htmlEscape(l.Name), l.Type, in, l.kerasShape(), params)
}

// htmlEscape escapes s for an HTML-like Graphviz label.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
