package experiments

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gorgonia-ae/autoencoder/internal/compare"
	"github.com/gorgonia-ae/autoencoder/training"
)

// SameSeedFile is the name, in a -torch directory, of the history of
// reference/torch_keras_semantics.py for configuration c and seed: for
// example bn50_l3_s2.csv. That script draws the same initial weights and
// epoch orders from numpy's RandomState(seed) as this program, so its run
// and the sweep's start identically and part only through float32 rounding.
func SameSeedFile(c Config, seed uint32) string { return fmt.Sprintf("%s_s%d.csv", c.Name(), seed) }

// ReadSameSeed reads, from dir, the replica history of every configuration
// and seed of s for which SameSeedFile exists. Each must be a readable
// history of s.Epochs epochs. The map is keyed by SameSeedFile.
func ReadSameSeed(dir string, s Sweep) (map[string]compare.History, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	out := map[string]compare.History{}
	for _, c := range s.Configs {
		for _, seed := range s.Seeds {
			name := SameSeedFile(c, seed)
			h, err := compare.ReadFile(filepath.Join(dir, name))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if h.Len() != s.Epochs {
				return nil, fmt.Errorf("%s has %s, the sweep runs %d", filepath.Join(dir, name), training.EpochsText(h.Len()), s.Epochs)
			}
			out[name] = h
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds none of the sweep's <config>_s<seed>.csv histories (e.g. %s)", dir, SameSeedFile(s.Configs[0], s.Seeds[0]))
	}
	return out, nil
}
