package mailbox

import "context"

// EachMessage calls f with every message of the list (LocalOnly rows
// included), oldest first, one at a time, and returns how many it gave;
// an error from f stops it and is returned. A message comes from its
// kept copy, else the cache, else the server (Fetch): so it may do
// network I/O, and must not run on the UI goroutine. The exports (mbox,
// a zip of .eml files) are written with it, so they hold one message at
// a time.
func (m *Mailbox) EachMessage(ctx context.Context, f func(Summary, []byte) error) (int, error) {
	rows := m.Messages()
	keep, haveKeep := m.keeping()
	n := 0
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		var raw []byte
		var ok bool
		if haveKeep {
			var err error
			if raw, ok, err = keep.KeptBody(ctx, m.key, r.UID); err != nil {
				return n, storeProblem(err)
			}
		}
		if !ok {
			var err error
			if raw, err = m.Fetch(ctx, r.UID, nil); err != nil {
				return n, err
			}
		}
		if err := f(r, raw); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
