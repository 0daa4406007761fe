//go:build js && wasm

package store

import "syscall/js"

// The object stores. Every store of mail is keyed by [account, ...]
// (out-of-line keys), so one account's records are one key range (see
// accountRange) and removing an account is one delete per store. All but
// headers, marks and listings are keyed by [account, UIDL].
const (
	storeAccounts = "accounts" // Key → encodeAccount string
	storeBodies   = "bodies"   // [account, uid] → Uint8Array
	storeDeletes  = "deletes"  // [account, uid] → sequence number, for order
	// [account, bucket number] → the bucket's encodeHeader strings, sorted
	// by UID and joined by "\n"; never "" (see bucketCount). A row is
	// still found by its UIDL, through bucketOf.
	storeHeaders = "headers"
	// [account, bucket number] → the markRow of each UID of the bucket
	// that is read, sorted by UID and joined by "\n"; never "". A mark is
	// in the bucket of the same number as its UID's row.
	storeMarks = "marks"
	// [account] → encodeListing string. The key [account] lies within
	// accountRange(account), so removing an account's range removes it.
	storeListings = "listings"
	// Since version 2: [account, uid] → {s: size in bytes, u: last read
	// (IDB.next)}, indexed by u.
	storeBodyMeta = "bodymeta"
	indexUsed     = "used"
)

var (
	// uidStores hold records by [account, uid]: what Forget deletes by
	// key (it rewrites the buckets of headers and marks apart).
	uidStores = []string{storeBodies, storeBodyMeta, storeDeletes}
	// mailStores hold an account's mail, and the search index built
	// from it (storeSearch): what Clear and RemoveAccount empty.
	mailStores = append(uidStores[:len(uidStores):len(uidStores)], storeHeaders, storeMarks, storeListings, storeSearch)
	// sendingStores, since version 3, hold what exists only on this
	// device (see Sending and records): RemoveAccount empties them, Clear
	// does not.
	sendingStores = func() []string {
		var ss []string
		for _, k := range sendingKinds {
			ss = append(ss, k.stores()...)
		}
		// Since version 5, the folder archive's settings (archive_js.go).
		return append(ss, storeArchive)
	}()
	deviceOnly = func() map[string]bool {
		m := make(map[string]bool)
		for _, s := range sendingStores {
			m[s] = true
		}
		return m
	}()
)

// schema holds the upgrade steps: schema[i] upgrades a database at version
// i to version i+1, so the current version is len(schema). They run in
// onupgradeneeded, within its versionchange transaction tx, from the
// version found on the device: a device that skipped releases runs every
// step it missed, in order, and keeps its data.
//
// Never change a step once released; append one. A step may not wait for
// Go code on another goroutine (the transaction would commit under it):
// what it reads, it reads with callbacks that issue the next request.
var schema = []func(db, tx js.Value){
	// 1: the stores (headers and marks in buckets from the first release
	// on).
	func(db, tx js.Value) {
		for _, s := range []string{storeAccounts, storeHeaders, storeBodies, storeMarks, storeDeletes, storeListings} {
			db.Call("createObjectStore", s)
		}
	},
	// 2: body sizes and read times apart from the bodies, so that eviction
	// reads a few bytes per body instead of every body. Back-filled from
	// the bodies kept by version 1, as read before anything since.
	func(db, tx js.Value) {
		meta := db.Call("createObjectStore", storeBodyMeta)
		meta.Call("createIndex", indexUsed, "u")
		req := tx.Call("objectStore", storeBodies).Call("openCursor")
		var (
			fill js.Func
			n    int
		)
		fill = js.FuncOf(func(js.Value, []js.Value) any {
			err := catch(func() {
				cur := req.Get("result")
				if cur.IsNull() {
					fill.Release()
					return
				}
				n++
				meta.Call("put", bodyMeta(cur.Get("value").Get("byteLength").Int(), float64(n)), cur.Get("primaryKey"))
				cur.Call("continue")
			})
			if err != nil {
				// Aborting fails the open; the next open retries the step.
				_ = catch(func() { tx.Call("abort") })
				fill.Release()
			}
			return nil
		})
		req.Set("onsuccess", fill)
		req.Set("onerror", fill) // reading result throws: abort, release
	},
	// 3: sending mail (issue 11): drafts, the outbox, sent messages,
	// identities and the address book, each a store of JSON strings by
	// [account, id], and for drafts, the outbox and sent messages a store
	// of their bytes under the same keys (see records). Version 2's
	// stores and their records are left as they are: nothing to migrate
	// but the version. The store names are literal, not the kinds', so
	// that this step stays what it was released as.
	func(db, tx js.Value) {
		for _, s := range []string{"drafts", "draftdata", "outbox", "outboxraw", "sent", "sentraw", "identities", "contacts"} {
			db.Call("createObjectStore", s)
		}
	},
	// 4: keeping mail on the device (issue 13): full copies, the keep
	// settings and the activity log of removals (see Keeping). Literal
	// names, as in step 3.
	func(db, tx js.Value) {
		for _, s := range []string{"kept", "keptraw", "keeplog", "keepconf"} {
			db.Call("createObjectStore", s)
		}
	},
	// 5: searching and archiving what is kept (issue 13): the body-search
	// index in chunks ([account, chunk id] → bytes) and each account's
	// folder archive ([account] → its settings and directory handle,
	// which IndexedDB can hold and localStorage cannot). Literal names,
	// as in step 3.
	func(db, tx js.Value) {
		for _, s := range []string{"searchidx", "archive"} {
			db.Call("createObjectStore", s)
		}
	},
}

// bodyMeta is the bodymeta record of a body of size bytes, read at used.
func bodyMeta(size int, used float64) js.Value {
	return js.ValueOf(map[string]any{"s": size, "u": used})
}
