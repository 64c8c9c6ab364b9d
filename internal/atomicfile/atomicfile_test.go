package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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

// TestReplacerReplacesAgainAndAgain replaces a file with longer and shorter
// contents: each time the file holds exactly the newest, and the
// temporary file the one before it (where the OS exchanges names).
func TestReplacerReplacesAgainAndAgain(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.npz")
	r := NewReplacer(path)
	prev := ""
	for _, content := range []string{"first version", "2nd", "the third, longest version", "4"} {
		if err := r.Replace(func(w io.Writer) error { _, err := io.WriteString(w, content); return err }); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("file = %q, %v; want %q", got, err, content)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o644 {
			t.Fatalf("file mode %v, %v; want 0644", fi.Mode(), err)
		}
		if runtime.GOOS == "linux" && prev != "" {
			if got, err := os.ReadFile(r.tmp); err != nil || string(got) != prev {
				t.Fatalf("temporary file = %q, %v; want the version before, %q (not exchanged?)", got, err, prev)
			}
		}
		prev = content
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "s.npz" {
		t.Fatalf("after Close the directory holds %v, want only s.npz", entries)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("a second Close: %v", err)
	}
}

func TestReplacerKeepsTheFileOnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.npz")
	r := NewReplacer(path)
	defer r.Close()
	if err := r.Replace(func(w io.Writer) error { _, err := io.WriteString(w, "good"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := r.Replace(func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap %v", err, boom)
	}
	if got, _ := os.ReadFile(path); string(got) != "good" {
		t.Fatalf("content = %q, want the old %q", got, "good")
	}
	if err := r.Replace(func(w io.Writer) error { _, err := io.WriteString(w, "next"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "next" {
		t.Fatalf("content = %q after the failed write, want %q", got, "next")
	}
}

// TestReplacerDoesNotSwapADirectoryAway: a directory in the file's place
// stays where it is, and Replace fails.
func TestReplacerDoesNotSwapADirectoryAway(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.npz")
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	r := NewReplacer(path)
	defer r.Close()
	if err := r.Replace(func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err == nil {
		t.Fatal("Replace over a directory succeeded")
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Fatalf("%s is no longer the directory: %v, %v", path, fi, err)
	}
}

// TestStageLeavesTheFileAndCommitReplacesIt stages versions over a file:
// the file keeps the committed version, the temporary file holds the
// newest staged one, and Commit puts that one in the file's place.
func TestStageLeavesTheFileAndCommitReplacesIt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.npz")
	r := NewReplacer(path)
	put := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if err := r.Commit(); err != nil {
		t.Fatalf("Commit with nothing staged: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Commit with nothing staged made %s (%v)", path, err)
	}
	if err := r.Replace(put("synced one")); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"staged, longer than the others", "staged 2"} {
		if err := r.Stage(put(v)); err != nil {
			t.Fatal(err)
		}
		if got := read(path); got != "synced one" {
			t.Fatalf("after Stage(%q) the file holds %q, want the committed %q", v, got, "synced one")
		}
		if got := read(Temp(path)); got != v {
			t.Fatalf("after Stage(%q) the temporary file holds %q", v, got)
		}
	}
	if err := r.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(path); got != "staged 2" {
		t.Fatalf("after Commit the file holds %q, want %q", got, "staged 2")
	}
	if err := r.Commit(); err != nil || read(path) != "staged 2" {
		t.Fatalf("a second Commit: %v, file %q", err, read(path))
	}
	// A failed Stage leaves nothing to commit.
	boom := errors.New("boom")
	if err := r.Stage(func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("Stage = %v, want %v", err, boom)
	}
	if err := r.Commit(); err != nil || read(path) != "staged 2" {
		t.Fatalf("Commit after a failed Stage: %v, file %q; want it untouched", err, read(path))
	}
	// Close drops a staged version.
	if err := r.Stage(put("dropped")); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Commit(); err != nil || read(path) != "staged 2" {
		t.Fatalf("Commit after Close: %v, file %q; want it untouched", err, read(path))
	}
	if _, err := os.Stat(Temp(path)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Close left the temporary file (%v)", err)
	}
}

// TestCommitStagedPutsAKilledReplacersStagedVersionInPlace: a version a
// Replacer staged and never committed becomes the file; with no temporary
// file, the file is untouched.
func TestCommitStagedPutsAKilledReplacersStagedVersionInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.npz")
	put := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	r := NewReplacer(path)
	if err := r.Replace(put("synced")); err != nil {
		t.Fatal(err)
	}
	if err := r.Stage(put("staged, newer")); err != nil {
		t.Fatal(err)
	}
	// The program is killed here: r is never used again.
	if err := CommitStaged(path); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "staged, newer" {
		t.Fatalf("file = %q, %v; want the staged version", got, err)
	}
	if err := os.Remove(Temp(path)); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	err := CommitStaged(path)
	if want := "write " + path + ": open " + Temp(path) + ": no such file or directory"; err == nil || err.Error() != want {
		t.Fatalf("CommitStaged with no temporary file: %v, want %q", err, want)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "staged, newer" {
		t.Fatalf("file = %q, %v after a failed CommitStaged; want it untouched", got, err)
	}
}

// TestRenamesAreFollowedByASyncOfTheDirectory: WriteFile, Replace and
// CommitStaged sync the file's directory once the new version has its
// name, so that the rename survives a crash of the machine; Stage, which
// renames nothing, syncs no directory.
func TestRenamesAreFollowedByASyncOfTheDirectory(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.npz")
	var synced []string
	sync := dirSync
	t.Cleanup(func() { dirSync = sync })
	dirSync = func(d string) error {
		b, err := os.ReadFile(path)
		synced = append(synced, filepath.Clean(d)+": "+string(b))
		if err != nil {
			t.Errorf("directory synced with no file in place: %v", err)
		}
		return sync(d)
	}
	put := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	check := func(what string, want ...string) {
		t.Helper()
		for i := range want {
			want[i] = dir + ": " + want[i]
		}
		if !slices.Equal(synced, want) {
			t.Errorf("%s: directory syncs %q, want %q", what, synced, want)
		}
		synced = nil
	}
	if err := WriteBytes(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	check("WriteFile", "one")
	r := NewReplacer(path)
	defer r.Close()
	for _, v := range []string{"two", "three"} { // a rename, then an exchange
		if err := r.Replace(put(v)); err != nil {
			t.Fatal(err)
		}
	}
	check("Replace", "two", "three")
	if err := r.Stage(put("four")); err != nil {
		t.Fatal(err)
	}
	check("Stage")
	if err := CommitStaged(path); err != nil {
		t.Fatal(err)
	}
	check("CommitStaged", "four")
	boom := errors.New("boom")
	dirSync = func(string) error { return boom }
	if err := WriteBytes(path, []byte("five")); !errors.Is(err, boom) || err.Error() != "write "+path+": sync its directory: boom" {
		t.Errorf("WriteFile with a failing directory sync: %v", err)
	}
	if err := r.Replace(put("six")); !errors.Is(err, boom) || err.Error() != "write "+path+": sync its directory: boom" {
		t.Errorf("Replace with a failing directory sync: %v", err)
	}
}

// TestWriteFileMakesTheFileReadableByAll: the new file has mode 0644, as
// a file created with os.WriteFile and the usual umask has, not the 0600
// of the temporary file it was written as.
func TestWriteFileMakesTheFileReadableByAll(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	if err := WriteBytes(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("file mode %v, %v; want 0644", fi.Mode(), err)
	}
}

// TestWriteFileLeavesNoTemporaryFileWhenTheRenameFails: a directory in the
// file's place makes the rename fail; the error says so, the directory
// stays, and the temporary file is removed.
func TestWriteFileLeavesNoTemporaryFileWhenTheRenameFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("x")); err == nil {
		t.Fatal("WriteFile over a directory succeeded")
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Fatalf("%s is no longer the directory: %v, %v", path, fi, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("directory holds %v, want only a.txt (temporary file left behind?)", entries)
	}
}

// TestWriteFileWritesABareNameInTheWorkingDirectory: a path with no
// directory ("codes.csv", as -out . gives) is written in the working
// directory, and its temporary file too, not in the system's.
func TestWriteFileWritesABareNameInTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := WriteBytes("a.txt", []byte("here")); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "a.txt")); err != nil || string(got) != "here" {
		t.Fatalf("a.txt = %q, %v; want %q", got, err, "here")
	}
}

// TestAFailedStageAfterAStagedOneLeavesNothingToCommit: a Stage that fails
// once it has written more than its buffer over a version staged before
// leaves a mix of the two in the temporary file; Commit must not put it
// in the file's place.
func TestAFailedStageAfterAStagedOneLeavesNothingToCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.npz")
	r := NewReplacer(path)
	defer r.Close()
	if err := r.Replace(func(w io.Writer) error { _, err := io.WriteString(w, "committed"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := r.Stage(func(w io.Writer) error { _, err := w.Write(make([]byte, 200<<10)); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := r.Stage(func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte{'x'}, 100<<10)) // beyond the 64 KiB buffer: it reaches the file
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Stage = %v, want %v", err, boom)
	}
	if err := r.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "committed" {
		t.Fatalf("after a failed Stage and a Commit the file holds %d bytes (%v), want the committed %q", len(got), err, "committed")
	}
}

// TestVersionsLargerThanTheBufferAreWrittenWhole: a version written in
// pieces that pass the 64 KiB buffer several times is whole in the file,
// by WriteFile as by a Replacer over a longer version.
func TestVersionsLargerThanTheBufferAreWrittenWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big")
	put := func(n int) func(io.Writer) error {
		return func(w io.Writer) error {
			for i := range n {
				if _, err := w.Write(bytes.Repeat([]byte{byte('a' + i%26)}, 50<<10)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	want := func(n int) []byte {
		var b bytes.Buffer
		put(n)(&b)
		return b.Bytes()
	}
	if err := WriteFile(path, put(7)); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want(7)) {
		t.Fatalf("WriteFile: the file holds %d bytes (%v), want %d", len(got), err, len(want(7)))
	}
	r := NewReplacer(path)
	defer r.Close()
	for _, n := range []int{9, 5} { // the second over the longer first
		if err := r.Replace(put(n)); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want(n)) {
			t.Fatalf("Replace: the file holds %d bytes (%v), want %d", len(got), err, len(want(n)))
		}
	}
}
