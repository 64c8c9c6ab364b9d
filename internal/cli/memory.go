package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/gorgonia-ae/autoencoder/model"
	"github.com/gorgonia-ae/autoencoder/training"
)

// availableMemory returns the memory the program can use: the smaller of
// /proc/meminfo's MemAvailable and the memory limit of its cgroup (v2's
// memory.max, v1's memory.limit_in_bytes), with where that figure comes
// from. It fails where there is no /proc/meminfo (not Linux).
func availableMemory() (uint64, string, error) {
	meminfo, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, "", err
	}
	cgroup, _ := os.ReadFile("/proc/self/cgroup") // without it, the limits at the root are read
	return memoryFrom(meminfo, cgroup, "/sys/fs/cgroup")
}

// memoryFrom is availableMemory from the contents of /proc/meminfo and
// /proc/self/cgroup, with the cgroup file systems mounted under root.
func memoryFrom(meminfo, cgroup []byte, root string) (uint64, string, error) {
	avail, err := memAvailable(meminfo)
	if err != nil {
		return 0, "", err
	}
	source := "MemAvailable in /proc/meminfo"
	if limit, path, ok := cgroupLimit(cgroup, root); ok && limit < avail {
		avail, source = limit, "the limit in "+path
	}
	return avail, source, nil
}

// memAvailable parses /proc/meminfo's "MemAvailable: N kB" line.
func memAvailable(meminfo []byte) (uint64, error) {
	sc := bufio.NewScanner(bytes.NewReader(meminfo))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "MemAvailable:" && f[2] == "kB" {
			n, err := strconv.ParseUint(f[1], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("/proc/meminfo: %w", err)
			}
			return n << 10, nil
		}
	}
	return 0, errors.New("/proc/meminfo has no MemAvailable line")
}

// cgroupLimit returns the memory limit of the program's cgroup, v2 or v1,
// when there is one: cgroup is /proc/self/cgroup's content, and root is
// where the cgroup file systems are mounted (/sys/fs/cgroup).
func cgroupLimit(cgroup []byte, root string) (uint64, string, bool) {
	var candidates []string
	for _, line := range strings.Split(string(cgroup), "\n") {
		f := strings.SplitN(line, ":", 3)
		switch {
		case len(f) != 3:
		case f[0] == "0" && f[1] == "":
			candidates = append(candidates, filepath.Join(root, f[2], "memory.max"), filepath.Join(root, "unified", f[2], "memory.max"))
		case strings.Contains(","+f[1]+",", ",memory,"):
			candidates = append(candidates, filepath.Join(root, "memory", f[2], "memory.limit_in_bytes"))
		}
	}
	candidates = append(candidates, filepath.Join(root, "memory.max"), filepath.Join(root, "memory", "memory.limit_in_bytes"))
	for _, path := range candidates {
		if n, ok := cgroupValue(path); ok {
			return n, path, true
		}
	}
	return 0, "", false
}

// cgroupValue reads a limit file: a number of bytes, or "max" (none). v1
// writes a number near 2⁶³ for none.
func cgroupValue(path string) (uint64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || n >= math.MaxInt64/2 {
		return 0, false
	}
	return n, true
}

// checkMemory refuses, before anything is allocated, work that needs more
// memory than the machine has available; what names the work. Where the
// available memory cannot be read the work goes ahead.
func checkMemory(env *Env, need float64, what string) error {
	read := availableMemory
	if env.hooks.memory != nil {
		read = env.hooks.memory
	}
	avail, source, err := read()
	if err != nil {
		return nil
	}
	if need > float64(avail) {
		return fmt.Errorf("%s needs about %s of memory, more than the %s available (%s)",
			what, training.FormatBytes(need), training.FormatBytes(float64(avail)), source)
	}
	return nil
}

// gcFor sets Go's collector for a run of graph kind estimated to need need
// bytes. The heap may grow to that much (plus 64 MiB) before the collector
// must run, so that a large data set's run stays within what it was
// estimated to need. A stock graph leaves about 300 KiB of garbage a step
// (the fused one about 6 KiB) over a live heap of a few MiB, so with Go's
// default the collector ran every few steps; it collects at five times the
// live heap instead (a stock step 0.88 -> 0.60 ms, BenchmarkStockTrainStep
// with GOGC=400). GOGC or GOMEMLIMIT in the environment win.
func gcFor(kind model.Graph, need float64) {
	if os.Getenv("GOGC") == "" && kind == model.Stock {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(need) + 64<<20)
	}
}
