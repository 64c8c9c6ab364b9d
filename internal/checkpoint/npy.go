package checkpoint

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/gorgonia-ae/autoencoder/model"
)

// npyHeader is the validated header of one .npy array.
type npyHeader struct {
	descr string // '<f4', '<f8', '<i4', '<i8' or '<U<n>'
	shape []int  // nil for a 0-d array
	size  int    // bytes of data after the header
}

// elems is the number of elements the shape holds.
func (h npyHeader) elems() int {
	n := 1
	for _, d := range h.shape {
		n *= d
	}
	return n
}

// Limits on what readNPY accepts. No array this package reads needs more:
// a weight array holds at most model.MaxWeights values.
const (
	maxNPYHeader = 4096             // bytes of header dictionary
	maxNPYDim    = 1 << 24          // any one dimension
	maxNPYValues = model.MaxWeights // all of them
)

var (
	npyMagic = []byte("\x93NUMPY")
	// numpy writes the header dictionary with its keys sorted and a trailing
	// ", " before the brace, padded with spaces to a 64-byte boundary.
	npyDict = regexp.MustCompile(`^\{'descr': '([^']*)', 'fortran_order': (True|False), 'shape': \(([0-9, ]*)\), \} *\n$`)
	npyType = regexp.MustCompile(`^<(f4|f8|i4|i8|U[1-9][0-9]{0,5})$`)
)

// readNPY reads one .npy array from r and validates it as it goes: the
// magic string, a version-1, -2 or -3 header in numpy's canonical form, a
// supported little-endian dtype, C order, and exactly as many data bytes as
// the shape needs, then the end of the stream. accept sees the header before
// any data is read, so that an array of an unexpected shape is refused
// before its bytes are allocated. It returns the whole array as read.
//
// codeberg.org/sbinet/npyio decodes the array only after this check: its
// reader slices the header without bounds checks (a header with no newline,
// or with its keys out of order, makes it panic) and allocates whatever the
// shape declares.
func readNPY(r io.Reader, accept func(npyHeader) error) ([]byte, npyHeader, error) {
	var h npyHeader
	pre := make([]byte, len(npyMagic)+4, len(npyMagic)+6)
	if _, err := io.ReadFull(r, pre); err != nil {
		return nil, h, fmt.Errorf(".npy array truncated before its header: %w", err)
	}
	if !bytes.Equal(pre[:len(npyMagic)], npyMagic) {
		return nil, h, fmt.Errorf("not a .npy array (no \\x93NUMPY magic)")
	}
	var hlen int
	switch major := pre[len(npyMagic)]; major {
	case 1:
		hlen = int(binary.LittleEndian.Uint16(pre[len(npyMagic)+2:]))
	case 2, 3:
		pre = pre[:len(npyMagic)+6]
		if _, err := io.ReadFull(r, pre[len(npyMagic)+4:]); err != nil {
			return nil, h, fmt.Errorf(".npy header truncated: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint32(pre[len(npyMagic)+2:]))
	default:
		return nil, h, fmt.Errorf(".npy format version %d is not supported (want 1, 2 or 3)", major)
	}
	if hlen > maxNPYHeader {
		return nil, h, fmt.Errorf(".npy header of %d bytes is longer than the %d allowed", hlen, maxNPYHeader)
	}
	raw := make([]byte, len(pre)+hlen)
	copy(raw, pre)
	if _, err := io.ReadFull(r, raw[len(pre):]); err != nil {
		return nil, h, fmt.Errorf(".npy header truncated (%d bytes declared): %w", hlen, err)
	}
	dict := string(raw[len(pre):])
	m := npyDict.FindStringSubmatch(dict)
	if m == nil {
		return nil, h, fmt.Errorf(".npy header %q is not numpy's {'descr': ..., 'fortran_order': ..., 'shape': (...), } dictionary", strings.TrimRight(dict, " \n"))
	}
	h.descr = m[1]
	if !npyType.MatchString(h.descr) {
		return nil, h, fmt.Errorf(".npy dtype %q is not supported (want little-endian <f4, <f8, <i4, <i8 or <U)", h.descr)
	}
	if m[2] == "True" {
		return nil, h, fmt.Errorf(".npy array is stored in Fortran order; save it C-contiguous")
	}
	shape, err := parseNPYShape(m[3])
	if err != nil {
		return nil, h, err
	}
	h.shape = shape
	item := 4
	switch {
	case h.descr[1] == 'U':
		n, _ := strconv.Atoi(h.descr[2:])
		item = 4 * n
	case h.descr[2] == '8':
		item = 8
	}
	h.size = h.elems() * item
	if err := accept(h); err != nil {
		return nil, h, err
	}
	hdr := len(raw)
	raw = append(raw, make([]byte, h.size)...)
	if n, err := io.ReadFull(r, raw[hdr:]); err != nil {
		return nil, h, fmt.Errorf(".npy array of shape %s and dtype %s needs %d data bytes, has %d", shapeText(shape), h.descr, h.size, n)
	}
	// Reading to the end also makes a zip entry verify its checksum.
	var one [1]byte
	switch n, err := io.ReadFull(r, one[:]); {
	case n > 0:
		return nil, h, fmt.Errorf(".npy array of shape %s and dtype %s has more than its %d data bytes", shapeText(shape), h.descr, h.size)
	case err != io.EOF:
		return nil, h, err
	}
	return raw, h, nil
}

// parseNPYShape parses the inside of a shape tuple: "" (a scalar), "3," or
// "2, 3".
func parseNPYShape(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(strings.TrimSuffix(s, ","), ", ")
	if len(parts) > 8 {
		return nil, fmt.Errorf(".npy shape (%s) has more than 8 dimensions", s)
	}
	if len(parts) == 1 && !strings.HasSuffix(s, ",") {
		return nil, fmt.Errorf(".npy shape (%s) is not a tuple", s)
	}
	shape := make([]int, len(parts))
	total := 1
	for i, p := range parts {
		d, err := strconv.Atoi(p)
		if err != nil || d < 0 || d > maxNPYDim || p != strconv.Itoa(d) {
			return nil, fmt.Errorf(".npy shape (%s): bad dimension %q", s, p)
		}
		shape[i] = d
		// Compared before multiplying, so that no product wraps (an int
		// may have 32 bits).
		if d > 0 && total > maxNPYValues/d {
			return nil, fmt.Errorf(".npy shape (%s) is too large", s)
		}
		total *= d
	}
	return shape, nil
}

// shapeText writes a shape as numpy prints it: (), (3,) or (2, 3).
func shapeText(shape []int) string {
	switch len(shape) {
	case 0:
		return "()"
	case 1:
		return fmt.Sprintf("(%d,)", shape[0])
	}
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
