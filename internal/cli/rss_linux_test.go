package cli

import (
	"os"
	"syscall"
)

// maxRSS is an ended process's peak resident memory in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) << 10 // Linux reports KiB
	}
	return 0
}
