package rng

import (
	"math"
	"testing"
)

// TestSetStateContinuesTheSequence captures a generator mid-stream, at the
// three kinds of position (mid-key, a key about to be refilled, a cached
// Gaussian), and demands that a fresh generator moved there draws what the
// original draws next, bit for bit.
func TestSetStateContinuesTheSequence(t *testing.T) {
	for _, c := range []struct {
		name    string
		advance func(r *RandomState)
	}{
		{"mid-key", func(r *RandomState) { r.Permutation(100) }},
		{"key exhausted", func(r *RandomState) {
			for range KeyWords {
				r.Uint32()
			}
		}},
		{"gauss cached", func(r *RandomState) { r.Permutation(10); r.StandardNormal() }},
	} {
		r := New(1)
		c.advance(r)
		s := r.State()
		if c.name == "key exhausted" && s.Pos != KeyWords {
			t.Fatalf("%s: position %d, want %d", c.name, s.Pos, KeyWords)
		}
		if c.name == "gauss cached" && !s.HasGauss {
			t.Fatalf("%s: no cached Gaussian", c.name)
		}
		q := New(99)
		if err := q.SetState(s); err != nil {
			t.Fatal(err)
		}
		for i := range 2000 {
			a, b := r.StandardNormal(), q.StandardNormal()
			if math.Float64bits(a) != math.Float64bits(b) {
				t.Fatalf("%s: draw %d: %v, restored %v", c.name, i, b, a)
			}
		}
		pa, pb := r.Permutation(670), q.Permutation(670)
		for i := range pa {
			if pa[i] != pb[i] {
				t.Fatalf("%s: permutation differs at %d", c.name, i)
			}
		}
	}
}

func TestSetStateRefusesImpossibleStates(t *testing.T) {
	good := New(1).State()
	for name, s := range map[string]State{
		"negative position":     func() State { s := good; s.Pos = -1; return s }(),
		"position past the key": func() State { s := good; s.Pos = KeyWords + 1; return s }(),
		"zero key":              {Pos: 3},
		"NaN gauss":             func() State { s := good; s.HasGauss, s.Gauss = true, math.NaN(); return s }(),
		"gauss without flag":    func() State { s := good; s.Gauss = 0.5; return s }(),
	} {
		r := New(7)
		before := r.State()
		if err := r.SetState(s); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if r.State() != before {
			t.Errorf("%s: a refused state changed the generator", name)
		}
	}
}
