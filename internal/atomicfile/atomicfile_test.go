package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplacesContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	if err := WriteBytes(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("two")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "two" {
		t.Fatalf("content = %q, want %q", got, "two")
	}
}

func TestWriteFileKeepsOldFileOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := WriteBytes(path, []byte("good")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap %v", err, boom)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "good" {
		t.Fatalf("content = %q, want the old %q", got, "good")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want only a.txt (temporary file left behind?)", len(entries))
	}
}

func TestWriteFileCreatesTheDirectoryOnlyWhenItWrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := WriteBytes(filepath.Join(dir, "x.txt"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "x.txt")); err != nil || string(got) != "x" {
		t.Fatalf("x.txt = %q, %v; want %q", got, err, "x")
	}
	under := filepath.Join(dir, "x.txt", "y.txt")
	if err := WriteBytes(under, []byte("y")); err == nil {
		t.Fatalf("writing under a file succeeded")
	}
}
