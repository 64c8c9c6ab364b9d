package plots

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"

	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
)

// ErrNoGraphviz is returned by RenderDOT when Graphviz's dot is not on PATH.
var ErrNoGraphviz = errors.New("graphviz's dot is not installed")

// RenderDOT renders a DOT graph to SVG at path with Graphviz's dot, which
// must be on PATH (ErrNoGraphviz otherwise). Any warning dot prints is
// returned as an error.
func RenderDOT(dot []byte, path string) error {
	bin, err := exec.LookPath("dot")
	if err != nil {
		return ErrNoGraphviz
	}
	cmd := exec.Command(bin, "-Tsvg")
	cmd.Stdin = bytes.NewReader(dot)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("render %s: dot: %v: %s", path, err, bytes.TrimSpace(stderr.Bytes()))
	}
	if stderr.Len() > 0 {
		return fmt.Errorf("render %s: dot warns: %s", path, bytes.TrimSpace(stderr.Bytes()))
	}
	return atomicfile.WriteBytes(path, out.Bytes())
}
