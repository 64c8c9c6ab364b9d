//go:build linux && !cuda

package training

import (
	"context"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// TestEpochsStayOnTheCallersThread trains two epochs with validation from a
// goroutine locked to its OS thread and counts the thread's voluntary
// context switches, the times it went to sleep. Through RunAll every step
// and every validation pass put it to sleep while another thread ran the
// tape (two epochs: 86 runs, so at least 86 switches); with the tape run
// inline, the thread keeps its core and sleeps only for the odd garbage
// collection or page fault.
func TestEpochsStayOnTheCallersThread(t *testing.T) {
	train := benchData(1, benchTrainRows, benchFeatures)
	val := benchData(2, benchValRows, benchFeatures)
	tr := newBenchTrainer(t, benchFeatures)
	defer tr.Close()
	o := Options{Epochs: 1, BatchSize: benchBatch, Shuffle: true, Permuter: newUniform(5)}
	if _, err := tr.Fit(context.Background(), train, val, o); err != nil { // build the graphs
		t.Fatal(err)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	switches := func() int64 {
		var ru unix.Rusage
		if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
			t.Fatal(err)
		}
		return int64(ru.Nvcsw) // int32 on 32-bit Linux
	}
	o.Epochs = 2
	before := switches()
	if _, err := tr.Fit(context.Background(), train, val, o); err != nil {
		t.Fatal(err)
	}
	n := switches() - before
	runs := o.Epochs * ((benchTrainRows+benchBatch-1)/benchBatch + 1)
	t.Logf("%d runs of the tape, %d voluntary context switches of the training thread", runs, n)
	if n > 10 {
		t.Errorf("the training thread slept %d times in %d runs of the tape, want at most 10", n, runs)
	}
}
