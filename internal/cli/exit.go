package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// A UsageError is bad input: a flag, or a file the user named, that the
// command cannot work with. It is found before any work and before anything
// is written, and the program exits 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usage marks err (if not nil) as bad input.
func usage(err error) error {
	if err == nil {
		return nil
	}
	return &UsageError{err}
}

// usagef is usage(fmt.Errorf(format, args...)).
func usagef(format string, args ...any) error { return &UsageError{fmt.Errorf(format, args...)} }

// interrupted is a run stopped by SIGINT or SIGTERM; msg says where it
// stopped and what it kept.
type interrupted struct{ msg string }

func (e *interrupted) Error() string        { return e.msg }
func (e *interrupted) Is(target error) bool { return target == context.Canceled }

// stopOnCancel returns write with a writer that fails with ctx's error once
// ctx is done, so that a long write handed to atomicfile.WriteFile stops at
// its next buffer and the temporary file is removed.
func stopOnCancel(ctx context.Context, write func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error { return write(&cancelWriter{ctx, w}) }
}

type cancelWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c *cancelWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// exitCode maps a command's error to the process's exit code.
func exitCode(err error) int {
	var u *UsageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		return exitUsage
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitFailure
}
