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

// ReadOptions configure ReadCSV. The zero value reads comma-separated
// finite numbers under an optional header (HeaderAuto).
type ReadOptions struct {
	Header HeaderMode
	// Comma separates fields; 0 means ','.
	Comma rune
	// AllowNonFinite accepts NaN and ±Inf values, which are otherwise an
	// error.
	AllowNonFinite bool
}

// ReadCSV reads a table of numbers from r: one record per line, the same
// number of fields on every line, each a decimal number as strconv.ParseFloat
// reads it (surrounding spaces allowed, RFC 4180 quoting understood), blank
// lines skipped and a leading UTF-8 byte-order mark ignored. It returns the
// rows as a [rows, cols] Matrix and the header's column names, nil when
// there is none. name labels errors, which give the line and the column
// (1-based field number, with its header name when there is one), as in
// `data.csv line 4, column 3 ("x3"): "1.2.3" is not a number`. A table
// needs at least one data row.
func ReadCSV(r io.Reader, name string, opt ReadOptions) (Matrix, []string, error) {
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

	var (
		m         Matrix
		header    []string
		firstLine int
	)
	for rec := 0; ; rec++ {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Matrix{}, nil, fmt.Errorf("%s line %d, column %d: %w", name, pe.Line, pe.Column, pe.Err)
			}
			return Matrix{}, nil, fmt.Errorf("read %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			rec--
			continue // a line of spaces is a blank line
		}
		if rec == 0 {
			firstLine = line
			if isHeader(fields, opt.Header) {
				header = make([]string, len(fields))
				for i, f := range fields {
					header[i] = strings.TrimSpace(f)
				}
				m.Cols = len(fields)
				continue
			}
		}
		if m.Cols == 0 {
			m.Cols = len(fields)
		}
		if len(fields) != m.Cols {
			return Matrix{}, nil, fmt.Errorf("%s line %d: %d fields, line %d has %d", name, line, len(fields), firstLine, m.Cols)
		}
		for j, f := range fields {
			v, err := parseNumber(f, opt.AllowNonFinite)
			if err != nil {
				l, _ := cr.FieldPos(j)
				return Matrix{}, nil, fmt.Errorf("%s line %d, column %s: %w", name, l, columnName(j, header), err)
			}
			m.Data = append(m.Data, v)
		}
		m.Rows++
	}
	if m.Rows == 0 {
		return Matrix{}, nil, fmt.Errorf("%s: no data rows", name)
	}
	return m, header, nil
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
