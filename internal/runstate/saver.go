package runstate

import (
	"io"
	"slices"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
	"github.com/gorgonia-ae/autoencoder/training"
)

// A Saver writes a run's state file after every epoch without holding up
// training for the disk: Save copies the state (the weights, Adam's moments
// and the best weights, which the next training step changes) into a
// buffer it keeps, and encodes and writes that copy to the file, synced and
// renamed, in the background while the next epoch trains. One write is in
// flight at a time; Save and Wait wait for it. A Saver is not safe for
// concurrent use.
type Saver struct {
	path string
	// Wrap, if set, wraps the file writer of each state write; epoch is
	// the state's. Tests use it to stop the program in the middle of a
	// write.
	Wrap func(epoch int, w io.Writer) io.Writer

	snap State
	done chan error // the write in flight, nil when none
}

// NewSaver returns a Saver of the state file at path.
func NewSaver(path string) *Saver { return &Saver{path: path} }

// Save waits for the previous write, copies s and starts writing the copy.
// It returns the previous write's error.
func (v *Saver) Save(s *State) error {
	if err := v.Wait(); err != nil {
		return err
	}
	v.snap.Flags, v.snap.Data = s.Flags, s.Data
	v.snap.Training = copyState(v.snap.Training, s.Training)
	done := make(chan error, 1)
	v.done = done
	go func() { done <- v.write() }()
	return nil
}

// SaveNow writes s and returns once it is on disk.
func (v *Saver) SaveNow(s *State) error {
	if err := v.Save(s); err != nil {
		return err
	}
	return v.Wait()
}

// Wait waits for the write in flight, if any, and returns its error.
func (v *Saver) Wait() error {
	if v.done == nil {
		return nil
	}
	err := <-v.done
	v.done = nil
	return err
}

func (v *Saver) write() error {
	return atomicfile.WriteFile(v.path, func(w io.Writer) error {
		if v.Wrap != nil {
			w = v.Wrap(v.snap.Training.Epoch, w)
		}
		return Write(w, &v.snap)
	})
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
	c, d := a.Params.Config, b.Params.Config
	return c.Inputs == d.Inputs && c.Bottleneck == d.Bottleneck && c.Dtype == d.Dtype && slices.Equal(c.Hidden, d.Hidden) &&
		(a.Best == nil) == (b.Best == nil) && len(a.Adam.M) == len(b.Adam.M) && len(a.Adam.V) == len(b.Adam.V)
}
