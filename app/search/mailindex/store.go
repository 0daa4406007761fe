package mailindex

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/poppymail/poppy/app/render"
	"github.com/poppymail/poppy/app/search"
	"github.com/poppymail/poppy/app/store"
)

// Options configure a Store. A nil *Options, and every zero field,
// means the default noted beside it.
type Options struct {
	// Render parses messages; nil means render's defaults (its built-in
	// charsets only).
	Render *render.Options
	// OnChange, if set, is called, on the Store's goroutine, after
	// account's index changed and was written back.
	OnChange func(account string)
	// OnError, if set, is told of a failure of the device store while
	// indexing; the index then lags until the account opens again.
	OnError func(account string, err error)
}

// Store is a store.DB that keeps the search index of what goes through
// it. Every method of the wrapped DB is available; those that add or
// remove bodies and copies also queue the index's update. Its methods
// are safe for concurrent use.
type Store struct {
	store.DB
	opts Options
	si   store.SearchIndex // nil: the index lives in memory only

	// The queue of jobs: a list, not a bounded channel, so that a full
	// copy never waits for the index. A kept copy's bytes wait in it up
	// to maxQueued bytes in all; past that a copy is queued by its UID
	// alone and read back from the store when its turn comes (reading
	// it during the copy would hold up the copy's own writes).
	qmu    sync.Mutex
	q      []job
	qbytes int64         // bytes of kept copies held by q
	wake   chan struct{} // has a value when q may be non-empty

	lastYield time.Time    // Store's goroutine only (pace)
	lastKept  atomic.Int64 // when a copy was last kept, Unix ns (pace)

	mu      sync.Mutex
	indexes map[string]*account // opened accounts
	// pending counts the bodies put and not yet indexed, by account and
	// UID: a rebuild does not read them (a read counts for eviction),
	// their own job indexes them.
	pending map[search.Key]int
}

// account is one account's index.
type account struct {
	ix   *search.Index
	kept map[string]bool // UIDs with a full copy
	// ready is closed once the index is loaded and checked.
	ready chan struct{}
	// flushed is when the index was last written back (Store's
	// goroutine only).
	flushed time.Time
}

// job is one update of the index, run in order on the Store's goroutine.
type job struct {
	account string
	add     []entry
	// forget: the uids' cached bodies went; they leave the index
	// unless a full copy of theirs is kept.
	forget []string
	// unkept: the uids' copies went; they leave the index unless their
	// body is cached.
	unkept []string
	evicts bool          // a body was put: others may have been evicted
	drop   bool          // account removed: forget its index
	clear  bool          // local data cleared: every index goes
	done   chan struct{} // closed once the job ran, if not nil
}

// entry is a message to index: a body just cached (raw), or a kept copy
// (kept), with its bytes or, if raw is nil, read from the store when
// indexed.
type entry struct {
	uid  string
	raw  []byte
	kept bool
}

// New returns a Store over db, and starts its goroutine; nil opts
// means defaults. If db implements store.SearchIndex, the index is kept
// there too; else it lasts as long as the Store.
func New(db store.DB, opts *Options) *Store {
	s := &Store{DB: db, wake: make(chan struct{}, 1), indexes: map[string]*account{}, pending: map[search.Key]int{}}
	if opts != nil {
		s.opts = *opts
	}
	s.si, _ = db.(store.SearchIndex)
	go s.run()
	return s
}

// Unwrap returns the store.DB that s wraps, for code that needs its
// concrete type (an IndexedDB handle for the folder archive): what is
// written there directly is not indexed.
func (s *Store) Unwrap() store.DB { return s.DB }

// Search returns the messages of account that hold every word of q, best
// first, at most limit (<= 0: all). The second result is false while
// the account's index is still being read from the device: it starts
// loading then, and OnChange tells when it is ready.
func (s *Store) Search(acct, q string, limit int) ([]search.Result, bool) {
	a := s.open(acct)
	select {
	case <-a.ready:
		return a.ix.Search(q, limit), true
	default:
		return nil, false
	}
}

// Index returns account's index, waiting until it is loaded; the caller
// must not change it.
func (s *Store) Index(ctx context.Context, acct string) (*search.Index, error) {
	a := s.open(acct)
	select {
	case <-a.ready:
		return a.ix, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Sync waits until every update queued before it has run.
func (s *Store) Sync(ctx context.Context) error {
	done := make(chan struct{})
	s.queue(job{done: done})
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// open returns account's index, queueing its load the first time.
func (s *Store) open(acct string) *account {
	a, created := s.entry(acct)
	if created {
		s.queue(job{account: acct}) // the load: an empty job opens
	}
	return a
}

// entry returns account's index, and whether it was created now, empty
// and not ready.
func (s *Store) entry(acct string) (*account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.indexes[acct]
	if a != nil {
		return a, false
	}
	a = &account{ix: search.New(), kept: map[string]bool{}, ready: make(chan struct{})}
	s.indexes[acct] = a
	return a, true
}

func (s *Store) queue(j job) {
	s.qmu.Lock()
	s.q = append(s.q, j)
	s.qmu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // already awake
	}
}

// maxQueued bounds the bytes of kept copies the queue holds.
const maxQueued = 32 << 20

// keptEntry is the entry of a kept copy: with its bytes while the queue
// has room for them, else by UID alone.
func (s *Store) keptEntry(uid string, raw []byte) entry {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if s.qbytes+int64(len(raw)) > maxQueued {
		return entry{uid: uid, kept: true}
	}
	s.qbytes += int64(len(raw))
	return entry{uid: uid, raw: raw, kept: true}
}

// release gives back the room of a kept copy's bytes, once indexed.
func (s *Store) release(e entry) {
	if e.kept && e.raw != nil {
		s.qmu.Lock()
		s.qbytes -= int64(len(e.raw))
		s.qmu.Unlock()
	}
}

// next waits for the queue's first job and takes it.
func (s *Store) next() job {
	for {
		s.qmu.Lock()
		if len(s.q) > 0 {
			j := s.q[0]
			s.q[0] = job{}
			s.q = s.q[1:]
			s.qmu.Unlock()
			return j
		}
		s.qmu.Unlock()
		<-s.wake
	}
}

func (s *Store) setPending(k search.Key, delta int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending[k] += delta; s.pending[k] <= 0 {
		delete(s.pending, k)
	}
}

func (s *Store) isPending(k search.Key) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending[k] > 0
}

// PutBody implements store.Mail: the body is cached, then indexed.
func (s *Store) PutBody(ctx context.Context, acct, uid string, raw []byte) error {
	k := search.Key{Account: acct, UIDL: uid}
	s.setPending(k, 1)
	if err := s.DB.PutBody(ctx, acct, uid, raw); err != nil {
		s.setPending(k, -1)
		return err
	}
	s.queue(job{account: acct, add: []entry{{uid: uid, raw: raw}}, evicts: true})
	return nil
}

// Forget implements store.Mail.
func (s *Store) Forget(ctx context.Context, acct string, uids []string) error {
	if err := s.DB.Forget(ctx, acct, uids); err != nil {
		return err
	}
	s.queue(job{account: acct, forget: uids})
	return nil
}

// PutKept implements store.Keeping: a copy kept, verified or not, is
// indexed.
func (s *Store) PutKept(ctx context.Context, acct string, k store.Kept, raw []byte) (store.Kept, error) {
	got, err := s.DB.PutKept(ctx, acct, k, raw)
	if got.Size == int64(len(raw)) && (err == nil || errors.Is(err, store.ErrNotVerified)) {
		s.queue(job{account: acct, add: []entry{s.keptEntry(k.UID, raw)}})
	}
	return got, err
}

// PutKeptMany implements store.Keeping.
func (s *Store) PutKeptMany(ctx context.Context, acct string, ks []store.Kept, raws [][]byte) ([]store.Kept, error) {
	got, err := s.DB.PutKeptMany(ctx, acct, ks, raws)
	if err != nil {
		return got, err
	}
	s.lastKept.Store(time.Now().UnixNano())
	add := make([]entry, len(got))
	for i, k := range got {
		add[i] = s.keptEntry(k.UID, raws[i])
	}
	s.queue(job{account: acct, add: add})
	return got, nil
}

// DeleteKept implements store.Keeping.
func (s *Store) DeleteKept(ctx context.Context, acct, uid string) error {
	if err := s.DB.DeleteKept(ctx, acct, uid); err != nil {
		return err
	}
	s.queue(job{account: acct, unkept: []string{uid}})
	return nil
}

// RemoveAccount implements store.DB: the account's index goes with it
// (the store drops its chunks).
func (s *Store) RemoveAccount(ctx context.Context, key string) (store.Usage, error) {
	u, err := s.DB.RemoveAccount(ctx, key)
	if err == nil {
		s.queue(job{account: key, drop: true})
	}
	return u, err
}

// Clear implements store.DB: every index goes (the store drops their
// chunks); an account opened again indexes its kept copies anew.
func (s *Store) Clear(ctx context.Context) (store.Usage, error) {
	u, err := s.DB.Clear(ctx)
	if err == nil {
		s.queue(job{clear: true})
	}
	return u, err
}
