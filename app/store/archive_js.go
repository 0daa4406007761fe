//go:build js && wasm

package store

import (
	"context"
	"encoding/json"
	"syscall/js"
)

// storeArchive holds, under [account], {s: the ArchiveSettings as JSON,
// h: the folder's FileSystemDirectoryHandle}: the handle is stored by
// structured clone, so it survives a reload and keeps the permission the
// browser granted for it, as far as the browser keeps it.
const storeArchive = "archive"

// PutArchive saves account's folder archive settings and its folder's
// handle (undefined for none).
func (d *IDB) PutArchive(ctx context.Context, account string, s ArchiveSettings, handle js.Value) error {
	const op = "put archive"
	if err := checkID(op, account, settingsID); err != nil {
		return err
	}
	meta, err := marshal(op, s)
	if err != nil {
		return err
	}
	return d.do(ctx, op, "readwrite", []string{storeArchive}, func(t *txn) {
		v := js.Global().Get("Object").New()
		v.Set("s", meta)
		v.Set("h", handle)
		t.store(storeArchive).Call("put", v, js.ValueOf([]any{account}))
	})
}

// Archive returns account's folder archive settings and handle; ok is
// false (and the settings zero) when none were saved.
func (d *IDB) Archive(ctx context.Context, account string) (s ArchiveSettings, handle js.Value, ok bool, err error) {
	const op = "archive"
	handle = js.Undefined()
	var meta string
	err = d.do(ctx, op, "readonly", []string{storeArchive}, func(t *txn) {
		t.then(t.store(storeArchive).Call("get", js.ValueOf([]any{account})), func(r js.Value) {
			if r.Type() != js.TypeObject {
				return
			}
			ok = true
			meta, handle = r.Get("s").String(), r.Get("h")
		})
	})
	if err != nil || !ok {
		return s, js.Undefined(), false, err
	}
	if err := json.Unmarshal([]byte(meta), &s); err != nil {
		return s, js.Undefined(), false, &Error{Op: op, Err: err}
	}
	return s, handle, true, nil
}
