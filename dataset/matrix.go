package dataset

import (
	"fmt"
	"math"
)

// Matrix is a dense row-major matrix of float64: element (i, j) is
// Data[i*Cols+j].
type Matrix struct {
	Rows, Cols int
	Data       []float64
}

// NewMatrix returns a zero rows x cols matrix.
func NewMatrix(rows, cols int) Matrix {
	return Matrix{Rows: rows, Cols: cols, Data: make([]float64, rows*cols)}
}

// Row returns row i as a slice sharing the matrix's storage: [Cols].
func (m Matrix) Row(i int) []float64 {
	return m.Data[i*m.Cols : (i+1)*m.Cols : (i+1)*m.Cols]
}

// At returns element (i, j).
func (m Matrix) At(i, j int) float64 {
	return m.Data[i*m.Cols+j]
}

// check reports an error if Data does not hold Rows*Cols values (a
// product that would overflow an int is an error too, not a wrapped
// count).
func (m Matrix) check(name string) error {
	if m.Rows < 0 || m.Cols < 0 || m.Cols > 0 && m.Rows > math.MaxInt/m.Cols || len(m.Data) != m.Rows*m.Cols {
		return fmt.Errorf("%s: %dx%d matrix with %d values", name, m.Rows, m.Cols, len(m.Data))
	}
	return nil
}

// rowsOf returns the rows listed in idx, in that order: [len(idx), Cols].
func (m Matrix) rowsOf(idx []int) Matrix {
	out := NewMatrix(len(idx), m.Cols)
	for i, r := range idx {
		copy(out.Row(i), m.Row(r))
	}
	return out
}
