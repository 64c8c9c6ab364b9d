package plots

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// ErrNoGraphviz is returned by SVG when Graphviz's dot is not
// on PATH.
var ErrNoGraphviz = errors.New("graphviz's dot is not installed")

// SVG renders a DOT graph as SVG with Graphviz's dot, which must be on PATH
// (ErrNoGraphviz otherwise), and returns the SVG. Any warning dot prints is
// returned as an error. Cancelling ctx kills dot; a Ctrl-C at the terminal
// does not (on Unix dot runs in a process group of its own).
func SVG(ctx context.Context, dot []byte) ([]byte, error) {
	bin, err := exec.LookPath("dot")
	if err != nil {
		return nil, ErrNoGraphviz
	}
	cmd := exec.CommandContext(ctx, bin, "-Tsvg")
	ownProcessGroup(cmd)
	cmd.Stdin = bytes.NewReader(dot)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("dot: %w", ctx.Err())
		}
		return nil, fmt.Errorf("dot: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	if stderr.Len() > 0 {
		return nil, fmt.Errorf("dot warns: %s", bytes.TrimSpace(stderr.Bytes()))
	}
	return out.Bytes(), nil
}
