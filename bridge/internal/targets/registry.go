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
	if err := checkServer(t.Host, t.Port, t.Security); err != nil {
		return fmt.Errorf("targets: %s: %w", t.Name, err)
	}
	if e := t.Submission; e != nil {
		if err := checkServer(e.Host, e.Port, e.Security); err != nil {
			return fmt.Errorf("targets: %s: submission: %w", t.Name, err)
		}
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

// checkServer checks one server of a target, built in code or parsed.
func checkServer(host string, port int, sec bridgeapi.Security) error {
	if !sec.Valid() {
		return fmt.Errorf("invalid security %q", sec)
	}
	if err := validHost(host); err != nil {
		return err
	}
	if port < 1 || port > 65535 {
		return fmt.Errorf("%w: %d", ErrBadPort, port)
	}
	return nil
}
