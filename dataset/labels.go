package dataset

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// ReadLabelFile reads a file of labels, one for each row of a table, as
// text for the classes (the same text for the same class, each distinct
// label stored once):
//
//   - a numpy .npy file (by its magic string, or its .npy name) holding a
//     1-D array, or a 2-D array of one column, of numbers (f2, f4, f8, i1 to
//     i8, u1 to u8, b1, in either byte order) or strings (U and S): written
//     as ReadNPY writes a label column; name is "";
//   - anything else as CSV of one column: one label per line, any non-empty
//     text (surrounding spaces trimmed, RFC 4180 quoting understood), blank
//     lines skipped. header says whether the first line names the column
//     (then returned as name); HeaderAuto takes it for a header when it is
//     not a number and the second line is.
func ReadLabelFile(path string, header HeaderMode) (labels []string, name string, err error) {
	return readLabelFile(path, header, 0)
}

// readLabelFile is ReadLabelFile with room for expect labels from the start.
func readLabelFile(path string, header HeaderMode, expect int) (labels []string, name string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, "", fmt.Errorf("read %s: is a directory", path)
	}
	if isNPY(f, path) {
		labels, err := ReadNPYLabels(f, fi.Size(), path)
		return labels, "", err
	}
	return readLabelText(f, path, header, expect)
}

// ReadNPYLabels reads the labels in an .npy file of size bytes from r, as
// ReadLabelFile does; name labels errors.
func ReadNPYLabels(r io.ReaderAt, size int64, name string) ([]string, error) {
	h, err := readNPYHeader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	n := 0
	switch {
	case len(h.shape) == 1:
		n = h.shape[0]
	case len(h.shape) == 2 && h.shape[1] == 1:
		n = h.shape[0]
	default:
		return nil, fmt.Errorf("%s: an array of shape %s; labels are 1-D, (rows,), or one column, (rows, 1)", name, shapeString(h.shape))
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: no labels (shape %s)", name, shapeString(h.shape))
	}
	labels := make([]string, n)
	li := labelInterner{dt: h.dtype}
	size1 := h.dtype.size
	buf := make([]byte, max(1, npyBlock/size1)*size1)
	for i := 0; i < n; {
		k := min(n-i, len(buf)/size1)
		b := buf[:k*size1]
		if _, err := r.ReadAt(b, h.data+int64(i)*int64(size1)); err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s: read the .npy data: %w", name, err)
		}
		for j := range k {
			l := li.text(b[j*size1 : (j+1)*size1])
			if l == "" {
				return nil, fmt.Errorf("%s: label %d (0-based) is empty", name, i+j)
			}
			labels[i+j] = l
		}
		i += k
	}
	return labels, nil
}

// ReadLabels reads CSV labels from r as ReadLabelFile does; name labels
// errors, which give the line.
func ReadLabels(r io.Reader, name string, header HeaderMode) (labels []string, column string, err error) {
	return readLabelText(r, name, header, 0)
}

// labelReader collects the labels of a CSV label file.
type labelReader struct {
	name    string
	header  HeaderMode
	labels  []string
	column  string
	intern  map[string]string
	first   string // the first label, until it is known not to be a header
	records int
}

// readLabelText reads CSV labels, with room for expect of them from the start.
// Lines without a double quote take a fast path that keeps nothing but the
// labels (each distinct one once); encoding/csv reads the rest of the file
// from the first line with one.
func readLabelText(r io.Reader, name string, header HeaderMode, expect int) ([]string, string, error) {
	lr := newLineReader(r, 0, 64<<10)
	if err := lr.skipBOM(); err != nil {
		return nil, "", fmt.Errorf("read %s: %w", name, err)
	}
	l := &labelReader{name: name, header: header, labels: make([]string, 0, expect), intern: map[string]string{}}
	for {
		text, ok, err := lr.next()
		if err != nil {
			return nil, "", fmt.Errorf("read %s: %w", name, err)
		}
		if !ok {
			break
		}
		if bytes.IndexByte(text, '"') >= 0 {
			rest, base := lr.rest()
			if err := l.careful(rest, base); err != nil {
				return nil, "", err
			}
			break
		}
		n := bytes.Count(text, []byte{','}) + 1
		t := bytes.TrimSpace(text)
		if n == 1 && len(t) == 0 {
			continue
		}
		if n != 1 {
			return nil, "", l.fieldsError(lr.lineNo(), n)
		}
		s, ok := l.intern[string(t)]
		if !ok {
			s = string(t)
			l.intern[s] = s
		}
		l.add(s)
	}
	return l.result()
}

func (l *labelReader) fieldsError(line, n int) error {
	return fmt.Errorf("%s line %d: %s; a label file has one label per line", l.name, line, plural(n, "field"))
}

// add takes the next label, deciding on the header.
func (l *labelReader) add(s string) {
	l.records++
	switch {
	case l.records == 1 && l.header == HeaderPresent:
		l.column = s
	case l.records == 1 && l.header == HeaderAuto:
		l.first = s
	case l.records == 2 && l.header == HeaderAuto:
		_, errFirst := strconv.ParseFloat(l.first, 64)
		_, errSecond := strconv.ParseFloat(s, 64)
		if errFirst != nil && errSecond == nil {
			l.column = l.first
		} else {
			l.labels = append(l.labels, l.first)
		}
		l.labels = append(l.labels, s)
	default:
		l.labels = append(l.labels, s)
	}
}

// careful reads the rest with encoding/csv; r starts at line base+1.
func (l *labelReader) careful(r io.Reader, base int) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(l.name, base, err)
		}
		line, _ := cr.FieldPos(0)
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue
		}
		if len(fields) != 1 {
			return l.fieldsError(base+line, len(fields))
		}
		t := strings.TrimSpace(fields[0])
		s, ok := l.intern[t]
		if !ok {
			s = strings.Clone(t)
			l.intern[s] = s
		}
		l.add(s)
	}
}

func (l *labelReader) result() ([]string, string, error) {
	if l.records == 1 && l.header == HeaderAuto {
		l.labels = append(l.labels, l.first)
	}
	switch {
	case l.records == 0:
		return nil, "", fmt.Errorf("%s: the file is empty or holds only blank lines", l.name)
	case len(l.labels) == 0:
		return nil, "", fmt.Errorf("%s: no labels, only the header line", l.name)
	}
	return l.labels, l.column, nil
}
