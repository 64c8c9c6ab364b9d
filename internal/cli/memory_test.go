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
