package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// The CSV reader has two paths that read the same text the same way.
//
// The fast path takes one line at a time, splits it at the separator and
// parses each field with strconv.ParseFloat straight into the matrix: no
// string or slice per row or per field survives its line. It handles every
// line that holds no double quote, and lines whose quoted fields are the
// simple kind (a quote, text without quotes, a quote, then the separator or
// the end of the line).
//
// The careful path is encoding/csv, as ReadTable always used: the fast path
// hands it the rest of the input, from the start of the first line it does
// not handle (an escaped "" quote, a quoted field that spans lines, a stray
// quote), and it reads to the end. Its messages are encoding/csv's, with the
// line numbers of the whole file.
//
// Both feed the same record logic, so the header, the label column, blank
// lines, ragged rows and bad numbers are decided, and reported, alike.

// errBail is the fast path's signal that a line needs encoding/csv.
var errBail = errors.New("dataset: line needs the careful CSV path")

// tableParser turns the records of one CSV text into a Table.
type tableParser struct {
	name  string
	opt   ReadOptions
	comma byte // the separator when the fast path may run; 0 when it may not

	// Decided by the first record.
	first      bool     // no record read yet
	firstLine  int      // the line of the first record
	firstData  bool     // the first record was taken as data in HeaderAuto mode (for the hint in its errors)
	width      int      // fields per record
	labelCol   int      // the label's 0-based column, -1 for none
	fileHeader []string // every column's name, nil without a header

	// Output.
	cols     int       // feature columns: width less the label
	data     []float64 // rows*cols values
	labels   []string  // one per row with a label column
	fixed    bool      // data and labels live in a region of a larger matrix: they must not outgrow it
	rows     int
	prevLine int // the line of the last row
	lines    lineIndex
	intern   map[string]string

	// For growing data.
	rowsHint  int          // the most rows the input can hold, 0 when unknown
	maxValues int          // the most values data may hold (maxValues outside tests)
	total     int64        // the input's size in bytes, -1 when unknown
	done      func() int64 // the bytes read so far

	fields []string // scratch for the fields of one quoted line
}

func newTableParser(name string, opt ReadOptions, tune csvTuning) *tableParser {
	p := &tableParser{name: name, opt: opt, first: true, labelCol: -1, total: -1, maxValues: maxValues}
	if tune.maxValues > 0 {
		p.maxValues = min(tune.maxValues, maxValues)
	}
	if c := opt.comma(); c < utf8.RuneSelf && !unicode.IsSpace(c) {
		p.comma = byte(c)
	}
	return p
}

// comma returns the field separator.
func (opt ReadOptions) comma() rune {
	if opt.Comma == 0 {
		return ','
	}
	return opt.Comma
}

// checkComma reports a separator encoding/csv refuses, with the message
// ReadTable always gave for it.
func checkComma(name string, c rune) error {
	if c == 0 || c == '"' || c == '\r' || c == '\n' || !utf8.ValidRune(c) || c == utf8.RuneError {
		return fmt.Errorf("read %s: csv: invalid field or comment delimiter", name)
	}
	return nil
}

// worker returns a parser for the data lines of one part of the same file,
// after the first record: it writes rows into data[:0:cap] and labels,
// which must have room for them.
func (p *tableParser) worker(data []float64, labels []string) *tableParser {
	return &tableParser{
		name: p.name, opt: p.opt, comma: p.comma,
		firstLine: p.firstLine, width: p.width, labelCol: p.labelCol, fileHeader: p.fileHeader,
		cols: p.cols, data: data, labels: labels, fixed: true, total: -1,
	}
}

// line handles one line of text (without its '\n') numbered lineNo: the
// fast path when it can, errBail when encoding/csv must take over from the
// start of this line.
func (p *tableParser) line(text []byte, lineNo int) error {
	if p.comma == 0 {
		return errBail
	}
	if !p.first && bytes.IndexByte(text, '"') < 0 {
		return p.fastLine(text, lineNo)
	}
	fields, ok := p.splitLine(text)
	if !ok {
		return errBail
	}
	return p.record(fields, lineNo, nil)
}

// fastLine reads a data line without quotes.
func (p *tableParser) fastLine(text []byte, lineNo int) error {
	c := p.comma
	n := bytes.Count(text, []byte{c}) + 1
	if n == 1 && len(bytes.TrimSpace(text)) == 0 {
		return nil // a blank line
	}
	if n != p.width {
		return p.raggedError(lineNo, n)
	}
	if err := p.room(); err != nil {
		return err
	}
	at := 0 // where field j starts
	pow10 := pow10Table()
	for j := 0; j < n; j++ {
		if j != p.labelCol {
			if v, next, ok := scanFloatTab(text, at, c, pow10); ok {
				p.data = append(p.data, v)
				at = next + 1
				continue
			}
		}
		f := text[at:]
		if i := bytes.IndexByte(f, c); i >= 0 {
			f = f[:i]
		}
		at += len(f) + 1
		if j == p.labelCol {
			l := bytes.TrimSpace(f)
			if len(l) == 0 {
				return p.emptyLabel(lineNo, j)
			}
			p.labels = append(p.labels, p.internBytes(l))
			continue
		}
		t := bytes.TrimSpace(f)
		if len(t) == 0 {
			return p.numberError(lineNo, j, f)
		}
		v, err := strconv.ParseFloat(unsafe.String(&t[0], len(t)), 64)
		if err != nil || !p.opt.AllowNonFinite && (math.IsNaN(v) || math.IsInf(v, 0)) {
			return p.numberError(lineNo, j, f)
		}
		p.data = append(p.data, v)
	}
	p.addRow(lineNo)
	return nil
}

// splitLine splits a line into fields as encoding/csv (with
// TrimLeadingSpace) would, when the line is a whole record that needs none
// of its subtleties: ok is false for a quoted field that does not end on
// this line, an escaped "" quote, a quote inside an unquoted field, or
// anything but the separator after a closing quote.
func (p *tableParser) splitLine(text []byte) (fields []string, ok bool) {
	if n := len(text); n > 0 && text[n-1] == '\r' {
		text = text[:n-1] // encoding/csv drops the \r of \r\n, and one before the end of the input
	}
	fields = p.fields[:0]
	for {
		text = bytes.TrimLeftFunc(text, unicode.IsSpace)
		if len(text) > 0 && text[0] == '"' {
			q := bytes.IndexByte(text[1:], '"')
			if q < 0 {
				return nil, false
			}
			fields = append(fields, string(text[1:1+q]))
			text = text[q+2:]
			if len(text) == 0 {
				break
			}
			if text[0] != p.comma {
				return nil, false
			}
			text = text[1:]
			continue
		}
		i := bytes.IndexByte(text, p.comma)
		f := text
		if i >= 0 {
			f = text[:i]
		}
		if bytes.IndexByte(f, '"') >= 0 {
			return nil, false
		}
		fields = append(fields, string(f))
		if i < 0 {
			break
		}
		text = text[i+1:]
	}
	p.fields = fields
	return fields, true
}

// record handles one record whose fields are given, that starts on line
// lineNo; fieldLine gives the line of field j when a record spans lines
// (nil when it does not).
func (p *tableParser) record(fields []string, lineNo int, fieldLine func(j int) int) error {
	if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
		return nil // a line of spaces is a blank line
	}
	if p.first {
		p.first, p.firstLine, p.width = false, lineNo, len(fields)
		isHead := isHeader(fields, p.opt.Header)
		if isHead {
			p.fileHeader = make([]string, len(fields))
			for i, f := range fields {
				p.fileHeader[i] = strings.Clone(strings.TrimSpace(f))
			}
		}
		var err error
		if p.labelCol, err = labelColumn(p.name, p.opt.Label, p.fileHeader, p.width); err != nil {
			return err
		}
		p.cols = p.width
		if p.labelCol >= 0 {
			p.cols--
		}
		if isHead {
			return nil
		}
		p.firstData = p.opt.Header == HeaderAuto
	}
	if len(fields) != p.width {
		return p.raggedError(lineNo, len(fields))
	}
	if err := p.room(); err != nil {
		return err
	}
	at := func(j int) int {
		if fieldLine == nil {
			return lineNo
		}
		return fieldLine(j)
	}
	for j, f := range fields {
		if j == p.labelCol {
			label := strings.TrimSpace(f)
			if label == "" {
				return p.emptyLabel(at(j), j)
			}
			p.labels = append(p.labels, p.internString(label))
			continue
		}
		v, err := parseNumber(f, p.opt.AllowNonFinite)
		if err != nil {
			hint := ""
			if l := at(j); p.firstData && l == p.firstLine {
				hint = " (line " + strconv.Itoa(l) + " was read as data, not as a header, because some of its fields are numbers)"
			}
			return fmt.Errorf("%s line %d, column %s: %w%s", p.name, at(j), columnName(j, p.fileHeader), err, hint)
		}
		p.data = append(p.data, v)
	}
	p.firstData = false
	p.addRow(lineNo)
	return nil
}

func (p *tableParser) raggedError(lineNo, n int) error {
	return fmt.Errorf("%s line %d: %s, but line %d has %d", p.name, lineNo, plural(n, "field"), p.firstLine, p.width)
}

func (p *tableParser) emptyLabel(lineNo, j int) error {
	return fmt.Errorf("%s line %d, column %s: empty label", p.name, lineNo, columnName(j, p.fileHeader))
}

// numberError is the error for field j of a fast-path line, which cannot be
// the first record, when it is not an acceptable number.
func (p *tableParser) numberError(lineNo, j int, f []byte) error {
	_, err := parseNumber(string(f), p.opt.AllowNonFinite)
	return fmt.Errorf("%s line %d, column %s: %w", p.name, lineNo, columnName(j, p.fileHeader), err)
}

// addRow counts the row just appended, which starts on line lineNo.
func (p *tableParser) addRow(lineNo int) {
	if p.rows == 0 || lineNo != p.prevLine+1 {
		p.lines.add(p.rows, lineNo)
	}
	p.prevLine = lineNo
	p.rows++
}

// room makes sure a row fits in data (and labels), growing them if need
// be: to rowsHint rows, the first time, when the input's lines were
// counted; else to the size the input's remaining bytes suggest when it is
// known; else by half again.
func (p *tableParser) room() error {
	if len(p.data)+p.cols <= cap(p.data) && (p.labelCol < 0 || len(p.labels) < cap(p.labels)) {
		return nil
	}
	if p.fixed {
		return fmt.Errorf("read %s: the file changed while it was read", p.name)
	}
	if p.rows >= p.maxRows() {
		return p.tooManyValues(int64(p.rows)+1, "row")
	}
	rows := p.rows + p.rows/2 + 64
	switch {
	case p.rowsHint > p.rows:
		rows = p.rowsHint
	case p.total > 0 && p.done != nil && p.rows > 0:
		if done := p.done(); done > 0 {
			est := float64(p.rows)*float64(p.total)/float64(done)*1.02 + 64
			rows = max(int(min(est, float64(p.maxRows()))), p.rows+p.rows/8+64)
		}
	}
	p.rowsHint = 0
	p.reserve(rows)
	return nil
}

// maxValues is the most float64s a slice can hold: a limit only where an
// int has 32 bits.
const maxValues = math.MaxInt / 8

// maxRows is the most rows of p.cols values that data can hold.
func (p *tableParser) maxRows() int { return p.maxValues / max(p.cols, 1) }

// tooManyValues is the error for an input of n rows (or lines: what) of
// p.cols values, more than data can hold.
func (p *tableParser) tooManyValues(n int64, what string) error {
	return fmt.Errorf("%s: %s of %s are more than the %d float64s a %d-bit program can hold", p.name, plural(n, what), plural(p.cols, "value"), p.maxValues, strconv.IntSize)
}

// reserve makes room for rows rows in data and labels, or for as many as
// maxRows allows.
func (p *tableParser) reserve(rows int) {
	rows = min(rows, p.maxRows())
	if rows*p.cols <= cap(p.data) && (p.labelCol < 0 || rows <= cap(p.labels)) {
		return
	}
	data := makeFloats(len(p.data), rows*p.cols)
	copy(data, p.data)
	p.data = data
	if p.labelCol >= 0 {
		labels := make([]string, len(p.labels), rows)
		copy(labels, p.labels)
		p.labels = labels
	}
}

// internBytes returns b as a string, the same string for the same text, so
// that a label column of a few classes costs a string header per row.
func (p *tableParser) internBytes(b []byte) string {
	if s, ok := p.intern[string(b)]; ok {
		return s
	}
	return p.internString(string(b))
}

func (p *tableParser) internString(s string) string {
	if v, ok := p.intern[s]; ok {
		return v
	}
	if p.intern == nil {
		p.intern = map[string]string{}
	}
	s = strings.Clone(s) // not a piece of encoding/csv's record
	p.intern[s] = s
	return s
}

// careful reads the rest of the input from r with encoding/csv: r starts at
// the beginning of line base+1.
func (p *tableParser) careful(r io.Reader, base int) error {
	cr := csv.NewReader(r)
	cr.Comma = p.opt.comma()
	cr.FieldsPerRecord = -1 // checked by record, with a clearer message
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	fieldLine := func(j int) int {
		l, _ := cr.FieldPos(j)
		return base + l
	}
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(p.name, base, err)
		}
		if err := p.record(fields, fieldLine(0), fieldLine); err != nil {
			return err
		}
	}
}

// run reads lines from lr until its end, or until the first record is read
// when firstOnly is set. It returns bailed = true, having read nothing of
// it, when the last line lr returned needs encoding/csv.
func (p *tableParser) run(lr *lineReader, firstOnly bool, progress *progressReporter) (bailed bool, err error) {
	for !(firstOnly && !p.first) {
		text, ok, err := lr.next()
		if err != nil {
			return false, fmt.Errorf("read %s: %w", p.name, err)
		}
		if !ok {
			return false, nil
		}
		switch err := p.line(text, lr.lineNo()); err {
		case nil:
		case errBail:
			return true, nil
		default:
			return false, err
		}
		if lr.refilled {
			lr.refilled = false
			progress.report(lr.offset())
		}
	}
	return false, nil
}

// table returns what the parser read: the Table, or the error for a text
// with no data row.
func (p *tableParser) table() (Table, error) {
	switch {
	case p.first:
		return Table{}, fmt.Errorf("%s: the file is empty or holds only blank lines", p.name)
	case p.rows == 0:
		return Table{}, fmt.Errorf("%s: no data rows, only the header line", p.name)
	}
	t := Table{
		X:           Matrix{Rows: p.rows, Cols: p.cols, Data: p.data[:p.rows*p.cols]},
		LabelColumn: p.labelCol,
		lines:       p.lines,
	}
	if p.labelCol >= 0 {
		t.Labels = p.labels[:p.rows]
		if p.fileHeader != nil {
			t.LabelName = p.fileHeader[p.labelCol]
		}
	}
	if p.fileHeader != nil {
		t.Header = without(p.fileHeader, p.labelCol)
	}
	return t, nil
}

// readCSVStream reads a CSV table from a stream, once, sequentially.
func readCSVStream(r io.Reader, name string, opt ReadOptions, tune csvTuning) (Table, error) {
	if err := checkComma(name, opt.comma()); err != nil {
		return Table{}, err
	}
	total := int64(-1)
	if opt.SizeHint > 0 {
		total = opt.SizeHint
	}
	progress := newProgressReporter(opt.Progress, total)
	lr := newLineReader(r, 0, tune.chunk)
	if err := lr.skipBOM(); err != nil {
		return Table{}, fmt.Errorf("read %s: %w", name, err)
	}
	p := newTableParser(name, opt, tune)
	p.total, p.done = total, lr.offset
	bailed, err := p.run(lr, false, progress)
	if err != nil {
		return Table{}, err
	}
	if bailed {
		rest, base := lr.rest()
		cr := &countingReader{r: rest, at: lr.lineStart(), progress: progress}
		p.done = cr.offset
		if err := p.careful(cr, base); err != nil {
			return Table{}, err
		}
	}
	t, err := p.table()
	if err == nil {
		progress.finish()
	}
	return t, err
}

// lineReader returns the lines of a stream, without their '\n', from a
// buffer it refills.
type lineReader struct {
	r         io.Reader
	buf       []byte
	pos, end  int   // buf[pos:end] is not returned yet
	start     int   // where the last line returned starts in buf
	discarded int64 // bytes dropped from the front of buf so far
	base      int64 // the stream's offset in the file
	eof       bool
	lines     int  // lines returned so far
	lineBase  int  // lines before the stream's start
	refilled  bool // buf was refilled since the flag was cleared
}

func newLineReader(r io.Reader, lineBase int, size int) *lineReader {
	return &lineReader{r: r, buf: make([]byte, size), lineBase: lineBase}
}

// skipBOM drops a UTF-8 byte-order mark at the start.
func (lr *lineReader) skipBOM() error {
	for lr.end-lr.pos < 3 && !lr.eof {
		if err := lr.fill(); err != nil {
			return err
		}
	}
	if bytes.HasPrefix(lr.buf[lr.pos:lr.end], []byte("\ufeff")) {
		lr.pos += 3
	}
	return nil
}

// next returns the next line; ok is false at the end of the stream.
func (lr *lineReader) next() (text []byte, ok bool, err error) {
	for {
		if i := bytes.IndexByte(lr.buf[lr.pos:lr.end], '\n'); i >= 0 {
			lr.start = lr.pos
			lr.pos += i + 1
			lr.lines++
			return lr.buf[lr.start : lr.pos-1], true, nil
		}
		if lr.eof {
			if lr.pos == lr.end {
				return nil, false, nil
			}
			lr.start, lr.pos = lr.pos, lr.end
			lr.lines++
			return lr.buf[lr.start:lr.end], true, nil
		}
		if err := lr.fill(); err != nil {
			return nil, false, err
		}
	}
}

// fill reads more of the stream, moving the unreturned bytes to the front
// of the buffer, which doubles when a line does not fit it.
func (lr *lineReader) fill() error {
	if lr.pos > 0 {
		n := copy(lr.buf, lr.buf[lr.pos:lr.end])
		lr.discarded += int64(lr.pos)
		lr.start -= lr.pos
		lr.pos, lr.end = 0, n
	}
	if lr.end == len(lr.buf) {
		lr.buf = append(lr.buf, make([]byte, len(lr.buf))...)
	}
	for lr.end < len(lr.buf) {
		n, err := lr.r.Read(lr.buf[lr.end:])
		lr.end += n
		if err == io.EOF {
			lr.eof = true
			break
		}
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	lr.refilled = true
	return nil
}

// lineNo is the 1-based line number of the last line returned.
func (lr *lineReader) lineNo() int { return lr.lineBase + lr.lines }

// offset is the file offset of the first byte not returned.
func (lr *lineReader) offset() int64 { return lr.base + lr.discarded + int64(lr.pos) }

// lineStart is the file offset of the last line returned.
func (lr *lineReader) lineStart() int64 { return lr.base + lr.discarded + int64(lr.start) }

// rest returns the stream from the start of the last line returned, and
// the number of lines before it.
func (lr *lineReader) rest() (io.Reader, int) {
	buffered := bytes.NewReader(lr.buf[lr.start:lr.end])
	if lr.eof {
		return buffered, lr.lineNo() - 1
	}
	return io.MultiReader(buffered, lr.r), lr.lineNo() - 1
}

// lineIndex maps rows to the lines they start on, storing only the rows
// whose line is not the line after the previous row's: in a file without
// blank lines or quoted line breaks, one entry in all.
type lineIndex struct {
	rows, lines []int // row rows[k] starts on line lines[k]
}

func (x *lineIndex) add(row, line int) {
	x.rows = append(x.rows, row)
	x.lines = append(x.lines, line)
}

// line returns the line of row i, 0 without an index.
func (x lineIndex) line(i int) int {
	k := sortSearch(len(x.rows), func(k int) bool { return x.rows[k] > i }) - 1
	if k < 0 {
		return 0
	}
	return x.lines[k] + i - x.rows[k]
}

// all returns the line of every one of n rows, nil without an index.
func (x lineIndex) all(n int) []int {
	if len(x.rows) == 0 {
		return nil
	}
	out := make([]int, n)
	k := 0
	for i := range out {
		for k+1 < len(x.rows) && x.rows[k+1] <= i {
			k++
		}
		out[i] = x.lines[k] + i - x.rows[k]
	}
	return out
}

// sortSearch is sort.Search.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// progressReporter calls ReadOptions.Progress at most every 100 ms.
type progressReporter struct {
	fn    func(done, total int64)
	total int64
	last  time.Time
	done  int64
}

func newProgressReporter(fn func(done, total int64), total int64) *progressReporter {
	return &progressReporter{fn: fn, total: total, last: time.Now()}
}

const progressEvery = 100 * time.Millisecond

func (pr *progressReporter) report(done int64) {
	if pr == nil || pr.fn == nil {
		return
	}
	pr.done = done
	if now := time.Now(); now.Sub(pr.last) >= progressEvery {
		pr.last = now
		pr.fn(done, pr.total)
	}
}

// finish reports the end of a successful read.
func (pr *progressReporter) finish() {
	if pr == nil || pr.fn == nil {
		return
	}
	if pr.total >= 0 {
		pr.fn(pr.total, pr.total)
	} else {
		pr.fn(pr.done, pr.total)
	}
}

// countingReader counts the bytes read through it, as the offset in the
// file, and reports them as progress.
type countingReader struct {
	r        io.Reader
	at       int64
	progress *progressReporter
}

func (r *countingReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	r.at += int64(n)
	r.progress.report(r.at)
	return n, err
}

func (r *countingReader) offset() int64 { return r.at }

// csvError is encoding/csv's error err for the file name, whose reader
// started on line base+1: a parse error gives the file's line and
// character.
func csvError(name string, base int, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read %s: %w", name, err)
	}
	where := ""
	if pe.StartLine != pe.Line {
		where = fmt.Sprintf(", in the quoted field that starts on line %d", base+pe.StartLine)
	}
	return fmt.Errorf("%s line %d, character %d%s: %w", name, base+pe.Line, pe.Column, where, pe.Err)
}

// waitReporting waits for wg, calling report every progressEvery until it
// is done (not at all when report is nil).
func waitReporting(wg *sync.WaitGroup, report func()) {
	if report == nil {
		wg.Wait()
		return
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		select {
		case <-finished:
			return
		case <-tick.C:
			report()
		}
	}
}
