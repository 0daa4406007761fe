package store

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"
)

// Mem is a DB in memory: for native tests, and for a browser that offers
// no IndexedDB (then the cache lasts as long as the tab). It is safe for
// concurrent use.
//
// Mem keeps headers and account records encoded, exactly as IDB does, so
// that both count the same bytes and normalise values the same way (see
// encodeHeader).
type Mem struct {
	sendingStore
	keepStore

	mu     sync.Mutex
	opts   Options
	closed bool

	// clock orders body reads for eviction. It is a counter, not the
	// wall clock, so two reads never tie and eviction is deterministic.
	clock uint64
	// seq orders queued deletions, oldest first.
	seq uint64

	accounts map[string]string // Key → encodeAccount
	mail     map[string]*memMail

	headerBytes int64 // all accounts
	bodyBytes   int64 // all accounts

	// recs are Sending's records: meta store name → account → id.
	recs     map[string]map[string]map[string]memRec
	recBytes int64 // all of recs, against the Quota
}

// memMail is one account's mail.
type memMail struct {
	headers     map[string]string // UID → encodeHeader
	headerBytes int64
	read        map[string]bool
	deletes     map[string]uint64 // UID → seq
	bodies      map[string]*memBody
	bodyBytes   int64
	listing     string         // encodeListing, or ""
	search      map[int][]byte // the search index's chunks (SearchIndex)
}

type memBody struct {
	raw  []byte
	used uint64 // Mem.clock when last read or put
}

var _ DB = (*Mem)(nil)

// NewMem returns an empty store; nil opts means defaults.
func NewMem(opts *Options) *Mem {
	m := &Mem{
		opts:     opts.withDefaults(),
		accounts: make(map[string]string),
		mail:     make(map[string]*memMail),
		recs:     make(map[string]map[string]map[string]memRec),
	}
	m.sendingStore = sendingStore{r: m, maxContacts: m.opts.MaxContacts}
	m.keepStore = keepStore{r: m}
	return m
}

// begin locks m for op, and fails if m is closed or ctx is done. On
// success the caller must unlock m.mu.
func (m *Mem) begin(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return &Error{Op: op, Err: err}
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return &Error{Op: op, Err: ErrClosed}
	}
	return nil
}

// account returns the mail of account, creating it when create is set;
// without create it may return nil.
func (m *Mem) account(account string, create bool) *memMail {
	mm := m.mail[account]
	if mm == nil && create {
		mm = &memMail{
			headers: make(map[string]string),
			read:    make(map[string]bool),
			deletes: make(map[string]uint64),
			bodies:  make(map[string]*memBody),
		}
		m.mail[account] = mm
	}
	return mm
}

// Load implements Mail. Headers come sorted by UID.
func (m *Mem) Load(ctx context.Context, account string) (Cache, error) {
	const op = "load"
	if err := m.begin(ctx, op); err != nil {
		return Cache{}, err
	}
	defer m.mu.Unlock()
	c := Cache{Read: make(map[string]bool)}
	mm := m.account(account, false)
	if mm == nil {
		return c, nil
	}
	uids := slices.Sorted(maps.Keys(mm.headers))
	c.Headers = make([]Header, 0, len(uids))
	for _, uid := range uids {
		h, err := decodeHeader(mm.headers[uid])
		if err != nil {
			return Cache{}, &Error{Op: op, Err: err}
		}
		c.Headers = append(c.Headers, h)
	}
	l, err := decodeListing(mm.listing)
	if err != nil {
		return Cache{}, &Error{Op: op, Err: err}
	}
	c.Listing = l
	maps.Copy(c.Read, mm.read)
	c.Deletes = slices.SortedFunc(maps.Keys(mm.deletes), func(a, b string) int {
		return cmp.Compare(mm.deletes[a], mm.deletes[b])
	})
	return c, nil
}

// PutHeaders implements Mail. If two headers of hs share a UID, the later
// one wins.
func (m *Mem) PutHeaders(ctx context.Context, account string, hs []Header) error {
	const op = "put headers"
	// Encode before locking: it is the slow part, and it fails on bad
	// input (no UID, a year JSON cannot hold) before anything changes.
	enc := make(map[string]string, len(hs))
	for _, h := range hs {
		s, err := encodeHeader(h)
		if err != nil {
			return &Error{Op: op, Err: err}
		}
		enc[h.UID] = s
	}
	if err := m.begin(ctx, op); err != nil {
		return err
	}
	defer m.mu.Unlock()
	mm := m.account(account, false)
	var delta int64
	for uid, s := range enc {
		delta += int64(len(s))
		if mm != nil {
			if old, ok := mm.headers[uid]; ok {
				delta -= int64(len(old))
			}
		}
	}
	if !m.fits(delta) {
		return &Error{Op: op, Err: ErrQuota}
	}
	if len(enc) == 0 {
		return nil
	}
	mm = m.account(account, true)
	for uid, s := range enc {
		mm.headers[uid] = s
	}
	mm.headerBytes += delta
	m.headerBytes += delta
	return nil
}

// SetRead implements Mail.
func (m *Mem) SetRead(ctx context.Context, account string, read bool, uids []string) error {
	if err := m.begin(ctx, "set read"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	mm := m.account(account, read)
	if mm == nil {
		return nil
	}
	for _, uid := range uids {
		if read {
			mm.read[uid] = true
		} else {
			delete(mm.read, uid)
		}
	}
	return nil
}

// Forget implements Mail.
func (m *Mem) Forget(ctx context.Context, account string, uids []string) error {
	if err := m.begin(ctx, "forget"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	mm := m.account(account, false)
	if mm == nil {
		return nil
	}
	for _, uid := range uids {
		if s, ok := mm.headers[uid]; ok {
			mm.headerBytes -= int64(len(s))
			m.headerBytes -= int64(len(s))
			delete(mm.headers, uid)
		}
		m.dropBody(mm, uid)
		delete(mm.read, uid)
		delete(mm.deletes, uid)
	}
	return nil
}

func (m *Mem) dropBody(mm *memMail, uid string) {
	if b, ok := mm.bodies[uid]; ok {
		mm.bodyBytes -= int64(len(b.raw))
		m.bodyBytes -= int64(len(b.raw))
		delete(mm.bodies, uid)
	}
}

// Body implements Mail. The returned slice is the caller's.
func (m *Mem) Body(ctx context.Context, account, uid string) ([]byte, bool, error) {
	if err := m.begin(ctx, "body"); err != nil {
		return nil, false, err
	}
	defer m.mu.Unlock()
	mm := m.account(account, false)
	if mm == nil {
		return nil, false, nil
	}
	b, ok := mm.bodies[uid]
	if !ok {
		return nil, false, nil
	}
	m.clock++
	b.used = m.clock
	return slices.Clone(b.raw), true, nil
}

// PutBody implements Mail. A body larger than MaxBodyBytes changes
// nothing (a copy cached earlier stays). With a Quota, bodies are evicted,
// least recently read first, to make room; if even evicting every other
// body would not, PutBody fails with ErrQuota and evicts nothing.
func (m *Mem) PutBody(ctx context.Context, account, uid string, raw []byte) error {
	const op = "put body"
	if err := m.begin(ctx, op); err != nil {
		return err
	}
	defer m.mu.Unlock()
	size := int64(len(raw))
	if size > m.opts.MaxBodyBytes {
		return nil
	}
	limit := m.opts.MaxBodyBytes
	if m.opts.Quota > 0 {
		limit = min(limit, m.opts.Quota-m.headerBytes-m.recBytes)
		if size > limit {
			return &Error{Op: op, Err: ErrQuota}
		}
	}

	// Plan first, then apply: all or nothing.
	type victim struct {
		mm  *memMail
		uid string
		b   *memBody
	}
	total := m.bodyBytes + size
	mm := m.account(account, false)
	if mm != nil {
		if old, ok := mm.bodies[uid]; ok {
			total -= int64(len(old.raw))
		}
	}
	var evict []victim
	if total > limit {
		var all []victim
		for _, om := range m.mail {
			for u, b := range om.bodies {
				if om == mm && u == uid {
					continue
				}
				all = append(all, victim{om, u, b})
			}
		}
		slices.SortFunc(all, func(a, b victim) int { return cmp.Compare(a.b.used, b.b.used) })
		for _, v := range all {
			if total <= limit {
				break
			}
			evict = append(evict, v)
			total -= int64(len(v.b.raw))
		}
	}
	for _, v := range evict {
		m.dropBody(v.mm, v.uid)
	}
	mm = m.account(account, true)
	m.dropBody(mm, uid)
	m.clock++
	mm.bodies[uid] = &memBody{raw: slices.Clone(raw), used: m.clock}
	mm.bodyBytes += size
	m.bodyBytes += size
	return nil
}

// QueueDeletes implements Mail. A uid already queued keeps its place.
func (m *Mem) QueueDeletes(ctx context.Context, account string, uids []string) error {
	if err := m.begin(ctx, "queue deletes"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if len(uids) == 0 {
		return nil
	}
	mm := m.account(account, true)
	for _, uid := range uids {
		if _, ok := mm.deletes[uid]; !ok {
			m.seq++
			mm.deletes[uid] = m.seq
		}
	}
	return nil
}

// Unqueue implements Mail.
func (m *Mem) Unqueue(ctx context.Context, account string, uids []string) error {
	if err := m.begin(ctx, "unqueue"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if mm := m.account(account, false); mm != nil {
		for _, uid := range uids {
			delete(mm.deletes, uid)
		}
	}
	return nil
}

// PutListing implements Mail. The listing is not counted against the
// Quota, as it is not in Usage.
func (m *Mem) PutListing(ctx context.Context, account string, l Listing) error {
	var enc string
	if len(l.UIDs) > 0 {
		enc = encodeListing(l)
	}
	if err := m.begin(ctx, "put listing"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if mm := m.account(account, enc != ""); mm != nil {
		mm.listing = enc
	}
	return nil
}

// Accounts implements DB.
func (m *Mem) Accounts(ctx context.Context) ([]Account, error) {
	const op = "accounts"
	if err := m.begin(ctx, op); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	as := make([]Account, 0, len(m.accounts))
	for _, s := range m.accounts {
		a, err := decodeAccount(s)
		if err != nil {
			return nil, &Error{Op: op, Err: err}
		}
		as = append(as, a)
	}
	sortAccounts(as)
	return as, nil
}

// sortAccounts orders as most recently used first, then by Key, so that
// the order is total and both stores agree. An insertion sort: a person
// has a few accounts, and slices.SortFunc on this struct would link a
// copy of pdqsort of its own into the wasm (about 20 KB of code).
func sortAccounts(as []Account) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && accountBefore(&as[j], &as[j-1]); j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

func accountBefore(a, b *Account) bool {
	if c := b.LastUsed.Compare(a.LastUsed); c != 0 {
		return c < 0
	}
	return a.Key < b.Key
}

// PutAccount implements DB. Account records are not counted in Usage nor
// against the Quota: they are a few hundred bytes each.
func (m *Mem) PutAccount(ctx context.Context, a Account) error {
	const op = "put account"
	s, err := encodeAccount(a)
	if err != nil {
		return &Error{Op: op, Err: err}
	}
	if err := m.begin(ctx, op); err != nil {
		return err
	}
	defer m.mu.Unlock()
	m.accounts[a.Key] = s
	return nil
}

// RemoveAccount implements DB.
func (m *Mem) RemoveAccount(ctx context.Context, key string) (Usage, error) {
	var kept Usage // the kept copies it drops too (keep_view.go)
	if err := m.keptUsage(ctx, key, &kept); err != nil {
		return Usage{}, err
	}
	if err := m.begin(ctx, "remove account"); err != nil {
		return Usage{}, err
	}
	defer m.mu.Unlock()
	delete(m.accounts, key)
	m.dropRecords(key)
	mm := m.account(key, false)
	if mm == nil {
		return Usage{Kept: kept.Kept, KeptBytes: kept.KeptBytes}, nil
	}
	u := mm.usage()
	u.Kept, u.KeptBytes = kept.Kept, kept.KeptBytes
	m.headerBytes -= u.HeaderBytes
	m.bodyBytes -= u.BodyBytes
	delete(m.mail, key)
	return u, nil
}

func (mm *memMail) usage() Usage {
	return Usage{
		Headers:     len(mm.headers),
		HeaderBytes: mm.headerBytes,
		Bodies:      len(mm.bodies),
		BodyBytes:   mm.bodyBytes,
	}
}

func (u *Usage) add(v Usage) {
	u.Headers += v.Headers
	u.HeaderBytes += v.HeaderBytes
	u.Bodies += v.Bodies
	u.BodyBytes += v.BodyBytes
}

// Usage implements DB.
func (m *Mem) Usage(ctx context.Context, account string) (Usage, error) {
	if err := m.begin(ctx, "usage"); err != nil {
		return Usage{}, err
	}
	u := m.usage(account)
	m.mu.Unlock()
	// Kept copies too (keep_view.go), in a read of their own.
	if err := m.keptUsage(ctx, account, &u); err != nil {
		return Usage{}, err
	}
	return u, nil
}

func (m *Mem) usage(account string) Usage {
	var u Usage
	if account != "" {
		if mm := m.account(account, false); mm != nil {
			u = mm.usage()
		}
		return u
	}
	for _, mm := range m.mail {
		u.add(mm.usage())
	}
	return u
}

// Clear implements DB.
func (m *Mem) Clear(ctx context.Context) (Usage, error) {
	if err := m.begin(ctx, "clear"); err != nil {
		return Usage{}, err
	}
	defer m.mu.Unlock()
	u := m.usage("")
	clear(m.mail)
	m.headerBytes, m.bodyBytes = 0, 0
	return u, nil
}

// Close implements DB: it drops everything; later calls, Close included,
// fail with ErrClosed.
func (m *Mem) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return &Error{Op: "close", Err: ErrClosed}
	}
	m.closed = true
	m.accounts, m.mail, m.recs = nil, nil, nil
	m.headerBytes, m.bodyBytes, m.recBytes = 0, 0, 0
	return nil
}
