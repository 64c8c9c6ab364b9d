//go:build !linux

package cli

import "os"

// maxRSS is 0 where the tests do not read a process's peak memory: only
// Linux reports it in units they rely on.
func maxRSS(*os.ProcessState) int64 { return 0 }
