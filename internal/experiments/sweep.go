package experiments

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/gorgonia-ae/autoencoder/dataset"
	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// Sweep is a set of training runs: every configuration with every seed.
type Sweep struct {
	Configs   []Config
	Seeds     []uint32
	Epochs    int // 200 in the notebook
	BatchSize int // 16 in the notebook
	// Parallel is how many runs train at once; 0 means GOMAXPROCS.
	Parallel int
	// Graph is how every run's model is built (model.Fused by default).
	Graph model.Graph
}

// Validate reports the first problem with s.
func (s Sweep) Validate() error {
	switch {
	case len(s.Configs) == 0:
		return errors.New("sweep has no configurations")
	case len(s.Seeds) == 0:
		return errors.New("sweep has no seeds")
	case s.Epochs <= 0:
		return fmt.Errorf("epochs must be positive, got %d", s.Epochs)
	case s.BatchSize <= 0:
		return fmt.Errorf("batch size must be positive, got %d", s.BatchSize)
	case s.Parallel < 0:
		return fmt.Errorf("parallel must be positive (or 0 for GOMAXPROCS), got %d", s.Parallel)
	}
	return nil
}

// workers is the number of runs that train at once.
func (s Sweep) workers() int {
	n := s.Parallel
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return max(1, min(n, len(s.Configs)*len(s.Seeds)))
}

// Run is one finished training run of a sweep.
type Run struct {
	Config  Config
	Seed    uint32
	History training.History
	Params  int           // trainable parameters
	Wall    time.Duration // the fit, from the first step to the last validation
	// StepTime is the time spent in training steps (forward, backward and
	// Adam on one minibatch), summed over the run; Wall minus StepTime is
	// the per-epoch validation passes and shuffles.
	StepTime time.Duration
}

// Steps returns the number of minibatch updates the run made.
func (r Run) Steps() int {
	n := 0
	for _, e := range r.History.Epochs {
		n += e.Steps
	}
	return n
}

// Final returns the last epoch's loss and val_loss.
func (r Run) Final() (loss, valLoss float64) {
	e := r.History.Epochs[len(r.History.Epochs)-1]
	return e.Loss, e.ValLoss
}

// Results is what a sweep produced: its runs, configuration-major in the
// order of Sweep.Configs and Sweep.Seeds, whatever order they finished in.
type Results struct {
	Sweep    Sweep
	Runs     []Run
	Wall     time.Duration // the whole sweep
	CPU      time.Duration // the process's CPU time during the sweep (0 where not measured)
	Workers  int           // runs that trained at once
	MaxProcs int           // GOMAXPROCS during the sweep
	NumCPU   int
	Rows     int // training rows
	ValRows  int // validation rows
	Inputs   int // features
}

// Of returns the runs of configuration c, in seed order.
func (r Results) Of(c Config) []Run {
	var out []Run
	for _, run := range r.Runs {
		if run.Config.Name() == c.Name() {
			out = append(out, run)
		}
	}
	return out
}

// Done is told about every finished run: the run, and how many of the
// total have finished. It is called from one goroutine at a time.
type Done func(r Run, done, total int)

// Execute trains every configuration of s with every seed on train, [rows,
// cols] (each configuration's model takes the cols columns as inputs),
// validating on val, [rows', cols], after each epoch, s.Parallel runs at a
// time. Each run is
// training.Run with its own model, optimiser and RandomState: the runs share
// nothing but the read-only data, so a run's history is the same, bit for
// bit, whether it trains alone or beside others. done (may be nil) hears of
// each finished run. The first failing run cancels the others, and its error
// is returned.
func Execute(ctx context.Context, s Sweep, train, val dataset.Matrix, done Done) (Results, error) {
	if err := s.Validate(); err != nil {
		return Results{}, err
	}
	if train.Rows == 0 || val.Rows == 0 || train.Cols != val.Cols {
		return Results{}, fmt.Errorf("need training and validation rows of one width, got %dx%d and %dx%d", train.Rows, train.Cols, val.Rows, val.Cols)
	}
	for _, c := range s.Configs {
		if err := c.Model(train.Cols).Validate(); err != nil {
			return Results{}, fmt.Errorf("configuration %s: %w", c.Name(), err)
		}
	}
	type job struct {
		index int
		cfg   Config
		seed  uint32
	}
	type outcome struct {
		index int
		run   Run
		err   error
	}
	var jobs []job
	for _, c := range s.Configs {
		for _, seed := range s.Seeds {
			jobs = append(jobs, job{len(jobs), c, seed})
		}
	}
	res := Results{Sweep: s, Runs: make([]Run, len(jobs)), Workers: s.workers(),
		MaxProcs: runtime.GOMAXPROCS(0), NumCPU: runtime.NumCPU(),
		Rows: train.Rows, ValRows: val.Rows, Inputs: train.Cols}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	queue := make(chan job)
	outcomes := make(chan outcome)
	var wg sync.WaitGroup
	start, cpu := time.Now(), processCPU()
	for range res.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				run, err := trainOne(ctx, s, j.cfg, j.seed, train, val)
				outcomes <- outcome{j.index, run, err}
			}
		}()
	}
	go func() {
		defer close(queue)
		for _, j := range jobs {
			select {
			case queue <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(outcomes) }()

	var first error
	finished := 0
	for o := range outcomes {
		if o.err != nil {
			if first == nil {
				first = o.err
				cancel()
			}
			continue
		}
		res.Runs[o.index] = o.run
		finished++
		if done != nil && first == nil {
			done(o.run, finished, len(jobs))
		}
	}
	res.Wall = time.Since(start)
	if cpu > 0 {
		res.CPU = processCPU() - cpu
	}
	if first == nil {
		first = ctx.Err() // the caller's cancellation, if any
	}
	if first != nil {
		return res, first
	}
	return res, nil
}

// spec is the sweep's run of configuration c, for rows of inputs features.
func (s Sweep) spec(c Config, inputs int, seed uint32) training.Spec {
	return training.Spec{Model: c.Model(inputs), Seed: seed, Epochs: s.Epochs, BatchSize: s.BatchSize, Shuffle: true, Graph: s.Graph}
}

// Memory estimates the bytes the sweep needs when workers runs train at
// once on trainRows and valRows rows of cols features: the largest runs
// that can meet, each as training.EstimateMemory counts a run, with the
// data and the runtime, which they share, counted once. Every
// configuration must be valid (Config.Model's Validate).
func (s Sweep) Memory(trainRows, valRows, cols, workers int) float64 {
	var each []float64
	var shared float64
	for _, c := range s.Configs {
		m := training.EstimateMemory(s.spec(c, cols, 0), trainRows, valRows, cols)
		shared = m.Data + m.Runtime
		for range s.Seeds {
			each = append(each, m.Total()-shared)
		}
	}
	slices.SortFunc(each, func(a, b float64) int { return cmp.Compare(b, a) })
	need := shared
	for _, v := range each[:min(max(workers, 1), len(each))] {
		need += v
	}
	return need
}

// trainOne is one run of the sweep: training.Run with the notebook's
// shuffled minibatches and Keras's Adam.
func trainOne(ctx context.Context, s Sweep, c Config, seed uint32, train, val dataset.Matrix) (Run, error) {
	spec := s.spec(c, train.Cols, seed)
	clock := &stepClock{}
	r, err := training.Run(ctx, spec, train.Data, val.Data, clock)
	if err != nil {
		return Run{}, fmt.Errorf("%s seed %d: %w", c.Name(), seed, err)
	}
	return Run{Config: c, Seed: seed, History: r.History, Params: r.Params.CountTrainable(),
		Wall: r.Wall, StepTime: clock.steps}, nil
}

// stepClock is a training.Progress that adds up the time spent in
// minibatch steps, leaving out validation. Each run has its own.
type stepClock struct {
	last  time.Time
	steps time.Duration
}

func (c *stepClock) EpochStart(epoch, epochs, steps int) { c.last = time.Now() }

func (c *stepClock) StepEnd(step, steps int, meanLoss float64) {
	now := time.Now()
	c.steps += now.Sub(c.last)
	c.last = now
}

func (c *stepClock) EpochEnd(e training.Epoch, epochs int) {}
