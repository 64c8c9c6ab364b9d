package rng

import (
	"errors"
	"fmt"
	"math"
)

// KeyWords is the number of 32-bit words in the MT19937 key.
const KeyWords = mtN

// State is a RandomState's position, as numpy's RandomState.get_state()
// gives it: the MT19937 key, the index of the next word to temper (KeyWords
// when the key must be refilled first), and the cached second Gaussian of
// the polar method, if there is one.
type State struct {
	Key      [KeyWords]uint32
	Pos      int
	HasGauss bool
	Gauss    float64
}

// State returns r's position; SetState on any RandomState makes it draw
// the same numbers as r from here on.
func (r *RandomState) State() State {
	return State{Key: r.mt, Pos: r.pos, HasGauss: r.hasGauss, Gauss: r.gauss}
}

// SetState moves r to the position s, as numpy's set_state. It refuses a
// position outside [0, KeyWords], a key of zeros (MT19937's one state that
// never leaves itself), and a cached Gaussian that is not finite or is set
// without HasGauss.
func (r *RandomState) SetState(s State) error {
	if err := s.Check(); err != nil {
		return err
	}
	r.mt, r.pos, r.hasGauss, r.gauss = s.Key, s.Pos, s.HasGauss, s.Gauss
	return nil
}

// Check reports why s cannot be a RandomState's position.
func (s State) Check() error {
	if s.Pos < 0 || s.Pos > KeyWords {
		return fmt.Errorf("rng: position %d outside [0, %d]", s.Pos, KeyWords)
	}
	zero := true
	for _, w := range s.Key {
		zero = zero && w == 0
	}
	if zero {
		return errors.New("rng: the MT19937 key is all zeros")
	}
	if math.IsNaN(s.Gauss) || math.IsInf(s.Gauss, 0) || (!s.HasGauss && s.Gauss != 0) {
		return fmt.Errorf("rng: cached Gaussian %v (has_gauss %v)", s.Gauss, s.HasGauss)
	}
	return nil
}
