//go:build !linux

package atomicfile

import "errors"

// exchange reports that this OS has no atomic exchange of two names.
func exchange(a, b string) error { return errors.New("no atomic exchange on this OS") }
