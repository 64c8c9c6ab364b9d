package runstate

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// FileName is the state file's name in a run's output directory.
const FileName = "state.npz"

// Format and Version are the manifest's format and version fields.
const (
	Format  = "autoencoder train state"
	Version = 1
)

// manifestName is the manifest's entry, checksumName the last entry: the
// CRC-32C of every byte of the file before its data.
const (
	manifestName = "state.json"
	checksumName = "state.crc32c"
)

// castagnoli is CRC-32C's table, which amd64 and arm64 compute in hardware.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// maxManifest bounds the manifest's size.
const maxManifest = 1 << 20

// State is what a state file holds: the run's training state, the flags
// it was started with and a digest of its data.
type State struct {
	// Flags are the train command's flags by name, each as its flag.Value's
	// String method prints it.
	Flags map[string]string
	// Data is Digest of the rows the run trains and validates on.
	Data string
	// Training is the run's state at the end of its last finished epoch.
	Training *training.State
}

// Config is the model the state belongs to.
func (s *State) Config() model.Config { return s.Training.Params.Config }

type manifest struct {
	Format         string            `json:"format"`
	Version        int               `json:"version"`
	Epoch          int               `json:"epoch"`
	Arch           arch              `json:"arch"`
	Flags          map[string]string `json:"flags"`
	Data           string            `json:"data"`
	AdamIterations int               `json:"adam_iterations"`
	RNGPos         int               `json:"rng_pos"`
	RNGHasGauss    bool              `json:"rng_has_gauss"`
	Early          early             `json:"early"`
	RestoreBest    bool              `json:"restore_best"`
	WallNS         int64             `json:"wall_ns"`
}

type arch struct {
	Inputs     int    `json:"inputs"`
	Hidden     []int  `json:"hidden"`
	Bottleneck int    `json:"bottleneck"`
	Dtype      string `json:"dtype"`
}

type early struct {
	Patience  int `json:"patience"`
	BestEpoch int `json:"best_epoch"`
	Wait      int `json:"wait"`
	Stopped   int `json:"stopped"`
}

// array is one .npy entry: its name (without .npy), dtype, shape and
// values, exactly one of the slices being set.
type array struct {
	name  string
	shape []int
	f32   []float32
	f64   []float64
	u32   []uint32
	i64   []int64
}

func (a array) descr() string {
	switch {
	case a.f32 != nil:
		return "<f4"
	case a.u32 != nil:
		return "<u4"
	case a.i64 != nil:
		return "<i8"
	}
	return "<f8"
}

// bytes is the size of the array's data.
func (a array) bytes() int {
	return 4*len(a.f32) + 8*len(a.f64) + 4*len(a.u32) + 8*len(a.i64)
}

// scalars are the arrays that are not tensors of the model.
type scalars struct {
	key     []uint32
	gauss   []float64
	loss    []float64
	valLoss []float64
	steps   []int64
	seconds []float64
	best    []float64
}

func newScalars(epochs int) scalars {
	return scalars{
		key: make([]uint32, rng.KeyWords), gauss: make([]float64, 1),
		loss: make([]float64, epochs), valLoss: make([]float64, epochs), steps: make([]int64, epochs), seconds: make([]float64, epochs),
		best: make([]float64, 1),
	}
}

// layout lists the state's arrays in file order; the tensors' arrays share
// t's tensors.
func layout(sc scalars, t *training.State) []array {
	k := len(sc.loss)
	as := []array{
		{name: "rng/key", shape: []int{rng.KeyWords}, u32: sc.key},
		{name: "rng/gauss", shape: []int{}, f64: sc.gauss},
		{name: "history/loss", shape: []int{k}, f64: sc.loss},
		{name: "history/val_loss", shape: []int{k}, f64: sc.valLoss},
		{name: "history/steps", shape: []int{k}, i64: sc.steps},
		{name: "history/seconds", shape: []int{k}, f64: sc.seconds},
		{name: "early/best", shape: []int{}, f64: sc.best},
	}
	tensorArray := func(name string, d *tensor.Dense) array {
		a := array{name: name, shape: slices.Clone([]int(d.Shape()))}
		if d.Dtype() == tensor.Float32 {
			a.f32 = d.Float32s()
		} else {
			a.f64 = d.Float64s()
		}
		return a
	}
	for _, nt := range t.Params.Tensors() {
		as = append(as, tensorArray("weights/"+nt.Name, nt.Tensor))
	}
	for i, nt := range t.Params.Trainable() {
		as = append(as, tensorArray("adam/m/"+nt.Name, t.Adam.M[i]))
	}
	for i, nt := range t.Params.Trainable() {
		as = append(as, tensorArray("adam/v/"+nt.Name, t.Adam.V[i]))
	}
	if t.Best != nil {
		for _, nt := range t.Best.Tensors() {
			as = append(as, tensorArray("best/"+nt.Name, nt.Tensor))
		}
	}
	return as
}

// Write writes s to w in the layout of the package documentation.
func Write(w io.Writer, s *State) error {
	t := s.Training
	if t == nil || t.Params == nil {
		return errors.New("write state: no training state")
	}
	c := t.Params.Config
	if len(t.Adam.M) != len(t.Params.Trainable()) || len(t.Adam.V) != len(t.Adam.M) {
		return fmt.Errorf("write state: Adam moments for %d and %d tensors, the model has %d", len(t.Adam.M), len(t.Adam.V), len(t.Params.Trainable()))
	}
	m := manifest{
		Format: Format, Version: Version, Epoch: t.Epoch,
		Arch:  arch{Inputs: c.Inputs, Hidden: c.Hidden, Bottleneck: c.Bottleneck, Dtype: c.Dtype.String()},
		Flags: s.Flags, Data: s.Data,
		AdamIterations: t.Adam.Iterations,
		RNGPos:         t.RNG.Pos, RNGHasGauss: t.RNG.HasGauss,
		Early:       early{Patience: t.Early.Patience, BestEpoch: t.Early.BestEpoch, Wait: t.Early.Wait, Stopped: t.Early.Stopped},
		RestoreBest: t.Best != nil,
		WallNS:      int64(t.Wall),
	}
	js, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	sc := newScalars(t.History.Len())
	copy(sc.key, t.RNG.Key[:])
	sc.gauss[0], sc.best[0] = t.RNG.Gauss, t.Early.Best
	for i, e := range t.History.Epochs {
		sc.loss[i], sc.valLoss[i], sc.steps[i], sc.seconds[i] = e.Loss, e.ValLoss, int64(e.Steps), e.Duration.Seconds()
	}
	hw := &hashingWriter{w: w, h: crc32.New(castagnoli)}
	zw := zip.NewWriter(hw)
	create := func(name string) (io.Writer, error) {
		// No modification time, so that the same state gives the same bytes.
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	}
	f, err := create(manifestName)
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if _, err := f.Write(append(js, '\n')); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	buf := make([]byte, chunk)
	for _, a := range layout(sc, t) {
		f, err := create(a.name + ".npy")
		if err != nil {
			return fmt.Errorf("write state: %w", err)
		}
		if err := writeArray(f, a, buf); err != nil {
			return fmt.Errorf("write state array %s: %w", a.name, err)
		}
	}
	f, err = create(checksumName)
	if err == nil {
		err = zw.Flush() // so that the hash has seen every byte before the checksum's
	}
	if err == nil {
		_, err = f.Write([]byte(hex.EncodeToString(hw.h.Sum(nil)) + "\n"))
	}
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

// hashingWriter hashes what it writes.
type hashingWriter struct {
	w io.Writer
	h hash.Hash
}

func (h *hashingWriter) Write(p []byte) (int, error) {
	h.h.Write(p)
	return h.w.Write(p)
}

func writeArray(w io.Writer, a array, buf []byte) error {
	if _, err := w.Write(npyHeader(a.descr(), a.shape)); err != nil {
		return err
	}
	switch {
	case a.f32 != nil:
		return writeFloat32s(w, a.f32, buf)
	case a.u32 != nil:
		b := buf[:0]
		for _, v := range a.u32 {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
		_, err := w.Write(b)
		return err
	case a.i64 != nil:
		b := buf[:0]
		for _, v := range a.i64 {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
		_, err := w.Write(b)
		return err
	}
	return writeFloat64s(w, a.f64, buf)
}

// Save writes s to path atomically (see Write).
func Save(path string, s *State) error {
	return atomicfile.WriteFile(path, func(w io.Writer) error { return Write(w, s) })
}

// Load reads the state file at path (see Read). A missing file's error
// wraps os.ErrNotExist; any other error means the file cannot be resumed.
func Load(path string) (*State, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	return Read(f, fi.Size())
}

// LoadNewest reads the newest whole state that a Saver of path left: the
// file's (see Load), or the state in the Saver's temporary file
// (atomicfile.Temp) when that one is whole and continues the file's run (a
// Saver writes the states between two synced ones there). A missing or
// damaged file at path is Load's error, whatever the temporary file holds.
// A temporary file that is missing, damaged (the program was killed while
// writing it) or not a later state of the same run is passed over: the
// file's state is then the newest whole one. from is the file the state
// was read from.
func LoadNewest(path string) (s *State, from string, err error) {
	if s, err = Load(path); err != nil {
		return nil, "", err
	}
	tmp := atomicfile.Temp(path)
	if t, err := Load(tmp); err == nil && continues(t, s) {
		return t, tmp, nil
	}
	return s, path, nil
}

// continues reports whether t is a later state of the run that s is a
// state of: the same flags and data, more epochs, and the same history for
// s's epochs, down to each epoch's wall time in nanoseconds, which another
// run does not repeat.
func continues(t, s *State) bool {
	if t.Data != s.Data || !maps.Equal(t.Flags, s.Flags) || t.Training.Epoch <= s.Training.Epoch ||
		len(t.Training.History.Epochs) < len(s.Training.History.Epochs) {
		return false
	}
	for i, e := range s.Training.History.Epochs {
		f := t.Training.History.Epochs[i]
		if f.Epoch != e.Epoch || f.Steps != e.Steps || f.Duration != e.Duration ||
			math.Float64bits(f.Loss) != math.Float64bits(e.Loss) || math.Float64bits(f.ValLoss) != math.Float64bits(e.ValLoss) {
			return false
		}
	}
	return true
}

// Read reads a state that Write wrote from the size bytes of r, checking
// everything the package documentation lists.
func Read(r io.ReaderAt, size int64) (*State, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a state file: %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		if files[f.Name] != nil {
			return nil, fmt.Errorf("entry %s is in the archive twice", f.Name)
		}
		files[f.Name] = f
	}
	mf, sum := files[manifestName], files[checksumName]
	if mf == nil || sum == nil {
		return nil, fmt.Errorf("no %s manifest or %s checksum: not a state file", manifestName, checksumName)
	}
	if err := checkSum(r, zr, sum); err != nil {
		return nil, err
	}
	for _, f := range zr.File {
		if f.Method != zip.Store {
			return nil, fmt.Errorf("entry %s is compressed (method %d); a state file stores its entries", f.Name, f.Method)
		}
	}
	if mf.UncompressedSize64 > maxManifest {
		return nil, fmt.Errorf("%s of %d bytes is larger than %d", manifestName, mf.UncompressedSize64, maxManifest)
	}
	js, err := readEntry(mf, int(mf.UncompressedSize64))
	if err != nil {
		return nil, err
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", manifestName, err)
	}
	if m.Format != Format || m.Version != Version {
		return nil, fmt.Errorf("%s: format %q version %d; this program reads %q version %d", manifestName, m.Format, m.Version, Format, Version)
	}
	c, err := m.config(size)
	if err != nil {
		return nil, err
	}
	if m.Epoch < 1 || int64(m.Epoch) > size/32 {
		return nil, fmt.Errorf("%s: epoch %d", manifestName, m.Epoch)
	}
	t := &training.State{
		Epoch:  m.Epoch,
		Params: model.ZeroParams(c),
		Adam:   training.AdamState{Iterations: m.AdamIterations},
		Early:  training.EarlyStopping{Patience: m.Early.Patience, BestEpoch: m.Early.BestEpoch, Wait: m.Early.Wait, Stopped: m.Early.Stopped},
		Wall:   time.Duration(m.WallNS),
	}
	for _, nt := range t.Params.Trainable() {
		shape := tensor.WithShape(nt.Tensor.Shape().Clone()...)
		t.Adam.M = append(t.Adam.M, tensor.New(shape, tensor.Of(c.Dtype)))
		t.Adam.V = append(t.Adam.V, tensor.New(shape, tensor.Of(c.Dtype)))
	}
	if m.RestoreBest {
		t.Best = model.ZeroParams(c)
	}
	sc := newScalars(m.Epoch)
	as := layout(sc, t)
	want := map[string]bool{manifestName: true, checksumName: true}
	for _, a := range as {
		want[a.name+".npy"] = true
	}
	for _, f := range zr.File {
		if !want[f.Name] {
			return nil, fmt.Errorf("unexpected entry %s", f.Name)
		}
	}
	for _, a := range as {
		if err := readArray(files[a.name+".npy"], a); err != nil {
			return nil, fmt.Errorf("array %s: %w", a.name, err)
		}
	}
	copy(t.RNG.Key[:], sc.key)
	t.RNG.Pos, t.RNG.HasGauss, t.RNG.Gauss = m.RNGPos, m.RNGHasGauss, sc.gauss[0]
	t.Early.Best = sc.best[0]
	for i := range m.Epoch {
		t.History.Epochs = append(t.History.Epochs, training.Epoch{
			Epoch: i + 1, Loss: sc.loss[i], ValLoss: sc.valLoss[i], Steps: int(sc.steps[i]),
			Duration: time.Duration(math.Round(sc.seconds[i] * float64(time.Second))),
		})
	}
	if err := checkValues(t); err != nil {
		return nil, err
	}
	spec := training.Spec{Model: c, Epochs: m.Epoch, Patience: m.Early.Patience, RestoreBest: m.RestoreBest}
	if err := t.Check(spec); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(m.Data, "sha256:") {
		return nil, fmt.Errorf("%s: data digest %q", manifestName, m.Data)
	}
	return &State{Flags: m.Flags, Data: m.Data, Training: t}, nil
}

// checkSum checks the last entry, sum, against the CRC-32C of every byte
// of the file before its data: any change there (in an array, a header, a
// name) makes the file damaged, not only one that an entry's CRC-32 sees.
func checkSum(r io.ReaderAt, zr *zip.Reader, sum *zip.File) error {
	if zr.File[len(zr.File)-1] != sum {
		return fmt.Errorf("%s is not the last entry", checksumName)
	}
	want, err := readEntry(sum, 2*crc32.Size+1)
	if err != nil {
		return err
	}
	off, err := sum.DataOffset()
	if err != nil {
		return fmt.Errorf("%s: %w", checksumName, err)
	}
	h := crc32.New(castagnoli)
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, off)); err != nil {
		return fmt.Errorf("%s: %w", checksumName, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)) + "\n"; got != string(want) {
		return fmt.Errorf("its bytes do not match their CRC-32C in %s: the file has changed since it was written", checksumName)
	}
	return nil
}

// config checks the manifest's architecture, and that a file of size bytes
// can hold its weights, before anything is allocated for them.
func (m manifest) config(size int64) (model.Config, error) {
	a := m.Arch
	c := model.Config{Inputs: a.Inputs, Hidden: a.Hidden, Bottleneck: a.Bottleneck}
	var err error
	if c.Dtype, err = model.ParseDtype(a.Dtype); err != nil {
		return c, fmt.Errorf("%s: arch: %w", manifestName, err)
	}
	const maxWidth = 1 << 24
	for _, w := range append([]int{a.Inputs, a.Bottleneck}, a.Hidden...) {
		if w <= 0 || w > maxWidth || len(a.Hidden) > 1024 {
			return c, fmt.Errorf("%s: arch inputs %d, hidden %v, bottleneck %d", manifestName, a.Inputs, a.Hidden, a.Bottleneck)
		}
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("%s: arch: %w", manifestName, err)
	}
	// Weights and Adam's two moments, 4 bytes each at least.
	var n float64
	for _, l := range c.Layers() {
		n += float64(l.In)*float64(l.Out) + float64(l.Out)
	}
	if 3*4*n > float64(size) {
		return c, fmt.Errorf("%s: a model %v does not fit in a file of %d bytes", manifestName, c, size)
	}
	return c, nil
}

// readEntry reads a whole entry of n bytes; the zip reader checks its CRC-32
// at the end.
func readEntry(f *zip.File, n int) ([]byte, error) {
	if f.UncompressedSize64 != uint64(n) {
		return nil, fmt.Errorf("entry %s holds %d bytes, want %d", f.Name, f.UncompressedSize64, n)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("entry %s: %w", f.Name, err)
	}
	defer rc.Close()
	b := make([]byte, n)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, fmt.Errorf("entry %s: %w", f.Name, err)
	}
	// Reading past the end makes the zip reader compare the CRC-32.
	if k, err := rc.Read(make([]byte, 1)); k != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("longer than its header says")
		}
		return nil, fmt.Errorf("entry %s: %w", f.Name, err)
	}
	return b, nil
}

func readArray(f *zip.File, a array) error {
	if f == nil {
		return errors.New("missing")
	}
	h := npyHeader(a.descr(), a.shape)
	b, err := readEntry(f, len(h)+a.bytes())
	if err != nil {
		return err
	}
	if !bytes.Equal(b[:len(h)], h) {
		return fmt.Errorf("header %q, want %q", b[:len(h)], h)
	}
	b = b[len(h):]
	switch {
	case a.f32 != nil:
		readFloat32s(b, a.f32)
	case a.u32 != nil:
		for i := range a.u32 {
			a.u32[i] = binary.LittleEndian.Uint32(b[4*i:])
		}
	case a.i64 != nil:
		for i := range a.i64 {
			a.i64[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
		}
	default:
		readFloat64s(b, a.f64)
	}
	return nil
}

// checkValues refuses weights and moments that are not finite, and
// negative variances.
func checkValues(t *training.State) error {
	check := func(name string, d *tensor.Dense, nonNegative bool) error {
		for i, v := range model.Float64s(d) {
			if math.IsNaN(v) || math.IsInf(v, 0) || (nonNegative && v < 0) {
				return fmt.Errorf("array %s: value %d is %v", name, i, v)
			}
		}
		return nil
	}
	params := []struct {
		prefix string
		p      *model.Params
	}{{"weights/", t.Params}, {"best/", t.Best}}
	for _, ps := range params {
		if ps.p == nil {
			continue
		}
		for _, nt := range ps.p.Tensors() {
			if err := check(ps.prefix+nt.Name, nt.Tensor, strings.HasSuffix(nt.Name, "/moving_variance")); err != nil {
				return err
			}
		}
	}
	for i, nt := range t.Params.Trainable() {
		if err := check("adam/m/"+nt.Name, t.Adam.M[i], false); err != nil {
			return err
		}
		if err := check("adam/v/"+nt.Name, t.Adam.V[i], true); err != nil {
			return err
		}
	}
	return nil
}

// Digest identifies the rows a run trains on (train) and validates on
// (test), cols values a row: "sha256:" and the hex SHA-256 of the shapes and
// every value's bits.
func Digest(train, test []float64, cols int) string {
	h := sha256.New()
	var b []byte
	for _, n := range []int{cols, len(train), len(test)} {
		b = binary.LittleEndian.AppendUint64(b, uint64(n))
	}
	h.Write(b)
	buf := make([]byte, chunk)
	writeFloat64s(h, train, buf)
	writeFloat64s(h, test, buf)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
