package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"slices"
)

var errNoID = errors.New("a record has no account or no ID")

func marshal(op string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", &Error{Op: op, Err: err}
	}
	return string(b), nil
}

func checkID(op, account, id string) error {
	if account == "" || id == "" {
		return &Error{Op: op, Err: errNoID}
	}
	return nil
}

// decodeAll decodes metas into values of T.
func decodeAll[T any](op string, metas []string) ([]T, error) {
	vs := make([]T, 0, len(metas))
	for _, s := range metas {
		var v T
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return nil, &Error{Op: op, Err: err}
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// PutDraft implements Sending.
func (s sendingStore) PutDraft(ctx context.Context, d Draft) error {
	const op = "put draft"
	if err := checkID(op, d.Account, d.ID); err != nil {
		return err
	}
	d.Attach = slices.Clone(d.Attach)
	blobs := make([][]byte, len(d.Attach))
	for i, a := range d.Attach {
		d.Attach[i].Size = int64(len(a.Data))
		blobs[i] = a.Data
	}
	meta, err := marshal(op, d)
	if err != nil {
		return err
	}
	return s.r.recPut(ctx, op, kindDrafts, d.Account, d.ID, meta, blobs)
}

// Drafts implements Sending.
func (s sendingStore) Drafts(ctx context.Context, account string) ([]Draft, error) {
	const op = "drafts"
	metas, err := s.r.recList(ctx, op, kindDrafts, account)
	if err != nil {
		return nil, err
	}
	ds, err := decodeAll[Draft](op, metas)
	slices.SortStableFunc(ds, func(a, b Draft) int {
		return cmp.Or(b.Updated.Compare(a.Updated), cmp.Compare(a.ID, b.ID))
	})
	return ds, err
}

// Draft implements Sending.
func (s sendingStore) Draft(ctx context.Context, account, id string) (Draft, bool, error) {
	const op = "draft"
	meta, blobs, ok, err := s.r.recGet(ctx, op, kindDrafts, account, id, true)
	if err != nil || !ok {
		return Draft{}, false, err
	}
	var d Draft
	if err := json.Unmarshal([]byte(meta), &d); err != nil {
		return Draft{}, false, &Error{Op: op, Err: err}
	}
	for i := range d.Attach {
		if i < len(blobs) {
			d.Attach[i].Data = blobs[i]
		}
	}
	return d, true, nil
}

// DeleteDraft implements Sending.
func (s sendingStore) DeleteDraft(ctx context.Context, account, id string) error {
	return s.r.recDelete(ctx, "delete draft", kindDrafts, account, id)
}

// PutOutbox implements Sending.
func (s sendingStore) PutOutbox(ctx context.Context, e OutboxEntry) error {
	const op = "put outbox"
	if err := checkID(op, e.Account, e.ID); err != nil {
		return err
	}
	e.Size = int64(len(e.Raw))
	meta, err := marshal(op, e)
	if err != nil {
		return err
	}
	return s.r.recPut(ctx, op, kindOutbox, e.Account, e.ID, meta, [][]byte{e.Raw})
}

// Outbox implements Sending.
func (s sendingStore) Outbox(ctx context.Context, account string) ([]OutboxEntry, error) {
	const op = "outbox"
	metas, err := s.r.recList(ctx, op, kindOutbox, account)
	if err != nil {
		return nil, err
	}
	es, err := decodeAll[OutboxEntry](op, metas)
	slices.SortStableFunc(es, func(a, b OutboxEntry) int {
		return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.Account, b.Account), cmp.Compare(a.ID, b.ID))
	})
	return es, err
}

// OutboxEntry implements Sending.
func (s sendingStore) OutboxEntry(ctx context.Context, account, id string) (OutboxEntry, bool, error) {
	const op = "outbox entry"
	meta, blobs, ok, err := s.r.recGet(ctx, op, kindOutbox, account, id, true)
	if err != nil || !ok {
		return OutboxEntry{}, false, err
	}
	e, err := decodeOutbox(op, meta, blobs)
	return e, err == nil, err
}

func decodeOutbox(op, meta string, blobs [][]byte) (OutboxEntry, error) {
	var e OutboxEntry
	if err := json.Unmarshal([]byte(meta), &e); err != nil {
		return OutboxEntry{}, &Error{Op: op, Err: err}
	}
	if len(blobs) > 0 {
		e.Raw = blobs[0]
	}
	return e, nil
}

// UpdateOutbox implements Sending.
func (s sendingStore) UpdateOutbox(ctx context.Context, account, id string, withRaw bool, f func(e *OutboxEntry) error) (OutboxEntry, error) {
	const op = "update outbox"
	meta, blobs, err := s.r.recUpdate(ctx, op, kindOutbox, account, id, withRaw, func(meta string, ok bool) (string, error) {
		if !ok {
			return "", ErrNotFound
		}
		e, err := decodeOutbox(op, meta, nil)
		if err != nil {
			return "", err
		}
		// Keys are not f's to change: the record stays where it is.
		acct, eid, size := e.Account, e.ID, e.Size
		if err := f(&e); err != nil {
			return "", err
		}
		e.Account, e.ID, e.Size, e.Raw = acct, eid, size, nil
		return marshal(op, e)
	})
	if err != nil {
		return OutboxEntry{}, err
	}
	return decodeOutbox(op, meta, blobs)
}

// MoveToSent implements Sending.
func (s sendingStore) MoveToSent(ctx context.Context, account, id string, f func(e OutboxEntry) (SentMessage, error)) error {
	const op = "move to sent"
	return s.r.recMove(ctx, op, kindOutbox, kindSent, account, id, func(meta string) (string, error) {
		e, err := decodeOutbox(op, meta, nil)
		if err != nil {
			return "", err
		}
		m, err := f(e)
		if err != nil {
			return "", err
		}
		// The message keeps the entry's key and bytes.
		m.Account, m.ID, m.Size, m.Raw = e.Account, e.ID, e.Size, nil
		return marshal(op, m)
	})
}

// DeleteOutbox implements Sending.
func (s sendingStore) DeleteOutbox(ctx context.Context, account, id string) error {
	return s.r.recDelete(ctx, "delete outbox", kindOutbox, account, id)
}

// SentList implements Sending.
func (s sendingStore) SentList(ctx context.Context, account string) ([]SentMessage, error) {
	const op = "sent"
	metas, err := s.r.recList(ctx, op, kindSent, account)
	if err != nil {
		return nil, err
	}
	ms, err := decodeAll[SentMessage](op, metas)
	slices.SortStableFunc(ms, func(a, b SentMessage) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(b.ID, a.ID))
	})
	return ms, err
}

// SentMessage implements Sending.
func (s sendingStore) SentMessage(ctx context.Context, account, id string) (SentMessage, bool, error) {
	const op = "sent message"
	meta, blobs, ok, err := s.r.recGet(ctx, op, kindSent, account, id, true)
	if err != nil || !ok {
		return SentMessage{}, false, err
	}
	var m SentMessage
	if err := json.Unmarshal([]byte(meta), &m); err != nil {
		return SentMessage{}, false, &Error{Op: op, Err: err}
	}
	if len(blobs) > 0 {
		m.Raw = blobs[0]
	}
	return m, true, nil
}

// PutSent implements Sending.
func (s sendingStore) PutSent(ctx context.Context, m SentMessage) error {
	const op = "put sent"
	if err := checkID(op, m.Account, m.ID); err != nil {
		return err
	}
	m.Size = int64(len(m.Raw))
	meta, err := marshal(op, m)
	if err != nil {
		return err
	}
	return s.r.recPut(ctx, op, kindSent, m.Account, m.ID, meta, [][]byte{m.Raw})
}

// DeleteSent implements Sending.
func (s sendingStore) DeleteSent(ctx context.Context, account, id string) error {
	return s.r.recDelete(ctx, "delete sent", kindSent, account, id)
}

// Identities implements Sending.
func (s sendingStore) Identities(ctx context.Context, account string) ([]Identity, error) {
	const op = "identities"
	meta, _, ok, err := s.r.recGet(ctx, op, kindIdentities, account, "", false)
	if err != nil || !ok {
		return nil, err
	}
	var ids []Identity
	if err := json.Unmarshal([]byte(meta), &ids); err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	return ids, nil
}

// PutIdentities implements Sending.
func (s sendingStore) PutIdentities(ctx context.Context, account string, ids []Identity) error {
	const op = "put identities"
	if err := checkID(op, account, "-"); err != nil {
		return err
	}
	if len(ids) == 0 {
		return s.r.recDelete(ctx, op, kindIdentities, account, "")
	}
	ids = slices.Clone(ids)
	for i := range ids {
		if ids[i].Addresses == nil {
			ids[i].Addresses = []string{} // "addresses" is always a list
		}
	}
	meta, err := marshal(op, ids)
	if err != nil {
		return err
	}
	return s.r.recPut(ctx, op, kindIdentities, account, "", meta, nil)
}
