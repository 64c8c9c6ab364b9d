// Command bigdata is bench/bigdata.sh's helper. It loads a table with
// package dataset and reports the time and the process's peak memory, runs
// the low-copy pipeline that the CLI uses (load, split by permuting
// rows in place, scale in place, optionally train on the views), and
// converts a CSV table to .npy for the script.
//
// Usage:
//
//	bigdata load [-label COL] [-labels FILE] FILE
//	bigdata pipeline [-label COL] [-test-size F] [-split-seed N] [-epochs N [-val]] FILE
//	bigdata npy [-dtype f8|f4] [-fortran] IN.csv OUT.npy
//
// Each prints one line per phase: its wall time and the peak RSS so far.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/training"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bigdata:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("usage: bigdata load|pipeline|npy ... (see the source)")
	}
	fs := flag.NewFlagSet("bigdata "+args[0], flag.ContinueOnError)
	label := fs.String("label", "", "label column (name or 0-based index)")
	labels := fs.String("labels", "", "labels file")
	testSize := fs.Float64("test-size", dataset.NotebookTestSize, "test_size of train_test_split")
	splitSeed := fs.Uint("split-seed", dataset.NotebookSplitSeed, "random_state of train_test_split")
	epochs := fs.Int("epochs", 0, "epochs to train on the views after the split (0: none)")
	slack := fs.Int("slack", 64, "pipeline: MiB of Go heap allowed beyond the matrix before the collector must run (debug.SetMemoryLimit); 0 leaves GOGC alone")
	val := fs.Bool("val", false, "validate on the test rows after each epoch, as the program does (training.Run: one batch of all of them)")
	dtype := fs.String("dtype", "f8", "npy: f8 or f4")
	fortran := fs.Bool("fortran", false, "npy: Fortran order")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	opt := dataset.ReadOptions{Label: *label, LabelFile: *labels}
	switch args[0] {
	case "load":
		if fs.NArg() != 1 {
			return fmt.Errorf("load takes one file")
		}
		_, err := load(fs.Arg(0), opt)
		return err
	case "pipeline":
		if fs.NArg() != 1 {
			return fmt.Errorf("pipeline takes one file")
		}
		return pipeline(fs.Arg(0), opt, *testSize, uint32(*splitSeed), *epochs, *val, *slack)
	case "npy":
		if fs.NArg() != 2 {
			return fmt.Errorf("npy takes IN.csv OUT.npy")
		}
		return toNPY(fs.Arg(0), fs.Arg(1), *dtype, *fortran)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// phase prints how long a phase took and the peak RSS so far.
func phase(what string, since time.Time) {
	fmt.Printf("%-44s %7.2f s   peak RSS %5.0f MiB\n", what, time.Since(since).Seconds(), peakMiB())
}

func load(path string, opt dataset.ReadOptions) (dataset.Table, error) {
	t0 := time.Now()
	t, err := dataset.ReadFile(path, opt)
	if err != nil {
		return t, err
	}
	phase(fmt.Sprintf("load %d x %d", t.X.Rows, t.X.Cols), t0)
	return t, nil
}

// pipeline is what the CLI should do with a big file: no copy of the
// matrix from the load to the training loop.
func pipeline(path string, opt dataset.ReadOptions, testSize float64, seed uint32, epochs int, val bool, slack int) error {
	t, err := load(path, opt)
	if err != nil {
		return err
	}
	// The heap is now mostly the matrix: keep the garbage collector from
	// letting the heap double before it collects (GOGC=100 would allow
	// another 800 MB of garbage on a million rows). Collections stay cheap:
	// the matrix holds no pointers, so marking does not scan it.
	if slack > 0 {
		debug.SetMemoryLimit(int64(len(t.X.Data)*8) + int64(slack)<<20)
	}

	t0 := time.Now()
	perm, nTest, err := dataset.TrainTestOrder(t.X.Rows, testSize, seed)
	if err != nil {
		return err
	}
	if err := dataset.PermuteRows(t.X, perm); err != nil {
		return err
	}
	if t.Labels != nil {
		if err := dataset.Permute(t.Labels, perm); err != nil {
			return err
		}
	}
	test, train := t.X.RowRange(0, nTest), t.X.RowRange(nTest, t.X.Rows)
	phase(fmt.Sprintf("split %d train, %d test", train.Rows, test.Rows), t0)

	t0 = time.Now()
	s, err := dataset.FitMinMaxScaler(train)
	if err != nil {
		return err
	}
	if r, c, v, found := s.FirstBeyond(test, math.MaxFloat32); found {
		line := t.Line(perm[r])
		return fmt.Errorf("%s line %d, column %d: %v scales to %v, too large for float32", path, line, c+1, test.At(r, c), v)
	}
	if err := s.TransformInPlace(t.X); err != nil {
		return err
	}
	phase("fit and scale in place", t0)
	if epochs == 0 {
		return nil
	}

	// Training on the views. training.Run evaluates all the validation rows
	// in one batch (-val), whose activations are gigabytes for 330,000
	// rows; without -val there is no validation.
	spec := training.NotebookSpec(train.Cols)
	spec.Epochs = epochs
	var valData []float64
	what := "no validation"
	if val {
		valData, what = test.Data, "validation in one batch"
	}
	t0 = time.Now()
	res, err := training.Run(context.Background(), spec, train.Data, valData, nil)
	if err != nil {
		return err
	}
	phase(fmt.Sprintf("train %d epoch(s), %s", epochs, what), t0)
	fmt.Printf("training: %.2f µs per row-epoch, loss %.6g\n", res.Wall.Seconds()/float64(train.Rows*epochs)*1e6, res.History.Epochs[len(res.History.Epochs)-1].Loss)
	runtime.KeepAlive(t)
	return nil
}

// toNPY writes the CSV table in as an .npy file.
func toNPY(in, out, dtype string, fortran bool) error {
	t, err := dataset.ReadFile(in, dataset.ReadOptions{})
	if err != nil {
		return err
	}
	if dtype == "f8" && !fortran {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		if err := dataset.WriteNPY(w, t.X); err != nil {
			f.Close()
			return err
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	size := map[string]int{"f8": 8, "f4": 4}[dtype]
	if size == 0 {
		return fmt.Errorf("-dtype %q: want f8 or f4", dtype)
	}
	m := t.X
	header := fmt.Sprintf("{'descr': '<%s', 'fortran_order': %s, 'shape': (%d, %d), }", dtype, map[bool]string{true: "True", false: "False"}[fortran], m.Rows, m.Cols)
	header += strings.Repeat(" ", 63-(10+len(header))%64) + "\n"
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	pre := append([]byte("\x93NUMPY\x01\x00"), 0, 0)
	binary.LittleEndian.PutUint16(pre[8:], uint16(len(header)))
	w.Write(pre)
	w.WriteString(header)
	var b [8]byte
	put := func(v float64) {
		if size == 8 {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		} else {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(float32(v)))
		}
		w.Write(b[:size])
	}
	if fortran {
		for j := range m.Cols {
			for i := range m.Rows {
				put(m.At(i, j))
			}
		}
	} else {
		for _, v := range m.Data {
			put(v)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
