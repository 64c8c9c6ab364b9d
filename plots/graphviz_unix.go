//go:build unix

package plots

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup starts cmd in a process group of its own, so that a
// Ctrl-C at the terminal, which signals the whole foreground group,
// interrupts the program but not a rendering it still wants: the program
// decides when to stop it (through SVG's context).
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
