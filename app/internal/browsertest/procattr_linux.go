//go:build linux

package browsertest

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel send the bridge SIGTERM when the process
// that started it dies, so that a test binary killed by a timeout leaves
// no bridge behind.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
