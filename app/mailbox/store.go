package mailbox

import (
	"context"
	"sync"
)

// Store keeps what the server does not: which messages the person has
// read. Entries are keyed by Account.Key and UIDL, the only identity of a
// message that survives from one POP3 session to the next; on servers
// without UIDL nothing is stored.
//
// Calls come from background goroutines, never from the UI goroutine, so
// an implementation may block (an IndexedDB one in the browser awaits its
// requests). Writes arrive in the order the person made them.
type Store interface {
	// ReadMarks returns the UIDLs of account marked read.
	ReadMarks(ctx context.Context, account string) (map[string]bool, error)
	// SetRead marks uids of account read or unread.
	SetRead(ctx context.Context, account string, read bool, uids []string) error
	// Forget drops everything kept for uids of account: the messages are
	// gone from the server.
	Forget(ctx context.Context, account string, uids []string) error
}

// MemStore is a Store in memory, for tests and for a session that keeps
// nothing on the device. The zero value is not ready; use NewMemStore.
type MemStore struct {
	mu   sync.Mutex
	read map[string]map[string]bool // account → UIDL → read
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{read: make(map[string]map[string]bool)} }

func (s *MemStore) ReadMarks(_ context.Context, account string) (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]bool, len(s.read[account]))
	for uid := range s.read[account] {
		out[uid] = true
	}
	return out, nil
}

func (s *MemStore) SetRead(_ context.Context, account string, read bool, uids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.read[account]
	if m == nil {
		m = make(map[string]bool)
		s.read[account] = m
	}
	for _, uid := range uids {
		if read {
			m[uid] = true
		} else {
			delete(m, uid)
		}
	}
	return nil
}

func (s *MemStore) Forget(_ context.Context, account string, uids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, uid := range uids {
		delete(s.read[account], uid)
	}
	return nil
}
