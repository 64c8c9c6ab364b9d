//go:build !cuda

package model

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
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
// The returned machine keeps its registers from run to run until its
// Reset is called, and a run after the first leaves out the instructions
// that would only load again what the registers still hold (see
// inlineTape). The machine's RunAll, Reset and Close work as Gorgonia's.
//
// When the reflection does not find what it expects (another Gorgonia
// version), vm is Gorgonia's machine, run is its RunAll, and inline is
// false; the caller must then Reset the machine after every run.
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
	t, ok := inlineRun(m.Run, prog, g)
	if !ok {
		return m, m.RunAll, false, nil
	}
	clear(locMap) // the machine's map: see above
	t.VM, t.flush = m, m.DoWork
	return t, t.run, true, nil
}

// inlineTape runs a compiled program's instructions on the calling
// goroutine with the TapeMachine's Run method, and keeps the machine's
// registers between runs.
//
// Every run but the first leaves out the program's loadArg instructions
// whose register no other instruction writes, as long as each of their
// nodes still holds the value the last full run loaded. Such an
// instruction would write the same value into the same register again:
// the node's tensor, bound once (the nets copy inputs into the bound
// tensor and update weights in place). A training step had 21 of them
// among its 71 instructions, each a dispatch, two log calls, a map look-up
// and an allocation. When a node has been bound to another value since
// (gorgonia.Let), after an error and after Reset, the next run is a full
// one.
type inlineTape struct {
	G.VM // the TapeMachine
	// flush finishes a run (the machine's DoWork).
	flush func() error
	// full runs the program (without the CPU frees, see withoutCPUFrees),
	// lean the same without the loads of args.
	full, lean func() error
	args       []*G.Node // the nodes whose loads lean leaves out
	loaded     []G.Value // their values when the last full run loaded them
	primed     bool      // the registers hold what the last full run loaded
}

// run executes the program once: the lean list when the registers still
// hold every arg's value, else the full one.
func (t *inlineTape) run() error {
	run := t.lean
	if !t.primed || !t.argsLoaded() {
		for i, n := range t.args {
			t.loaded[i] = n.Value()
		}
		run = t.full
	}
	t.primed = false
	if err := run(); err != nil {
		return err
	}
	if err := t.flush(); err != nil {
		return err
	}
	t.primed = true
	return nil
}

// argsLoaded reports whether every arg still holds the value its register
// was loaded with. Only tensors are compared (by pointer); any other value
// counts as changed.
func (t *inlineTape) argsLoaded() bool {
	for i, n := range t.args {
		v, ok := n.Value().(*tensor.Dense)
		if !ok || v == nil {
			return false
		}
		if l, ok := t.loaded[i].(*tensor.Dense); !ok || l != v {
			return false
		}
	}
	return true
}

// Reset clears the machine's registers; the next run is a full one.
func (t *inlineTape) Reset() {
	t.primed = false
	t.VM.Reset()
}

// inlineRun returns an inlineTape that calls run with prog's instruction
// list, when prog is a pointer to a struct whose field "instructions" has
// run's parameter type F. g is the program's graph.
func inlineRun[F any](run func(F) error, prog any, g *G.ExprGraph) (*inlineTape, bool) {
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
	full := withoutCPUFrees(instrs)
	lean, ids := withoutArgLoads(full)
	var args []*G.Node
	for _, id := range ids {
		n, ok := g.Node(id).(*G.Node)
		if !ok || n == nil {
			// Not a node of g: keep every load.
			args, lean = nil, full
			break
		}
		args = append(args, n)
	}
	t := &inlineTape{
		full:   func() error { return run(full) },
		lean:   func() error { return run(lean) },
		args:   args,
		loaded: make([]G.Value, len(args)),
	}
	return t, true
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

// tapeRegister identifies a Gorgonia register: its number and device.
type tapeRegister struct{ id, device int64 }

// withoutArgLoads returns a copy of the instruction list instrs (a slice)
// without the loadArg instructions whose register no other instruction
// writes, and the node IDs those instructions load. It reads each
// instruction's destination from its fields: loadArg, execOp, alloc and
// letInstr write writeTo, deviceTransport writes to, and free, flushInstr
// and readInstr write no register. When an instruction is of another kind,
// or a field is not what this expects (another Gorgonia version), nothing
// is left out: instrs comes back as it is, with no IDs.
func withoutArgLoads[F any](instrs F) (F, []int64) {
	v := reflect.ValueOf(instrs)
	if v.Kind() != reflect.Slice {
		return instrs, nil
	}
	writers := map[tapeRegister]int{}
	type load struct {
		i   int
		id  int64
		reg tapeRegister
	}
	var loads []load
	for i := range v.Len() {
		e := v.Index(i)
		if e.Kind() == reflect.Interface {
			e = e.Elem()
		}
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		if e.Kind() != reflect.Struct || e.Type().PkgPath() != "gorgonia.org/gorgonia" {
			return instrs, nil
		}
		var field string
		switch e.Type().Name() {
		case "loadArg", "execOp", "alloc", "letInstr":
			field = "writeTo"
		case "deviceTransport":
			field = "to"
		case "free", "flushInstr", "readInstr":
			continue
		default:
			return instrs, nil
		}
		reg, ok := registerOf(e.FieldByName(field))
		if !ok {
			return instrs, nil
		}
		writers[reg]++
		if e.Type().Name() == "loadArg" {
			id := e.FieldByName("index")
			if id.Kind() != reflect.Int64 {
				return instrs, nil
			}
			loads = append(loads, load{i, id.Int(), reg})
		}
	}
	drop := map[int]bool{}
	var ids []int64
	for _, l := range loads {
		if writers[l.reg] == 1 {
			drop[l.i] = true
			ids = append(ids, l.id)
		}
	}
	kept := reflect.MakeSlice(v.Type(), 0, v.Len()-len(drop))
	for i := range v.Len() {
		if !drop[i] {
			kept = reflect.Append(kept, v.Index(i))
		}
	}
	return kept.Interface().(F), ids
}

// registerOf reads a Gorgonia register (a struct of an int id and an int
// device).
func registerOf(r reflect.Value) (tapeRegister, bool) {
	if r.Kind() != reflect.Struct {
		return tapeRegister{}, false
	}
	id, dev := r.FieldByName("id"), r.FieldByName("device")
	if !id.IsValid() || !dev.IsValid() || !id.CanInt() || !dev.CanInt() {
		return tapeRegister{}, false
	}
	return tapeRegister{id.Int(), dev.Int()}, true
}
