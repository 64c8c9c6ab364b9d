package runstate

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/sbinet/npyio/npy"
	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// rows returns n rows of width cols in [0, 1).
func rows(seed uint64, n, cols int) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n*cols)
	for i := range x {
		x[i] = r.Float64()
	}
	return x
}

// runState trains a small model for 3 epochs and returns a copy of the state
// after epoch 2 (with early stopping's counters and, if restoreBest, the best
// weights), with flags and a data digest.
func runState(t testing.TB, dt tensor.Dtype, restoreBest bool) *State {
	t.Helper()
	spec := training.Spec{
		Model: model.Config{Inputs: 5, Hidden: []int{7, 4}, Bottleneck: 3, Dtype: dt},
		Seed:  2, Epochs: 3, BatchSize: 4, Shuffle: true, LR: 0.01, Patience: 5, RestoreBest: restoreBest,
	}
	var got *training.State
	spec.Save = func(s *training.State) error {
		if s.Epoch == 2 {
			got = s.Clone()
		}
		return nil
	}
	train, val := rows(1, 13, 5), rows(2, 4, 5)
	if _, err := training.Run(context.Background(), spec, train, val, nil); err != nil {
		t.Fatal(err)
	}
	return &State{
		Flags:    map[string]string{"batch": "4", "hidden": "7,4", "lr": "0.01", "data": "a file,\"quoted\".csv"},
		Data:     Digest(train, val, 5),
		Training: got,
	}
}

func encode(t testing.TB, s *State) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameState reports the first difference between two states.
func sameState(t *testing.T, what string, a, b *State) {
	t.Helper()
	if len(a.Flags) != len(b.Flags) || a.Data != b.Data {
		t.Fatalf("%s: flags %v data %s, want %v %s", what, b.Flags, b.Data, a.Flags, a.Data)
	}
	for k, v := range a.Flags {
		if b.Flags[k] != v {
			t.Fatalf("%s: flag %s = %q, want %q", what, k, b.Flags[k], v)
		}
	}
	x, y := a.Training, b.Training
	if x.Epoch != y.Epoch || x.RNG != y.RNG || x.Early != y.Early || x.Adam.Iterations != y.Adam.Iterations ||
		x.Wall != y.Wall || x.History.Len() != y.History.Len() || (x.Best == nil) != (y.Best == nil) {
		t.Fatalf("%s: epoch %d rng %v early %+v adam %d wall %v, want %d %v %+v %d %v", what,
			y.Epoch, y.RNG == x.RNG, y.Early, y.Adam.Iterations, y.Wall, x.Epoch, true, x.Early, x.Adam.Iterations, x.Wall)
	}
	for i, e := range x.History.Epochs {
		f := y.History.Epochs[i]
		if e.Epoch != f.Epoch || math.Float64bits(e.Loss) != math.Float64bits(f.Loss) ||
			math.Float64bits(e.ValLoss) != math.Float64bits(f.ValLoss) || e.Steps != f.Steps ||
			(e.Duration-f.Duration).Abs() > time.Microsecond {
			t.Fatalf("%s: history %d: %+v, want %+v", what, i+1, f, e)
		}
	}
	sameTensors := func(name string, p, q []*tensor.Dense) {
		for i := range p {
			if p[i].Dtype() != q[i].Dtype() || !p[i].Shape().Eq(q[i].Shape()) {
				t.Fatalf("%s: %s %d: %v %v, want %v %v", what, name, i, q[i].Dtype(), q[i].Shape(), p[i].Dtype(), p[i].Shape())
			}
			u, v := model.Float64s(p[i]), model.Float64s(q[i])
			for j := range u {
				if math.Float64bits(u[j]) != math.Float64bits(v[j]) {
					t.Fatalf("%s: %s %d [%d] = %v, want %v", what, name, i, j, v[j], u[j])
				}
			}
		}
	}
	tensors := func(p *model.Params) []*tensor.Dense {
		var out []*tensor.Dense
		for _, nt := range p.Tensors() {
			out = append(out, nt.Tensor)
		}
		return out
	}
	sameTensors("weights", tensors(x.Params), tensors(y.Params))
	sameTensors("adam m", x.Adam.M, y.Adam.M)
	sameTensors("adam v", x.Adam.V, y.Adam.V)
	if x.Best != nil {
		sameTensors("best", tensors(x.Best), tensors(y.Best))
	}
}

func TestWriteThenReadGivesTheSameState(t *testing.T) {
	for _, c := range []struct {
		dt   tensor.Dtype
		best bool
	}{{tensor.Float32, false}, {tensor.Float32, true}, {tensor.Float64, true}} {
		s := runState(t, c.dt, c.best)
		b := encode(t, s)
		got, err := Read(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		sameState(t, c.dt.String(), s, got)
		if again := encode(t, got); !bytes.Equal(again, b) {
			t.Errorf("%v: the state read back encodes to other bytes", c.dt)
		}
	}
}

// TestTheArraysAreNPYFiles reads every array with npyio, an independent
// reader of numpy's format, and checks a few of them against the state.
func TestTheArraysAreNPYFiles(t *testing.T) {
	s := runState(t, tensor.Float32, true)
	b := encode(t, s)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "state.json" {
		t.Errorf("first entry %s, want state.json", zr.File[0].Name)
	}
	if last := zr.File[len(zr.File)-1].Name; last != "state.crc32c" {
		t.Errorf("last entry %s, want state.crc32c", last)
	}
	n := 0
	for _, f := range zr.File[1 : len(zr.File)-1] {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		r, err := npy.NewReader(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		switch f.Name {
		case "rng/key.npy":
			var key []uint32
			if err := r.Read(&key); err != nil || len(key) != 624 || key[5] != s.Training.RNG.Key[5] {
				t.Errorf("%s: %v, %d values", f.Name, err, len(key))
			}
		case "history/val_loss.npy":
			var v []float64
			if err := r.Read(&v); err != nil || len(v) != 2 || v[1] != s.Training.History.Epochs[1].ValLoss {
				t.Errorf("%s: %v %v", f.Name, err, v)
			}
		case "adam/v/encoder_1/kernel.npy":
			var v []float32
			if err := r.Read(&v); err != nil || len(v) != 35 || v[7] != s.Training.Adam.V[0].Float32s()[7] || !equal(r.Header.Descr.Shape, []int{5, 7}) {
				t.Errorf("%s: %v, shape %v", f.Name, err, r.Header.Descr.Shape)
			}
		default:
			n--
		}
		n++
		rc.Close()
	}
	if n != 3 {
		t.Errorf("checked %d arrays, want 3", n)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestEveryDamageIsFound flips bytes of a state file, one at a time, at
// 2000 places spread over the file, and cuts it at 1000 lengths and at each
// of its last 300 bytes (the zip directory): each damaged file must be
// refused, except for a flip in the zip's central directory (or the last
// entry's data descriptor) in a field that no reader uses (a timestamp,
// the version that made it), which must read back as the very same state. A damaged file is never taken for another
// state.
func TestEveryDamageIsFound(t *testing.T) {
	s := runState(t, tensor.Float32, true)
	b := encode(t, s)
	// The end record, the last 22 bytes, gives where the directory starts.
	eocd := b[len(b)-22:]
	if binary.LittleEndian.Uint32(eocd) != 0x06054b50 {
		t.Fatalf("no zip end record at the end of the file")
	}
	dir := int(binary.LittleEndian.Uint32(eocd[16:]))
	refused, same := 0, 0
	for i := 0; i < len(b); i += max(1, len(b)/2000) {
		d := bytes.Clone(b)
		d[i] ^= 0x10
		got, err := Read(bytes.NewReader(d), int64(len(d)))
		if err != nil {
			refused++
			continue
		}
		// The checksum's data descriptor, the 16 bytes before the
		// directory, repeats its sizes, which the zip reader does not read.
		if i < dir-16 {
			t.Fatalf("a flip at byte %d, before the directory at %d, was not found", i, dir)
		}
		sameState(t, fmt.Sprintf("byte %d flipped", i), s, got)
		same++
	}
	for n := 0; n < len(b); n += max(1, len(b)/1000) {
		if _, err := Read(bytes.NewReader(b[:n]), int64(n)); err == nil {
			t.Fatalf("a state cut to %d of %d bytes was read", n, len(b))
		}
	}
	for n := len(b) - 300; n < len(b); n++ {
		if _, err := Read(bytes.NewReader(b[:n]), int64(n)); err == nil {
			t.Fatalf("a state cut to %d of %d bytes was read", n, len(b))
		}
	}
	t.Logf("%d bytes: %d flips refused, %d harmless", len(b), refused, same)
}

// TestReadRefusesStatesThatCannotBeResumed edits valid states into ones
// with consistent CRCs but impossible content.
func TestReadRefusesStatesThatCannotBeResumed(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(s *State)
		want string
	}{
		{"a NaN weight", func(s *State) { s.Training.Params.Dense[0].Kernel.Float32s()[3] = float32(math.NaN()) }, "weights/encoder_1/kernel: value 3 is NaN"},
		{"a negative moving variance", func(s *State) { s.Training.Params.Norm[0].MovingVar.Float32s()[0] = -1 }, "moving_variance: value 0 is -1"},
		{"a negative second moment", func(s *State) { s.Training.Adam.V[1].Float32s()[0] = -1 }, "adam/v/encoder_1/bias: value 0 is -1"},
		{"a generator position past the key", func(s *State) { s.Training.RNG.Pos = 700 }, "rng: position 700"},
		{"a best epoch ahead of the run", func(s *State) { s.Training.Early.BestEpoch = 3 }, "early stopping"},
		{"no Adam steps", func(s *State) { s.Training.Adam.Iterations = 0 }, "adam: 0 steps"},
	} {
		s := runState(t, tensor.Float32, false)
		c.edit(s)
		b := encode(t, s)
		_, err := Read(bytes.NewReader(b), int64(len(b)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

// TestSaverWritesInTheBackground saves states in turn with a Saver,
// changing the live weights right after each Save as the next epoch would,
// and reads the file back after Wait: the state as it was when saved,
// whole, and no temporary file left after Close.
func TestSaverWritesInTheBackground(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	v := NewSaver(path)
	v.SyncEvery = 0 // every state to the file
	for i, s := range []*State{runState(t, tensor.Float32, false), runState(t, tensor.Float32, false), runState(t, tensor.Float64, true)} {
		want := &State{Flags: s.Flags, Data: s.Data, Training: s.Training.Clone()}
		if err := v.Save(s); err != nil {
			t.Fatal(err)
		}
		// The next epoch moves on while the state is written.
		s.Training.Params.Dense[0].Kernel.Zero()
		s.Training.Adam.M[0].Zero()
		s.Training.History.Epochs[0].Loss = 99
		if err := v.Wait(); err != nil {
			t.Fatal(err)
		}
		got, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		sameState(t, fmt.Sprintf("state %d", i+1), want, got)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d entries, want the state alone", len(entries))
	}
	if _, err := Load(filepath.Join(dir, "missing.npz")); !os.IsNotExist(err) {
		t.Errorf("a missing file: %v, want a not-exist error", err)
	}
}

// TestSaverWritesTheNewestStateWhenTheDiskLags holds the first write until
// two more states are saved: the second is replaced by the third before
// its turn comes, so the file ends with the third, written second, and
// Save never waited for the disk.
func TestSaverWritesTheNewestStateWhenTheDiskLags(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	v := NewSaver(path)
	v.SyncEvery = 0
	started, release := make(chan struct{}), make(chan struct{})
	var written []int
	v.Wrap = func(epoch int, w io.Writer) io.Writer {
		written = append(written, epoch) // the writes happen one at a time
		if epoch == 1 {
			close(started)
			<-release
		}
		return w
	}
	states := make([]*State, 3)
	for i := range states {
		states[i] = runState(t, tensor.Float32, false)
		states[i].Training.Epoch = i + 1 // distinguishes them; Write does not check
	}
	for i, s := range states {
		if err := v.Save(s); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			<-started
		}
	}
	close(release)
	if err := v.Wait(); err != nil {
		t.Fatal(err)
	}
	if len(written) != 2 || written[0] != 1 || written[1] != 3 {
		t.Errorf("wrote the states of epochs %v, want 1 then 3", written)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := encode(t, states[2])
	if !bytes.Equal(b, want) {
		t.Errorf("the file is not the newest state")
	}
}

// lineage trains a small model for epochs epochs and returns a copy of
// its state after each, with flags and a data digest.
func lineage(t testing.TB, epochs int) []*State {
	t.Helper()
	spec := training.Spec{
		Model: model.Config{Inputs: 5, Hidden: []int{7, 4}, Bottleneck: 3, Dtype: tensor.Float32},
		Seed:  3, Epochs: epochs, BatchSize: 4, Shuffle: true, LR: 0.01,
	}
	train, val := rows(1, 13, 5), rows(2, 4, 5)
	flags, digest := map[string]string{"epochs": strconv.Itoa(epochs)}, Digest(train, val, 5)
	var out []*State
	spec.Save = func(s *training.State) error {
		out = append(out, &State{Flags: flags, Data: digest, Training: s.Clone()})
		return nil
	}
	if _, err := training.Run(context.Background(), spec, train, val, nil); err != nil {
		t.Fatal(err)
	}
	if len(out) != epochs-1 { // the last epoch's state goes to the caller of Run
		t.Fatalf("%d states saved in %d epochs", len(out), epochs)
	}
	return out
}

// TestSaverSyncsTheFirstStateThenStagesUntilClose saves a run's states with
// a Saver that syncs at most once an hour: the file keeps the first state,
// LoadNewest finds each newer one in the temporary file, and Close puts
// the newest in the file and removes the temporary file.
func TestSaverSyncsTheFirstStateThenStagesUntilClose(t *testing.T) {
	states := lineage(t, 6)
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	v := NewSaver(path)
	v.SyncEvery = time.Hour
	for i, s := range states {
		if err := v.Save(s); err != nil {
			t.Fatal(err)
		}
		if err := v.Wait(); err != nil {
			t.Fatal(err)
		}
		file, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		sameState(t, fmt.Sprintf("the file after state %d", i+1), states[0], file)
		newest, from, err := LoadNewest(path)
		if err != nil {
			t.Fatal(err)
		}
		sameState(t, fmt.Sprintf("LoadNewest after state %d", i+1), s, newest)
		if want := map[bool]string{true: path, false: atomicfile.Temp(path)}[i == 0]; from != want {
			t.Errorf("LoadNewest after state %d read %s, want %s", i+1, from, want)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, "the file after Close", states[len(states)-1], file)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after Close the directory holds %d entries, want the state alone", len(entries))
	}

	// SaveNow syncs at once.
	v = NewSaver(path)
	v.SyncEvery = time.Hour
	for _, s := range states[:2] {
		if err := v.SaveNow(s); err != nil {
			t.Fatal(err)
		}
		file, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		sameState(t, fmt.Sprintf("the file after SaveNow of epoch %d", s.Training.Epoch), s, file)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestLoadNewestTakesOnlyAWholeLaterStateOfTheSameRun puts states in the
// file and in its temporary file: LoadNewest takes the temporary file's
// only when it is whole, later and of the same run, and never reads past a
// damaged file.
func TestLoadNewestTakesOnlyAWholeLaterStateOfTheSameRun(t *testing.T) {
	states := lineage(t, 5)
	path := filepath.Join(t.TempDir(), FileName)
	tmp := atomicfile.Temp(path)
	put := func(p string, s *State) {
		t.Helper()
		if err := os.WriteFile(p, encode(t, s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	other := lineage(t, 5)[3] // the same run trained again: another wall time per epoch
	otherFlags := &State{Flags: map[string]string{"epochs": "6"}, Data: states[3].Data, Training: states[3].Training}
	otherData := &State{Flags: states[3].Flags, Data: "sha256:0", Training: states[3].Training}
	put(path, states[1])
	for _, c := range []struct {
		name    string
		tmp     *State // nil: no temporary file
		want    *State
		fromTmp bool // want is read from the temporary file
	}{
		{"no temporary file", nil, states[1], false},
		{"a later state", states[3], states[3], true},
		{"the same state", states[1], states[1], false},
		{"an earlier state", states[0], states[1], false},
		{"a later state of another run", other, states[1], false},
		{"a later state with other flags", otherFlags, states[1], false},
		{"a later state of other data", otherData, states[1], false},
	} {
		os.Remove(tmp)
		if c.tmp != nil {
			put(tmp, c.tmp)
		}
		got, from, err := LoadNewest(path)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		sameState(t, c.name, c.want, got)
		if want := map[bool]string{true: tmp, false: path}[c.fromTmp]; from != want {
			t.Errorf("%s: read %s, want %s", c.name, from, want)
		}
	}
	// A later state cut short (a write the program was killed in) is
	// passed over.
	b := encode(t, states[3])
	if err := os.WriteFile(tmp, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	got, from, err := LoadNewest(path)
	if err != nil || from != path {
		t.Fatalf("a half-written later state beside the file: read %s, %v; want %s", from, err, path)
	}
	sameState(t, "a half-written later state", states[1], got)
	// A damaged file is an error, whatever the temporary file holds.
	put(tmp, states[3])
	f := encode(t, states[1])
	f[len(f)/2] ^= 1
	if err := os.WriteFile(path, f, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadNewest(path); err == nil {
		t.Error("a damaged file with a whole later state beside it: no error")
	}
	os.Remove(path)
	if _, _, err := LoadNewest(path); !os.IsNotExist(err) {
		t.Errorf("no file, a whole state beside it: %v, want a not-exist error", err)
	}
}

// TestPortableEncodingIsTheMemoryView checks the encoders that a
// big-endian machine would use against the memory view that this one uses.
func TestPortableEncodingIsTheMemoryView(t *testing.T) {
	if !littleEndian {
		t.Skip("a big-endian machine uses the portable encoding")
	}
	f32 := []float32{1, -2.5, float32(math.Inf(1)), 3e-39, float32(math.NaN())}
	f64 := []float64{1, -2.5, math.Inf(-1), 5e-324, math.Pi}
	var a, b bytes.Buffer
	buf := make([]byte, 16) // smaller than the data, so that it goes in chunks
	if err := encodeFloat32s(&a, f32, buf); err != nil {
		t.Fatal(err)
	}
	if err := encodeFloat64s(&a, f64, buf); err != nil {
		t.Fatal(err)
	}
	b.Write(bytesOf(f32))
	b.Write(bytesOf(f64))
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("portable % x\nmemory   % x", a.Bytes(), b.Bytes())
	}
	g32, g64 := make([]float32, len(f32)), make([]float64, len(f64))
	decodeFloat32s(a.Bytes()[:20], g32)
	decodeFloat64s(a.Bytes()[20:], g64)
	for i := range f32 {
		if math.Float32bits(g32[i]) != math.Float32bits(f32[i]) || math.Float64bits(g64[i]) != math.Float64bits(f64[i]) {
			t.Fatalf("decoded %v %v, want %v %v", g32, g64, f32, f64)
		}
	}
}

// TestDigestIsTheSHA256OfTheShapesAndTheValuesBits: the digest a state
// records is, byte for byte, SHA-256 of the width and the two value counts
// (little-endian uint64s), then every value's bits (little-endian), so that
// states saved earlier still match their data; the same values read as
// rows of another width are other data.
func TestDigestIsTheSHA256OfTheShapesAndTheValuesBits(t *testing.T) {
	train, test := rows(3, 4, 3), rows(4, 2, 3)
	var b []byte
	for _, n := range []uint64{3, 12, 6} {
		b = binary.LittleEndian.AppendUint64(b, n)
	}
	for _, v := range append(append([]float64(nil), train...), test...) {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	if got, want := Digest(train, test, 3), fmt.Sprintf("sha256:%x", sha256.Sum256(b)); got != want {
		t.Errorf("digest %s, want %s", got, want)
	}
	if Digest(train, test, 6) == Digest(train, test, 3) {
		t.Error("the same values in rows of 6 and of 3 have the same digest")
	}
}

func TestDigestSeesEveryValue(t *testing.T) {
	train, test := rows(1, 6, 3), rows(2, 2, 3)
	d := Digest(train, test, 3)
	if !strings.HasPrefix(d, "sha256:") || len(d) != 7+64 || Digest(train, test, 3) != d {
		t.Fatalf("digest %q", d)
	}
	train[17] = math.Nextafter(train[17], 2)
	if Digest(train, test, 3) == d {
		t.Errorf("a change in the last bit of one value kept the digest")
	}
	train[17] = math.Nextafter(train[17], -2)
	if Digest(train[:15], append(train[15:], test...), 3) == d {
		t.Errorf("moving a row from training to test kept the digest")
	}
}
