package ui

import (
	"sync"
)

// trust is the certificate fingerprint one account trusts, read by its
// Dialer on a background goroutine and set on the UI goroutine.
type trust struct {
	mu sync.Mutex
	fp string
}

func (t *trust) get() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.fp
}

func (t *trust) set(fp string) {
	t.mu.Lock()
	t.fp = fp
	t.mu.Unlock()
}
