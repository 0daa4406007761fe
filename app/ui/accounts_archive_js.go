//go:build js && wasm

package ui

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"sync"
	"syscall/js"
	"time"

	"github.com/poppymail/poppy/app/archive/maildir"
	"github.com/poppymail/poppy/app/archive/maildir/webfs"
	"github.com/poppymail/poppy/app/store"
)

// archiver writes one account's kept messages to its folder archive. It
// drains: each run writes every kept message not yet marked Archived,
// so messages kept while the folder was unreachable (no permission, a
// full disk, the tab closed) are written by a later run. A run starts
// when the account opens, when the full copy keeps messages (archiveKick
// from the keeper), and on the panel's buttons.
type archiver struct {
	db   *store.IDB
	key  string
	kick chan struct{} // buffered: a run is due
	done chan struct{} // closed when another account opens

	mu       sync.Mutex
	st       archiveState
	handle   js.Value
	gen      int // bumped when the folder changes: a run for the old one stops
	pokes    int // runs asked for: a run knows whether one came since it started
	listener func()
	painted  time.Time
}

// The open account's archiver: one mailbox is open at a time.
var (
	archiversMu sync.Mutex
	curArchiver *archiver
)

// archiverFor returns the archiver of key, starting it (and stopping
// another account's) if needed; nil if db cannot keep a folder's handle.
func archiverFor(db store.DB, key string) *archiver {
	if w, ok := db.(interface{ Unwrap() store.DB }); ok {
		db = w.Unwrap() // the search index's wrapper (search.go)
	}
	idb, ok := db.(*store.IDB)
	if !ok || key == "" {
		return nil
	}
	archiversMu.Lock()
	defer archiversMu.Unlock()
	if a := curArchiver; a != nil && a.key == key && a.db == idb {
		return a
	}
	if curArchiver != nil {
		close(curArchiver.done)
	}
	a := &archiver{db: idb, key: key, kick: make(chan struct{}, 1), done: make(chan struct{}), handle: js.Undefined()}
	curArchiver = a
	go a.loop()
	a.poke()
	return a
}

// startArchive is called when a mailbox opens: it writes what the
// account kept while the folder was out of reach.
func startArchive(db store.DB, key string) { archiverFor(db, key) }

// archiveKick starts a run of the open account's archive, if it has one:
// the full copy calls it as it keeps messages.
func archiveKick() {
	archiversMu.Lock()
	a := curArchiver
	archiversMu.Unlock()
	if a != nil {
		a.poke()
	}
}

func (a *archiver) poke() {
	a.mu.Lock()
	a.pokes++
	a.mu.Unlock()
	a.set(false, func(st *archiveState) { st.Due = true })
	select {
	case a.kick <- struct{}{}:
	default: // a run is due already, and will see every message
	}
}

func (a *archiver) loop() {
	for {
		select {
		case <-a.done:
			return
		case <-a.kick:
			a.run()
		}
	}
}

// set changes the state under mu and tells the panel (at most ten times
// a second while a run writes, always otherwise).
func (a *archiver) set(throttle bool, f func(*archiveState)) {
	a.mu.Lock()
	f(&a.st)
	l := a.listener
	due := !throttle || time.Since(a.painted) >= 100*time.Millisecond
	if due {
		a.painted = time.Now()
	}
	a.mu.Unlock()
	if l != nil && due {
		l()
	}
}

// run writes the kept messages not yet in the folder.
func (a *archiver) run() {
	ctx := context.Background()
	// This run sees every message kept before now. Due stays set until
	// the run has its listing (Running then says what is left), and
	// again if a poke came meanwhile: its run is queued.
	a.mu.Lock()
	loaded, seen := a.st.Loaded, a.pokes
	a.mu.Unlock()
	settle := func(st *archiveState) { st.Due = a.pokes != seen } // set holds mu
	if !loaded {
		s, h, _, err := a.db.Archive(ctx, a.key)
		a.set(false, func(st *archiveState) {
			st.Loaded, st.Settings = true, s
			if err != nil {
				st.Problem, st.Detail = archiveFailed, err.Error()
			}
		})
		a.mu.Lock()
		a.handle = h
		a.mu.Unlock()
		if err != nil {
			return
		}
	}
	a.mu.Lock()
	on, h, gen := a.st.Settings.On, a.handle, a.gen
	a.mu.Unlock()
	if !on || h.IsUndefined() || h.IsNull() {
		a.set(false, settle)
		return
	}
	if p, err := webfs.Permission(h, false); err != nil || p != webfs.Granted {
		a.fail(archivePermission, err)
		return
	}
	list, err := a.db.KeptList(ctx, a.key)
	if err != nil {
		a.fail(archiveFailed, err)
		return
	}
	var todo []store.Kept
	for _, k := range list {
		if !k.Archived {
			todo = append(todo, k)
		}
	}
	a.set(false, func(st *archiveState) {
		st.Running, st.Written, st.Left, st.Problem, st.Detail = len(todo) > 0, 0, len(todo), archiveOK, ""
		settle(st)
	})
	fsys := webfs.New(h)
	for _, k := range todo {
		select {
		case <-a.done:
			return
		default:
		}
		raw, ok, err := a.db.KeptBody(ctx, a.key, k.UID)
		if err != nil {
			a.fail(archiveFailed, err)
			return
		}
		if !ok {
			continue // dropped since the listing
		}
		if _, err := maildir.Deliver(ctx, fsys, bytes.NewReader(raw), &maildir.DeliverOptions{Host: "poppy"}); err != nil {
			a.fail(archiveProblem(err), err)
			return
		}
		a.mu.Lock()
		stale := a.gen != gen
		a.mu.Unlock()
		if stale {
			return // another folder was picked: its run writes everything
		}
		if err := a.db.UpdateKept(ctx, a.key, k.UID, func(p *store.Kept) { p.Archived = true }); err != nil && !errors.Is(err, store.ErrNotFound) {
			a.fail(archiveFailed, err)
			return
		}
		a.set(true, func(st *archiveState) { st.Written++; st.Left-- })
	}
	a.set(false, func(st *archiveState) {
		st.Running, st.Left = false, 0
		settle(st)
	})
}

// archiveProblem tells a full disk and a lost permission from the rest.
func archiveProblem(err error) string {
	switch {
	case errors.Is(err, webfs.ErrQuota), store.IsQuota(err):
		return archiveFull
	case errors.Is(err, fs.ErrPermission):
		return archivePermission
	}
	return archiveFailed
}

func (a *archiver) fail(problem string, err error) {
	a.set(false, func(st *archiveState) {
		st.Running, st.Problem, st.Detail = false, problem, ""
		if err != nil {
			st.Detail = err.Error()
		}
	})
}

// archiveStatus is a snapshot of key's archive for the panel.
func archiveStatus(db store.DB, key string) archiveState {
	a := archiverFor(db, key)
	if a == nil {
		return archiveState{}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	st := a.st
	st.Supported = webfs.Supported() // a page may gain it (a test's stand-in)
	return st
}

// archiveListen sets (nil: clears) what repaints the panel on a change.
func archiveListen(db store.DB, key string, f func()) {
	if a := archiverFor(db, key); a != nil {
		a.mu.Lock()
		a.listener = f
		a.mu.Unlock()
	}
}

// archiveSet turns key's archive on (asking for a folder: it must run
// right after the click, while the browser lets a page open a picker)
// or off. Turning it on with a new folder marks every kept message not
// archived, since the new folder has none of them.
func archiveSet(db store.DB, key string, on bool) {
	a := archiverFor(db, key)
	if a == nil {
		return
	}
	go func() {
		ctx := context.Background()
		if !on {
			a.mu.Lock()
			s := a.st.Settings
			a.gen++
			a.mu.Unlock()
			s.On = false
			if err := a.db.PutArchive(ctx, a.key, s, js.Undefined()); err != nil {
				a.fail(archiveFailed, err)
				return
			}
			a.mu.Lock()
			a.handle = js.Undefined()
			a.mu.Unlock()
			a.set(false, func(st *archiveState) { st.Settings, st.Running, st.Problem, st.Detail = s, false, archiveOK, "" })
			return
		}
		h, err := webfs.Pick("poppy-archive")
		switch {
		case errors.Is(err, webfs.ErrCancelled):
			return
		case err != nil:
			a.fail(archiveProblem(err), err)
			return
		}
		s := store.ArchiveSettings{On: true, Folder: h.Get("name").String()}
		a.mu.Lock()
		a.gen++
		a.mu.Unlock()
		if err := a.unmarkAll(ctx); err != nil {
			a.fail(archiveFailed, err)
			return
		}
		if err := a.db.PutArchive(ctx, a.key, s, h); err != nil {
			a.fail(archiveFailed, err)
			return
		}
		a.mu.Lock()
		a.handle = h
		a.mu.Unlock()
		// Due in the same change: the status must not say the new folder
		// holds everything before a run has looked.
		a.set(false, func(st *archiveState) {
			st.Loaded, st.Settings, st.Problem, st.Detail, st.Due = true, s, archiveOK, "", true
		})
		a.poke()
	}()
}

// unmarkAll clears Archived on every kept message of the account.
func (a *archiver) unmarkAll(ctx context.Context) error {
	list, err := a.db.KeptList(ctx, a.key)
	if err != nil {
		return err
	}
	for _, k := range list {
		if !k.Archived {
			continue
		}
		err := a.db.UpdateKept(ctx, a.key, k.UID, func(p *store.Kept) { p.Archived = false })
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

// archiveRegrant asks the browser for the folder's permission again (it
// shows a prompt: right after the click) and, once granted, resumes.
func archiveRegrant(db store.DB, key string) {
	a := archiverFor(db, key)
	if a == nil {
		return
	}
	a.mu.Lock()
	h := a.handle
	a.mu.Unlock()
	go func() {
		p, err := webfs.Permission(h, true)
		if err != nil || p != webfs.Granted {
			a.fail(archivePermission, err)
			return
		}
		a.poke()
	}()
}

// archiveRetry runs the archive again (after space was freed).
func archiveRetry(db store.DB, key string) {
	if a := archiverFor(db, key); a != nil {
		a.poke()
	}
}

// downloadSink collects an export in parts handed to the browser a
// megabyte at a time, so the tab's Go memory holds one part, and offers
// the Blob they make as a download (saveBlob).
type downloadSink struct {
	parts js.Value
	buf   []byte
}

func newDownloadSink() *downloadSink {
	return &downloadSink{parts: js.Global().Get("Array").New()}
}

func (d *downloadSink) Write(p []byte) (int, error) {
	d.buf = append(d.buf, p...)
	if len(d.buf) >= 1<<20 {
		d.flush()
	}
	return len(p), nil
}

func (d *downloadSink) flush() {
	if len(d.buf) == 0 {
		return
	}
	u := js.Global().Get("Uint8Array").New(len(d.buf))
	js.CopyBytesToJS(u, d.buf)
	d.parts.Call("push", u)
	d.buf = d.buf[:0]
}

// Save offers what was written as the file name.
func (d *downloadSink) Save(name string) error {
	d.flush()
	saveBlob(name, d.parts)
	return nil
}
