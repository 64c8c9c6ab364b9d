package runstate

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unsafe"
)

// npyHeader returns the .npy version 1.0 header numpy writes for an array
// of dtype descr ('<f4', '<f8', '<u4', '<i8') and shape: the magic string,
// the version, the header's length and its dictionary, padded with spaces
// to a multiple of 64 bytes and ended by a newline.
func npyHeader(descr string, shape []int) []byte {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	s := strings.Join(dims, ", ")
	if len(shape) == 1 {
		s += ","
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, s)
	const pre = 10 // magic, version, length
	n := pre + len(dict) + 1
	pad := (64 - n%64) % 64
	h := make([]byte, 0, n+pad)
	h = append(h, "\x93NUMPY\x01\x00"...)
	h = binary.LittleEndian.AppendUint16(h, uint16(len(dict)+pad+1))
	h = append(h, dict...)
	for range pad {
		h = append(h, ' ')
	}
	return append(h, '\n')
}

// chunk is how many bytes the encoders convert at a time.
const chunk = 1 << 15

// littleEndian reports whether the machine stores numbers little-endian,
// as .npy's '<' says the file does: then a slice's memory is its encoding.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// bytesOf is the memory of d as bytes: a view, not a copy.
func bytesOf[T float32 | float64](d []T) []byte {
	if len(d) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(d))), len(d)*int(unsafe.Sizeof(d[0])))
}

// writeFloat32s writes d little-endian.
func writeFloat32s(w io.Writer, d []float32, buf []byte) error {
	if littleEndian {
		_, err := w.Write(bytesOf(d))
		return err
	}
	return encodeFloat32s(w, d, buf)
}

// encodeFloat32s writes d little-endian whatever the machine's order,
// converting len(buf) bytes at a time.
func encodeFloat32s(w io.Writer, d []float32, buf []byte) error {
	for len(d) > 0 {
		n := min(len(d), len(buf)/4)
		b := buf[:4*n]
		for i, v := range d[:n] {
			binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		d = d[n:]
	}
	return nil
}

// writeFloat64s writes d little-endian.
func writeFloat64s(w io.Writer, d []float64, buf []byte) error {
	if littleEndian {
		_, err := w.Write(bytesOf(d))
		return err
	}
	return encodeFloat64s(w, d, buf)
}

// encodeFloat64s writes d little-endian whatever the machine's order,
// converting len(buf) bytes at a time.
func encodeFloat64s(w io.Writer, d []float64, buf []byte) error {
	for len(d) > 0 {
		n := min(len(d), len(buf)/8)
		b := buf[:8*n]
		for i, v := range d[:n] {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		d = d[n:]
	}
	return nil
}

// readFloat32s decodes little-endian b into d.
func readFloat32s(b []byte, d []float32) {
	if littleEndian {
		copy(bytesOf(d), b)
		return
	}
	decodeFloat32s(b, d)
}

// decodeFloat32s decodes little-endian b into d whatever the machine's order.
func decodeFloat32s(b []byte, d []float32) {
	for i := range d {
		d[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
}

// readFloat64s decodes little-endian b into d.
func readFloat64s(b []byte, d []float64) {
	if littleEndian {
		copy(bytesOf(d), b)
		return
	}
	decodeFloat64s(b, d)
}

// decodeFloat64s decodes little-endian b into d whatever the machine's order.
func decodeFloat64s(b []byte, d []float64) {
	for i := range d {
		d[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
}
