//go:build !linux && !js

package browsertest

import "os/exec"

// dieWithParent does nothing where the kernel cannot tie a child's life
// to its parent's; Bridge.Stop still ends the bridge.
func dieWithParent(cmd *exec.Cmd) {}
