package plots

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestSVGRendersWarnsAndStopsWhenCancelled renders a small graph, one that
// dot warns about, and one under a cancelled context.
func TestSVGRendersWarnsAndStopsWhenCancelled(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		if _, err := SVG(context.Background(), []byte("digraph { a -> b }")); !errors.Is(err, ErrNoGraphviz) {
			t.Fatalf("without dot on PATH: error %v, want ErrNoGraphviz", err)
		}
		t.Skip("Graphviz's dot is not installed")
	}
	svg, err := SVG(context.Background(), []byte("digraph { alpha -> beta }"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte(">alpha<")) || !bytes.Contains(svg, []byte(">beta<")) {
		t.Fatalf("no SVG of the two nodes in:\n%s", svg)
	}

	// dot warns about an attribute value it does not know, and still draws.
	_, err = SVG(context.Background(), []byte("digraph { a [shape=nosuchshape] }"))
	if err == nil || !strings.Contains(err.Error(), "dot warns") || !strings.Contains(err.Error(), "nosuchshape") {
		t.Fatalf("a graph dot warns about: error %v, want its warning", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SVG(ctx, []byte("digraph { a -> b }")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: error %v, want context.Canceled", err)
	}
}
