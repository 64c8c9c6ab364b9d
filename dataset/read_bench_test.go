package dataset_test

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// benchFiles writes 20,000 rows of 100 normal deviates (the notebook's
// shape of row, 38 MB as CSV) into a temporary directory, as CSV with 17
// significant digits (the data command writes the shortest form that reads
// back, at most 17) and as .npy, and returns the two paths.
func benchFiles(b *testing.B) (csvPath, npyPath string) {
	b.Helper()
	dir := b.TempDir()
	r := rand.New(rand.NewPCG(1, 1))
	m := dataset.NewMatrix(20000, 100)
	for i := range m.Data {
		m.Data[i] = r.NormFloat64() * 3
	}
	csvPath, npyPath = filepath.Join(dir, "X.csv"), filepath.Join(dir, "X.npy")
	for _, p := range []string{csvPath, npyPath} {
		f, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		if p == npyPath {
			err = dataset.WriteNPY(w, m)
		} else {
			buf := make([]byte, 0, 32)
			for i := range m.Rows {
				for j, v := range m.Row(i) {
					if j > 0 {
						w.WriteByte(',')
					}
					w.Write(strconv.AppendFloat(buf[:0], v, 'g', 17, 64))
				}
				w.WriteByte('\n')
			}
		}
		if err == nil {
			err = w.Flush()
		}
		if err == nil {
			err = f.Close()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return csvPath, npyPath
}

func benchRead(b *testing.B, path string) {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ResetTimer()
	for b.Loop() {
		if _, err := dataset.ReadFile(path, dataset.ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadFileCSV reads 20,000 rows × 100 columns of CSV with
// ReadFile (MB/s of CSV text).
func BenchmarkReadFileCSV(b *testing.B) {
	csvPath, _ := benchFiles(b)
	benchRead(b, csvPath)
}

// BenchmarkReadFileNPY reads the same rows as a float64 .npy file.
func BenchmarkReadFileNPY(b *testing.B) {
	_, npyPath := benchFiles(b)
	benchRead(b, npyPath)
}

// BenchmarkReadTableStream reads the CSV as a stream (no *os.File): one
// goroutine, no line count first.
func BenchmarkReadTableStream(b *testing.B) {
	csvPath, _ := benchFiles(b)
	fi, _ := os.Stat(csvPath)
	b.SetBytes(fi.Size())
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(csvPath)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dataset.ReadTable(bufio.NewReader(f), csvPath, dataset.ReadOptions{}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
