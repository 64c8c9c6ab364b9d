package experiments

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gorgonia.org/tensor"

	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
	"github.com/gorgonia-ae/autoencoder/model"
)

// Config is one architecture of the sweep: the encoder's hidden widths
// (the decoder mirrors them) and the bottleneck. The number of inputs comes
// from the data.
type Config struct {
	Hidden     []int
	Bottleneck int
}

// The exercise's two encoders for 100 inputs: two levels (the notebook's
// 2n,n) and three (Question 3's extra level of 50).
var (
	levels2 = []int{200, 100}
	levels3 = []int{200, 100, 50}
)

// DefaultConfigs is the default -configs list: the exercise's four
// configurations (bottleneck 100, 50 and 25 with two levels; 50 with three),
// then bottlenecks below the data's 10 informative dimensions.
const DefaultConfigs = "bn100_l2,bn50_l2,bn25_l2,bn50_l3,bn10_l2,bn5_l2,bn2_l2"

// Name is the configuration's short name, as in file names and tables:
// "bn50_l2" for hidden 200,100 and bottleneck 50, "bn50_l3" for hidden
// 200,100,50, and "bn50_h300-150" for any other widths. It is the naming of
// the Keras reference curves (kerasref.Config.String).
func (c Config) Name() string {
	switch {
	case slices.Equal(c.Hidden, levels2):
		return fmt.Sprintf("bn%d_l2", c.Bottleneck)
	case slices.Equal(c.Hidden, levels3):
		return fmt.Sprintf("bn%d_l3", c.Bottleneck)
	}
	return fmt.Sprintf("bn%d_h%s", c.Bottleneck, joinInts(c.Hidden, "-"))
}

func (c Config) String() string { return c.Name() }

// Describe spells the configuration out: "hidden 200,100, bottleneck 50".
func (c Config) Describe() string {
	return fmt.Sprintf("hidden %s, bottleneck %d", joinInts(c.Hidden, ","), c.Bottleneck)
}

// Model returns the float32 model of c for data of the given width.
func (c Config) Model(inputs int) model.Config {
	return model.Config{Inputs: inputs, Hidden: slices.Clone(c.Hidden), Bottleneck: c.Bottleneck, Dtype: tensor.Float32}
}

// Reference returns the Keras replica's configuration that c is, and
// whether the replica ran it (kerasref.Configs).
func (c Config) Reference() (kerasref.Config, bool) {
	for _, r := range kerasref.Configs() {
		if r.Bottleneck == c.Bottleneck && slices.Equal(r.Hidden(), c.Hidden) {
			return r, true
		}
	}
	return kerasref.Config{}, false
}

// ParseConfigs parses a comma-separated list of configurations such as
// DefaultConfigs. Each item is "bn<B>" or "bn<B>_l2" (hidden 200,100),
// "bn<B>_l3" (hidden 200,100,50) or "bn<B>_h<W>-<W>..." (any widths, e.g.
// bn20_h300-150), with B and every W positive. Duplicates are an error.
func ParseConfigs(s string) ([]Config, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("empty list of configurations")
	}
	var out []Config
	seen := map[string]bool{}
	for _, item := range strings.Split(s, ",") {
		c, err := parseConfig(strings.TrimSpace(item))
		if err != nil {
			return nil, err
		}
		if seen[c.Name()] {
			return nil, fmt.Errorf("configuration %s is listed twice", c.Name())
		}
		seen[c.Name()] = true
		out = append(out, c)
	}
	return out, nil
}

const configSyntax = "want bn<B>, bn<B>_l2, bn<B>_l3 or bn<B>_h<W>-<W>..., e.g. bn50_l3"

func parseConfig(item string) (Config, error) {
	rest, ok := strings.CutPrefix(item, "bn")
	if !ok {
		return Config{}, fmt.Errorf("configuration %q: %s", item, configSyntax)
	}
	num, suffix, _ := strings.Cut(rest, "_")
	b, ok := positive(num)
	if !ok {
		return Config{}, fmt.Errorf("configuration %q: bottleneck %q is not a positive integer", item, num)
	}
	c := Config{Bottleneck: b}
	switch {
	case suffix == "" || suffix == "l2":
		c.Hidden = slices.Clone(levels2)
	case suffix == "l3":
		c.Hidden = slices.Clone(levels3)
	case strings.HasPrefix(suffix, "h") && len(suffix) > 1:
		for _, w := range strings.Split(suffix[1:], "-") {
			v, ok := positive(w)
			if !ok {
				return Config{}, fmt.Errorf("configuration %q: width %q is not a positive integer (the widths are joined by -, as in bn50_h200-100)", item, w)
			}
			c.Hidden = append(c.Hidden, v)
		}
	default:
		return Config{}, fmt.Errorf("configuration %q: unknown suffix %q; %s", item, suffix, configSyntax)
	}
	return c, nil
}

// positive reads s, decimal digits alone (no sign), as a positive int.
func positive(s string) (int, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	return v, err == nil && v > 0
}

// ParseSeeds parses a comma-separated list of distinct seeds for numpy's
// RandomState, each from 0 to 4294967295, such as "1,2,3".
func ParseSeeds(s string) ([]uint32, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("empty list of seeds")
	}
	var out []uint32
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		v, err := strconv.ParseUint(item, 10, 64)
		if err != nil || v > math.MaxUint32 {
			return nil, fmt.Errorf("seed %q is not an integer from 0 to 4294967295", item)
		}
		if slices.Contains(out, uint32(v)) {
			return nil, fmt.Errorf("seed %d is listed twice", v)
		}
		out = append(out, uint32(v))
	}
	return out, nil
}

func joinInts(v []int, sep string) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, sep)
}
