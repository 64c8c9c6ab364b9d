package dataset

import (
	"fmt"
	"math"

	"github.com/gorgonia-ae/autoencoder/dataset/rng"
)

// TrainTestOrder returns the order in which scikit-learn 1.2.1's
// train_test_split(X, test_size=testSize, random_state=seed) takes the n
// rows of X: the test rows are perm[:nTest] and the training rows
// perm[nTest:], each in train_test_split's order (see TrainTestSplit, which
// copies the rows in this order; its errors are the same).
//
// A data set of a million rows fits in about 1.1 times its matrix when
// nothing copies the matrix. The pieces, in the order a command uses them:
//
//	t, err := ReadFile(path, opt)                      // the matrix, sized once
//	perm, nTest, err := TrainTestOrder(t.X.Rows, testSize, seed)
//	err = PermuteRows(t.X, perm)                       // test rows first, then training rows
//	err = Permute(t.Labels, perm)                      // (or permute the encoded labels)
//	test, train := t.X.RowRange(0, nTest), t.X.RowRange(nTest, t.X.Rows)
//	s, err := FitMinMaxScaler(train)
//	r, c, v, found := s.FirstBeyond(test, math.MaxFloat32) // before scaling: the raw value is still there
//	err = s.TransformInPlace(t.X)                      // both views at once
//
// test and train are then the rows TrainTestSplit and Transform would have
// returned, bit for bit, without a copy; row i of the permuted matrix came
// from the file's row perm[i], on line t.Line(perm[i]).
func TrainTestOrder(n int, testSize float64, seed uint32) (perm []int, nTest int, err error) {
	if n < 0 || n > maxElements {
		return nil, 0, fmt.Errorf("train_test_split: %d rows", n)
	}
	nTest, err = testCount(n, testSize)
	if err != nil {
		return nil, 0, fmt.Errorf("train_test_split: %w", err)
	}
	return rng.New(seed).Permutation(n), nTest, nil
}

// RowRange returns rows from to to-1 of m, sharing its storage.
func (m Matrix) RowRange(from, to int) Matrix {
	return Matrix{Rows: to - from, Cols: m.Cols, Data: m.Data[from*m.Cols : to*m.Cols : to*m.Cols]}
}

// PermuteRows reorders the rows of m in place so that row i holds what row
// perm[i] held: m becomes what m.rowsOf(perm) would copy it into, without
// the copy. perm must be a permutation of 0 to m.Rows-1; it is not changed.
// The extra memory is one row and a bit per row.
func PermuteRows(m Matrix, perm []int) error {
	if err := m.check("permute rows"); err != nil {
		return err
	}
	if err := checkPermutation(perm, m.Rows); err != nil {
		return err
	}
	tmp := make([]float64, m.Cols)
	cycles(perm, func(i int) { copy(tmp, m.Row(i)) }, func(dst, src int) { copy(m.Row(dst), m.Row(src)) }, func(i int) { copy(m.Row(i), tmp) })
	return nil
}

// Permute reorders s in place so that s[i] holds what s[perm[i]] held.
// perm must be a permutation of 0 to len(s)-1; it is not changed.
func Permute[T any](s []T, perm []int) error {
	if err := checkPermutation(perm, len(s)); err != nil {
		return err
	}
	var tmp T
	cycles(perm, func(i int) { tmp = s[i] }, func(dst, src int) { s[dst] = s[src] }, func(i int) { s[i] = tmp })
	return nil
}

// checkPermutation reports whether perm holds each of 0 to n-1 once.
func checkPermutation(perm []int, n int) error {
	if len(perm) != n {
		return fmt.Errorf("permute: %d indices for %d rows", len(perm), n)
	}
	seen := make([]uint64, (n+63)/64)
	for i, p := range perm {
		if p < 0 || p >= n {
			return fmt.Errorf("permute: index %d is %d, out of range [0, %d)", i, p, n)
		}
		if seen[p/64]&(1<<(p%64)) != 0 {
			return fmt.Errorf("permute: row %d appears twice", p)
		}
		seen[p/64] |= 1 << (p % 64)
	}
	return nil
}

// cycles walks the cycles of perm: for each, save(start), then move(dst,
// src) along it, then restore(last).
func cycles(perm []int, save func(int), move func(dst, src int), restore func(int)) {
	done := make([]uint64, (len(perm)+63)/64)
	for start := range perm {
		if done[start/64]&(1<<(start%64)) != 0 {
			continue
		}
		if perm[start] == start {
			done[start/64] |= 1 << (start % 64)
			continue
		}
		save(start)
		i := start
		for {
			done[i/64] |= 1 << (i % 64)
			next := perm[i]
			if next == start {
				restore(i)
				break
			}
			move(i, next)
			i = next
		}
	}
}

// TransformInPlace scales X as Transform does, in X itself.
func (s *MinMaxScaler) TransformInPlace(X Matrix) error {
	if err := s.checkInput(X); err != nil {
		return err
	}
	for i := 0; i < X.Rows; i++ {
		row := X.Row(i)
		for j, v := range row {
			row[j] = float64(v*s.Scale[j]) + s.Min[j]
		}
	}
	return nil
}

// FirstBeyond finds the first value of X (in row-major order) whose scaled
// value, as Transform computes it, is beyond ±limit (NaN counts as beyond):
// its row and column, 0-based, and the scaled value. It lets a command
// report a raw value that would overflow its dtype once scaled before it
// scales X in place. A matrix that is not one, or not of the scaler's
// width, has no such value (Data.CheckRange reports those).
func (s *MinMaxScaler) FirstBeyond(X Matrix, limit float64) (row, col int, scaled float64, found bool) {
	if s.checkShape(X) != nil {
		return 0, 0, 0, false
	}
	for i := 0; i < X.Rows; i++ {
		for j, v := range X.Row(i) {
			if x := float64(v*s.Scale[j]) + s.Min[j]; !(math.Abs(x) <= limit) {
				return i, j, x, true
			}
		}
	}
	return 0, 0, 0, false
}
