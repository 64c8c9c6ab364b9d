package plots

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/plot/vg"
)

func TestScatter2DHasOneLegendEntryPerClassInLabelOrder(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5}
	y := []float64{5, 3, 4, 1, 2, 0}
	class := []int{7, 0, 7, 1, 0, 1}
	p, err := Scatter2D("codes", x, y, class)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, s := range svgTexts(t, p, 4*vg.Inch, 4*vg.Inch) {
		texts = append(texts, s.Text)
	}
	if want := []string{"class 0", "class 1", "class 7"}; !slices.Equal(texts[len(texts)-3:], want) {
		t.Errorf("legend = %q, want %q", texts[len(texts)-3:], want)
	}
	if p.X.Min != -0.25 || p.X.Max != 5.25 {
		t.Errorf("x range [%v, %v], want [-0.25, 5.25] (data plus 5%%)", p.X.Min, p.X.Max)
	}
}

func TestScatter2DRejectsBadInputWithAClearMessage(t *testing.T) {
	for _, tc := range []struct {
		name  string
		x, y  []float64
		class []int
		want  string
	}{
		{"no points", nil, nil, nil, `scatter "s": no points`},
		{"length mismatch", []float64{1, 2}, []float64{1}, []int{0, 1}, `scatter "s": x has 2 values, y 1, class 2; they must match`},
		{"NaN", []float64{1, math.NaN()}, []float64{1, 2}, []int{0, 1}, `scatter "s": point 1 (NaN, 2) is not finite`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Scatter2D("s", tc.x, tc.y, tc.class)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
