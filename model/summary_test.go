package model

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

func TestSummaryOfTheNotebookModelEndsWithKerasTotals(t *testing.T) {
	s, err := Summary(NotebookConfig(100))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) < 5 {
		t.Fatalf("summary of %d lines:\n%s", len(lines), s)
	}
	tail := lines[len(lines)-5:]
	want := []string{"", "Total params: 103,200", "Trainable params: 102,000", "Non-trainable params: 1,200", ""}
	for i := 1; i < 4; i++ {
		if tail[i] != want[i] {
			t.Errorf("line %d from the end: %q, want %q", 5-i, tail[i], want[i])
		}
	}
	if !strings.HasPrefix(tail[0], "=====") || !strings.HasPrefix(tail[4], "_____") {
		t.Errorf("totals not framed as Keras frames them:\n%s", strings.Join(tail, "\n"))
	}
}

func TestSummaryListsEveryLayerWithShapeAndParams(t *testing.T) {
	s, err := Summary(NotebookConfig(100))
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, " ") && !strings.HasPrefix(line, " Layer (type)") && strings.TrimSpace(line) != "" {
			rows++
		}
	}
	if rows != 15 {
		t.Errorf("%d layer rows, want 15:\n%s", rows, s)
	}
	for _, want := range [][]string{
		{" input (InputLayer)", "[(None, 100)]", "0"},
		{" encoder_1 (Dense)", "(None, 200)", "20200"},
		{" encoder_1/norm (BatchNormalization)", "(None, 200)", "800"},
		{" encoder_1/act (LeakyReLU)", "(None, 200)", "0"},
		{" bottleneck (Dense)", "(None, 100)", "10100"},
		{" output (Dense)", "(None, 100)", "20100"},
	} {
		found := false
		for _, line := range strings.Split(s, "\n") {
			if f := strings.Fields(line); strings.HasPrefix(line, want[0]+" ") && len(f) >= 3 &&
				strings.Join(f[len(f)-3:len(f)-1], " ") == want[1] && f[len(f)-1] == want[2] {
				found = true
			}
		}
		if !found {
			t.Errorf("no row %q:\n%s", want, s)
		}
	}
}

func TestSummaryCountsFollowTheConfig(t *testing.T) {
	c := Config{Inputs: 10, Hidden: []int{8}, Bottleneck: 3, Dtype: tensor.Float64}
	// Dense 10→8, 8→3, 3→8, 8→10: 88 + 27 + 32 + 90 = 237; two
	// BatchNormalizations of 8: 64, of which 32 moving statistics.
	total, trainable, fixed := c.ParamCounts()
	if total != 301 || trainable != 269 || fixed != 32 {
		t.Errorf("counts %d, %d, %d; want 301, 269, 32", total, trainable, fixed)
	}
	p := ZeroParams(c)
	if trainable != p.CountTrainable() {
		t.Errorf("trainable %d, but the Params hold %d trainable values", trainable, p.CountTrainable())
	}
	all := 0
	for _, w := range p.Tensors() {
		all += w.Tensor.Shape().TotalSize()
	}
	if total != all {
		t.Errorf("total %d, but the Params hold %d values", total, all)
	}
	if _, err := Summary(Config{}); err == nil {
		t.Error("an invalid config was summarised")
	}
}

func TestThousandsSeparatesLikeKeras(t *testing.T) {
	minInt := map[int]string{32: "-2,147,483,648", 64: "-9,223,372,036,854,775,808"}[strconv.IntSize]
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 103200: "103,200", 1234567: "1,234,567", -1200: "-1,200", math.MinInt: minInt} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
