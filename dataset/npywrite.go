package dataset

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
)

// WriteNPY writes m as a numpy .npy file (format 1.0, or 2.0 when the
// header needs it): little-endian float64 ('<f8'), C order, shape (Rows,
// Cols), as numpy.save writes a float64 array.
func WriteNPY(w io.Writer, m Matrix) error {
	if err := m.check("write .npy"); err != nil {
		return err
	}
	header := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", m.Rows, m.Cols)
	// The preamble, header and newline fill a multiple of 64 bytes.
	pre := 10
	total := (pre + len(header) + 1 + 63) / 64 * 64
	if total-pre > math.MaxUint16 {
		pre = 12
		total = (pre + len(header) + 1 + 63) / 64 * 64
	}
	header += strings.Repeat(" ", total-pre-len(header)-1) + "\n"
	buf := make([]byte, pre, 64<<10)
	copy(buf, npyMagic)
	if pre == 10 {
		buf[6], buf[7] = 1, 0
		binary.LittleEndian.PutUint16(buf[8:], uint16(len(header)))
	} else {
		buf[6], buf[7] = 2, 0
		binary.LittleEndian.PutUint32(buf[8:], uint32(len(header)))
	}
	buf = append(buf, header...)
	for _, v := range m.Data {
		if len(buf)+8 > cap(buf) {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
	}
	_, err := w.Write(buf)
	return err
}
