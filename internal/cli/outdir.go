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

// inDir returns the paths of names in dir.
func inDir(dir string, names []string) []string {
	paths := make([]string, len(names))
	for i, name := range names {
		paths[i] = filepath.Join(dir, name)
	}
	return paths
}

// removeStaleTemps removes the temporary files (".NAME.tmp-*", see
// atomicfile) that an earlier run of a command, killed while writing, left
// beside each of paths, the outputs this run is about to write. Commands
// call it once they are past every check of their input, as train does
// (trainer.removeLeftovers); only these outputs' own temporary names go.
func removeStaleTemps(paths ...string) {
	for _, p := range paths {
		tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp-*"))
		for _, f := range tmp {
			os.Remove(f)
		}
	}
}

// fileFlag is an input file of a command: the flag that names it and its
// path ("" when not given).
type fileFlag struct{ flag, path string }

// checkInputsKept refuses a run whose outputs would replace one of its
// input files: an input that names the same file as an output, by its path
// or, where both exist, as os.SameFile sees them (a link, another
// spelling), is an error naming both. Train's -init is not an input here:
// starting from -out's own model.npz and replacing it is how a run goes on
// from an earlier one in the same directory.
func checkInputsKept(outputs []string, inputs ...fileFlag) error {
	for _, in := range inputs {
		if in.path == "" {
			continue
		}
		inAbs, inErr := filepath.Abs(in.path)
		inInfo, statErr := os.Stat(in.path)
		for _, out := range outputs {
			outAbs, outErr := filepath.Abs(out)
			same := inErr == nil && outErr == nil && inAbs == outAbs
			if !same && statErr == nil {
				if fi, err := os.Stat(out); err == nil {
					same = os.SameFile(inInfo, fi)
				}
			}
			if same {
				return fmt.Errorf("%s %s would be replaced by this run's output %s; give another -out, or move the file", in.flag, in.path, out)
			}
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
