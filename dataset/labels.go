package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
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
	return ReadLabels(f, path, header)
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
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	var (
		intern = map[string]string{}
		first  string // the first label, until it is known not to be a header
		count  int    // records read
	)
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				where := ""
				if pe.StartLine != pe.Line {
					where = fmt.Sprintf(", in the quoted field that starts on line %d", pe.StartLine)
				}
				return nil, "", fmt.Errorf("%s line %d, character %d%s: %w", name, pe.Line, pe.Column, where, pe.Err)
			}
			return nil, "", fmt.Errorf("read %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue
		}
		if len(fields) != 1 {
			return nil, "", fmt.Errorf("%s line %d: %s; a label file has one label per line", name, line, plural(len(fields), "field"))
		}
		l := strings.TrimSpace(fields[0])
		s, ok := intern[l]
		if !ok {
			s = strings.Clone(l)
			intern[s] = s
		}
		count++
		switch {
		case count == 1 && header == HeaderPresent:
			column = s
		case count == 1 && header == HeaderAuto:
			first = s
		case count == 2 && header == HeaderAuto:
			_, errFirst := strconv.ParseFloat(first, 64)
			_, errSecond := strconv.ParseFloat(s, 64)
			if errFirst != nil && errSecond == nil {
				column = first
			} else {
				labels = append(labels, first)
			}
			labels = append(labels, s)
		default:
			labels = append(labels, s)
		}
	}
	if count == 1 && header == HeaderAuto {
		labels = append(labels, first)
	}
	switch {
	case count == 0:
		return nil, "", fmt.Errorf("%s: the file is empty", name)
	case len(labels) == 0:
		return nil, "", fmt.Errorf("%s: no labels, only the header line", name)
	}
	return labels, column, nil
}
