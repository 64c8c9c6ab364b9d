package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// referenceReadTable is ReadTable as it was before the fast path: every
// record through encoding/csv. The tests hold the new readers to it, error
// messages included.
func referenceReadTable(r io.Reader, name string, opt ReadOptions) (Table, error) {
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
