package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// HeaderMode says whether the first record of a CSV file names its columns.
type HeaderMode int

const (
	// HeaderAuto takes the first record as a header when none of its fields
	// is a number, and as data otherwise.
	HeaderAuto HeaderMode = iota
	// HeaderPresent always takes the first record as a header.
	HeaderPresent
	// HeaderAbsent takes every record as data.
	HeaderAbsent
)

// ReadOptions configure ReadCSV and ReadTable. The zero value reads
// comma-separated finite numbers under an optional header (HeaderAuto),
// every column a feature.
type ReadOptions struct {
	Header HeaderMode
	// Comma separates fields; 0 means ','.
	Comma rune
	// AllowNonFinite accepts NaN and ±Inf values, which are otherwise an
	// error.
	AllowNonFinite bool
	// Label names the column that holds each row's label instead of a
	// feature: a name from the header or, failing that, a 0-based column
	// index ("" for none). Its cells may be any non-empty text. ReadTable
	// returns them as Table.Labels; ReadCSV leaves the column out. In an
	// .npy file (ReadFile) the label column can only be a 0-based index.
	Label string
	// LabelFile names a second file holding one label per row, read by
	// ReadLabelFile, instead of a label column: ReadFile only.
	LabelFile string
	// Progress, when set, is called about every 100 ms while a file is read,
	// and once more at the end of a successful read, with the bytes read so
	// far and the total (-1 when unknown, as for a stream without SizeHint).
	// It is called from the goroutine that called the read function, never
	// concurrently, and should return quickly.
	Progress func(bytesDone, bytesTotal int64)
	// SizeHint is the size in bytes of a stream that ReadTable reads when it
	// cannot tell it (anything but a regular *os.File): with it, Progress has
	// a total and the matrix grows in fewer, closer-sized steps. 0 for
	// unknown.
	SizeHint int64
	// Context, when set, stops ReadFile once it is done: the read fails
	// with its error (wrapped) at the next block it would read from the
	// file, so that an interrupted program need not wait for a large file.
	Context context.Context
}

// Table is a table file as ReadTable, ReadFile or ReadNPY reads it: the
// feature columns as numbers, and the labels, if asked for, as text.
type Table struct {
	X      Matrix   // the feature columns, in file order: [rows, cols]
	Header []string // the feature columns' names: [cols], or nil without a header line
	// Labels holds the label column's cells (surrounding spaces trimmed),
	// one per row: [rows], or nil without ReadOptions.Label.
	Labels []string
	// LabelColumn is the label's 0-based column in the file, -1 without
	// one; LabelName its header name, "" without a header.
	LabelColumn int
	LabelName   string
	// Lines holds the 1-based line of the file each row starts on: [rows].
	// Only ReadTable fills it (8 bytes a row); ReadFile leaves it nil, and
	// Line gives the same numbers from a compact index.
	Lines []int

	lines lineIndex // the line of each row, for Line
}

// Line returns the 1-based line of the file that row i (0-based, in file
// order) starts on, or 0 when the table's rows have no lines (an .npy
// file) or i is out of range.
func (t *Table) Line(i int) int {
	if i < 0 || i >= t.X.Rows {
		return 0
	}
	return t.lines.line(i)
}

// ReadCSV reads a table of numbers from r: one record per line, the same
// number of fields on every line, each a decimal number as strconv.ParseFloat
// reads it (surrounding spaces allowed, RFC 4180 quoting understood), blank
// lines skipped and a leading UTF-8 byte-order mark ignored. It returns the
// rows as a [rows, cols] Matrix and the header's column names, nil when
// there is none. name labels errors, which give the line and the column
// (1-based field number, with its header name when there is one), as in
// `data.csv line 4, column 3 ("x3"): "1.2.3" is not a number`. A table
// needs at least one data row. With opt.Label set, the label column is
// checked as ReadTable checks it and left out of the matrix and the names.
func ReadCSV(r io.Reader, name string, opt ReadOptions) (Matrix, []string, error) {
	t, err := ReadTable(r, name, opt)
	if err != nil {
		return Matrix{}, nil, err
	}
	return t.X, t.Header, nil
}

// ReadTable reads r as ReadCSV does and also keeps the label column that
// opt.Label names, the line each row comes from, and the names of the
// feature columns. The label column must exist (an error lists the header's
// names, or the valid indices), hold a non-empty cell on every row, and
// leave at least one feature column.
//
// A regular *os.File is read from its current offset as ReadFile reads a
// CSV file (two passes, the matrix allocated once, parsed in parallel), and
// left at its end; any other reader is read once, by one goroutine, the
// matrix growing as it fills (to the size opt.SizeHint suggests, if given).
// ReadTable also fills Table.Lines, 8 bytes a row; ReadFile does not.
func ReadTable(r io.Reader, name string, opt ReadOptions) (Table, error) {
	var (
		t   Table
		err error
	)
	if f, ok := r.(*os.File); ok && isRegular(f) {
		// A file is read twice, in parallel where it can be: see ReadFile.
		var off int64
		if off, err = f.Seek(0, io.SeekCurrent); err != nil {
			return Table{}, fmt.Errorf("read %s: %w", name, err)
		}
		var fi os.FileInfo
		if fi, err = f.Stat(); err != nil {
			return Table{}, fmt.Errorf("read %s: %w", name, err)
		}
		t, err = readCSVAt(f, off, fi.Size(), name, opt, defaultCSVTuning())
		if err == nil {
			_, err = f.Seek(0, io.SeekEnd)
		}
	} else {
		t, err = readCSVStream(r, name, opt, defaultCSVTuning())
	}
	if err != nil {
		return Table{}, err
	}
	t.Lines = t.lines.all(t.X.Rows)
	return t, nil
}

// isRegular reports whether f is a regular file, which can be read at any
// offset.
func isRegular(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode().IsRegular()
}

// labelColumn finds the 0-based column that label names in a file of width
// fields and the given header (nil when there is none): -1 for no label.
func labelColumn(name, label string, header []string, width int) (int, error) {
	label = strings.TrimSpace(label)
	if label == "" {
		return -1, nil
	}
	col := -1
	for i, h := range header {
		if h != label {
			continue
		}
		if col >= 0 {
			return 0, fmt.Errorf("%s: label column %q is ambiguous: the header names both column %d and column %d so; give the 0-based index, %d or %d", name, label, col+1, i+1, col, i)
		}
		col = i
	}
	if col < 0 {
		i, err := strconv.Atoi(label)
		switch {
		case err != nil && header != nil:
			return 0, fmt.Errorf("%s: label column %q: no such name in the header (%s)", name, label, nameList(header))
		case err != nil:
			return 0, fmt.Errorf("%s: label column %q: the file has no header line to name it; give a 0-based column index", name, label)
		case i < 0:
			return 0, fmt.Errorf("%s: label column %d: a 0-based column index cannot be negative", name, i)
		case i >= width:
			return 0, fmt.Errorf("%s: label column %d (0-based) is out of range: the rows have %s, 0 to %d", name, i, plural(width, "column"), width-1)
		}
		col = i
	}
	if width == 1 {
		return 0, fmt.Errorf("%s: the label is the only column; no feature is left", name)
	}
	return col, nil
}

// nameList quotes up to 10 column names for an error message.
func nameList(header []string) string {
	const most = 10
	q := make([]string, 0, most+1)
	for i, h := range header {
		if i == most {
			q = append(q, fmt.Sprintf("and %d more", len(header)-most))
			break
		}
		q = append(q, strconv.Quote(h))
	}
	return strings.Join(q, ", ")
}

// without returns s less its element i (all of s when i < 0).
func without(s []string, i int) []string {
	if i < 0 {
		return s
	}
	return append(append([]string{}, s[:i]...), s[i+1:]...)
}

// plural writes n and the noun, with an s unless n is 1.
func plural[N int | int64 | uint64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprint(n) + " " + noun + "s"
}

// isHeader decides whether the first record is a header.
func isHeader(fields []string, mode HeaderMode) bool {
	switch mode {
	case HeaderPresent:
		return true
	case HeaderAbsent:
		return false
	}
	for _, f := range fields {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil {
			return false
		}
	}
	return true
}

// parseNumber parses one field.
func parseNumber(field string, allowNonFinite bool) (float64, error) {
	f := strings.TrimSpace(field)
	if f == "" {
		return 0, fmt.Errorf("empty field")
	}
	v, err := strconv.ParseFloat(f, 64)
	var ne *strconv.NumError
	switch {
	case errors.As(err, &ne) && ne.Err == strconv.ErrRange:
		return 0, fmt.Errorf("%q is out of float64's range", f)
	case err != nil && strings.ContainsAny(f, ";\t|"):
		return 0, fmt.Errorf("%q is not a number (the fields of a row are separated by commas)", f)
	case err != nil:
		return 0, fmt.Errorf("%q is not a number", f)
	case !allowNonFinite && (math.IsNaN(v) || math.IsInf(v, 0)):
		return 0, fmt.Errorf("%q is not a finite number", f)
	}
	return v, nil
}

// columnName is the 1-based column number, with its header name if any.
func columnName(j int, header []string) string {
	if j < len(header) {
		return fmt.Sprintf("%d (%q)", j+1, header[j])
	}
	return strconv.Itoa(j + 1)
}
