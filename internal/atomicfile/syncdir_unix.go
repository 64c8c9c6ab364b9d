//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// syncDir syncs the directory dir, so that the names a rename gave in it
// survive a crash of the machine. A file system that cannot sync a
// directory (EINVAL) has nothing to sync.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return err
}
