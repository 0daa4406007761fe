package store

import (
	"cmp"
	"context"
	"maps"
	"slices"
)

// memRec is one record of Sending in Mem (see records).
type memRec struct {
	meta  string
	blobs [][]byte
}

func (r memRec) size() int64 {
	n := int64(len(r.meta))
	for _, b := range r.blobs {
		n += int64(len(b))
	}
	return n
}

func cloneBlobs(bs [][]byte) [][]byte {
	if bs == nil {
		return nil
	}
	c := make([][]byte, len(bs))
	for i, b := range bs {
		c[i] = slices.Clone(b)
	}
	return c
}

// recsOf returns the records of k for account, creating the map when
// create is set; without create it may return nil.
func (m *Mem) recsOf(k kind, account string, create bool) map[string]memRec {
	byAccount := m.recs[k.meta]
	if byAccount == nil {
		if !create {
			return nil
		}
		byAccount = make(map[string]map[string]memRec)
		m.recs[k.meta] = byAccount
	}
	rs := byAccount[account]
	if rs == nil && create {
		rs = make(map[string]memRec)
		byAccount[account] = rs
	}
	return rs
}

// fits reports whether delta more bytes stay within the Quota. Records
// count against it (a full device refuses them too) though Usage does
// not report them.
func (m *Mem) fits(delta int64) bool {
	return m.opts.Quota <= 0 || delta <= 0 || m.headerBytes+m.bodyBytes+m.recBytes+delta <= m.opts.Quota
}

// set stores r as the record id of k for account, if the Quota allows.
func (m *Mem) set(op string, k kind, account, id string, r memRec) error {
	rs := m.recsOf(k, account, true)
	delta := r.size()
	old, had := rs[id]
	if had {
		delta -= old.size()
	}
	if !m.fits(delta) {
		if len(rs) == 0 {
			delete(m.recs[k.meta], account)
		}
		return &Error{Op: op, Err: ErrQuota}
	}
	rs[id] = r
	m.recBytes += delta
	return nil
}

// drop deletes the record id of k for account.
func (m *Mem) drop(k kind, account, id string) {
	rs := m.recsOf(k, account, false)
	if r, ok := rs[id]; ok {
		m.recBytes -= r.size()
		delete(rs, id)
		if len(rs) == 0 {
			delete(m.recs[k.meta], account)
		}
	}
}

func (m *Mem) recPut(ctx context.Context, op string, k kind, account, id, meta string, blobs [][]byte) error {
	if err := m.begin(ctx, op); err != nil {
		return err
	}
	defer m.mu.Unlock()
	return m.set(op, k, account, id, memRec{meta: meta, blobs: cloneBlobs(blobs)})
}

func (m *Mem) recGet(ctx context.Context, op string, k kind, account, id string, withBlobs bool) (string, [][]byte, bool, error) {
	if err := m.begin(ctx, op); err != nil {
		return "", nil, false, err
	}
	defer m.mu.Unlock()
	r, ok := m.recsOf(k, account, false)[id]
	if !ok {
		return "", nil, false, nil
	}
	var blobs [][]byte
	if withBlobs {
		blobs = cloneBlobs(r.blobs)
	}
	return r.meta, blobs, true, nil
}

func (m *Mem) recList(ctx context.Context, op string, k kind, account string) ([]string, error) {
	if err := m.begin(ctx, op); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	accounts := []string{account}
	if account == "" {
		accounts = slices.Sorted(maps.Keys(m.recs[k.meta]))
	}
	var metas []string
	for _, a := range accounts {
		rs := m.recsOf(k, a, false)
		for _, id := range slices.SortedFunc(maps.Keys(rs), cmp.Compare) {
			metas = append(metas, rs[id].meta)
		}
	}
	return metas, nil
}

func (m *Mem) recDelete(ctx context.Context, op string, k kind, account, id string) error {
	if err := m.begin(ctx, op); err != nil {
		return err
	}
	defer m.mu.Unlock()
	m.drop(k, account, id)
	return nil
}

func (m *Mem) recUpdate(ctx context.Context, op string, k kind, account, id string, withBlobs bool, f func(string, bool) (string, error)) (string, [][]byte, error) {
	if err := m.begin(ctx, op); err != nil {
		return "", nil, err
	}
	defer m.mu.Unlock()
	r, ok := m.recsOf(k, account, false)[id]
	meta, err := f(r.meta, ok)
	if err != nil {
		return "", nil, &Error{Op: op, Err: err}
	}
	r.meta = meta
	if err := m.set(op, k, account, id, r); err != nil {
		return "", nil, err
	}
	var blobs [][]byte
	if withBlobs {
		blobs = cloneBlobs(r.blobs)
	}
	return meta, blobs, nil
}

func (m *Mem) recMove(ctx context.Context, op string, from, to kind, account, id string, f func(string) (string, error)) error {
	if err := m.begin(ctx, op); err != nil {
		return err
	}
	defer m.mu.Unlock()
	r, ok := m.recsOf(from, account, false)[id]
	if !ok {
		return &Error{Op: op, Err: ErrNotFound}
	}
	meta, err := f(r.meta)
	if err != nil {
		return &Error{Op: op, Err: err}
	}
	// Drop first, so that the Quota counts the bytes once.
	m.drop(from, account, id)
	if err := m.set(op, to, account, id, memRec{meta: meta, blobs: r.blobs}); err != nil {
		_ = m.set(op, from, account, id, r) // what was just freed fits again
		return err
	}
	return nil
}

// dropRecords deletes every record of account, of every kind.
func (m *Mem) dropRecords(account string) {
	for _, k := range sendingKinds {
		for id := range m.recsOf(k, account, false) {
			m.drop(k, account, id)
		}
	}
}
