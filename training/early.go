package training

import (
	"fmt"
	"math"
)

// EarlyStopping is Keras's EarlyStopping(monitor='val_loss', min_delta=0,
// patience=Patience, mode='min') as it stands after some epochs: an epoch
// improves when its val_loss is strictly below the best so far (Keras's
// np.less(current - min_delta, best)); Wait counts the epochs since the
// last improvement (Keras's self.wait) and training stops at the end of
// the epoch that brings it to Patience. A val_loss of NaN never improves.
type EarlyStopping struct {
	Patience  int     // 0: never stop early; only the best epoch is tracked
	Best      float64 // the lowest val_loss so far; +Inf before the first epoch
	BestEpoch int     // the epoch (1-based) that reached Best; 0 before one did
	Wait      int     // epochs since BestEpoch
	Stopped   int     // the epoch training stopped at early, 0 if it has not
}

// NewEarlyStopping returns the state before the first epoch.
func NewEarlyStopping(patience int) EarlyStopping {
	return EarlyStopping{Patience: patience, Best: math.Inf(1)}
}

// Update takes the val_loss of epoch and reports whether it improved on the
// best and whether training stops now.
func (s *EarlyStopping) Update(epoch int, valLoss float64) (improved, stop bool) {
	s.Wait++
	if valLoss < s.Best {
		s.Best, s.BestEpoch, s.Wait = valLoss, epoch, 0
		return true, false
	}
	// Keras never stops at the end of the first epoch.
	if s.Patience > 0 && s.Wait >= s.Patience && epoch > 1 {
		s.Stopped = epoch
		return false, true
	}
	return false, false
}

// Check reports why s cannot be the state after epochs finished epochs.
func (s EarlyStopping) Check(epochs int) error {
	switch {
	case s.Patience < 0:
		return fmt.Errorf("early stopping: negative patience %d", s.Patience)
	case s.BestEpoch < 0 || s.BestEpoch > epochs || s.Wait != epochs-s.BestEpoch:
		return fmt.Errorf("early stopping: best epoch %d and %d epochs since, after %d epochs", s.BestEpoch, s.Wait, epochs)
	case s.BestEpoch == 0 && !math.IsInf(s.Best, 1):
		return fmt.Errorf("early stopping: best val_loss %v without a best epoch", s.Best)
	case s.Stopped != 0 && s.Stopped != epochs:
		return fmt.Errorf("early stopping: stopped at epoch %d but %d epochs finished", s.Stopped, epochs)
	}
	return nil
}
