package dataset

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// ReadFile reads the table in the file at path: a numpy .npy file (by its
// magic string, or its .npy name) as ReadNPY reads it, anything else as CSV,
// as ReadTable reads it, with errors naming the path. With opt.LabelFile,
// the labels come from that file (ReadLabelFile, its header detected as
// HeaderAuto does), one per row, instead of from a column.
//
// A CSV file is read in two passes over the file, never held whole in
// memory: the first counts its lines, so that the matrix is allocated once
// at its final size, and the second parses the rows into it, split between
// up to GOMAXPROCS goroutines at line boundaries when no line after the
// first record holds a double quote (a file with quoted fields is parsed by
// one goroutine). The memory kept is the matrix, one string header per row
// for a label column (each distinct label stored once) and a few bytes of
// line index; Table.Lines is left nil (Table.Line has the lines).
func ReadFile(path string, opt ReadOptions) (Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return Table{}, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Table{}, fmt.Errorf("read %s: %w", path, err)
	}
	if fi.IsDir() {
		return Table{}, fmt.Errorf("read %s: is a directory", path)
	}
	if opt.LabelFile != "" && strings.TrimSpace(opt.Label) != "" {
		return Table{}, fmt.Errorf("%s: labels from both column %q and file %s; give one", path, opt.Label, opt.LabelFile)
	}
	var in fileReader = f
	if opt.Context != nil {
		in = &stoppableFile{f: f, ctx: opt.Context}
	}
	var t Table
	if isNPY(f, path) {
		t, err = readNPYAt(in, fi.Size(), path, opt)
	} else if !fi.Mode().IsRegular() {
		t, err = readCSVStream(in, path, opt, defaultCSVTuning())
	} else {
		t, err = readCSVAt(in, 0, fi.Size(), path, opt, defaultCSVTuning())
	}
	if err != nil {
		return Table{}, err
	}
	if opt.LabelFile != "" {
		// Read with room for one label a row, and no garbage kept (a
		// collection is far off with the matrix on the heap).
		labels, labelName, err := readLabelFile(opt.LabelFile, HeaderAuto, t.X.Rows)
		if err != nil {
			return Table{}, err
		}
		if len(labels) != t.X.Rows {
			hint := ""
			if len(labels) == t.X.Rows+1 && labelName == "" && !strings.HasSuffix(strings.ToLower(opt.LabelFile), ".npy") {
				hint = fmt.Sprintf("; if its first line, %q, names the column, remove that line: a labels file's header is recognised only above numeric labels", labels[0])
			}
			return Table{}, fmt.Errorf("%s has %s, but %s has %s%s", opt.LabelFile, plural(len(labels), "label"), path, plural(t.X.Rows, "row"), hint)
		}
		t.Labels, t.LabelName = labels, labelName
	}
	return t, nil
}

// fileReader is what the readers need of a file.
type fileReader interface {
	io.Reader
	io.ReaderAt
}

// stoppableFile reads f until ctx is done, and then fails with ctx's
// error (ReadOptions.Context).
type stoppableFile struct {
	f   *os.File
	ctx context.Context
}

func (s *stoppableFile) Read(b []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	return s.f.Read(b)
}

func (s *stoppableFile) ReadAt(b []byte, off int64) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	return s.f.ReadAt(b, off)
}

// isNPY reports whether the file starts with numpy's magic string or is
// named .npy.
func isNPY(f io.ReaderAt, path string) bool {
	var magic [6]byte
	n, _ := f.ReadAt(magic[:], 0)
	return string(magic[:n]) == npyMagic || strings.EqualFold(filepath.Ext(path), ".npy")
}

// csvTuning sizes the parallel CSV reader's work. ReadFile and ReadTable
// use defaultCSVTuning's; tests pass smaller sizes to reach the parallel
// paths with small inputs.
type csvTuning struct {
	parallelMin int64 // bytes of data lines per goroutine, at least
	chunk       int   // bytes read at a time
	workers     int   // goroutines; 0 for GOMAXPROCS
	maxValues   int   // the most values the matrix may hold; 0 for the platform's limit
}

// defaultCSVTuning is the reader's sizes outside tests.
func defaultCSVTuning() csvTuning { return csvTuning{parallelMin: 4 << 20, chunk: 1 << 20} }

// csvPart is a range of whole lines of the file.
type csvPart struct {
	from, to int64
	lines    int  // lines that start in it
	quote    bool // it holds a double quote
	lineBase int  // lines before it
}

// readCSVAt reads the CSV text in r from off to size, in parallel parts
// sized by tune.
func readCSVAt(r io.ReaderAt, off, size int64, name string, opt ReadOptions, tune csvTuning) (Table, error) {
	if err := checkComma(name, opt.comma()); err != nil {
		return Table{}, err
	}
	progress := newProgressReporter(opt.Progress, size)
	p := newTableParser(name, opt, tune)

	// The first record, which decides the header and the width.
	lr := newLineReader(io.NewSectionReader(r, off, size-off), 0, 64<<10)
	lr.base = off
	if err := lr.skipBOM(); err != nil {
		return Table{}, fmt.Errorf("read %s: %w", name, err)
	}
	bailed, err := p.run(lr, true, nil)
	if err != nil {
		return Table{}, err
	}
	if p.first && !bailed {
		return p.table() // no record
	}
	restOff, restLine := lr.offset(), lr.lineNo()
	if bailed {
		restOff, restLine = lr.lineStart(), lr.lineNo()-1
	}

	// Count the lines, to size the matrix once.
	parts, err := splitLines(r, restOff, size, restLine, tune)
	if err != nil {
		return Table{}, fmt.Errorf("read %s: %w", name, err)
	}
	quote, lines := false, int64(0)
	for _, pt := range parts {
		quote = quote || pt.quote
		lines += int64(pt.lines)
	}
	if int64(p.rows)+lines > int64(p.maxRows()) {
		return Table{}, p.tooManyValues(int64(p.rows)+lines, "line")
	}
	p.total, p.rowsHint = size, p.rows+int(lines)
	if !bailed {
		p.reserve(p.rowsHint)
	}

	if bailed || quote || len(parts) == 1 {
		rest := io.NewSectionReader(r, restOff, size-restOff)
		if bailed {
			cr := &countingReader{r: rest, at: restOff, progress: progress}
			p.done = cr.offset
			err = p.careful(cr, restLine)
		} else {
			lr := newLineReader(rest, restLine, tune.chunk)
			lr.base = restOff
			p.done = lr.offset
			if bailed, err = p.run(lr, false, progress); bailed {
				rest, base := lr.rest()
				cr := &countingReader{r: rest, at: lr.lineStart(), progress: progress}
				p.done = cr.offset
				err = p.careful(cr, base)
			}
		}
		if err != nil {
			return Table{}, err
		}
	} else if err := p.parallel(r, parts, tune.chunk, progress); err != nil {
		return Table{}, err
	}
	t, err := p.table()
	if err == nil {
		progress.finish()
	}
	return t, err
}

// splitLines cuts the lines from off to size into parts for the
// goroutines, at line starts, and counts the lines of each.
func splitLines(r io.ReaderAt, off, size int64, lineBase int, tune csvTuning) ([]csvPart, error) {
	workers := tune.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := int64(workers)
	if span := size - off; span < n*tune.parallelMin {
		n = max(1, span/tune.parallelMin)
	}
	cuts := []int64{off}
	for k := int64(1); k < n; k++ {
		at, err := nextLineStart(r, off+(size-off)*k/n, size)
		if err != nil {
			return nil, err
		}
		if at > cuts[len(cuts)-1] && at < size {
			cuts = append(cuts, at)
		}
	}
	cuts = append(cuts, size)
	parts := make([]csvPart, len(cuts)-1)
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i := range parts {
		parts[i] = csvPart{from: cuts[i], to: cuts[i+1]}
		wg.Go(func() { errs[i] = parts[i].count(r, tune.chunk) })
	}
	wg.Wait()
	for i := range parts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		parts[i].lineBase = lineBase
		lineBase += parts[i].lines
	}
	return parts, nil
}

// nextLineStart returns the offset of the first line that starts at or
// after at (size if none does).
func nextLineStart(r io.ReaderAt, at, size int64) (int64, error) {
	if at == 0 {
		return 0, nil
	}
	buf := make([]byte, 64<<10)
	for at-1 < size {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-(at-1))], at-1)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return at + int64(i), nil
		}
		if err != nil && err != io.EOF {
			return 0, err
		}
		if n == 0 {
			break
		}
		at += int64(n)
	}
	return size, nil
}

// count counts the lines that start in the part and looks for a quote,
// reading chunk bytes at a time.
func (pt *csvPart) count(r io.ReaderAt, chunk int) error {
	buf := make([]byte, chunk)
	var last byte = '\n'
	for at := pt.from; at < pt.to; {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), pt.to-at)], at)
		b := buf[:n]
		pt.lines += bytes.Count(b, []byte{'\n'})
		pt.quote = pt.quote || bytes.IndexByte(b, '"') >= 0
		if n > 0 {
			last = b[n-1]
		}
		at += int64(n)
		if err != nil && (err != io.EOF || at < pt.to) {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
	}
	if last != '\n' {
		pt.lines++ // the last line has no '\n'
	}
	return nil
}

// parallel parses the parts, which hold no quote, at once, each into its
// own rows of p.data, reading chunk bytes at a time, then closes the gaps
// that blank lines left.
func (p *tableParser) parallel(r io.ReaderAt, parts []csvPart, chunk int, progress *progressReporter) error {
	type result struct {
		w   *tableParser
		err error
	}
	var (
		res  = make([]result, len(parts))
		read = make([]atomic.Int64, len(parts)) // bytes each goroutine has read
		wg   sync.WaitGroup
		row  = p.rows
	)
	data, labels := p.data[:cap(p.data)], p.labels[:cap(p.labels)]
	for i, pt := range parts {
		lo, hi := row, row+pt.lines
		w := p.worker(data[lo*p.cols:lo*p.cols:hi*p.cols], nil)
		if p.labelCol >= 0 {
			w.labels = labels[lo:lo:hi]
		}
		res[i].w = w
		row = hi
		wg.Go(func() {
			lr := newLineReader(io.NewSectionReader(r, pt.from, pt.to-pt.from), pt.lineBase, chunk)
			lr.base = pt.from
			for {
				text, ok, err := lr.next()
				if err != nil {
					res[i].err = fmt.Errorf("read %s: %w", p.name, err)
					return
				}
				if !ok {
					break
				}
				if err := w.line(text, lr.lineNo()); err != nil {
					if err == errBail {
						err = fmt.Errorf("read %s: the file changed while it was read", p.name)
					}
					res[i].err = err
					return
				}
				if lr.refilled {
					lr.refilled = false
					read[i].Store(lr.offset() - pt.from)
				}
			}
		})
	}
	var report func()
	if progress.fn != nil {
		report = func() {
			done := parts[0].from
			for i := range read {
				done += read[i].Load()
			}
			progress.report(done)
		}
	}
	waitReporting(&wg, report)
	for _, r := range res {
		if r.err != nil {
			return r.err // the first error in the file
		}
	}
	// Join the parts' rows.
	for _, r := range res {
		w := r.w
		n := w.rows * p.cols
		if len(w.data) > 0 && &w.data[0] != &data[len(p.data)] {
			copy(data[len(p.data):], w.data[:n])
		}
		p.data = data[:len(p.data)+n]
		if p.labelCol >= 0 {
			copy(labels[len(p.labels):], w.labels)
			p.labels = labels[:len(p.labels)+w.rows]
		}
		for k, l := range w.lines.lines {
			p.lines.add(p.rows+w.lines.rows[k], l)
		}
		if w.rows > 0 {
			p.prevLine = w.prevLine
		}
		p.rows += w.rows
	}
	return nil
}
