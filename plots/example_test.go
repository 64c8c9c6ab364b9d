package plots_test

import (
	"fmt"
	"image/png"
	"log"
	"os"
	"path/filepath"

	"gonum.org/v1/plot/vg"

	"github.com/gorgonia-ae/autoencoder/plots"
)

// The notebook's last cell: the learning curves of one training run, saved
// as a 6x4-inch PNG.
func ExampleLoss() {
	epochs := []int{1, 2, 3, 4, 5}
	loss := []float64{0.2322, 0.0333, 0.0206, 0.0162, 0.0138}    // history.history["loss"]
	valLoss := []float64{0.1685, 0.0954, 0.0501, 0.0282, 0.0182} // history.history["val_loss"]

	p, err := plots.Loss(epochs, loss, valLoss)
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "plots")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "loss.png")
	if err := plots.Save(p, path, 6*vg.Inch, 4*vg.Inch); err != nil {
		log.Fatal(err)
	}

	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %dx%d pixels\n", p.Title.Text, cfg.Width, cfg.Height)
	// Output: Loss: 576x384 pixels
}

// Input that cannot be drawn is reported, not skipped.
func ExampleLoss_mismatchedLengths() {
	_, err := plots.Loss([]int{1, 2, 3}, []float64{0.2, 0.1, 0.05}, []float64{0.1, 0.05})
	fmt.Println(err)
	// Output: loss plot: test has 2 values for 3 epochs
}

// Overlaying a Go run on a reference run: dashed training loss, solid
// validation loss, on a log axis.
func ExampleComparison() {
	epochs := []int{1, 2, 3}
	p, err := plots.Comparison("bottleneck 100", []plots.Series{
		{Label: "go train", Epochs: epochs, Y: []float64{0.23, 0.033, 0.021}, Dashed: true},
		{Label: "go val", Epochs: epochs, Y: []float64{0.17, 0.095, 0.050}},
		{Label: "keras val", Epochs: epochs, Y: []float64{0.17, 0.095, 0.050}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Title.Text, p.Y.Label.Text)

	_, err = plots.Comparison("bottleneck 100", []plots.Series{
		{Label: "go val", Epochs: epochs, Y: []float64{0.17, 0, 0.05}},
	})
	fmt.Println(err)
	// Output:
	// bottleneck 100 loss (log scale)
	// comparison "bottleneck 100": series "go val": value 0 at epoch 2 is not positive, so it has no place on a log axis
}

// Seeds of one configuration overlaid: one colour per seed, training loss
// dashed and validation loss solid.
func ExampleSeedCurves() {
	epochs := []int{1, 2, 3}
	p, err := plots.SeedCurves("bottleneck 50", []plots.Run{
		{Label: "seed 1", Epochs: epochs, Train: []float64{0.23, 0.035, 0.02}, Val: []float64{0.16, 0.093, 0.05}},
		{Label: "seed 2", Epochs: epochs, Train: []float64{0.25, 0.031, 0.02}, Val: []float64{0.15, 0.090, 0.04}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Title.Text)
	// Output: bottleneck 50
}

// Two encoded features coloured by class, next to the learning curves, in
// one SVG.
func ExampleSideBySide() {
	scatter, err := plots.Scatter2D("bottleneck codes", []float64{0.1, 0.4, 0.8, 0.9}, []float64{0.2, 0.1, 0.7, 0.9}, []int{0, 0, 1, 1})
	if err != nil {
		log.Fatal(err)
	}
	loss, err := plots.Loss([]int{1, 2}, []float64{0.2, 0.1}, []float64{0.15, 0.08})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "plots")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "both.svg")
	if err := plots.SideBySide(path, loss, scatter, 10*vg.Inch, 4*vg.Inch); err != nil {
		log.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Name(), info.Size() > 0)
	// Output: both.svg true
}
