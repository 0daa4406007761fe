package store

import (
	"context"
	"maps"
	"slices"
)

// The search index in Mem: the chunks live in the account's memMail, so
// that Clear and RemoveAccount, which drop it, drop them too. They are
// not counted against the Quota: they are small beside the text they
// cover, and the browser's IndexedDB is what a full device refuses.

// SearchChunks implements SearchIndex.
func (m *Mem) SearchChunks(ctx context.Context, account string) (map[int][]byte, error) {
	if err := m.begin(ctx, "read search index"); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	out := make(map[int][]byte)
	if mm := m.account(account, false); mm != nil {
		for n, b := range mm.search {
			out[n] = slices.Clone(b)
		}
	}
	return out, nil
}

// PutSearchChunks implements SearchIndex.
func (m *Mem) PutSearchChunks(ctx context.Context, account string, chunks map[int][]byte) error {
	if err := m.begin(ctx, "write search index"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	mm := m.account(account, true)
	if mm.search == nil {
		mm.search = make(map[int][]byte)
	}
	for n, b := range chunks {
		if len(b) == 0 {
			delete(mm.search, n)
		} else {
			mm.search[n] = slices.Clone(b)
		}
	}
	return nil
}

// BodyUIDs implements SearchIndex.
func (m *Mem) BodyUIDs(ctx context.Context, account string) ([]string, error) {
	if err := m.begin(ctx, "list bodies"); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	mm := m.account(account, false)
	if mm == nil {
		return nil, nil
	}
	return slices.Sorted(maps.Keys(mm.bodies)), nil
}
