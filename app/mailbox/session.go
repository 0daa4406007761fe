package mailbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
)

// session is one logged-in POP3 session and its snapshot of the maildrop.
// Its maps are written once, when it opens, and only read afterwards.
type session struct {
	c       *pop3.Client
	gen     int
	hasUIDs bool
	num     map[string]int // Summary.UID → message number in this session
	uid     map[int]string // and back
	size    map[int]int64
	// lastUsed is when the server last heard from us; guarded by op.
	lastUsed time.Time
	// quick: the listing is the Store's, as STAT and the last UIDL
	// vouched for (see inventory), not the server's own. Every number is
	// confirmed with UIDL n before RETR or DELE uses it (confirm).
	quick bool
	// confirmed are the numbers checked so far; guarded by op.
	confirmed map[int]bool
}

// syntheticUID names message n of session gen on a server without UIDL.
// '~' and '.' are legal in a UIDL, but the two kinds of ID never meet: a
// server either has UIDL or, on a change, every row is rebuilt.
func syntheticUID(gen, n int) string {
	return "~" + strconv.Itoa(gen) + "." + strconv.Itoa(n)
}

func newSession(c *pop3.Client, gen int, infos []pop3.MessageInfo, hasUIDs bool) *session {
	s := &session{c: c, gen: gen, hasUIDs: hasUIDs, lastUsed: time.Now(),
		num: make(map[string]int, len(infos)), uid: make(map[int]string, len(infos)), size: make(map[int]int64, len(infos))}
	if s.hasUIDs {
		// A listing where a message lacks its unique-id, or two share one,
		// cannot tell messages apart; treating it as having none is the
		// only way not to act on the wrong message.
		for _, mi := range infos {
			if _, dup := s.num[mi.UID]; mi.UID == "" || dup {
				s.hasUIDs = false
				clear(s.num)
				break
			}
			s.num[mi.UID] = mi.Number
		}
	}
	for _, mi := range infos {
		id := mi.UID
		if !s.hasUIDs {
			id = syntheticUID(gen, mi.Number)
			s.num[id] = mi.Number
		}
		s.uid[mi.Number] = id
		s.size[mi.Number] = mi.Size
	}
	return s
}

// open ends the current session without QUIT, opens a new one, brings the
// rows in step with its listing and fetches the headers of the messages
// not seen before, calling progress (if not nil) as they arrive. It
// returns how many rows are new. The op lock must be held.
//
// Ending the old session without QUIT is what makes a refresh unable to
// delete anything: no DELE is ever pending outside a commit, and even if
// one were, the server drops it with the connection.
func (m *Mailbox) open(ctx context.Context, progress func(done, total int)) (int, error) {
	m.endSession()
	if !m.account().signedIn() {
		return 0, signedOutProblem()
	}
	// The Store's copy loads while the login's round trips are on the
	// wire; a failing Store is reported, and costs only the cache.
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		_ = m.LoadCache(ctx)
	}()
	c, err := m.login(ctx)
	<-loaded
	if err != nil {
		return 0, err
	}
	m.trace("login-done")
	return m.adopt(ctx, c, progress, false)
}

// adopt lists the maildrop on the logged-in client c (see inventory; the
// whole listing if full is set), makes it the session, brings the rows in
// step and fetches the new headers. On failure c is closed.
func (m *Mailbox) adopt(ctx context.Context, c *pop3.Client, progress func(done, total int), full bool) (int, error) {
	infos, hasUIDs, quick, err := m.inventory(ctx, c, full)
	if err != nil {
		c.Close()
		p := classify(err, phaseSession)
		m.sessionLost(nil, p, true)
		return 0, p
	}
	// Read after the listing, not before: on a server that pipelines,
	// the CAPA after login went out with the listing's first commands
	// (pop3's batch), so this costs no round trip of its own.
	if caps, err := c.Capabilities(ctx); err == nil {
		m.mu.Lock()
		m.loginDelay = caps.LoginDelay
		m.mu.Unlock()
	}
	m.trace("listing-done")

	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		c.Close()
		return 0, closedProblem()
	}
	m.gen++
	s := newSession(c, m.gen, infos, hasUIDs)
	s.quick = quick
	fetch, stale, vanished := m.reconcileLocked(s, infos)
	m.sess = s
	m.mu.Unlock()
	if len(vanished) > 0 {
		m.st.forget(vanished)
	}
	for _, b := range stale {
		m.ev.emit(Event{Kind: EventDeleteFailed, UIDs: b.uids, Problem: staleProblem(b.uids[0])})
	}
	m.changed()

	n, err := m.fetchHeaders(ctx, s, fetch, progress)
	m.changed()
	if err != nil {
		p := classify(err, phaseSession)
		m.sessionLost(s, p, true)
		return n, p
	}
	m.mu.Lock()
	m.problem = nil
	m.mu.Unlock()
	m.startKeepalive()
	m.ev.emit(Event{Kind: EventConnected})
	return n, nil
}

// endSession closes the current session without QUIT; the op lock must be
// held.
func (m *Mailbox) endSession() {
	m.mu.Lock()
	s := m.sess
	m.sess = nil
	if s != nil {
		m.lastClose = time.Now()
	}
	m.mu.Unlock()
	if s != nil {
		s.c.Close()
	}
}

// sessionLost handles a session that ended under us (s may be nil when it
// never became current): it is closed, and unless reconnect is false or
// the cause is one that waiting cannot fix (a malformed reply, a size
// limit, a refused password), the reconnect loop starts; otherwise the
// next operation opens a session.
func (m *Mailbox) sessionLost(s *session, p *Problem, reconnect bool) {
	m.mu.Lock()
	if s != nil && m.sess == s {
		m.sess = nil
	}
	m.lastClose = time.Now()
	m.mu.Unlock()
	if s != nil {
		s.c.Close()
	}
	if reconnect && p.Temporary() {
		m.startReconnect(p)
	}
}

// login dials and logs in. A login refused with [IN-USE] right after we
// ended a session of our own is retried a few times: servers release the
// lock of a closed connection a moment after the close.
func (m *Mailbox) login(ctx context.Context) (*pop3.Client, error) {
	for retry := 0; ; retry++ {
		c, err := m.dial(ctx)
		if err == nil && c == nil {
			err = errors.New("mailbox: the Dialer returned no client")
		}
		if err != nil {
			return nil, classify(err, phaseConnect)
		}
		if acct := m.account(); acct.Login != nil {
			err = acct.Login(ctx, c)
		} else {
			err = c.Login(ctx, acct.Username, acct.Password)
		}
		if err == nil {
			return c, nil
		}
		c.Close()
		p := classify(err, phaseLogin)
		m.mu.Lock()
		ownLock := !m.lastClose.IsZero() && time.Since(m.lastClose) < time.Minute
		p.RetryAfter = m.loginDelay
		m.mu.Unlock()
		if p.Kind != KindLoginDelay {
			p.RetryAfter = 0
		}
		if p.Kind != KindInUse || !ownLock || retry >= m.opts.InUseRetries {
			return nil, p
		}
		if !sleep(ctx, backoff(retry, m.opts.ReconnectBase/10, m.opts.ReconnectBase, rand.Float64)) {
			return nil, classify(context.Cause(ctx), phaseConnect)
		}
	}
}

// reconcileLocked brings the rows in step with session s and returns the
// message numbers whose headers must be fetched, the deletions that can no
// longer be committed (no UIDL, so the rows they named are gone), and the
// UIDLs that vanished from the server. mu must be held.
func (m *Mailbox) reconcileLocked(s *session, infos []pop3.MessageInfo) (fetch []int, stale []*batch, vanished []string) {
	m.view = nil
	if !s.hasUIDs || (m.told && !m.hasUIDL) {
		// Without UIDL nothing carries over from one session to the next;
		// the same on a switch between the two kinds of server.
		// Rows kept by UIDL can never be matched again: they go from
		// the Store too, and deletions queued offline cannot be made.
		var queued []string
		for id, e := range m.entries {
			if !synthetic(id) {
				vanished = append(vanished, id)
			}
			if e.queued {
				queued = append(queued, id)
			}
		}
		if len(queued) > 0 {
			stale = append(stale, &batch{uids: queued})
		}
		clear(m.entries)
		if !s.hasUIDs {
			for _, b := range m.pending {
				if b.state == batchPending {
					b.state = batchUndone
					b.timer.Stop()
					stale = append(stale, b)
				}
			}
			m.pending = dropDone(m.pending)
		}
	}
	m.hasUIDL, m.told = s.hasUIDs, true
	for id, e := range m.entries {
		n, ok := s.num[id]
		if !ok {
			delete(m.entries, id)
			delete(m.read, id)
			vanished = append(vanished, id)
			continue
		}
		e.Number, e.Size = n, s.size[n]
	}
	for _, mi := range infos {
		e := m.entries[s.uid[mi.Number]]
		if e == nil || (e.NoHeaders && !m.noTop) {
			fetch = append(fetch, mi.Number)
		}
	}
	if s.hasUIDs {
		// Marks of messages gone since the Store was written (deleted
		// elsewhere, or while this account was away) are pruned too.
		for id := range m.read {
			if _, ok := s.num[id]; !ok {
				delete(m.read, id)
				vanished = append(vanished, id)
			}
		}
	}
	return fetch, stale, vanished
}

// fetchHeaders runs TOP n 0 for nums, pipelined, adding a row as each
// header arrives. A message whose header the server refuses still gets a
// row, marked NoHeaders.
func (m *Mailbox) fetchHeaders(ctx context.Context, s *session, nums []int, progress func(done, total int)) (int, error) {
	total, done := len(nums), 0
	tick := newProgressTicker(total)
	report := func() {
		if progress != nil {
			progress(done, total)
		}
		if tick.due(done) {
			m.ev.emit(Event{Kind: EventProgress, Done: done, Total: total})
		}
	}
	report()
	if total == 0 {
		return 0, nil
	}
	// New rows are kept in the Store in batches as they arrive, so an
	// interrupted first sync of a big mailbox still saves what it got.
	// The batch doubles each time: a Store that rewrites what it keeps in
	// buckets (store.IDB) then writes each row a few times, not once per
	// batch of a first sync.
	var keep []store.Header
	batch := saveBatch
	save := func() {
		if len(keep) > 0 {
			m.st.putHeaders(keep)
			keep = nil
		}
	}
	defer save()
	add := func(n int, sum Summary, noHeaders bool) {
		sum.UID, sum.Number, sum.Size, sum.NoHeaders = s.uid[n], n, s.size[n], noHeaders
		m.mu.Lock()
		if old := m.entries[sum.UID]; !s.hasUIDs || old == nil || old.NoHeaders {
			sum.Read = s.hasUIDs && m.read[sum.UID]
			e := &entry{Summary: sum}
			if old != nil {
				// A deletion in its undo window, or queued offline.
				e.hidden, e.queued = old.hidden, old.queued
			}
			m.entries[sum.UID] = e
			m.view = nil
			if s.hasUIDs {
				keep = append(keep, toHeader(sum))
			}
		}
		m.mu.Unlock()
		if len(keep) >= batch {
			save()
			batch *= 2
		}
		done++
		report()
	}
	m.mu.Lock()
	noTop := m.noTop
	m.mu.Unlock()
	if noTop {
		for _, n := range nums {
			add(n, Summary{}, true)
		}
		return done, nil
	}
	// One buffer for every header: parseSummary copies what it keeps, so
	// the bytes can be reused, which saves an allocation and a copy per
	// message on the sign-in path (about 9 µs a header in the tab).
	var buf bytes.Buffer
	err := s.c.TopMany(ctx, nums, 0, func(n int, body io.Reader, err error) error {
		if err != nil {
			if errors.Is(err, pop3.ErrNotSupported) {
				m.mu.Lock()
				m.noTop = true
				m.mu.Unlock()
			}
			add(n, Summary{}, true)
			return nil
		}
		buf.Reset()
		if _, err := buf.ReadFrom(io.LimitReader(body, int64(m.opts.MaxHeaderBytes))); err != nil {
			return err
		}
		add(n, parseSummary(buf.Bytes(), m.dec), false)
		return nil
	})
	s.lastUsed = time.Now()
	if err == nil {
		m.trace("sync-net-done")
	}
	return done, err
}

// trace tells Options.Trace, if set, that stage ended.
func (m *Mailbox) trace(stage string) {
	if m.opts.Trace != nil {
		m.opts.Trace(stage)
	}
}

// saveBatch is how many new rows are first written to the Store at a time.
const saveBatch = 1000

// progressTicker limits progress events to about one per percent.
type progressTicker struct{ step, next, total int }

func newProgressTicker(total int) *progressTicker {
	return &progressTicker{step: max(1, total/100), total: total}
}

func (t *progressTicker) due(done int) bool {
	if done == 0 || done >= t.next || done == t.total {
		t.next = done + t.step
		return true
	}
	return false
}
