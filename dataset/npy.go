package dataset

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// numpy's .npy format (numpy/lib/format.py): the magic string, a major and
// a minor version byte, the header's length (2 bytes little-endian in
// version 1, 4 in versions 2 and 3), and the header: a Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (rows, cols), }
// padded with spaces and a newline. The data follows, C order (row-major)
// or Fortran order (column-major), nothing after it.
//
// (checkpoint/npy.go reads and writes the same headers for the arrays of
// an .npz archive; dataset stays independent of that package, so the two
// parsers are separate. A shared internal package could hold one.)

const npyMagic = "\x93NUMPY"

// npyMaxHeader bounds the header: numpy writes a few hundred bytes, and
// refuses more than 10,000 by default when reading.
const npyMaxHeader = 1 << 16

// npyHeader is a parsed .npy header.
type npyHeader struct {
	descr   string
	fortran bool
	shape   []int
	data    int64 // the offset of the data
	dtype   npyDtype
}

// npyDtype is an array-protocol type string, such as "<f8".
type npyDtype struct {
	big  bool // big-endian
	kind byte // 'f', 'i', 'u', 'b', 'U' or 'S'
	size int  // bytes per item
}

// readNPYHeader reads and checks the header of the .npy data in r, of size
// bytes: the data must be exactly what the shape and dtype say.
func readNPYHeader(r io.ReaderAt, size int64) (npyHeader, error) {
	var pre [12]byte
	n, err := r.ReadAt(pre[:], 0)
	if err != nil && err != io.EOF {
		return npyHeader{}, err
	}
	if n < 6 || string(pre[:6]) != npyMagic {
		return npyHeader{}, fmt.Errorf("not an .npy file: it does not start with numpy's magic string \\x93NUMPY")
	}
	if n < 10 {
		return npyHeader{}, fmt.Errorf("the file ends inside the .npy preamble (%d bytes)", size)
	}
	var h npyHeader
	var hlen int64
	switch major, minor := pre[6], pre[7]; {
	case major == 1 && minor == 0:
		hlen, h.data = int64(binary.LittleEndian.Uint16(pre[8:10])), 10
	case (major == 2 || major == 3) && minor == 0:
		if n < 12 {
			return npyHeader{}, fmt.Errorf("the file ends inside the .npy preamble (%d bytes)", size)
		}
		hlen, h.data = int64(binary.LittleEndian.Uint32(pre[8:12])), 12
	default:
		return npyHeader{}, fmt.Errorf(".npy format version %d.%d is not one this program reads (1.0, 2.0 or 3.0)", major, minor)
	}
	if hlen > npyMaxHeader {
		return npyHeader{}, fmt.Errorf(".npy header of %d bytes is longer than the %d this program reads", hlen, npyMaxHeader)
	}
	if h.data+hlen > size {
		return npyHeader{}, fmt.Errorf("the file ends inside the .npy header (%d bytes, the header says it needs %d)", size, h.data+hlen)
	}
	text := make([]byte, hlen)
	if _, err := r.ReadAt(text, h.data); err != nil && err != io.EOF {
		return npyHeader{}, err
	}
	h.data += hlen
	if err := h.parse(string(text)); err != nil {
		return npyHeader{}, err
	}
	items, ok := uint64(1), true
	for _, d := range h.shape {
		hi, lo := bits.Mul64(items, uint64(d))
		items, ok = lo, ok && hi == 0
	}
	hi, want := bits.Mul64(items, uint64(h.dtype.size))
	if have := size - h.data; !ok || hi != 0 || want != uint64(have) {
		need := "more bytes than a file can hold"
		if ok && hi == 0 {
			need = plural(want, "byte")
		}
		return npyHeader{}, fmt.Errorf("the .npy data is %s, but shape %s of %s needs %s", plural(have, "byte"), shapeString(h.shape), h.descr, need)
	}
	// As float64s the values must fit in memory this program can address
	// (a limit only where an int has 32 bits).
	if items > math.MaxInt/8 {
		return npyHeader{}, fmt.Errorf("shape %s holds %d values, more than a %d-bit program can hold as float64s", shapeString(h.shape), items, strconv.IntSize)
	}
	return h, nil
}

// parse reads the header's dict.
func (h *npyHeader) parse(text string) error {
	bad := func(why string) error {
		t := strings.TrimRight(text, " \n\x00")
		if len(t) > 200 {
			t = t[:200] + "..."
		}
		return fmt.Errorf(".npy header %q %s", t, why)
	}
	lit := pyLiteral{s: text}
	v, err := lit.value(0)
	if err != nil {
		return bad("is not a Python literal: " + err.Error())
	}
	lit.space()
	if lit.i != len(lit.s) {
		return bad("has text after the dict")
	}
	d, ok := v.(map[string]any)
	if !ok {
		return bad("is not a dict")
	}
	if len(d) != 3 || d["descr"] == nil || d["fortran_order"] == nil || d["shape"] == nil {
		return bad("does not hold exactly the keys 'descr', 'fortran_order' and 'shape'")
	}
	switch descr := d["descr"].(type) {
	case string:
		h.descr = descr
	case []any:
		return bad("has a structured dtype (a list of fields); only plain numbers are read")
	default:
		return bad("has a 'descr' that is not a dtype string")
	}
	if h.fortran, ok = d["fortran_order"].(bool); !ok {
		return bad("has a 'fortran_order' that is neither True nor False")
	}
	shape, ok := d["shape"].([]any)
	if !ok {
		return bad("has a 'shape' that is not a tuple")
	}
	for _, s := range shape {
		n, ok := s.(int64)
		if !ok || n < 0 {
			return bad("has a 'shape' that is not a tuple of sizes")
		}
		if int64(int(n)) != n {
			return bad(fmt.Sprintf("has a 'shape' with a size of %d, more than an int of %d bits holds", n, strconv.IntSize))
		}
		h.shape = append(h.shape, int(n))
	}
	dt, err := parseDtype(h.descr)
	if err != nil {
		return err
	}
	h.dtype = dt
	return nil
}

// parseDtype reads an array-protocol type string.
func parseDtype(descr string) (npyDtype, error) {
	s := descr
	var dt npyDtype
	if s != "" && strings.ContainsRune("<>|=", rune(s[0])) {
		dt.big = s[0] == '>'
		s = s[1:]
	}
	if s == "" {
		return dt, fmt.Errorf(".npy dtype %q is not a dtype string", descr)
	}
	dt.kind = s[0]
	size, err := strconv.Atoi(s[1:])
	if err != nil || size <= 0 {
		return dt, fmt.Errorf(".npy dtype %q is not one this program reads (numbers: f2, f4, f8, i1 to i8, u1 to u8, b1; labels also U and S strings)", descr)
	}
	dt.size = size
	ok := false
	switch dt.kind {
	case 'f':
		ok = size == 2 || size == 4 || size == 8
	case 'i', 'u':
		ok = size == 1 || size == 2 || size == 4 || size == 8
	case 'b':
		ok = size == 1
	case 'U':
		ok, dt.size = size <= 1<<20, size*4
	case 'S':
		ok = size <= 1<<20
	}
	if !ok {
		what := map[byte]string{'c': "complex numbers", 'O': "Python objects", 'M': "datetimes", 'm': "timedeltas", 'V': "raw bytes"}[dt.kind]
		if what != "" {
			what = " (" + what + ")"
		}
		return dt, fmt.Errorf(".npy dtype %q%s is not one this program reads (numbers: f2, f4, f8, i1 to i8, u1 to u8, b1; labels also U and S strings)", descr, what)
	}
	return dt, nil
}

func (dt npyDtype) numeric() bool { return dt.kind != 'U' && dt.kind != 'S' }

func shapeString(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// pyLiteral parses the Python literals of .npy headers: dicts with string
// keys, strings, True, False, None, integers, tuples and lists.
type pyLiteral struct {
	s string
	i int
}

func (p *pyLiteral) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n\f\v", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *pyLiteral) value(depth int) (any, error) {
	if depth > 8 {
		return nil, fmt.Errorf("nested too deeply")
	}
	p.space()
	if p.i == len(p.s) {
		return nil, fmt.Errorf("it ends early")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		d := map[string]any{}
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return d, nil
			}
			k, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			key, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("a key is not a string")
			}
			if _, dup := d[key]; dup {
				return nil, fmt.Errorf("key %q appears twice", key)
			}
			p.space()
			if p.i == len(p.s) || p.s[p.i] != ':' {
				return nil, fmt.Errorf("no ':' after key %q", key)
			}
			p.i++
			if d[key], err = p.value(depth + 1); err != nil {
				return nil, err
			}
			if d[key] == nil {
				d[key] = none{}
			}
			if err := p.sep('}'); err != nil {
				return nil, err
			}
		}
	case c == '(' || c == '[':
		end := byte(')')
		if c == '[' {
			end = ']'
		}
		p.i++
		var items []any
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == end {
				p.i++
				if items == nil {
					items = []any{}
				}
				return items, nil
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
			if err := p.sep(end); err != nil {
				return nil, err
			}
		}
	case c == '\'' || c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		j := p.i + 1
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		n, err := strconv.ParseInt(p.s[p.i:j], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", p.s[p.i:j])
		}
		if j < len(p.s) && (p.s[j] == 'L' || p.s[j] == 'l') {
			j++ // Python 2's long
		}
		p.i = j
		return n, nil
	default:
		for _, w := range []struct {
			word string
			v    any
		}{{"True", true}, {"False", false}, {"None", none{}}} {
			if strings.HasPrefix(p.s[p.i:], w.word) {
				p.i += len(w.word)
				return w.v, nil
			}
		}
		return nil, fmt.Errorf("unexpected %q", p.s[p.i:p.i+1])
	}
}

// none is Python's None.
type none struct{}

// sep reads the ',' between items, or the end.
func (p *pyLiteral) sep(end byte) error {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ',' {
		p.i++
		return nil
	}
	if p.i < len(p.s) && p.s[p.i] == end {
		return nil
	}
	return fmt.Errorf("no ',' or %q after an item", end)
}

func (p *pyLiteral) str() (string, error) {
	q := p.s[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch {
		case c == q:
			return b.String(), nil
		case c == '\\' && p.i < len(p.s):
			b.WriteByte(p.s[p.i])
			p.i++
		case c == '\n':
			return "", fmt.Errorf("a string runs past the end of the line")
		default:
			b.WriteByte(c)
		}
	}
	return "", fmt.Errorf("a string is not closed")
}

// ReadNPY reads a numpy .npy file of size bytes from r as a table: a 2-D
// array [rows, columns] of numbers, C or Fortran order, of dtype f2, f4,
// f8, i1 to i8, u1 to u8 or b1 in either byte order, each value converted to
// float64 as numpy's astype(float64) converts it. opt.Label may name a
// 0-based column to keep apart as the labels, written as text (integers in
// decimal, floats in the shortest form that reads back, booleans as False
// and True); the other options about text (Header, Comma) do not apply.
// NaN and ±Inf are refused unless opt.AllowNonFinite. Errors name the file
// by name and say what is wrong.
//
// The data is read once, straight into the matrix when it is little-endian
// float64 in C order, else through a small buffer, converting (and
// transposing Fortran order) as it goes; the work is shared by up to
// GOMAXPROCS goroutines.
func ReadNPY(r io.ReaderAt, size int64, name string, opt ReadOptions) (Table, error) {
	return readNPYAt(r, size, name, opt)
}

func readNPYAt(r io.ReaderAt, size int64, name string, opt ReadOptions) (Table, error) {
	h, err := readNPYHeader(r, size)
	if err != nil {
		return Table{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(h.shape) != 2 {
		return Table{}, fmt.Errorf("%s: an array of shape %s; a table is 2-D, (rows, columns)", name, shapeString(h.shape))
	}
	if !h.dtype.numeric() {
		return Table{}, fmt.Errorf("%s: dtype %s holds strings; a table's values are numbers", name, h.descr)
	}
	rows, width := h.shape[0], h.shape[1]
	switch {
	case rows == 0:
		return Table{}, fmt.Errorf("%s: no data rows (shape %s)", name, shapeString(h.shape))
	case width == 0:
		return Table{}, fmt.Errorf("%s: no columns (shape %s)", name, shapeString(h.shape))
	}
	label := -1
	if l := strings.TrimSpace(opt.Label); l != "" {
		i, err := strconv.Atoi(l)
		switch {
		case err != nil:
			return Table{}, fmt.Errorf("%s: label column %q: an .npy file has no column names; give a 0-based column index", name, l)
		case i < 0:
			return Table{}, fmt.Errorf("%s: label column %d: a 0-based column index cannot be negative", name, i)
		case i >= width:
			return Table{}, fmt.Errorf("%s: label column %d (0-based) is out of range: the rows have %s, 0 to %d", name, i, plural(width, "column"), width-1)
		case width == 1:
			return Table{}, fmt.Errorf("%s: the label is the only column; no feature is left", name)
		}
		label = i
	}
	cols := width
	if label >= 0 {
		cols--
	}
	t := Table{X: Matrix{Rows: rows, Cols: cols, Data: makeFloats(rows*cols, rows*cols)}, LabelColumn: label}
	if label >= 0 {
		t.Labels = make([]string, rows)
	}
	rd := npyReader{r: r, h: h, rows: rows, width: width, label: label, t: &t}
	if err := rd.read(opt.Progress, size); err != nil {
		return Table{}, fmt.Errorf("%s: %w", name, err)
	}
	if !opt.AllowNonFinite && (h.dtype.kind == 'f') {
		for i, v := range t.X.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				r, c := i/cols, i%cols
				if label >= 0 && c >= label {
					c++
				}
				return Table{}, fmt.Errorf("%s row %d, column %d: %v is not a finite number", name, r+1, c+1, v)
			}
		}
	}
	return t, nil
}

// npyReader fills a Table from the data of a 2-D .npy array.
type npyReader struct {
	r           io.ReaderAt
	h           npyHeader
	rows, width int
	label       int // the label column, -1 for none
	t           *Table
	done        atomic.Int64 // bytes read
}

// npyBlock is the bytes a goroutine reads at a time.
const npyBlock = 1 << 20

// read reads the data with up to GOMAXPROCS goroutines, each taking a
// share of the rows.
func (rd *npyReader) read(progress func(done, total int64), size int64) error {
	workers := min(runtime.GOMAXPROCS(0), max(1, int(size/(8<<20))))
	var (
		wg   sync.WaitGroup
		errs = make([]error, workers)
	)
	for w := range workers {
		lo, hi := rd.rows*w/workers, rd.rows*(w+1)/workers
		wg.Go(func() { errs[w] = rd.readRows(lo, hi) })
	}
	if progress != nil {
		pr := newProgressReporter(progress, size)
		waitReporting(&wg, func() { pr.report(rd.h.data + rd.done.Load()) })
		defer pr.finish()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// readRows reads rows lo to hi.
func (rd *npyReader) readRows(lo, hi int) error {
	dt, width, cols := rd.h.dtype, rd.width, rd.t.X.Cols
	isz := int64(dt.size)
	out := rd.t.X.Data
	labels := labelInterner{dt: dt}
	if !rd.h.fortran {
		if rd.label < 0 && dt == (npyDtype{kind: 'f', size: 8}) && hostLittleEndian {
			// Straight into the matrix.
			if hi == lo {
				return nil
			}
			dst := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(out[lo*cols:hi*cols]))), (hi-lo)*cols*8)
			off := rd.h.data + int64(lo)*int64(cols)*8
			for len(dst) > 0 {
				n := min(len(dst), npyBlock)
				if err := rd.readAt(dst[:n], off); err != nil {
					return err
				}
				dst, off = dst[n:], off+int64(n)
				rd.done.Add(int64(n))
			}
			return nil
		}
		step := max(1, npyBlock/(width*dt.size))
		raw := make([]byte, step*width*dt.size)
		vals := make([]float64, step*width)
		for r := lo; r < hi; r += step {
			n := min(step, hi-r)
			b := raw[:n*width*dt.size]
			if err := rd.readAt(b, rd.h.data+int64(r)*int64(width)*isz); err != nil {
				return err
			}
			v := vals[:n*width]
			decode(v, b, dt)
			for i := range n {
				row := v[i*width : (i+1)*width]
				dst := out[(r+i)*cols : (r+i+1)*cols]
				if rd.label < 0 {
					copy(dst, row)
					continue
				}
				copy(dst, row[:rd.label])
				copy(dst[rd.label:], row[rd.label+1:])
				rd.t.Labels[r+i] = labels.text(b[(i*width+rd.label)*dt.size:][:dt.size])
			}
			rd.done.Add(int64(len(b)))
		}
		return nil
	}
	// Fortran order: column j is rows contiguous values. Take the rows in
	// blocks and, for each column, the block's piece of it.
	step := max(1, npyBlock/(8*dt.size))
	raw := make([]byte, step*dt.size)
	vals := make([]float64, step)
	for r := lo; r < hi; r += step {
		n := min(step, hi-r)
		for j := range width {
			b := raw[:n*dt.size]
			if err := rd.readAt(b, rd.h.data+(int64(j)*int64(rd.rows)+int64(r))*isz); err != nil {
				return err
			}
			rd.done.Add(int64(len(b)))
			if j == rd.label {
				for i := range n {
					rd.t.Labels[r+i] = labels.text(b[i*dt.size:][:dt.size])
				}
				continue
			}
			c := j
			if rd.label >= 0 && j > rd.label {
				c--
			}
			v := vals[:n]
			decode(v, b, dt)
			for i, x := range v {
				out[(r+i)*cols+c] = x
			}
		}
	}
	return nil
}

func (rd *npyReader) readAt(b []byte, off int64) error {
	n, err := rd.r.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("read the .npy data: %w", err)
}

// hostLittleEndian says whether float64s are stored little-endian here.
var hostLittleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// decode converts the items in src, of dtype dt, to float64 in dst.
func decode(dst []float64, src []byte, dt npyDtype) {
	var o binary.ByteOrder = binary.LittleEndian
	if dt.big {
		o = binary.BigEndian
	}
	switch int(dt.kind)<<4 | dt.size {
	case 'f'<<4 | 8:
		for i := range dst {
			dst[i] = math.Float64frombits(o.Uint64(src[8*i:]))
		}
	case 'f'<<4 | 4:
		for i := range dst {
			dst[i] = float64(math.Float32frombits(o.Uint32(src[4*i:])))
		}
	case 'f'<<4 | 2:
		for i := range dst {
			dst[i] = float64(halfToFloat32(o.Uint16(src[2*i:])))
		}
	case 'i'<<4 | 8:
		for i := range dst {
			dst[i] = float64(int64(o.Uint64(src[8*i:])))
		}
	case 'i'<<4 | 4:
		for i := range dst {
			dst[i] = float64(int32(o.Uint32(src[4*i:])))
		}
	case 'i'<<4 | 2:
		for i := range dst {
			dst[i] = float64(int16(o.Uint16(src[2*i:])))
		}
	case 'i'<<4 | 1:
		for i := range dst {
			dst[i] = float64(int8(src[i]))
		}
	case 'u'<<4 | 8:
		for i := range dst {
			dst[i] = float64(o.Uint64(src[8*i:]))
		}
	case 'u'<<4 | 4:
		for i := range dst {
			dst[i] = float64(o.Uint32(src[4*i:]))
		}
	case 'u'<<4 | 2:
		for i := range dst {
			dst[i] = float64(o.Uint16(src[2*i:]))
		}
	case 'u'<<4 | 1:
		for i := range dst {
			dst[i] = float64(src[i])
		}
	case 'b'<<4 | 1:
		for i := range dst {
			dst[i] = 0
			if src[i] != 0 {
				dst[i] = 1
			}
		}
	}
}

// halfToFloat32 converts an IEEE 754 half-precision number exactly.
func halfToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: frac × 2^-24
		v := float32(frac) * (1.0 / (1 << 24))
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
}

// labelText writes one item of dtype dt as a label: integers in decimal,
// floats in the shortest form that reads back, booleans as False and True,
// strings without numpy's trailing NULs.
func labelText(b []byte, dt npyDtype) string {
	var o binary.ByteOrder = binary.LittleEndian
	if dt.big {
		o = binary.BigEndian
	}
	switch dt.kind {
	case 'b':
		if b[0] != 0 {
			return "True"
		}
		return "False"
	case 'i':
		var v int64
		switch dt.size {
		case 1:
			v = int64(int8(b[0]))
		case 2:
			v = int64(int16(o.Uint16(b)))
		case 4:
			v = int64(int32(o.Uint32(b)))
		default:
			v = int64(o.Uint64(b))
		}
		return smallInt(v)
	case 'u':
		var v uint64
		switch dt.size {
		case 1:
			v = uint64(b[0])
		case 2:
			v = uint64(o.Uint16(b))
		case 4:
			v = uint64(o.Uint32(b))
		default:
			v = o.Uint64(b)
		}
		if v <= math.MaxInt64 {
			return smallInt(int64(v))
		}
		return strconv.FormatUint(v, 10)
	case 'f':
		var v [1]float64
		decode(v[:], b, dt)
		bitSize := 64
		if dt.size < 8 {
			bitSize = 32
		}
		return strconv.FormatFloat(v[0], 'g', -1, bitSize)
	case 'S':
		return strings.TrimRight(string(b), "\x00")
	case 'U':
		var s strings.Builder
		for i := 0; i+4 <= len(b); i += 4 {
			r := rune(o.Uint32(b[i:]))
			if !utf8.ValidRune(r) {
				r = utf8.RuneError
			}
			s.WriteRune(r)
		}
		return strings.TrimRight(s.String(), "\x00")
	}
	return ""
}

// labelInterner gives the same string for the same item, so that a label
// column of a few classes costs a string header per row.
type labelInterner struct {
	dt   npyDtype
	seen map[string]string
}

func (li *labelInterner) text(b []byte) string {
	if s, ok := li.seen[string(b)]; ok {
		return s
	}
	if li.seen == nil {
		li.seen = map[string]string{}
	}
	s := labelText(b, li.dt)
	li.seen[string(b)] = s
	return s
}

// smallInts holds the text of the integers labels usually are.
var smallInts = func() []string {
	s := make([]string, 256)
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

func smallInt(v int64) string {
	if v >= 0 && v < int64(len(smallInts)) {
		return smallInts[v]
	}
	return strconv.FormatInt(v, 10)
}
