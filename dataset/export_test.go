package dataset

import "io"

// ReferenceReadTable is ReadTable through encoding/csv alone, as it was.
var ReferenceReadTable = referenceReadTable

// ReadCSVAt reads CSV text from r, from off to size, as ReadFile reads a
// file, with the parallel reader tuned to tiny sizes: parts of at least
// minBytes, reads of chunk bytes, workers goroutines.
func ReadCSVAt(r io.ReaderAt, off, size int64, name string, opt ReadOptions, minBytes int64, chunk, workers int) (Table, error) {
	t, err := readCSVAt(r, off, size, name, opt, csvTuning{parallelMin: minBytes, chunk: chunk, workers: workers})
	t.Lines = t.lines.all(t.X.Rows)
	return t, err
}

// ReadCSVLimited reads CSV text from r with the default sizes, through the
// file reader when parallel is set and the stream reader otherwise, into a
// matrix of at most maxValues values, as if an int had fewer bits.
func ReadCSVLimited(r io.ReaderAt, size int64, name string, opt ReadOptions, maxValues int, parallel bool) (Table, error) {
	tune := defaultCSVTuning()
	tune.maxValues = maxValues
	if parallel {
		tune.parallelMin, tune.workers = 1, 2
		return readCSVAt(r, 0, size, name, opt, tune)
	}
	return readCSVStream(io.NewSectionReader(r, 0, size), name, opt, tune)
}

var ReferenceReadLabels = referenceReadLabels
