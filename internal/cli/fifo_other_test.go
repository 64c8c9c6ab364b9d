//go:build !unix

package cli

import "errors"

// mkfifo fails: named pipes are a unix file type.
func mkfifo(string) error { return errors.New("no named pipes on this system") }
