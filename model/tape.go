//go:build !cuda

package model

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	G "gorgonia.org/gorgonia"
)

// newTape compiles g into a Gorgonia TapeMachine and returns it with a
// function that runs all its instructions once, on the calling goroutine.
// With outputs, only what they need is compiled (see compile).
//
// TapeMachine.RunAll locks the caller to its OS thread and runs the tape on
// a new goroutine, which the Go scheduler must start on another thread,
// because the locked one waits: every run hands the processor from thread
// to thread and back, and the operating system is free to put the two
// threads on different cores, so that the weights, gradients and Adam's
// moments travel between caches on every training step (measured on a
// 2-CPU Zen 5: a step 250-450 µs unpinned against 220 µs under taskset).
// The thread lock and the second goroutine exist for CUDA, which this
// build does not use (its ExternMetadata does nothing but flush batched
// BLAS calls, done here too).
//
// The machine's own Run method executes a list of instructions on the
// calling goroutine; it takes the program's instruction list, which
// Gorgonia does not export, so inlineRun reads it by reflection, after
// checking that the field is there and has exactly the type Run takes.
// Run then binds every node of the machine's location map to the value
// last written to the node's register; Gorgonia's register allocator may
// give one register to nodes whose lifetimes do not overlap, which would
// leave a node with another's value. The machine therefore gets an empty
// location map: each instruction still binds its own node's value as it
// executes, as in RunAll (and 71 map look-ups per training step are
// saved). The NaN and Inf watches that RunAll can run after each
// instruction are off by default and not used here.
//
// When the reflection does not find what it expects (another Gorgonia
// version), run is RunAll, and inline is false.
func newTape(g *G.ExprGraph, outputs G.Nodes) (vm G.VM, run func() error, inline bool, err error) {
	prog, locMap, err := compile(G.Compile, G.CompileFunction, g, outputs)
	if err != nil {
		return nil, nil, false, err
	}
	// With no logger, "watch all" makes the machine's per-instruction log
	// calls return at once; watching nothing makes each of them (six per
	// instruction) look the instruction's node up in a map first, to find
	// out that it is not watched (7% of a training step).
	m := G.NewTapeMachine(g, G.WithPrecompiled(prog, locMap), G.WithWatchlist())
	runInstrs, ok := inlineRun(m.Run, prog)
	if !ok {
		return m, m.RunAll, false, nil
	}
	clear(locMap) // the machine's map: see above
	return m, func() error {
		if err := runInstrs(); err != nil {
			return err
		}
		return m.DoWork()
	}, true, nil
}

// inlineRun returns a function that calls run with prog's instruction list,
// when prog is a pointer to a struct whose field "instructions" has run's
// parameter type F.
func inlineRun[F any](run func(F) error, prog any) (func() error, bool) {
	p := reflect.ValueOf(prog)
	if p.Kind() != reflect.Pointer || p.IsNil() || p.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	f := p.Elem().FieldByName("instructions")
	if !f.IsValid() || f.Type() != reflect.TypeFor[F]() {
		return nil, false
	}
	// f is addressable (it is reached through a pointer) and of type F, so
	// this reads it as an F; the reflection API would refuse to hand out an
	// unexported field's value.
	instrs := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(F)
	instrs = withoutCPUFrees(instrs)
	return func() error { return run(instrs) }, true
}

// withoutCPUFrees returns a copy of the instruction list instrs (a slice)
// without the instructions that free a CPU register. Gorgonia's free
// instruction does nothing for CPU memory but log (GPU memory it returns
// to a pool); each still costs a dispatch, a log call and an allocation,
// and a training step had 21 of them among its 92 instructions. An
// instruction is dropped only when its dynamic type is Gorgonia's free and
// it describes itself as freeing a CPU register; anything else is kept.
// If instrs is not a slice, it is returned as it is.
func withoutCPUFrees[F any](instrs F) F {
	v := reflect.ValueOf(instrs)
	if v.Kind() != reflect.Slice {
		return instrs
	}
	kept := reflect.MakeSlice(v.Type(), 0, v.Len())
	for i := range v.Len() {
		e := v.Index(i)
		if isCPUFree(e) {
			continue
		}
		kept = reflect.Append(kept, e)
	}
	return kept.Interface().(F)
}

// isCPUFree reports whether e (an element of an instruction list) holds
// Gorgonia's free instruction for a CPU register ("Free CPU12").
func isCPUFree(e reflect.Value) bool {
	if e.Kind() == reflect.Interface {
		if e.IsNil() {
			return false
		}
		e = e.Elem()
	}
	t := e.Type()
	if t.Name() != "free" || t.PkgPath() != "gorgonia.org/gorgonia" || !e.CanInterface() {
		return false
	}
	s, ok := e.Interface().(fmt.Stringer)
	return ok && strings.HasPrefix(s.String(), "Free CPU")
}
