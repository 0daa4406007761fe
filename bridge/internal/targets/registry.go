package targets

import (
	"fmt"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Registry holds the configured targets, in the order they were added,
// which is the order the sign-in form lists them. It is built once at start
// and read concurrently afterwards; Add must not be called after that.
type Registry struct {
	list   []Target
	byName map[string]int
}

// Add registers t. Names must be unique, valid (ValidName) and not the
// reserved bridgeapi.CustomTarget.
func (r *Registry) Add(t Target) error {
	if err := ValidName(t.Name); err != nil {
		return err
	}
	if t.Name == bridgeapi.CustomTarget {
		return fmt.Errorf("targets: name %q is reserved for user-entered servers", t.Name)
	}
	if !t.Security.Valid() {
		return fmt.Errorf("targets: %s: invalid security %q", t.Name, t.Security)
	}
	if err := validHost(t.Host); err != nil {
		return fmt.Errorf("targets: %s: %w", t.Name, err)
	}
	if t.Port < 1 || t.Port > 65535 {
		return fmt.Errorf("targets: %s: %w: %d", t.Name, ErrBadPort, t.Port)
	}
	if _, dup := r.byName[t.Name]; dup {
		return fmt.Errorf("targets: duplicate target name %q", t.Name)
	}
	if r.byName == nil {
		r.byName = make(map[string]int)
	}
	r.byName[t.Name] = len(r.list)
	r.list = append(r.list, t)
	return nil
}

// Lookup returns the target called name, or ErrUnknownTarget. The name is
// matched exactly: no case folding, no trimming.
func (r *Registry) Lookup(name string) (Target, error) {
	i, ok := r.byName[name]
	if !ok {
		return Target{}, ErrUnknownTarget
	}
	return r.list[i], nil
}

// List returns the targets in the order they were added.
func (r *Registry) List() []Target {
	return append([]Target(nil), r.list...)
}

// Len returns the number of targets.
func (r *Registry) Len() int { return len(r.list) }
