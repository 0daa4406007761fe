package harness

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// BridgePackage is the bridge command's import path.
const BridgePackage = "github.com/poppymail/poppy/bridge"

// ErrNoGo: the go command is neither on PATH nor in $GOROOT/bin.
var ErrNoGo = errors.New("harness: the go command is not on PATH or in $GOROOT/bin (it builds the bridge)")

// GoCommand finds the go tool: on PATH, or in $GOROOT/bin, which `go
// test` and `go run` export to what they run.
func GoCommand() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", ErrNoGo
}

// BuildOptions changes how BuildBridge builds; nil builds as `go build`
// with no flags.
type BuildOptions struct {
	// Flags go between `go build` and `-o`, e.g. -trimpath.
	Flags []string
	// Env is added to the environment, e.g. CGO_ENABLED=0.
	Env []string
}

// BuildBridge builds the bridge command into dir and returns the
// binary's path. The tests and benchmark programs that run the bridge as
// operators do (in a process of its own, stopped by a real signal) all
// build it here. It is built for this machine even when the caller's
// environment is set up for the wasm build.
func BuildBridge(ctx context.Context, dir string, opts *BuildOptions) (string, error) {
	if opts == nil {
		opts = &BuildOptions{}
	}
	goBin, err := GoCommand()
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "bridge")
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	args := append(append([]string{"build"}, opts.Flags...), "-o", out, BridgePackage)
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Env = append(append(os.Environ(), "GOOS=", "GOARCH="), opts.Env...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("harness: go build %s: %v\n%s", BridgePackage, err, msg)
	}
	return out, nil
}
