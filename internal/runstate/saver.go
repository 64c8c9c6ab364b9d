package runstate

import (
	"io"
	"sync"
	"time"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/training"
)

// A Saver writes a run's state file after every epoch without holding up
// training for the disk. Save copies the state (the weights, Adam's
// moments and the best weights, which the next training step changes) and
// returns; a goroutine of the Saver encodes the copy and writes it while
// training goes on.
//
// Syncing every epoch's state to the disk would cost more than the writes:
// a sync of the notebook model's 1.25 MB every 5.6 ms is 220 MB/s of disk
// writes, which cost training 4-10% on a 2-CPU virtual machine. So the
// Saver syncs a state at most once every SyncEvery (a second by default),
// and the first and the last state it is given: one of them goes to the
// file, synced, and the states in between to the file's temporary file
// (atomicfile.Replacer's Replace and Stage). The file therefore always
// holds a whole state, at most SyncEvery older than the newest, that
// survives a crash of the machine, and the temporary file the newest
// state, whole unless the program was killed while writing it (LoadNewest
// picks the newer of the two that is whole). Close (and SaveNow) put the newest
// state in the file, synced, and remove the temporary file.
//
// One write is in flight at a time. When a state is saved while the
// previous one is still being written, it waits its turn; a state that a
// newer one replaces before its turn came is never written (the newest
// wins), so training never waits for a slow disk. Wait waits for the
// newest state to be written. A Saver's methods must not be called
// concurrently.
type Saver struct {
	file *atomicfile.Replacer
	// Wrap, if set, wraps the file writer of each state write; epoch is
	// the state's. Tests use it to stop the program in the middle of a
	// write.
	Wrap func(epoch int, w io.Writer) io.Writer
	// SyncEvery is the longest time between two synced writes; 0 syncs
	// every state.
	SyncEvery time.Duration

	lastSync time.Time // when the last synced write ended; zero before one
	mu       sync.Mutex
	idle     sync.Cond
	pending  *State // the newest state, not yet being written
	spare    *State // the buffers of a written state, for the next copy
	writing  bool   // the writer goroutine is running
	err      error  // the first write error
}

// DefaultSyncEvery is a new Saver's SyncEvery.
const DefaultSyncEvery = time.Second

// NewSaver returns a Saver of the state file at path.
func NewSaver(path string) *Saver {
	v := &Saver{file: atomicfile.NewReplacer(path), SyncEvery: DefaultSyncEvery}
	v.idle.L = &v.mu
	return v
}

// Save copies s, to be written once the write in flight (if any) ends. It
// returns the error of an earlier write that failed, after which the Saver
// writes nothing more.
func (v *Saver) Save(s *State) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.err != nil {
		return v.err
	}
	dst := v.pending
	if dst == nil {
		dst, v.spare = v.spare, nil
	}
	v.pending = copyRunState(dst, s)
	if !v.writing {
		v.writing = true
		go v.writeLoop()
	}
	return nil
}

// SaveNow writes s to the file, synced, and returns once it is on disk.
func (v *Saver) SaveNow(s *State) error {
	if err := v.Save(s); err != nil {
		return err
	}
	return v.commit()
}

// commit waits for the newest state to be written and puts it in the file,
// synced, if it was staged.
func (v *Saver) commit() error {
	if err := v.Wait(); err != nil {
		return err
	}
	if err := v.file.Commit(); err != nil {
		v.mu.Lock()
		v.err = err
		v.mu.Unlock()
		return err
	}
	v.lastSync = time.Now()
	return nil
}

// Wait waits until the newest state saved is written (to the file or, not
// synced, to its temporary file), and returns the first write error.
func (v *Saver) Wait() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	for v.writing {
		v.idle.Wait()
	}
	return v.err
}

// Close waits for the newest state to be written and puts it in the file,
// synced (see SaveNow), then removes the temporary file the writes go
// through (see atomicfile.Replacer).
func (v *Saver) Close() error {
	err := v.commit()
	if cerr := v.file.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeLoop writes the pending state until there is none.
func (v *Saver) writeLoop() {
	v.mu.Lock()
	defer v.mu.Unlock()
	for v.pending != nil && v.err == nil {
		s := v.pending
		v.pending = nil
		v.mu.Unlock()
		err := v.write(s)
		v.mu.Lock()
		v.spare = s
		if err != nil {
			v.err, v.pending = err, nil
		}
	}
	v.writing = false
	v.idle.Broadcast()
}

// write writes s: to the file, synced, when it is the Saver's first or
// SyncEvery has passed since the last synced write; otherwise to the
// temporary file alone.
func (v *Saver) write(s *State) error {
	write := func(w io.Writer) error {
		if v.Wrap != nil {
			w = v.Wrap(s.Training.Epoch, w)
		}
		return Write(w, s)
	}
	if !v.lastSync.IsZero() && time.Since(v.lastSync) < v.SyncEvery {
		return v.file.Stage(write)
	}
	if err := v.file.Replace(write); err != nil {
		return err
	}
	v.lastSync = time.Now()
	return nil
}

// copyRunState copies src into dst (which may be nil) and returns it.
func copyRunState(dst, src *State) *State {
	if dst == nil {
		dst = &State{}
	}
	dst.Flags, dst.Data = src.Flags, src.Data
	dst.Training = copyState(dst.Training, src.Training)
	return dst
}

// copyState copies src into dst, reusing dst's tensors when they have
// src's shapes, and returns dst (a new deep copy when it could not).
func copyState(dst, src *training.State) *training.State {
	if dst == nil || !sameShapes(dst, src) {
		return src.Clone()
	}
	params, best, m, v, hist := dst.Params, dst.Best, dst.Adam.M, dst.Adam.V, dst.History.Epochs
	*dst = *src
	params.CopyFrom(src.Params)
	dst.Params = params
	if src.Best != nil {
		best.CopyFrom(src.Best)
		dst.Best = best
	}
	for i := range m {
		tensor.Copy(m[i], src.Adam.M[i])
		tensor.Copy(v[i], src.Adam.V[i])
	}
	dst.Adam.M, dst.Adam.V = m, v
	dst.History.Epochs = append(hist[:0], src.History.Epochs...)
	return dst
}

// sameShapes reports whether a's tensors can hold b's.
func sameShapes(a, b *training.State) bool {
	return a.Params.Config.Equal(b.Params.Config) &&
		(a.Best == nil) == (b.Best == nil) && len(a.Adam.M) == len(b.Adam.M) && len(a.Adam.V) == len(b.Adam.V)
}
