package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
	"github.com/gorgonia-ae/autoencoder/internal/codes"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/plots"
	"github.com/gorgonia-ae/autoencoder/training"
)

// Files a training run writes into -out (graph.dot may go elsewhere, with
// -dot).
const (
	historyFile   = "history.csv"    // epoch,loss,val_loss
	encoderFile   = "encoder.npz"    // the encoder, its BatchNorm statistics, the scaler, the architecture
	modelFile     = "model.npz"      // the same for the whole model; -init reads it
	testCodesFile = "codes_test.csv" // the test rows' codes, as `encode` computes them
	layersFile    = "layers.dot"     // the model's Keras layers, as plot_model draws them
	summaryFile   = "summary.txt"    // Keras's model.summary()
)

// trainOutputs lists every file train writes into -out.
var trainOutputs = []string{historyFile, "loss.png", "loss.svg", summaryFile, layersFile, "layers.svg", "graph.dot", "graph.svg",
	encoderFile, modelFile, testCodesFile}

// modelViews are the run's views of its model, made before training so
// that a failure to build them costs no training: Keras's summary, the
// layers as plot_model draws them, and the full training graph, with their
// SVG renderings once render has started them.
type modelViews struct {
	summary             string
	layers, graph       []byte
	layersSVG, graphSVG *svgRendering
	stopRendering       context.CancelFunc
}

func newModelViews(spec training.Spec, batch int) (*modelViews, error) {
	var v modelViews
	var err error
	if v.summary, err = model.Summary(spec.Model); err != nil {
		return nil, err
	}
	if v.layers, err = model.LayersDOT(spec.Model); err != nil {
		return nil, err
	}
	if v.graph, err = model.TrainingGraphDOT(spec.Graph, spec.Model, batch); err != nil {
		return nil, fmt.Errorf("training graph: %w", err)
	}
	return &v, nil
}

// render starts rendering the two DOT views as SVG with Graphviz, in the
// background: Graphviz takes about 0.1 s for the fused graph and 1-2 s for
// the stock graph's hundreds of nodes, which on a machine with a second
// core then pass while the run trains instead of after it. stop ends them.
func (v *modelViews) render() {
	ctx, cancel := context.WithCancel(context.Background())
	v.stopRendering = cancel
	v.layersSVG = renderSVG(ctx, v.layers)
	v.graphSVG = renderSVG(ctx, v.graph)
}

// stop kills the renderings that are still running and waits for them.
func (v *modelViews) stop() {
	if v.stopRendering == nil {
		return
	}
	v.stopRendering()
	v.layersSVG.wait()
	v.graphSVG.wait()
}

// svgRendering is a DOT view being rendered as SVG in the background.
type svgRendering struct {
	done chan struct{}
	svg  []byte
	err  error
}

// renderSVG starts rendering dot as SVG (plots.SVG); cancelling ctx kills
// Graphviz.
func renderSVG(ctx context.Context, dot []byte) *svgRendering {
	r := &svgRendering{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.svg, r.err = plots.SVG(ctx, dot)
	}()
	return r
}

// wait returns the rendering's SVG once Graphviz has finished.
func (r *svgRendering) wait() ([]byte, error) {
	<-r.done
	return r.svg, r.err
}

// writeFinished writes what the run's finished epochs produced: history.csv,
// loss.png, loss.svg, the model's views (summary.txt, layers.dot and the
// training graph, with their SVG renderings when Graphviz is installed) and,
// from the weights at the end of the last finished epoch, encoder.npz,
// model.npz and codes_test.csv. It returns a line that says what it wrote
// where, "" when the run finished no epoch: then nothing is written, so a
// failed run leaves an earlier run's files as they were. Each file is
// written to a temporary file and renamed.
func (t *trainer) writeFinished(res training.Result, data *dataset.Data, views *modelViews, env *Env) (string, error) {
	if res.History.Len() == 0 || res.Finished == nil {
		return "", nil
	}
	if err := writeHistory(t.out, res.History); err != nil {
		return "", err
	}
	if err := atomicfile.WriteBytes(filepath.Join(t.out, summaryFile), []byte(views.summary)); err != nil {
		return "", err
	}
	if err := saveTrained(t.out, res.Finished, data.Scaler, data.Test); err != nil {
		return "", err
	}
	names := []string{historyFile, "loss.png", "loss.svg", summaryFile, encoderFile, modelFile, testCodesFile}
	layers, err := writeDOT(views.layers, views.layersSVG, filepath.Join(t.out, layersFile), env)
	if err != nil {
		return "", err
	}
	graph, err := writeDOT(views.graph, views.graphSVG, t.dotPath(), env)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s in %s; the layers in %s; the training graph in %s", strings.Join(names, ", "), t.out, layers, graph), nil
}

// writeHistory writes history.csv, loss.png and loss.svg into dir.
func writeHistory(dir string, h training.History) error {
	if err := atomicfile.WriteFile(filepath.Join(dir, historyFile), h.WriteCSV); err != nil {
		return err
	}
	p, err := plots.Loss(h.EpochNumbers(), h.Loss(), h.ValLoss())
	if err != nil {
		return err
	}
	for _, name := range []string{"loss.png", "loss.svg"} {
		if err := plots.Save(p, filepath.Join(dir, name), 6.4*vg.Inch, 4.8*vg.Inch); err != nil {
			return err
		}
	}
	return nil
}

// saveTrained writes the trained weights p and the scaler fitted on the
// training rows into dir as encoder.npz and model.npz (see package
// checkpoint), and the codes of the scaled test rows, [nTest, bottleneck]
// in split order, as codes_test.csv: what `encode -encoder encoder.npz`
// gives for the raw test rows (X_test.csv of the data command), to the last
// bit.
func saveTrained(dir string, p *model.Params, scaler *dataset.MinMaxScaler, test dataset.Matrix) error {
	for _, f := range []struct {
		name string
		part checkpoint.Part
	}{{encoderFile, checkpoint.Encoder}, {modelFile, checkpoint.Model}} {
		saved := checkpoint.Saved{Part: f.part, Params: p, Scaler: scaler}
		if err := checkpoint.SaveNPZ(filepath.Join(dir, f.name), saved); err != nil {
			return err
		}
	}
	return atomicfile.WriteFile(filepath.Join(dir, testCodesFile), func(w io.Writer) error {
		return codes.WriteCSV(w, p, nil, test)
	})
}

// svgPath is where the rendering of a DOT file goes.
func svgPath(dot string) string { return strings.TrimSuffix(dot, filepath.Ext(dot)) + ".svg" }

// writeDOT writes a DOT view to path and, when Graphviz is installed, its
// rendering (r, of dot) as SVG next to it. It says what it wrote, and why
// the SVG is missing when it is. An SVG it cannot write is removed, so that
// an earlier run's rendering of another graph does not stay beside the new
// DOT file.
func writeDOT(dot []byte, r *svgRendering, path string, env *Env) (string, error) {
	if err := atomicfile.WriteBytes(path, dot); err != nil {
		return "", err
	}
	svg := svgPath(path)
	rendered, err := r.wait()
	if err == nil {
		err = atomicfile.WriteBytes(svg, rendered)
	}
	if err == nil {
		return fmt.Sprintf("%s and %s", path, filepath.Base(svg)), nil
	}
	why := "failed"
	if errors.Is(err, plots.ErrNoGraphviz) {
		why = "skipped: Graphviz's dot is not installed"
	} else {
		env.Warnf("render %s: %v", svg, err)
	}
	switch rmErr := os.Remove(svg); {
	case rmErr == nil:
		why += "; the older one removed"
	case !errors.Is(rmErr, fs.ErrNotExist):
		env.Warnf("remove the older %s: %v", svg, rmErr)
	}
	return fmt.Sprintf("%s (%s %s)", path, filepath.Base(svg), why), nil
}
