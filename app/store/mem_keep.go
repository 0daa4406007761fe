package store

import "context"

// recPutMany implements batchRecords: the Quota is checked for the whole
// batch first, so a full device stores none of it, as an aborted IDB
// transaction would.
func (m *Mem) recPutMany(ctx context.Context, op string, k kind, account string, ids, metas []string, blobs [][][]byte) error {
	if err := m.begin(ctx, op); err != nil {
		return err
	}
	defer m.mu.Unlock()
	rs := m.recsOf(k, account, false)
	recs := make([]memRec, len(ids))
	var delta int64
	for i, id := range ids {
		r := memRec{meta: metas[i]}
		old, had := rs[id]
		if blobs != nil {
			r.blobs = cloneBlobs(blobs[i])
		} else {
			r.blobs = old.blobs
		}
		delta += r.size()
		if had {
			delta -= old.size()
		}
		recs[i] = r
	}
	if !m.fits(delta) {
		return &Error{Op: op, Err: ErrQuota}
	}
	for i, id := range ids {
		if err := m.set(op, k, account, id, recs[i]); err != nil {
			return err
		}
	}
	return nil
}

// recBlobsMany implements batchRecords.
func (m *Mem) recBlobsMany(ctx context.Context, op string, k kind, account string, ids []string) ([][][]byte, error) {
	if err := m.begin(ctx, op); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	rs := m.recsOf(k, account, false)
	out := make([][][]byte, len(ids))
	for i, id := range ids {
		if r, ok := rs[id]; ok {
			out[i] = cloneBlobs(r.blobs)
		}
	}
	return out, nil
}
