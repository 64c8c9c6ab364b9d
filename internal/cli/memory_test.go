package cli

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMemAvailableReadsProcMeminfo(t *testing.T) {
	meminfo := "MemTotal:       32871440 kB\nMemFree:         1234567 kB\nMemAvailable:   22861880 kB\nBuffers:          123 kB\n"
	n, err := memAvailable([]byte(meminfo))
	if err != nil || n != 22861880<<10 {
		t.Errorf("MemAvailable = %d, %v; want %d", n, err, uint64(22861880)<<10)
	}
	if _, err := memAvailable([]byte("MemTotal: 1 kB\n")); err == nil {
		t.Errorf("a meminfo without MemAvailable was read")
	}
}

func TestCgroupValueReadsALimitAndNoLimit(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		content string
		want    uint64
		ok      bool
	}{
		{"4294967296\n", 4 << 30, true},
		{"max\n", 0, false},
		{"9223372036854771712\n", 0, false}, // v1's "no limit"
	} {
		path := filepath.Join(dir, "memory.max")
		if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if n, ok := cgroupValue(path); n != c.want || ok != c.ok {
			t.Errorf("%q: %d, %v; want %d, %v", c.content, n, ok, c.want, c.ok)
		}
	}
	if _, ok := cgroupValue(filepath.Join(dir, "missing")); ok {
		t.Errorf("a missing file gave a limit")
	}
}

// TestAvailableMemoryIsTheLowerOfMemAvailableAndTheCgroupLimit: the
// program's cgroup is found from /proc/self/cgroup, v2 ("0::PATH", also
// under unified/ on a hybrid system) or v1 (a line whose controllers
// include memory), and its limit counts only when it is below
// MemAvailable; without the cgroup's line, the limit at the root counts.
func TestAvailableMemoryIsTheLowerOfMemAvailableAndTheCgroupLimit(t *testing.T) {
	const meminfo = "MemTotal: 16777216 kB\nMemAvailable: 8388608 kB\n" // 8 GiB available
	for _, c := range []struct {
		name   string
		cgroup string
		file   string // the limit file, under the root
		limit  string
		want   uint64
		limits bool // the limit is the figure, not MemAvailable
	}{
		{"v2", "0::/user.slice/app\n", "user.slice/app/memory.max", "4294967296\n", 4 << 30, true},
		{"v2 above MemAvailable", "0::/app\n", "app/memory.max", "17179869184\n", 8 << 30, false},
		{"v2 without a limit", "0::/app\n", "app/memory.max", "max\n", 8 << 30, false},
		{"hybrid", "1:name=systemd:/\n0::/app\n", "unified/app/memory.max", "2147483648\n", 2 << 30, true},
		{"v1", "5:cpu:/\n4:memory:/x/y\n0::/\n", "memory/x/y/memory.limit_in_bytes", "3221225472\n", 3 << 30, true},
		{"v1 with other controllers", "4:cpuacct,memory,pids:/x\n", "memory/x/memory.limit_in_bytes", "1073741824\n", 1 << 30, true},
		{"v1, another cgroup's limit", "4:memory:/x\n", "memory/z/memory.limit_in_bytes", "1073741824\n", 8 << 30, false},
		{"no cgroup line", "", "memory.max", "5368709120\n", 5 << 30, true},
	} {
		root := t.TempDir()
		path := filepath.Join(root, c.file)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(c.limit), 0o644); err != nil {
			t.Fatal(err)
		}
		n, source, err := memoryFrom([]byte(meminfo), []byte(c.cgroup), root)
		want := "MemAvailable in /proc/meminfo"
		if c.limits {
			want = "the limit in " + path
		}
		if err != nil || n != c.want || source != want {
			t.Errorf("%s: %d, %q, %v; want %d, %q", c.name, n, source, err, c.want, want)
		}
	}
}
