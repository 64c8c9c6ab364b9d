package kerasref

import (
	"embed"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
)

//go:embed curves/*.csv
var curves embed.FS

// Config names one of the exercise's architectures by its bottleneck and
// the number of encoder levels: 2 levels are 200,100; 3 are 200,100,50.
type Config struct {
	Bottleneck, Levels int
}

// Configs returns the exercise's four configurations, as the replica ran
// them: bottleneck 100, 50 and 25 with two levels, and 50 with three.
func Configs() []Config { return []Config{{100, 2}, {50, 2}, {25, 2}, {50, 3}} }

// Hidden returns the encoder widths of c for 100 inputs.
func (c Config) Hidden() []int {
	if c.Levels == 3 {
		return []int{200, 100, 50}
	}
	return []int{200, 100}
}

func (c Config) String() string { return fmt.Sprintf("bn%d_l%d", c.Bottleneck, c.Levels) }

// Seeds returns the replica's seeds.
func Seeds() []int { return []int{1, 2, 3} }

// Curve is one run's per-epoch losses (epoch i+1 at index i).
type Curve struct {
	Loss, ValLoss []float64
}

// Final returns the last epoch's loss and val_loss.
func (c Curve) Final() (loss, valLoss float64) {
	return c.Loss[len(c.Loss)-1], c.ValLoss[len(c.ValLoss)-1]
}

// MinVal returns the lowest val_loss and its 1-based epoch.
func (c Curve) MinVal() (v float64, epoch int) {
	v = math.Inf(1)
	for i, x := range c.ValLoss {
		if x < v {
			v, epoch = x, i+1
		}
	}
	return v, epoch
}

// Replica returns the Keras-semantics replica's curve for c and seed.
func Replica(c Config, seed int) (Curve, error) {
	return readCurve(fmt.Sprintf("curves/replica_%s_s%d.csv", c, seed))
}

// TFJS returns TensorFlow.js's (wasm backend) curve for c.
func TFJS(c Config) (Curve, error) {
	return readCurve(fmt.Sprintf("curves/tfjs_wasm_%s.csv", c))
}

func readCurve(name string) (Curve, error) {
	f, err := curves.Open(name)
	if err != nil {
		return Curve{}, fmt.Errorf("reference curve %s: %w", name, err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return Curve{}, fmt.Errorf("reference curve %s: %w", name, err)
	}
	var c Curve
	for i, r := range rows[1:] {
		if len(r) != 3 {
			return Curve{}, fmt.Errorf("reference curve %s: row %d has %d fields", name, i+2, len(r))
		}
		l, err1 := strconv.ParseFloat(r[1], 64)
		v, err2 := strconv.ParseFloat(r[2], 64)
		if err1 != nil || err2 != nil {
			return Curve{}, fmt.Errorf("reference curve %s: row %d is not numeric", name, i+2)
		}
		c.Loss, c.ValLoss = append(c.Loss, l), append(c.ValLoss, v)
	}
	return c, nil
}

// Stat is a mean and a sample standard deviation (n−1) over the seeds.
type Stat struct {
	Mean, SD float64
}

// Contains reports whether v lies within k standard deviations of the mean.
func (s Stat) Contains(v, k float64) bool { return math.Abs(v-s.Mean) <= k*s.SD }

// Z returns how many standard deviations v lies from the mean.
func (s Stat) Z(v float64) float64 { return (v - s.Mean) / s.SD }

// Band is the replica's seed spread for one configuration.
type Band struct {
	FinalLoss, FinalValLoss, MinValLoss Stat
}

// ReplicaBand returns the mean and sample standard deviation over seeds 1-3
// of the replica's final loss, final val_loss and minimum val_loss for c.
func ReplicaBand(c Config) (Band, error) {
	var fl, fv, mv []float64
	for _, s := range Seeds() {
		cur, err := Replica(c, s)
		if err != nil {
			return Band{}, err
		}
		l, v := cur.Final()
		m, _ := cur.MinVal()
		fl, fv, mv = append(fl, l), append(fv, v), append(mv, m)
	}
	return Band{FinalLoss: stat(fl), FinalValLoss: stat(fv), MinValLoss: stat(mv)}, nil
}

func stat(x []float64) Stat {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return Stat{Mean: m, SD: math.Sqrt(ss / float64(len(x)-1))}
}

// The tutorial's printed losses at epoch 200.
const (
	TutorialLossBN100    = 0.0029
	TutorialValLossBN100 = 0.0017
	TutorialLossBN50     = 0.0027
	TutorialValLossBN50  = 8.7731e-04
)
