//go:build unix

package oidctest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// errNotBuilt is why Start skips, or fails under CI.
var errNotBuilt = errors.New("oidctest: Ory Hydra is not built; run `make deps-test` (make test does), or set POPPY_HYDRA to a hydra binary")

// findHydra returns the hydra binary: POPPY_HYDRA if set, else .bin/hydra
// at the module's root, where the Makefile builds it at the version
// go.mod pins (with the sqlite tag its in-memory database needs). PATH is
// not searched: a hydra found there may be another version.
func findHydra() (string, error) {
	if p := os.Getenv("POPPY_HYDRA"); p != "" {
		return p, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, ".bin", "hydra")
	if _, err := os.Stat(p); err != nil {
		return "", errNotBuilt
	}
	return p, nil
}

// moduleRoot asks the go command, which every test run has, where go.mod
// is.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("oidctest: go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("oidctest: not inside the Poppy module")
	}
	return filepath.Dir(mod), nil
}
