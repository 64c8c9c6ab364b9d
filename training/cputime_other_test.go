//go:build !unix

package training

import "time"

// cpuTime reports false: process CPU time is not read on this system.
func cpuTime() (time.Duration, bool) { return 0, false }
