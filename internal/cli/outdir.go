package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// checkWritableDir proves, before any work and without creating anything,
// that files can be written into dir: dir is a directory a file can be
// created in, or the nearest path above it that exists is. The outputs
// create dir when they are written (atomicfile.WriteFile), so a command that
// ends with nothing to write leaves no empty directory behind. Its errors
// name the directory and the cause.
func checkWritableDir(dir string) error {
	p := filepath.Clean(dir)
	for {
		fi, err := os.Stat(p)
		if err == nil {
			switch {
			case fi.IsDir():
			case p == filepath.Clean(dir):
				return fmt.Errorf("output directory %s is a file", dir)
			default:
				return fmt.Errorf("output directory %s cannot be created: %s is a file", dir, p)
			}
			break
		}
		parent := filepath.Dir(p)
		if parent == p {
			return fmt.Errorf("output directory %s cannot be created: %w", dir, innermost(err))
		}
		p = parent
	}
	f, err := os.CreateTemp(p, ".write-check-*")
	if err != nil {
		if p == filepath.Clean(dir) {
			return fmt.Errorf("output directory %s is not writable: %w", dir, innermost(err))
		}
		return fmt.Errorf("output directory %s cannot be created: %w", dir, innermost(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// checkOutputFiles reports the first of paths that exists and is not a
// regular file (a directory, a socket, ...), which an output could not
// replace.
func checkOutputFiles(paths ...string) error {
	for _, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case err == nil && fi.IsDir():
			return fmt.Errorf("output file %s is a directory", p)
		case err == nil && !fi.Mode().IsRegular():
			return fmt.Errorf("output file %s exists and is not a regular file", p)
		}
	}
	return nil
}

// innermost returns the error at the bottom of err's chain, such as
// "permission denied" under an *os.PathError.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
