package mailindex

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/poppymail/poppy/app/search"
)

// flushEvery bounds the messages indexed between two write-backs while
// an account's index is rebuilt, so that a closed tab loses little.
const flushEvery = 256

// Indexing runs for paceEvery, then pauses (pace): for pauseFor, so
// that it takes at most two thirds of the one thread a page has; or,
// while a full copy is writing (a copy kept within copyQuiet), for
// three times paceEvery, so that the copy keeps most of the thread and
// the index follows it at a quarter.
const (
	paceEvery = 8 * time.Millisecond
	pauseFor  = 4 * time.Millisecond
	copyQuiet = time.Second
)

// pace pauses the Store's goroutine once it has worked for paceEvery.
// In the browser, Go's goroutines share one thread and the page's
// events (keys, the WebSocket bytes of a full copy) are handled only
// when every goroutine waits: without the pause, indexing a window of
// messages (about 5 ms each in Chromium) would hold the search box and
// the copy for as long as it takes.
func (s *Store) pace() {
	if time.Since(s.lastYield) < paceEvery {
		return
	}
	pause := pauseFor
	if time.Since(time.Unix(0, s.lastKept.Load())) < copyQuiet {
		pause = 3 * paceEvery
	}
	time.Sleep(pause)
	s.lastYield = time.Now()
}

// run applies the queued jobs, one at a time, in order.
func (s *Store) run() {
	for {
		j := s.next()
		s.do(j)
		if j.done != nil {
			close(j.done)
		}
	}
}

func (s *Store) do(j job) {
	ctx := context.Background()
	switch {
	case j.clear || j.drop:
		s.mu.Lock()
		gone := maps.Clone(s.indexes)
		if j.drop {
			gone = map[string]*account{j.account: s.indexes[j.account]}
		}
		for acct, a := range gone {
			delete(s.indexes, acct)
			// One that was still to load answers, empty, whoever waits
			// for it; the next search opens the account anew.
			if a != nil && !isReady(a) {
				close(a.ready)
			}
		}
		s.mu.Unlock()
		for _, acct := range slices.Sorted(maps.Keys(gone)) {
			s.changed(acct)
		}
		return
	case j.account == "":
		s.flushAll(ctx) // a barrier (Sync): what waits sees the index stored
		return
	}
	a := s.load(ctx, j.account)
	for _, e := range j.add {
		if !e.kept {
			s.setPending(search.Key{Account: j.account, UIDL: e.uid}, -1)
		}
		raw := e.raw
		s.release(e)
		if e.kept && raw == nil {
			var ok bool
			var err error
			if raw, ok, err = s.KeptBody(ctx, j.account, e.uid); err != nil || !ok {
				if err != nil {
					s.fail(j.account, err)
				}
				continue // deleted since, or unreadable: the next load sees
			}
		}
		if e.kept {
			a.kept[e.uid] = true
		}
		s.pace()
		if err := a.ix.Add(Doc(j.account, e.uid, raw, s.opts.Render)); err != nil {
			s.fail(j.account, err)
		}
	}
	for _, uid := range j.forget {
		if !a.kept[uid] {
			a.ix.Remove(search.Key{Account: j.account, UIDL: uid})
		}
	}
	if len(j.unkept) > 0 || j.evicts {
		for _, uid := range j.unkept {
			delete(a.kept, uid)
		}
		s.dropGone(ctx, j.account, a)
	}
	// While jobs keep coming (a full copy), the index is written back
	// every flushGap rather than after each: each write marshals the
	// last segment whole. The searches see each change at once.
	switch {
	case s.idle():
		s.changed(j.account)
		s.flushAll(ctx)
	case time.Since(a.flushed) >= flushGap:
		s.flush(ctx, j.account, a)
	default:
		s.changed(j.account)
	}
}

// flushAll writes back every loaded index that changed.
func (s *Store) flushAll(ctx context.Context) {
	s.mu.Lock()
	open := maps.Clone(s.indexes)
	s.mu.Unlock()
	for _, acct := range slices.Sorted(maps.Keys(open)) {
		if a := open[acct]; isReady(a) && len(a.ix.Dirty()) > 0 {
			s.flush(ctx, acct, a)
		}
	}
}

// flushGap is how long changes may wait in memory before they are
// written back while jobs keep coming. A closed tab loses at most that
// much of the index; the next load indexes the copies it lacks again.
const flushGap = 2 * time.Second

// idle reports whether no job waits.
func (s *Store) idle() bool {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	return len(s.q) == 0
}

// load returns account's index, reading it from the device and checking
// it against what the device holds the first time.
func (s *Store) load(ctx context.Context, acct string) *account {
	a, _ := s.entry(acct)
	if !isReady(a) {
		s.rebuild(ctx, acct, a)
	}
	return a
}

// isReady reports whether a's index is loaded; only the Store's
// goroutine closes ready, so what it sees stays true.
func isReady(a *account) bool {
	select {
	case <-a.ready:
		return true
	default:
		return false
	}
}

// rebuild reads account's stored index into a, drops what the device no
// longer holds, then indexes what it holds that the index lacks. The
// index answers searches from the end of the first step on.
func (s *Store) rebuild(ctx context.Context, acct string, a *account) {
	if s.si != nil {
		chunks, err := s.si.SearchChunks(ctx, acct)
		if err != nil {
			s.fail(acct, err)
		}
		bad := map[int][]byte{}
		for n, b := range chunks {
			if err := a.ix.Segment(n).UnmarshalBinary(b); err != nil {
				bad[n] = nil // damaged: its messages are indexed again below
			}
		}
		if len(bad) > 0 {
			if err := s.si.PutSearchChunks(ctx, acct, bad); err != nil {
				s.fail(acct, err)
			}
		}
	}
	kept, err := s.KeptList(ctx, acct)
	if err != nil {
		s.fail(acct, err)
	}
	for _, k := range kept {
		a.kept[k.UID] = true
	}
	bodies := s.dropGone(ctx, acct, a)
	a.ix.Warm()
	close(a.ready)
	s.changed(acct)

	have := map[string]bool{}
	for _, k := range a.ix.Keys() {
		have[k.UIDL] = true
	}
	n := 0
	index := func(uid string, raw []byte, ok bool, err error) {
		if err != nil {
			s.fail(acct, err)
		}
		if !ok {
			return
		}
		s.pace()
		_ = a.ix.Add(Doc(acct, uid, raw, s.opts.Render))
		have[uid] = true
		if n++; n%flushEvery == 0 {
			s.flush(ctx, acct, a)
		}
	}
	for _, k := range kept {
		if !have[k.UID] {
			raw, ok, err := s.KeptBody(ctx, acct, k.UID)
			index(k.UID, raw, ok, err)
		}
	}
	for uid := range bodies {
		if !have[uid] && !s.isPending(search.Key{Account: acct, UIDL: uid}) {
			// Reading counts as a read for eviction: a body cached
			// before the index existed is read once, here.
			raw, ok, err := s.Body(ctx, acct, uid)
			index(uid, raw, ok, err)
		}
	}
	s.flush(ctx, acct, a)
}

// dropGone removes from a's index the messages that have neither a kept
// copy nor a cached body, and returns the cached bodies' UIDs (nil
// without a store.SearchIndex, which alone can list them: then only
// what Forget and DeleteKept name leaves the index).
func (s *Store) dropGone(ctx context.Context, acct string, a *account) map[string]bool {
	if s.si == nil {
		return nil
	}
	uids, err := s.si.BodyUIDs(ctx, acct)
	if err != nil {
		s.fail(acct, err)
		return nil
	}
	bodies := make(map[string]bool, len(uids))
	for _, u := range uids {
		bodies[u] = true
	}
	for _, k := range a.ix.Keys() {
		if !bodies[k.UIDL] && !a.kept[k.UIDL] {
			a.ix.Remove(k)
		}
	}
	return bodies
}

// flush writes the segments of a's index that changed back to the
// store, and tells OnChange.
func (s *Store) flush(ctx context.Context, acct string, a *account) {
	a.flushed = time.Now()
	dirty := a.ix.Dirty()
	if len(dirty) == 0 {
		return
	}
	if s.si != nil {
		chunks := make(map[int][]byte, len(dirty))
		for _, n := range dirty {
			b, err := a.ix.Segment(n).MarshalBinary()
			if err != nil {
				s.fail(acct, err)
				continue
			}
			chunks[n] = b
		}
		if err := s.si.PutSearchChunks(ctx, acct, chunks); err != nil {
			s.fail(acct, err)
		}
	} else {
		for _, n := range dirty {
			_, _ = a.ix.Segment(n).MarshalBinary() // marks it clean
		}
	}
	s.changed(acct)
}

func (s *Store) changed(acct string) {
	if s.opts.OnChange != nil {
		s.opts.OnChange(acct)
	}
}

func (s *Store) fail(acct string, err error) {
	if s.opts.OnError != nil {
		s.opts.OnError(acct, err)
	}
}
