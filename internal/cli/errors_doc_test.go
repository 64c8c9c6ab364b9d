package cli

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/internal/checkpoint"
	"github.com/gorgonia-ae/autoencoder/internal/runstate"
	"github.com/gorgonia-ae/autoencoder/training"
)

var update = flag.Bool("update", false, "rewrite docs/errors.md from the program's messages")

// errorsDoc is the table of bad inputs, relative to the package directory.
const errorsDoc = "../../docs/errors.md"

// badInput is one row of docs/errors.md: the files it needs in the working
// directory, the command line, and the exit code it must give.
type badInput struct {
	what  string            // the bad input, in words
	files map[string]string // file name -> content, written before the run
	args  []string          // the command line after "autoencoder"
	code  int
	// show lists the files whose content the table shows (small CSV files).
	show []string
	env  []string // added to the program's environment (test hooks)
}

// csvRows is a CSV file of n rows of three numeric columns under a header,
// the last column 0 or 1.
func csvRows(n int) string {
	var b strings.Builder
	b.WriteString("a,b,y\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d,%d,%d\n", i, 2*i+1, i%2)
	}
	return b.String()
}

// badInputs lists the table's rows by section, in order.
func badInputs(t *testing.T, weights map[string][]byte) []struct {
	title string
	rows  []badInput
} {
	ten := csvRows(10)
	// far.csv: column b spans 1 to 19 on the training rows, and the first
	// test row (train_test_split, test_size 0.33, random_state 1) holds 1e40
	// there, beyond float32 already and about 5.6e38 once scaled.
	test, _, err := dataset.TrainTestOrder(10, dataset.NotebookTestSize, dataset.NotebookSplitSeed)
	if err != nil {
		t.Fatal(err)
	}
	// ten.npy: the rows of ten.csv as numpy's float64 .npy.
	var npyBuf bytes.Buffer
	tenRows := dataset.NewMatrix(10, 3)
	for i := range 10 {
		copy(tenRows.Row(i), []float64{float64(i), float64(2*i + 1), float64(i % 2)})
	}
	if err := dataset.WriteNPY(&npyBuf, tenRows); err != nil {
		t.Fatal(err)
	}
	npy := npyBuf.String()
	far := strings.Split(strings.TrimSuffix(ten, "\n"), "\n")
	far[test[0]+1] = fmt.Sprintf("%d,1e40,%d", test[0], test[0]%2)
	// far64.csv: column b spans at most 0.09 on the training rows, so the
	// first test row's 1.7e308 scales beyond float64.
	far64 := []string{"a,b,y"}
	for i := range 10 {
		b := fmt.Sprintf("0.0%d", i)
		if i == test[0] {
			b = "1.7e308"
		}
		far64 = append(far64, fmt.Sprintf("%d,%s,%d", i, b, i%2))
	}
	f := func(name, content string) map[string]string { return map[string]string{name: content} }
	one := func(what, name, content string, args ...string) badInput {
		return badInput{what: what, files: f(name, content), args: args, code: 2, show: []string{name}}
	}
	train := []badInput{
		{what: "a missing file", args: []string{"-data", "missing.csv"}, code: 2},
		{what: "a directory", files: f("dir/x", ""), args: []string{"-data", "dir"}, code: 2},
		one("an empty file", "empty.csv", "", "-data", "empty.csv"),
		one("a header and no rows", "header.csv", "a,b,c\n", "-data", "header.csv"),
		one("ragged rows", "ragged.csv", "a,b,c\n1,2,3\n4,5\n", "-data", "ragged.csv"),
		one("a non-numeric cell", "text.csv", "a,b,c\n1,2,3\n4,abc,6\n", "-data", "text.csv"),
		one("a non-numeric cell on line 1, read as data", "names.csv", "x1,x2,2020\n1,2,3\n", "-data", "names.csv"),
		one("the header forced off", "header2.csv", "a,b,c\n1,2,3\n", "-data", "header2.csv", "-header=false"),
		one("an empty cell", "hole.csv", "a,b,c\n1,,3\n", "-data", "hole.csv"),
		one("a NaN cell", "nan.csv", "a,b,c\n1,2,3\n4,NaN,6\n", "-data", "nan.csv"),
		one("an infinite cell", "inf.csv", "a,b,c\n1,2,3\n4,5,-Inf\n", "-data", "inf.csv"),
		one("a number beyond float64", "big.csv", "a,b,c\n1,2,1e999\n", "-data", "big.csv"),
		one("a broken quote", "quote.csv", "a,b,c\n1,2,\"3\n", "-data", "quote.csv"),
		one("a single row", "one.csv", "a,b,c\n1,2,3\n", "-data", "one.csv"),
		{what: "a test size larger than the data", files: f("ten.csv", ten), args: []string{"-data", "ten.csv", "-test-size", "50"}, code: 2},
		{what: "a test size that leaves no training rows", files: f("ten.csv", ten), args: []string{"-data", "ten.csv", "-test-size", "10"}, code: 2},
		{what: "a test row that overflows float32 once scaled", files: f("far.csv", strings.Join(far, "\n")+"\n"), args: []string{"-data", "far.csv"}, code: 2, show: []string{"far.csv"}},
		{what: "a label name not in the header", files: f("ten.csv", ten), args: []string{"-data", "ten.csv", "-label", "class"}, code: 2},
		{what: "a label index out of range", files: f("ten.csv", ten), args: []string{"-data", "ten.csv", "-label", "3"}, code: 2},
		one("a label name without a header", "plain.csv", "1,2,0\n3,4,1\n", "-data", "plain.csv", "-label", "y"),
		one("an empty label", "nolabel.csv", "a,y\n1,0\n2,\n", "-data", "nolabel.csv", "-label", "y"),
		one("the label as the only column", "labels.csv", "y\n0\n1\n", "-data", "labels.csv", "-label", "y"),
		{what: "-label without -data", args: []string{"-label", "y"}, code: 2},
		{what: "-labels without -data", args: []string{"-labels", "y.csv"}, code: 2},
		{what: "both -label and -labels", files: f("ten.csv", ten), args: []string{"-data", "ten.csv", "-label", "y", "-labels", "ten.csv"}, code: 2},
		{what: "a missing -labels file", files: f("ten.csv", ten), args: []string{"-data", "ten.csv", "-labels", "y.csv"}, code: 2},
		{what: "fewer labels than rows", files: map[string]string{"ten.csv": ten, "y.csv": "y\n0\n1\n0\n"}, args: []string{"-data", "ten.csv", "-labels", "y.csv"}, code: 2, show: []string{"y.csv"}},
		{what: "an .npy file that is not one", files: f("rows.npy", "a,b\n1,2\n"), args: []string{"-data", "rows.npy"}, code: 2},
		{what: "a truncated .npy file", files: f("cut.npy", npy[:len(npy)-5]), args: []string{"-data", "cut.npy"}, code: 2},
		{what: "an .npy label named by its header", files: f("ten.npy", npy), args: []string{"-data", "ten.npy", "-label", "y"}, code: 2},
		{what: "-header with a .npy file", files: f("ten.npy", npy), args: []string{"-data", "ten.npy", "-header"}, code: 2},
		{what: "-data that an output would replace", files: f("run/codes_test.csv", ten), args: []string{"-data", "run/codes_test.csv", "-out", "run"}, code: 2},
	}
	flags := []badInput{
		{what: "an unknown flag", args: []string{"-epoch", "5"}, code: 2},
		{what: "a stray argument", args: []string{"data.csv"}, code: 2},
		{what: "a malformed number", args: []string{"-epochs", "ten"}, code: 2},
		{what: "-epochs out of range", args: []string{"-epochs", "0"}, code: 2},
		{what: "-batch out of range", args: []string{"-batch", "-1"}, code: 2},
		{what: "-bottleneck out of range", args: []string{"-bottleneck", "0"}, code: 2},
		{what: "-bottleneck negative", args: []string{"-bottleneck", "-5"}, code: 2},
		{what: "-lr out of range", args: []string{"-lr", "0"}, code: 2},
		{what: "-lr not a number", args: []string{"-lr", "NaN"}, code: 2},
		{what: "-lr infinite", args: []string{"-lr", "Inf"}, code: 2},
		{what: "-seed out of range", args: []string{"-seed", "4294967296"}, code: 2},
		{what: "-seed negative", args: []string{"-seed", "-1"}, code: 2},
		{what: "-verbose out of range", args: []string{"-verbose", "3"}, code: 2},
		{what: "-hidden malformed", args: []string{"-hidden", "200,x"}, code: 2},
		{what: "-hidden with a zero width", args: []string{"-hidden", "200,0"}, code: 2},
		{what: "-hidden empty", args: []string{"-hidden", ""}, code: 2},
		{what: "-dtype unknown", args: []string{"-dtype", "float16"}, code: 2},
		{what: "-graph unknown", args: []string{"-graph", "keras"}, code: 2},
		{what: "-test-size out of range", args: []string{"-test-size", "0"}, code: 2},
		{what: "-test-size neither a fraction nor a count", args: []string{"-test-size", "1.5"}, code: 2},
		{what: "-test-size written as a fraction but not below 1", args: []string{"-test-size", "1.0"}, code: 2},
		{what: "-test-size more rows than any data", args: []string{"-test-size", "2147483648"}, code: 2},
		{what: "-split-seed out of range", args: []string{"-split-seed", "-1"}, code: 2},
		{what: "-header with a bad value", args: []string{"-header=maybe"}, code: 2},
		{what: "-header without -data", args: []string{"-header"}, code: 2},
		{what: "-data empty", args: []string{"-data", ""}, code: 2},
		{what: "-patience out of range", args: []string{"-patience", "-1"}, code: 2},
	}
	outputs := []badInput{
		{what: "-out is a file", files: f("taken", "a file"), args: []string{"-out", "taken"}, code: 2},
		{what: "-out is under a file", files: f("taken", "a file"), args: []string{"-out", "taken/run"}, code: 2},
		{what: "an output name taken by a directory", files: f("run/history.csv/x", ""), args: []string{"-out", "run"}, code: 2},
		{what: "-dot names a directory", files: f("graphs/x", ""), args: []string{"-dot", "graphs"}, code: 2},
		{what: "-dot ends in a separator", args: []string{"-dot", "graphs/"}, code: 2},
		{what: "-dot under a file", files: f("taken", "a file"), args: []string{"-dot", "taken/graph.dot"}, code: 2},
		{what: "-dot ends in .svg", args: []string{"-dot", "graph.svg"}, code: 2},
		{what: "-dot names another output", args: []string{"-out", "run", "-dot", "run/history.csv"}, code: 2},
		{what: "-dot's SVG would replace another output", args: []string{"-out", "run", "-dot", "run/loss.dot"}, code: 2},
		{what: "-dot names the -data file", files: f("ten.csv", ten), args: []string{"-data", "ten.csv", "-dot", "ten.csv"}, code: 2},
	}
	files := map[string]string{}
	for name, b := range weights {
		files[name] = string(b)
	}
	w := func(what string, code int, args ...string) badInput {
		return badInput{what: what, files: files, args: args, code: code}
	}
	init := []badInput{
		w("a missing file", 2, "-data", "ten.csv", "-init", "missing.npz"),
		w("not a zip archive", 2, "-data", "ten.csv", "-init", "corrupt.npz"),
		w("a truncated .npz", 2, "-data", "ten.csv", "-init", "truncated.npz"),
		w("a damaged .npz (one byte changed)", 2, "-data", "ten.csv", "-init", "flipped.npz"),
		w("an .npz and a -bottleneck that contradicts it", 2, "-data", "ten.csv", "-init", "model.npz", "-bottleneck", "2"),
		w("an .npz and a -hidden that contradicts it", 2, "-data", "ten.csv", "-init", "model.npz", "-hidden", "4,2"),
		w("an .npz and a -dtype that contradicts it", 2, "-data", "ten.csv", "-init", "model.npz", "-dtype", "float64"),
		w("an .npz of a model for other data", 2, "-data", "ten.csv", "-init", "wide_model.npz"),
		w("an .npz with the encoder only", 2, "-data", "ten.csv", "-init", "encoder.npz"),
		w("malformed JSON", 2, "-data", "ten.csv", "-init", "syntax.json"),
		w("truncated gzip-compressed JSON", 2, "-data", "ten.csv", "-init", "truncated.json.gz"),
		w("JSON with NaN", 2, "-data", "ten.csv", "-init", "nan.json"),
		w("JSON whose values do not fill the shape", 2, "-data", "ten.csv", "-init", "short.json"),
		w("JSON of another architecture", 2, "-data", "ten.csv", "-init", "model.json", "-bottleneck", "2"),
		w("JSON with a weight beyond float32", 2, "-data", "ten.csv", "-init", "big.json"),
		w("an .npz with a negative BatchNorm variance", 2, "-data", "ten.csv", "-init", "negative.npz"),
		w("a CSV file", 2, "-data", "ten.csv", "-init", "ten.csv"),
		w("a run's saved state", 2, "-data", "ten.csv", "-init", "state.npz"),
	}
	state := func(what, name string, args ...string) badInput {
		in := withFile(files, "run/state.npz", files[name])
		return badInput{what: what, files: in, args: append([]string{"-resume", "-out", "run"}, args...), code: 2}
	}
	resume := []badInput{
		{what: "no saved run in -out", args: []string{"-resume", "-out", "run"}, code: 2},
		state("a truncated state", "state_truncated.npz"),
		state("a damaged state (one byte changed)", "state_flipped.npz"),
		state("a weight file in place of the state", "model.npz"),
		state("a flag that contradicts the saved run", "state.npz", "-batch", "4"),
		state("a model flag that contradicts the saved run", "state.npz", "-bottleneck", "2"),
		state("fewer epochs than the run has finished", "state.npz", "-epochs", "2"),
		state("a state that names a flag this program lacks", "state_flag.npz"),
		state("a state with a malformed flag value", "state_value.npz"),
		func() badInput {
			b := state("data that differ from the saved run's", "state.npz")
			b.files = withFile(b.files, "ten.csv", csvRows(11))
			return b
		}(),
	}
	// The machine's memory, as the program reads it, is set by the test.
	mem := func(what string, avail uint64, args ...string) badInput {
		b := w(fmt.Sprintf("%s (%s available)", what, training.FormatBytes(float64(avail))), 2, args...)
		b.files = withFile(b.files, "keras.json", `{"loss": [0.1, 0.05], "val_loss": [0.2, 0.1]}`)
		b.env = []string{fmt.Sprintf("%s=%d MemAvailable in /proc/meminfo", memoryEnv, avail)}
		return b
	}
	memory := []badInput{
		mem("train: a model too large for the machine", 8<<30, "-hidden", "100000,100000"),
		mem("compare: a model too large for the machine", 8<<30, "compare", "-history", "keras.json", "-hidden", "100000,100000"),
		mem("compare: a model too large for the machine, with JSON -init weights", 8<<30, "compare", "-history", "keras.json", "-hidden", "100000,100000", "-init", "model.json"),
		mem("encode: too little memory for the encoder", 16<<20, "encode", "-encoder", "encoder.npz", "-data", "ten.csv"),
		mem("classify: too little memory for the encoder", 16<<20, "classify", "-data", "ten.csv", "-label", "y", "-encoder", "labelled.npz"),
		mem("data: too many values for the machine", 1<<30, "data", "-samples", "20000000"),
		mem("data: too many clusters for the machine", 8<<30, "data", "-samples", "10", "-features", "31", "-informative", "31", "-redundant", "0", "-classes", "69000000", "-clusters-per-class", "1"),
		mem("experiments: a configuration too large for the machine", 8<<30, "experiments", "-configs", "bn50_h100000-100000", "-seeds", "1", "-epochs", "1"),
	}
	stops := []badInput{
		{what: "training diverges (the loss overflows float32)", args: []string{"-lr", "1e10", "-verbose", "0"}, code: 1},
		{what: "the validation loss overflows float32", args: []string{"-lr", "1e7", "-verbose", "0"}, code: 1},
		// A wide model, whose epochs take long enough for the signal to
		// land in the epoch that has just begun.
		{what: "Ctrl-C (SIGINT) or SIGTERM during epoch 3", args: []string{"-epochs", "200", "-hidden", "1000,500", "-verbose", "2"}, code: 130},
	}
	classify := []badInput{
		{what: "-data without -label", files: f("ten.csv", ten), args: []string{"classify", "-data", "ten.csv"}, code: 2},
		{what: "one class in the training rows", files: f("same.csv", "a,y\n1,0\n2,0\n3,0\n4,1\n"), args: []string{"classify", "-data", "same.csv", "-label", "y"}, code: 2, show: []string{"same.csv"}},
		{what: "one class in the training rows (-labels)", files: map[string]string{"x.csv": "a\n1\n2\n3\n4\n", "y.csv": "0\n0\n0\n1\n"}, args: []string{"classify", "-data", "x.csv", "-labels", "y.csv"}, code: 2, show: []string{"x.csv", "y.csv"}},
		one("a NaN label", "nanlabel.csv", "a,y\n1,0\n2,1\n3,nan\n4,1\n5,0\n", "classify", "-data", "nanlabel.csv", "-label", "y"),
		{what: "a labels file whose header is taken for a label", files: map[string]string{"x.csv": "a\n1\n2\n3\n4\n", "y.csv": "species\ncat\ndog\ncat\ndog\n"}, args: []string{"classify", "-data", "x.csv", "-labels", "y.csv"}, code: 2, show: []string{"y.csv"}},
		{what: "a test value that overflows float64 once scaled", files: f("far64.csv", strings.Join(far64, "\n")+"\n"), args: []string{"classify", "-data", "far64.csv", "-label", "y"}, code: 2, show: []string{"far64.csv"}},
		w("an encoder that is not an .npz", 2, "classify", "-encoder", "corrupt.npz"),
		w("an encoder for other data", 2, "classify", "-encoder", "encoder.npz"),
		w("an encoder for other data (-data)", 2, "classify", "-data", "ten.csv", "-label", "y", "-encoder", "wide.npz"),
		{what: "an unknown flag", args: []string{"classify", "-lable", "y"}, code: 2},
		{what: "a stray argument", args: []string{"classify", "extra"}, code: 2},
		{what: "a missing encoder", args: []string{"classify", "-encoder", "none.npz"}, code: 2},
		w("-out under a file", 2, "classify", "-encoder", "encoder.npz", "-out", "ten.csv/sub"),
		w("-encoder empty", 2, "classify", "-encoder", ""),
		w("-out without -encoder", 2, "classify", "-out", "run"),
		{what: "-encoder a directory", files: withFile(files, "dir/x", ""), args: []string{"classify", "-encoder", "dir"}, code: 2},
	}
	withNPY := maps.Clone(files)
	withNPY["ten.npy"] = npy
	encode := []badInput{
		w("no -encoder", 2, "encode", "-data", "ten.csv"),
		w("no -data", 2, "encode", "-encoder", "encoder.npz"),
		w("an encoder that is not an .npz", 2, "encode", "-encoder", "corrupt.npz", "-data", "ten.csv"),
		w("rows of another width", 2, "encode", "-encoder", "wide.npz", "-data", "ten.csv"),
		{what: "a value beyond the encoder's float32 once scaled", files: withFile(files, "far.csv", "a,b,y\n0,1e40,0\n"), args: []string{"encode", "-encoder", "encoder.npz", "-data", "far.csv"}, code: 2, show: []string{"far.csv"}},
		w("a non-numeric cell", 2, "encode", "-encoder", "encoder.npz", "-data", "ten.csv", "-header=false"),
		w("-out is a file", 2, "encode", "-encoder", "encoder.npz", "-data", "ten.csv", "-out", "ten.csv"),
		w("a missing encoder", 2, "encode", "-encoder", "none.npz", "-data", "ten.csv"),
		{what: "-header with a .npy file", files: withNPY, args: []string{"encode", "-encoder", "encoder.npz", "-data", "ten.npy", "-header"}, code: 2},
		w("a missing -data file", 2, "encode", "-encoder", "encoder.npz", "-data", "none.csv"),
		{what: "-data is a directory", files: withFile(files, "dir/x", ""), args: []string{"encode", "-encoder", "encoder.npz", "-data", "dir"}, code: 2},
		w("-header with a bad value", 2, "encode", "-encoder", "encoder.npz", "-data", "ten.csv", "-header=maybe"),
		w("a CSV given as the encoder", 2, "encode", "-encoder", "ten.csv", "-data", "ten.csv"),
		{what: "-data that the codes would replace", files: withFile(files, "run/codes.csv", files["ten.csv"]), args: []string{"encode", "-encoder", "encoder.npz", "-data", "run/codes.csv", "-out", "run"}, code: 2},
		w("a stray argument", 2, "encode", "-encoder", "encoder.npz", "-data", "ten.csv", "extra"),
		w("-encoder empty", 2, "encode", "-encoder", "", "-data", "ten.csv"),
		{what: "-encoder a directory", files: withFile(files, "dir/x", ""), args: []string{"encode", "-encoder", "dir", "-data", "ten.csv"}, code: 2},
		w("-data empty", 2, "encode", "-encoder", "encoder.npz", "-data", " "),
		{what: "an unknown flag", args: []string{"encode", "-nosuchflag"}, code: 2},
	}
	d := func(what string, args ...string) badInput {
		return badInput{what: what, args: append([]string{"data"}, args...), code: 2}
	}
	data := []badInput{
		d("-samples out of range", "-samples", "-1"),
		d("no informative feature", "-informative", "0"),
		d("no feature", "-features", "0"),
		d("more features asked for than there are", "-features", "5"),
		d("too many repeated features", "-repeated", "5"),
		d("more clusters than the informative features allow", "-classes", "3", "-informative", "1", "-redundant", "0"),
		d("no cluster per class", "-clusters-per-class", "0"),
		d("-weights for another number of classes", "-weights", "0.2,0.3,0.5"),
		d("-weights not numbers", "-weights", "0.5,x"),
		d("-weights NaN", "-weights", "NaN"),
		d("-shift neither a number nor random", "-shift", "left"),
		d("-scale empty", "-scale", ""),
		d("-seed out of range", "-seed", "4294967296"),
		d("-seed negative", "-seed", "-1"),
		d("-split-seed negative", "-split-seed", "-2"),
		d("-test-size negative", "-test-size", "-0.5"),
		d("-test-size neither a fraction nor a count", "-test-size", "2.5"),
		d("-test-size as many rows as there are", "-test-size", "1000"),
		d("-test-size more rows than any data", "-test-size", "2147483648"),
		d("a split that leaves no training row", "-samples", "1", "-test-size", "0.5"),
		d("-flip-y not a number", "-flip-y", "abc"),
		d("-flip-y NaN", "-flip-y", "NaN"),
		d("-class-sep infinite", "-class-sep", "Inf"),
		d("-shift NaN", "-shift", "NaN"),
		d("-scale infinite", "-scale", "-Inf", "-test-size", "0"),
		d("an unknown flag", "-nonsense"),
		d("another command's flag", "-epochs", "3"),
		d("a stray argument", "extra"),
		d("-out empty", "-out", " "),
		{what: "an output name taken by a directory", files: map[string]string{"run/X_train.csv/x": ""}, args: []string{"data", "-out", "run"}, code: 2},
		{what: "-out is a file", files: f("taken", "a file"), args: []string{"data", "-out", "taken"}, code: 2},
	}
	hist := f("keras.json", `{"loss": [0.1, 0.05], "val_loss": [0.2, 0.1]}`)
	hist["nan.json"] = `{"loss": [0.1, NaN], "val_loss": [0.2, 0.1]}`
	compareRows := []badInput{
		{what: "no -history", args: []string{"compare"}, code: 2},
		{what: "a missing history", args: []string{"compare", "-history", "keras.json"}, code: 2},
		{what: "a history with NaN", files: hist, args: []string{"compare", "-history", "nan.json"}, code: 2, show: []string{"nan.json"}},
		{what: "a training flag with -go", files: hist, args: []string{"compare", "-history", "keras.json", "-go", "keras.json", "-seed", "2"}, code: 2},
		{what: "-bottleneck out of range", files: hist, args: []string{"compare", "-history", "keras.json", "-bottleneck", "-1"}, code: 2},
		{what: "-hidden malformed", files: hist, args: []string{"compare", "-history", "keras.json", "-hidden", "200,x"}, code: 2},
		{what: "-epochs out of range", files: hist, args: []string{"compare", "-history", "keras.json", "-epochs", "-1"}, code: 2},
		{what: "-batch out of range", files: hist, args: []string{"compare", "-history", "keras.json", "-batch", "0"}, code: 2},
		{what: "-graph unknown", files: hist, args: []string{"compare", "-history", "keras.json", "-graph", "keras"}, code: 2},
		{what: "-seed out of range", files: hist, args: []string{"compare", "-history", "keras.json", "-seed", "4294967296"}, code: 2},
		{what: "-every out of range", files: hist, args: []string{"compare", "-history", "keras.json", "-every", "-1"}, code: 2},
		{what: "a missing -init file", files: hist, args: []string{"compare", "-history", "keras.json", "-init", "none.json"}, code: 2},
		{what: "a bad -go history", files: hist, args: []string{"compare", "-history", "keras.json", "-go", "nan.json"}, code: 2},
		{what: "a stray argument", files: hist, args: []string{"compare", "-history", "keras.json", "stray"}, code: 2},
		{what: "a history that an output would replace", files: f("run/compare_history.csv", "epoch,loss,val_loss\n1,0.1,0.2\n"), args: []string{"compare", "-history", "run/compare_history.csv", "-out", "run"}, code: 2},
		{what: "initial weights of another model", files: withFile(files, "keras.json", hist["keras.json"]), args: []string{"compare", "-history", "keras.json", "-init", "model.npz"}, code: 2},
	}
	x := func(what string, files map[string]string, args ...string) badInput {
		return badInput{what: what, files: files, args: append([]string{"experiments"}, args...), code: 2}
	}
	timings := map[string]string{
		"parallel.json": `{"configs":["bn50_l2"],"seeds":[1],"epochs":2,"batch_size":16,"parallel":2,"wall_seconds":1}`,
		"other.json":    `{"configs":["bn50_l2"],"seeds":[1],"epochs":3,"batch_size":16,"parallel":1,"wall_seconds":1}`,
	}
	sweep := []badInput{
		x("an unknown configuration", nil, "-configs", "bn50_l5"),
		x("a configuration beyond the model's size limit", nil, "-configs", "bn9223372036854775807"),
		x("no configuration", nil, "-configs", ""),
		x("a seed listed twice", nil, "-seeds", "1,1"),
		x("-epochs out of range", nil, "-epochs", "0"),
		x("-epochs not a number", nil, "-epochs", "x"),
		x("-batch out of range", nil, "-batch", "-3"),
		x("-graph unknown", nil, "-graph", "gorgonia"),
		x("-parallel out of range", nil, "-parallel", "-1"),
		x("-out empty", nil, "-out", " "),
		x("an output name taken by a directory", map[string]string{"run/report.md/x": ""}, "-configs", "bn2", "-seeds", "1", "-epochs", "1", "-out", "run"),
		x("an unknown flag", nil, "-nope"),
		x("a stray argument", nil, "extra"),
		x("a missing baseline", nil, "-baseline", "seq/sweep.json"),
		x("a baseline that the sweep would replace", map[string]string{"run/sweep.json": timings["other.json"]}, "-configs", "bn50_l2", "-seeds", "1", "-epochs", "3", "-baseline", "run/sweep.json", "-out", "run"),
		x("a missing -torch directory", nil, "-torch", "torch"),
		x("a baseline that ran in parallel", timings, "-configs", "bn50_l2", "-seeds", "1", "-epochs", "2", "-baseline", "parallel.json"),
		x("a baseline of another sweep", timings, "-configs", "bn50_l2", "-seeds", "1", "-epochs", "2", "-baseline", "other.json"),
	}
	program := []badInput{
		{what: "a misspelt command", args: []string{"clasify"}, code: 2},
		{what: "an unknown command", args: []string{"fit"}, code: 2},
		{what: "help for an unknown command", args: []string{"help", "trian"}, code: 2},
	}
	return []struct {
		title string
		rows  []badInput
	}{
		{"train: the -data file", train},
		{"train: flags", flags},
		{"train: outputs (checked before training)", outputs},
		{"train: -init weight files", init},
		{"train: -resume (the state saved in -out)", resume},
		{"train: divergence and interruption", stops},
		{"classify", classify},
		{"encode", encode},
		{"data", data},
		{"compare", compareRows},
		{"experiments", sweep},
		{"memory (before any model is built)", memory},
		{"commands", program},
	}
}

// withFile returns a copy of files with one more, or one replaced.
func withFile(files map[string]string, name, content string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	out[name] = content
	return out
}

// weightFileSet trains a small model on ten.csv (3 features) and a wider one
// (4 features) and returns their files and damaged copies, by name.
func weightFileSet(t *testing.T) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	ten := filepath.Join(dir, "ten.csv")
	if err := os.WriteFile(ten, []byte(csvRows(10)), 0o644); err != nil {
		t.Fatal(err)
	}
	run := filepath.Join(dir, "run")
	if code, _, stderr := runCLI(t, "-data", ten, "-epochs", "1", "-verbose", "0", "-out", run); code != 0 {
		t.Fatalf("small run: exit %d: %s", code, stderr)
	}
	wide := filepath.Join(dir, "wide.csv")
	if err := os.WriteFile(wide, []byte("a,b,c,d\n1,2,3,4\n2,3,4,5\n3,4,5,7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wideRun := filepath.Join(dir, "wide")
	if code, _, stderr := runCLI(t, "-data", wide, "-epochs", "1", "-verbose", "0", "-out", wideRun); code != 0 {
		t.Fatalf("wide run: exit %d: %s", code, stderr)
	}
	// An encoder of ten.csv's two features besides the label y.
	labelled := filepath.Join(dir, "labelled")
	if code, _, stderr := runCLI(t, "-data", ten, "-label", "y", "-epochs", "1", "-verbose", "0", "-out", labelled); code != 0 {
		t.Fatalf("labelled run: exit %d: %s", code, stderr)
	}
	// A run whose state names its data as the table's rows do, ten.csv in
	// the working directory.
	if o := start(t, launch{dir: dir}, "-data", "ten.csv", "-epochs", "3", "-verbose", "0", "-out", "staterun"); o.code != 0 {
		t.Fatalf("state run: exit %d: %s", o.code, o.stderr)
	}
	read := func(path string) []byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	model := read(filepath.Join(run, "model.npz"))
	s, err := checkpoint.ReadNPZFile(filepath.Join(run, "model.npz"))
	if err != nil {
		t.Fatal(err)
	}
	jsonPath := filepath.Join(dir, "model.json")
	if err := checkpoint.SaveJSON(jsonPath, s.Params); err != nil {
		t.Fatal(err)
	}
	js := read(jsonPath)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(js)
	zw.Close()
	flipped := bytes.Clone(model)
	flipped[len(flipped)/2] ^= 0x40
	state := read(filepath.Join(dir, "staterun", "state.npz"))
	// States whose flags this program cannot take: one it lacks, and a
	// value its flag refuses.
	withFlag := func(name, value string) []byte {
		path := filepath.Join(dir, "staterun", "state.npz")
		s, err := runstate.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		s.Flags[name] = value
		edited := filepath.Join(dir, name+".npz")
		if err := runstate.Save(edited, s); err != nil {
			t.Fatal(err)
		}
		return read(edited)
	}
	stateFlag, stateValue := withFlag("momentum", "0.9"), withFlag("batch", "16x")
	stateFlipped := bytes.Clone(state)
	stateFlipped[len(stateFlipped)/2] ^= 0x40
	s.Params.Norm[0].MovingVar.Data().([]float32)[1] = -0.5
	negPath := filepath.Join(dir, "negative.npz")
	if err := checkpoint.SaveNPZ(negPath, *s); err != nil {
		t.Fatal(err)
	}
	// The first weight of model.json, 1e39: a float64, but no float32.
	first := regexp.MustCompile(`"values":\[[^,\]]+`).FindIndex(js)
	big := append(append(append([]byte{}, js[:first[0]]...), `"values":[1e39`...), js[first[1]:]...)
	return map[string][]byte{
		"ten.csv":             []byte(csvRows(10)),
		"model.npz":           model,
		"encoder.npz":         read(filepath.Join(run, "encoder.npz")),
		"wide.npz":            read(filepath.Join(wideRun, "encoder.npz")),
		"wide_model.npz":      read(filepath.Join(wideRun, "model.npz")),
		"labelled.npz":        read(filepath.Join(labelled, "encoder.npz")),
		"state.npz":           state,
		"state_truncated.npz": state[:len(state)*2/3],
		"state_flipped.npz":   stateFlipped,
		"state_flag.npz":      stateFlag,
		"state_value.npz":     stateValue,
		"corrupt.npz":         []byte("this is not a zip archive\n"),
		"truncated.npz":       model[:len(model)/2],
		"flipped.npz":         flipped,
		"model.json":          js,
		"syntax.json":         js[:len(js)/3],
		"truncated.json.gz":   gz.Bytes()[:gz.Len()/2],
		"nan.json":            []byte(`[{"shape": [3, 6], "values": [NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}]` + "\n"),
		"short.json":          []byte(`[{"shape": [3, 6], "values": [0.5, 0.25]}]` + "\n"),
		"big.json":            big,
		"negative.npz":        read(negPath),
	}
}

// TestErrorsDoc runs every bad input of docs/errors.md through the program
// in a scratch directory, checks that each gives its exit code and one line
// on stderr (no stack trace), and that a refused run wrote nothing; then it
// renders the table from the messages and compares it with the committed
// file. go test -run TestErrorsDoc -update rewrites the file.
func TestErrorsDoc(t *testing.T) {
	weights := weightFileSet(t)
	sections := badInputs(t, weights)
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())

	var doc bytes.Buffer
	doc.WriteString(errorsDocIntro)
	for _, sec := range sections {
		fmt.Fprintf(&doc, "\n## %s\n\n| bad input | command line | exit | message |\n|---|---|---|---|\n", sec.title)
		for _, c := range sec.rows {
			for _, d := range []string{"out", "run", "dir", "graphs", "taken"} {
				os.RemoveAll(d)
			}
			for name, content := range c.files {
				if dir := filepath.Dir(name); dir != "." {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				if !strings.HasSuffix(name, "/x") {
					if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			runBefore := names(t, "run")
			o := start(t, launch{signal: syscall.SIGINT, at: "Epoch 3/200", env: c.env}, c.args...)
			code, msg := o.code, o.stderr
			if code != c.code || strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "autoencoder") ||
				strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") {
				t.Errorf("%s: %v: exit %d, stderr %q; want exit %d and one line", c.what, c.args, code, msg, c.code)
			}
			if c.code != 0 && !o.signalled {
				// Nothing was written: not even an empty -out directory.
				if _, err := os.Stat("out"); err == nil {
					t.Errorf("%s: %v left the directory out behind", c.what, c.args)
				}
				if got := names(t, "run"); got != runBefore {
					t.Errorf("%s: run holds %s, before %s", c.what, got, runBefore)
				}
			}
			if c.code == 2 && o.stdout != "" {
				t.Errorf("%s: stdout %q, want nothing", c.what, o.stdout)
			}
			if o.signalled {
				// Where a signal from another process lands varies.
				msg = regexp.MustCompile(`after step \d+ of`).ReplaceAllString(msg, "after step N of")
			}
			fmt.Fprintf(&doc, "| %s | %s | %d | %s |\n", cell(c.what, c.files, c.show), code1(shellLine(c.args)), code, code1(strings.TrimSuffix(msg, "\n")))
		}
	}
	doc.WriteString(errorsDocOutro)

	path := filepath.Join(root, errorsDoc)
	if *update {
		if err := os.WriteFile(path, doc.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run TestErrorsDoc -update writes it)", err)
	}
	if !bytes.Equal(want, doc.Bytes()) {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(doc.String(), "\n")
		for i := range min(len(wl), len(gl)) {
			if wl[i] != gl[i] {
				t.Fatalf("%s is out of date (go test -run TestErrorsDoc -update rewrites it); line %d:\n  file:    %s\n  program: %s", errorsDoc, i+1, wl[i], gl[i])
			}
		}
		t.Fatalf("%s is out of date (go test -run TestErrorsDoc -update rewrites it): %d lines, the program gives %d", errorsDoc, len(wl), len(gl))
	}
}

// names lists the entries of dir, "" when it is empty or missing.
func names(t *testing.T, dir string) string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var n []string
	for _, e := range entries {
		n = append(n, e.Name())
	}
	return strings.Join(n, " ")
}

// cell is the "bad input" cell: the words and, for small files, their
// content.
func cell(what string, files map[string]string, show []string) string {
	for _, name := range show {
		what += ": " + name + " = " + code1(strings.ReplaceAll(strings.TrimSuffix(files[name], "\n"), "\n", "⏎"))
	}
	return what
}

// shellLine is the command line as a shell would take it: arguments that
// are empty or hold spaces are single-quoted.
func shellLine(args []string) string {
	q := []string{Program}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q = append(q, a)
	}
	return strings.Join(q, " ")
}

// code1 writes s as inline code in a table cell.
func code1(s string) string {
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}

const errorsDocIntro = `# Bad input, and what the program says

Each row below is a bad input, the command that meets it, the exit code and the exact line the program
prints on stderr, for every command. The table is generated by ` + "`go test ./internal/cli -run TestErrorsDoc -update`" + ` from the program's own
messages, and ` + "`go test`" + ` fails when this file and the program disagree. The commands ran in a scratch
directory; the files named in them were written there first (the small CSV files are shown, ⏎ marking a
line break; the weight files are those of a one-epoch run on ` + "`ten.csv`" + `, ten rows ` + "`i,2i+1,i%2`" + ` under the
header ` + "`a,b,y`" + `).

Exit codes: 0 done; 1 the run failed (training diverged, a file could not be written); 2 bad input,
found before any training and before anything is written (not even an empty ` + "`-out`" + ` directory); 130
interrupted. ` + "`go run .`" + ` reports a non-zero code as ` + "`exit status 130`" + ` and then exits 1 itself, whatever the
program's code was; a built binary (` + "`go build -o autoencoder .`" + `) exits with the program's own code.

In messages, ` + "`line`" + ` counts the file's lines from 1 and ` + "`column`" + ` counts fields from 1 (with the header's name
of the column when there is one); ` + "`-label`" + ` takes a header name or a 0-based column index.
`

const errorsDocOutro = `
## Notes

- **Nothing half-written.** Every output is written to a temporary file in the same directory and
  renamed over the old one, so a reader sees the old file or the complete new one. A run that stops
  before finishing an epoch writes nothing at all, so an earlier run's files in the same ` + "`-out`" + ` stay as
  they were; an interrupted or diverged run that finished some epochs writes the graph, history.csv,
  loss.png, loss.svg and the weights (encoder.npz, model.npz, codes_test.csv) as they were at the end
  of the last finished epoch. Only SIGKILL, which no program can catch, can leave a ` + "`.NAME.tmp-*`" + ` file; the next run that trains in
  that ` + "`-out`" + ` removes it.
- **Killed runs.** A run saves its whole state after every epoch (in ` + "`OUT/state.npz`" + `, synced, once a
  second, and in ` + "`OUT/.state.npz.tmp-next`" + ` in between), so ` + "`-resume`" + ` continues a run that was
  interrupted, crashed or killed from its newest whole state, and ends with the outputs the run
  would have written had it never stopped. A state that is missing, truncated, damaged or contradicted by
  the flags exits 2 (above); the run is never started over in its place. The messages name the file
  the state was read from: ` + "`OUT/state.npz`" + ` as above, or ` + "`OUT/.state.npz.tmp-next`" + ` when a killed run left its
  newest state there.
- **Divergence.** A learning rate as large as ` + "`-lr 10`" + ` does not make this model diverge:
  BatchNorm renormalises every hidden layer and Adam moves each weight by about ` + "`lr`" + ` a step whatever
  its gradient, so the training loss stays finite (between 1.2e2 and 3.6e6 in the first 20 epochs of
  the notebook's run). A loss becomes non-finite only when float32 overflows. On the notebook's data,
  from about ` + "`-lr 4e4`" + ` the validation pass overflows after the first epoch (BatchNorm's moving statistics,
  updated by 1% a step, lag far behind the grown weights in inference), and from about ` + "`-lr 1e9`" + ` the
  training loss itself overflows early on (at ` + "`-lr 1e10`" + `, at the second batch, after one Adam step of
  about 1e10 per weight). Training stops at that step or validation pass;
  ` + "`val_loss`" + ` counts as a loss (Keras's TerminateOnNaN looks at the batch loss only) because a
  non-finite one means the saved model gives non-finite outputs. With this model divergence therefore
  happens in the first epoch, and no epoch is kept.
- **Interruption.** The first SIGINT or SIGTERM stops training after the current batch; further ones
  are ignored while the finished epochs are written. ` + "`data`" + ` and ` + "`encode`" + ` stop in the middle of the
  file they are writing, whose temporary file is removed, and keep the files they had finished.
  Reading a ` + "`-data`" + ` file stops at its next block, before anything is written.
`
