package dataset

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// WriteMatrixCSV writes m as CSV: no header, one row per line, values
// separated by commas and formatted with strconv's shortest 'g'
// representation, which parses back to the identical float64.
func WriteMatrixCSV(w io.Writer, m Matrix) error {
	if err := m.check("write CSV"); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	buf := make([]byte, 0, 32)
	for i := 0; i < m.Rows; i++ {
		for j, v := range m.Row(i) {
			if j > 0 {
				bw.WriteByte(',')
			}
			buf = strconv.AppendFloat(buf[:0], v, 'g', -1, 64)
			bw.Write(buf)
		}
		// bufio keeps its first error: stop at it, not after formatting
		// every row left.
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteLabelsCSV writes y as CSV, one integer label per line.
func WriteLabelsCSV(w io.Writer, y []int) error {
	bw := bufio.NewWriter(w)
	for _, v := range y {
		bw.WriteString(strconv.Itoa(v))
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadMatrixCSV reads CSV as WriteMatrixCSV writes it (and as numpy's
// savetxt with a comma delimiter writes it): every line a row of the same
// length.
func ReadMatrixCSV(r io.Reader) (Matrix, error) {
	var m Matrix
	err := eachLine(r, func(line int, fields []string) error {
		if m.Rows == 0 {
			m.Cols = len(fields)
		} else if len(fields) != m.Cols {
			return fmt.Errorf("line %d has %d values, line 1 has %d", line, len(fields), m.Cols)
		}
		for _, f := range fields {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return fmt.Errorf("line %d: %w", line, err)
			}
			m.Data = append(m.Data, v)
		}
		m.Rows++
		return nil
	})
	return m, err
}

// ReadLabelsCSV reads one integer label per line.
func ReadLabelsCSV(r io.Reader) ([]int, error) {
	var y []int
	err := eachLine(r, func(line int, fields []string) error {
		if len(fields) != 1 {
			return fmt.Errorf("line %d has %d values, want 1 label", line, len(fields))
		}
		f := strings.TrimSpace(fields[0])
		v, err := strconv.Atoi(f)
		if err != nil {
			// Labels saved as floats ("1.0") are accepted when whole.
			fv, ferr := strconv.ParseFloat(f, 64)
			if ferr != nil || fv != float64(int(fv)) {
				return fmt.Errorf("line %d: label %q is not an integer", line, f)
			}
			v = int(fv)
		}
		y = append(y, v)
		return nil
	})
	return y, err
}

// ReadMatrixFile reads a CSV matrix from path, gunzipping it when the name
// ends in .gz.
func ReadMatrixFile(path string) (Matrix, error) {
	var m Matrix
	err := withFile(path, func(r io.Reader) (err error) {
		m, err = ReadMatrixCSV(r)
		return err
	})
	return m, err
}

// ReadLabelsFile reads CSV labels from path, gunzipping it when the name
// ends in .gz.
func ReadLabelsFile(path string) ([]int, error) {
	var y []int
	err := withFile(path, func(r io.Reader) (err error) {
		y, err = ReadLabelsCSV(r)
		return err
	})
	return y, err
}

func withFile(path string, read func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	if err := read(r); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// eachLine calls fn with the comma-separated fields of each non-empty line.
func eachLine(r io.Reader, fn func(line int, fields []string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if err := fn(line, strings.Split(text, ",")); err != nil {
			return err
		}
	}
	return sc.Err()
}
