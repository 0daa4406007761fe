package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
)

// batchRecords writes and reads many records of one kind in one
// transaction each: a full copy keeps a window of messages with one
// strict write, one read-back and one mark, instead of three per
// message (each strict write waits for the disk). Mem and IDB implement
// it.
type batchRecords interface {
	// recPutMany stores metas[i] (and blobs[i], unless blobs is nil) as
	// record ids[i], all or none. Without blobs the write may skip the
	// flush to disk (IDB: relaxed durability): it is for marks whose
	// loss is safe.
	recPutMany(ctx context.Context, op string, k kind, account string, ids, metas []string, blobs [][][]byte) error
	// recBlobsMany returns the blobs of each of ids (nil for a missing
	// record).
	recBlobsMany(ctx context.Context, op string, k kind, account string, ids []string) ([][][]byte, error)
}

// PutKeptMany implements Keeping: PutKept for many messages, with one
// write, one read-back and one verified mark for all of them.
func (s keepStore) PutKeptMany(ctx context.Context, account string, ks []Kept, raws [][]byte) ([]Kept, error) {
	const op = "keep messages"
	if len(ks) != len(raws) {
		return nil, &Error{Op: op, Err: fmt.Errorf("%d records for %d messages", len(ks), len(raws))}
	}
	br, ok := s.r.(batchRecords)
	if !ok {
		out := make([]Kept, len(ks))
		for i := range ks {
			k, err := s.PutKept(ctx, account, ks[i], raws[i])
			if err != nil && !isNotVerified(err) {
				return out[:i], err
			}
			out[i] = k
		}
		return out, nil
	}
	out := make([]Kept, len(ks))
	ids := make([]string, len(ks))
	metas := make([]string, len(ks))
	blobs := make([][][]byte, len(ks))
	for i, k := range ks {
		if err := checkID(op, account, k.UID); err != nil {
			return nil, err
		}
		k.Size, k.Verified = int64(len(raws[i])), false
		meta, err := marshal(op, k)
		if err != nil {
			return nil, err
		}
		out[i], ids[i], metas[i], blobs[i] = k, k.UID, meta, [][]byte{raws[i]}
	}
	if err := br.recPutMany(ctx, op, kindKept, account, ids, metas, blobs); err != nil {
		return nil, err
	}
	back, err := br.recBlobsMany(ctx, op, kindKept, account, ids)
	if err != nil {
		return nil, err
	}
	var vids, vmetas []string
	for i := range out {
		if len(back[i]) != 1 || !bytes.Equal(back[i][0], raws[i]) || out[i].Size != out[i].ListSize {
			continue
		}
		out[i].Verified = true
		meta, err := marshal(op, out[i])
		if err != nil {
			return nil, err
		}
		vids, vmetas = append(vids, ids[i]), append(vmetas, meta)
	}
	if len(vids) > 0 {
		if err := br.recPutMany(ctx, op, kindKept, account, vids, vmetas, nil); err != nil {
			for i := range out {
				out[i].Verified = false
			}
			return out, err
		}
	}
	return out, nil
}

func isNotVerified(err error) bool { return err != nil && errors.Is(err, ErrNotVerified) }
