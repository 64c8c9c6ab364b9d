package experiments

import (
	"slices"
	"strings"
	"testing"

	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
)

func TestDefaultConfigsAreTheExerciseThenBottlenecksBelowTen(t *testing.T) {
	cs, err := ParseConfigs(DefaultConfigs)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name())
	}
	want := []string{"bn100_l2", "bn50_l2", "bn25_l2", "bn50_l3", "bn10_l2", "bn5_l2", "bn2_l2"}
	if !slices.Equal(names, want) {
		t.Fatalf("default configs %v, want %v", names, want)
	}
	// The first four are exactly the Keras replica's configurations.
	for i, rc := range kerasref.Configs() {
		got, ok := cs[i].Reference()
		if !ok || got != rc {
			t.Errorf("config %s: reference %v, %v; want %v", cs[i].Name(), got, ok, rc)
		}
	}
	for _, c := range cs[4:] {
		if _, ok := c.Reference(); ok {
			t.Errorf("config %s has a Keras reference; the replica never ran it", c.Name())
		}
	}
}

func TestParseConfigsSpellings(t *testing.T) {
	for _, tc := range []struct {
		in     string
		hidden []int
		bn     int
		name   string
	}{
		{"bn50", []int{200, 100}, 50, "bn50_l2"},
		{"bn50_l2", []int{200, 100}, 50, "bn50_l2"},
		{" bn25_l3 ", []int{200, 100, 50}, 25, "bn25_l3"},
		{"bn20_h300-150", []int{300, 150}, 20, "bn20_h300-150"},
		{"bn50_h200-100-50", []int{200, 100, 50}, 50, "bn50_l3"}, // the same model gets the same name
	} {
		cs, err := ParseConfigs(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		c := cs[0]
		if !slices.Equal(c.Hidden, tc.hidden) || c.Bottleneck != tc.bn || c.Name() != tc.name {
			t.Errorf("%q: got hidden %v bottleneck %d name %s; want %v %d %s", tc.in, c.Hidden, c.Bottleneck, c.Name(), tc.hidden, tc.bn, tc.name)
		}
	}
}

func TestParseConfigsRejectsBadLists(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "empty list"},
		{"  ", "empty list"},
		{"50", `configuration "50"`},
		{"bn", `bottleneck "" is not a positive integer`},
		{"bn0", `bottleneck "0" is not a positive integer`},
		{"bn-5", `bottleneck "-5"`},
		{"bnx_l2", `bottleneck "x"`},
		{"bn50_l4", `unknown suffix "l4"`},
		{"bn50_h", `unknown suffix "h"`},
		{"bn50_h200-0", `width "0" is not a positive integer`},
		{"bn50_h200--100", `width ""`},
		{"bn+50", `bottleneck "+50" is not a positive integer`},
		{"bn50_h+200", `width "+200" is not a positive integer (the widths are joined by -, as in bn50_h200-100)`},
		{"bn50,bn25,bn50_l2", "bn50_l2 is listed twice"},
		{"bn50,,bn25", `configuration ""`},
	} {
		_, err := ParseConfigs(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseConfigs(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestParseSeeds(t *testing.T) {
	got, err := ParseSeeds("1, 2,3,4294967295,0")
	if err != nil || !slices.Equal(got, []uint32{1, 2, 3, 4294967295, 0}) {
		t.Fatalf("ParseSeeds = %v, %v", got, err)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "empty list"},
		{"1,x", `seed "x"`},
		{"-1", `seed "-1"`},
		{"4294967296", `seed "4294967296"`},
		{"1,2,1", "seed 1 is listed twice"},
		{"1,", `seed ""`},
	} {
		_, err := ParseSeeds(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseSeeds(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestConfigModelIsTheFloat32MirroredAutoencoder(t *testing.T) {
	cs, _ := ParseConfigs("bn25_l3")
	m := cs[0].Model(100)
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := m.Widths(), []int{100, 200, 100, 50, 25, 50, 100, 200, 100}; !slices.Equal(got, want) {
		t.Errorf("widths %v, want %v", got, want)
	}
	if m.Dtype.Name() != "float32" {
		t.Errorf("dtype %v, want float32", m.Dtype)
	}
	if got := cs[0].Describe(); got != "hidden 200,100,50, bottleneck 25" {
		t.Errorf("Describe = %q", got)
	}
}
