package runstate

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"hash/crc32"
	"io/fs"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// withManifest returns the state file b with its manifest replaced by js,
// every other entry as it was, and a checksum that matches the new bytes:
// a file that only the manifest's content can make Read refuse.
func withManifest(t testing.TB, b, js []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == checksumName {
			continue
		}
		data := js
		if f.Name != manifestName {
			if data, err = fs.ReadFile(zr, f.Name); err != nil {
				t.Fatal(err)
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: checksumName, Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	// The checksum covers every byte before its own data.
	if err := zw.Flush(); err != nil {
		t.Fatal(err)
	}
	h := crc32.New(castagnoli)
	h.Write(out.Bytes())
	if _, err := w.Write([]byte(hex.EncodeToString(h.Sum(nil)) + "\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// manifestOf returns the manifest entry of the state file b.
func manifestOf(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	js, err := fs.ReadFile(zr, manifestName)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// TestWithManifestKeepsAValidState checks the fuzzer's rewrapping: the
// file with its own manifest put back reads as the same state, and a
// manifest changed by one field is refused for that field, not for a
// checksum.
func TestWithManifestKeepsAValidState(t *testing.T) {
	s := runState(t, tensor.Float32, true)
	b := encode(t, s)
	js := manifestOf(t, b)
	d := withManifest(t, b, js)
	got, err := Read(bytes.NewReader(d), int64(len(d)))
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, "rewrapped", s, got)
	bad := bytes.Replace(js, []byte(`"version":`), []byte(`"version":9`), 1)
	if bytes.Equal(bad, js) {
		t.Fatalf("no version in the manifest %s", js)
	}
	d = withManifest(t, b, bad)
	if _, err := Read(bytes.NewReader(d), int64(len(d))); err == nil || !strings.Contains(err.Error(), "version") {
		t.Fatalf("a manifest of another version: %v", err)
	}
}

// FuzzReadManifest reads state files whose manifest is arbitrary bytes
// under a valid checksum, as -resume would after a bug or a hand edit: Read
// must refuse them with a one-line error, or return a state that writes
// back to a file that reads as the same state.
func FuzzReadManifest(f *testing.F) {
	base := map[bool][]byte{}
	for _, best := range []bool{false, true} {
		base[best] = encode(f, runState(f, tensor.Float32, best))
		js := manifestOf(f, base[best])
		f.Add(best, js)
		f.Add(best, bytes.Replace(js, []byte(`"epoch":2`), []byte(`"epoch":3`), 1))
		f.Add(best, bytes.Replace(js, []byte(`"hidden":[7,4]`), []byte(`"hidden":[7]`), 1))
	}
	f.Add(false, []byte(`{}`))
	f.Fuzz(func(t *testing.T, best bool, js []byte) {
		b := withManifest(t, base[best], js)
		s, err := Read(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error of several lines: %q", err)
			}
			return
		}
		again := encode(t, s)
		s2, err := Read(bytes.NewReader(again), int64(len(again)))
		if err != nil {
			t.Fatalf("an accepted state written back is refused: %v", err)
		}
		if !bytes.Equal(encode(t, s2), again) {
			t.Fatalf("an accepted state does not read back as itself")
		}
	})
}
