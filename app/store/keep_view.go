package store

import (
	"context"
	"encoding/json"
	"sort"
)

// Two more of an account's records on the device, beside its
// KeepSettings and in the same store (kindKeepConf), each under its own
// id so that a write of one never overwrites a change to another made
// elsewhere (the accounts panel holds a copy of the KeepSettings while
// the inbox changes its order):
//   - the hidden UIDLs: messages the person deleted here while
//     KeepSettings.DeleteHereOnly was set, which stay on the server and
//     must not come back into the list at the next sync;
//   - the inbox's view settings (order, conversations).

const (
	hiddenID = "hidden"
	viewID   = "view"
)

// Sort orders of the inbox (ViewSettings.Sort).
const (
	SortDate   = ""       // newest first (the default)
	SortSender = "sender" // by sender's name or address, A to Z
	SortSize   = "size"   // largest first
)

// ViewSettings is how an account's inbox lists its messages.
type ViewSettings struct {
	Sort string `json:"o,omitempty"`
	// Conversations groups messages by References/In-Reply-To (and a
	// reply's subject) into conversations.
	Conversations bool `json:"t,omitempty"`
}

// Hidden implements Keeping.
func (s keepStore) Hidden(ctx context.Context, account string) ([]string, error) {
	const op = "hidden messages"
	meta, _, ok, err := s.r.recGet(ctx, op, kindKeepConf, account, hiddenID, false)
	if err != nil || !ok {
		return nil, err
	}
	var uids []string
	if err := json.Unmarshal([]byte(meta), &uids); err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	return uids, nil
}

// SetHidden implements Keeping.
func (s keepStore) SetHidden(ctx context.Context, account string, uids []string, hidden bool) error {
	const op = "hide messages"
	if err := checkID(op, account, hiddenID); err != nil {
		return err
	}
	if len(uids) == 0 {
		return nil
	}
	_, _, err := s.r.recUpdate(ctx, op, kindKeepConf, account, hiddenID, false, func(meta string, ok bool) (string, error) {
		var set []string
		if ok {
			if err := json.Unmarshal([]byte(meta), &set); err != nil {
				return "", err
			}
		}
		// sort.SearchStrings, not slices: a generic instantiation costs
		// the wasm module kilobytes, and the app links sort already.
		for _, u := range uids {
			i := sort.SearchStrings(set, u)
			found := i < len(set) && set[i] == u
			switch {
			case hidden && !found:
				set = append(set, "")
				copy(set[i+1:], set[i:])
				set[i] = u
			case !hidden && found:
				set = append(set[:i], set[i+1:]...)
			}
		}
		b, err := json.Marshal(set)
		return string(b), err
	})
	return err
}

// ViewSettings implements Keeping.
func (s keepStore) ViewSettings(ctx context.Context, account string) (ViewSettings, error) {
	const op = "view settings"
	var v ViewSettings
	meta, _, ok, err := s.r.recGet(ctx, op, kindKeepConf, account, viewID, false)
	if err != nil || !ok {
		return v, err
	}
	if err := json.Unmarshal([]byte(meta), &v); err != nil {
		return v, &Error{Op: op, Err: err}
	}
	return v, nil
}

// PutViewSettings implements Keeping.
func (s keepStore) PutViewSettings(ctx context.Context, account string, v ViewSettings) error {
	const op = "put view settings"
	if err := checkID(op, account, viewID); err != nil {
		return err
	}
	meta, err := marshal(op, v)
	if err != nil {
		return err
	}
	return s.r.recPut(ctx, op, kindKeepConf, account, viewID, meta, nil)
}

// keptUsage counts account's kept copies ("" for every account) into u:
// the storage figure is what Poppy holds on the device, and full copies
// are most of it once they are on.
func (s keepStore) keptUsage(ctx context.Context, account string, u *Usage) error {
	metas, err := s.r.recList(ctx, "usage of kept messages", kindKept, account)
	if err != nil {
		return err
	}
	for _, m := range metas {
		var k struct {
			Size int64 `json:"z"`
		}
		if json.Unmarshal([]byte(m), &k) == nil {
			u.Kept++
			u.KeptBytes += k.Size
		}
	}
	return nil
}
