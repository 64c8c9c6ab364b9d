package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
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
	// returns them as Table.Labels; ReadCSV leaves the column out.
	Label string
}

// Table is a CSV file as ReadTable reads it: the feature columns as
// numbers, and the label column, if one was asked for, as text.
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
	Lines []int
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
func ReadTable(r io.Reader, name string, opt ReadOptions) (Table, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	if opt.Comma != 0 {
		cr.Comma = opt.Comma
	}
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	t := Table{LabelColumn: -1}
	var (
		fileHeader []string // every column's name, label included
		width      int      // fields per record
		firstLine  int      // the line of the first record
		first      = true   // the next record is the file's first
		firstData  bool     // the first record was taken as data in HeaderAuto mode
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
				return Table{}, fmt.Errorf("%s line %d, character %d%s: %w", name, pe.Line, pe.Column, where, pe.Err)
			}
			return Table{}, fmt.Errorf("read %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue // a line of spaces is a blank line
		}
		if first {
			first, firstLine, width = false, line, len(fields)
			isHead := isHeader(fields, opt.Header)
			if isHead {
				fileHeader = make([]string, len(fields))
				for i, f := range fields {
					fileHeader[i] = strings.TrimSpace(f)
				}
			}
			if t.LabelColumn, err = labelColumn(name, opt.Label, fileHeader, width); err != nil {
				return Table{}, err
			}
			t.X.Cols = width
			if t.LabelColumn >= 0 {
				t.X.Cols--
				t.Labels = []string{}
				if fileHeader != nil {
					t.LabelName = fileHeader[t.LabelColumn]
				}
			}
			if fileHeader != nil {
				t.Header = without(fileHeader, t.LabelColumn)
			}
			if isHead {
				continue
			}
			firstData = opt.Header == HeaderAuto
		}
		if len(fields) != width {
			return Table{}, fmt.Errorf("%s line %d: %s, but line %d has %d", name, line, plural(len(fields), "field"), firstLine, width)
		}
		for j, f := range fields {
			l, _ := cr.FieldPos(j)
			if j == t.LabelColumn {
				label := strings.TrimSpace(f)
				if label == "" {
					return Table{}, fmt.Errorf("%s line %d, column %s: empty label", name, l, columnName(j, fileHeader))
				}
				t.Labels = append(t.Labels, label)
				continue
			}
			v, err := parseNumber(f, opt.AllowNonFinite)
			if err != nil {
				hint := ""
				if firstData && l == firstLine {
					hint = " (line " + strconv.Itoa(l) + " was read as data, not as a header, because some of its fields are numbers)"
				}
				return Table{}, fmt.Errorf("%s line %d, column %s: %w%s", name, l, columnName(j, fileHeader), err, hint)
			}
			t.X.Data = append(t.X.Data, v)
		}
		firstData = false
		t.Lines = append(t.Lines, line)
		t.X.Rows++
	}
	switch {
	case first:
		return Table{}, fmt.Errorf("%s: the file is empty", name)
	case t.X.Rows == 0:
		return Table{}, fmt.Errorf("%s: no data rows, only the header line", name)
	}
	return t, nil
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
			return 0, fmt.Errorf("%s: label column %q is ambiguous: the header names both column %d and column %d so", name, label, col+1, i+1)
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
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
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
