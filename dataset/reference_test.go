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
		return Table{}, fmt.Errorf("%s: the file is empty or holds only blank lines", name)
	case t.X.Rows == 0:
		return Table{}, fmt.Errorf("%s: no data rows, only the header line", name)
	}
	return t, nil
}

// referenceReadLabels is ReadLabels through encoding/csv alone, as first written.
func referenceReadLabels(r io.Reader, name string, header HeaderMode) (labels []string, column string, err error) {
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
		return nil, "", fmt.Errorf("%s: the file is empty or holds only blank lines", name)
	case len(labels) == 0:
		return nil, "", fmt.Errorf("%s: no labels, only the header line", name)
	}
	return labels, column, nil
}
