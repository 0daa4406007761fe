//go:build unix

package deploytest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/pop3"
)

// wsDialer opens POP3 sessions as the app in a browser tab does
// (app/transport.Dial): a WebSocket to the page's own origin, here
// HAProxy's, carrying the target's bytes, with the POP3 engine on top. A
// browser sends its page's Origin and trusts the site's certificate; the
// test client does the same explicitly.
func wsDialer(wsURL, origin string, hc *http.Client) mailbox.Dialer {
	return func(ctx context.Context) (*pop3.Client, error) {
		ws, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{
			HTTPClient: hc,
			HTTPHeader: http.Header{"Origin": {origin}},
		})
		if err != nil {
			return nil, err
		}
		conn := websocket.NetConn(context.Background(), ws, websocket.MessageBinary)
		// Plain POP3 behind the WebSocket, as for the bridge's loopback
		// targets: TLS from the tab would be end to end, and neither
		// HAProxy nor the bridges would see anything different.
		return mailconn.Open(ctx, conn, bridgeapi.SecurityPlain, nil, &pop3.Options{AllowInsecureAuth: true})
	}
}

// action is what a person does in one round.
type action int

const (
	actList   action = iota // check for new mail: a new session
	actRead                 // open a message not read before
	actDelete               // delete a message; the undo window passes
)

func (a action) String() string { return [...]string{"list", "read", "delete"}[a] }

// client is one person in one browser tab, with the app's own mailbox
// logic (app/mailbox): its retries are the ones under test.
type client struct {
	user, password string
	mb             *mailbox.Mailbox

	mu       sync.Mutex
	changed  chan struct{} // a delete outcome arrived
	subjects map[string]string
	read     map[string]bool
	asked    map[string]bool // UIDs the person deleted
	deleted  map[string]int  // EventDeleted per UID
	lost     map[string]bool // EventDeleteFailed or EventDeleteQueued
	failures []string        // user actions that failed, in words
	reconn   int             // EventReconnecting seen
}

func newClient(user, password string, dial mailbox.Dialer) *client {
	c := &client{
		user: user, password: password, changed: make(chan struct{}, 1),
		subjects: map[string]string{}, read: map[string]bool{},
		asked: map[string]bool{}, deleted: map[string]int{}, lost: map[string]bool{},
	}
	c.mb = mailbox.New(dial, mailbox.Account{Server: "mail", Username: user, Password: password}, &mailbox.Options{
		OnChange:   c.onChange,
		UndoWindow: 10 * time.Millisecond,
	})
	return c
}

func (c *client) onChange(e mailbox.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch e.Kind {
	case mailbox.EventDeleted:
		for _, u := range e.UIDs {
			c.deleted[u]++
		}
	case mailbox.EventDeleteFailed, mailbox.EventDeleteQueued:
		for _, u := range e.UIDs {
			c.lost[u] = true
		}
		c.failures = append(c.failures, fmt.Sprintf("%s: %v %q: %v", c.user, e.Kind, e.UIDs, e.Problem))
	case mailbox.EventProblem:
		c.failures = append(c.failures, fmt.Sprintf("%s: problem shown: %v", c.user, e.Problem))
	case mailbox.EventReconnecting:
		c.reconn++
	default:
		return
	}
	select {
	case c.changed <- struct{}{}:
	default:
	}
}

func (c *client) fail(format string, args ...any) {
	c.mu.Lock()
	c.failures = append(c.failures, c.user+": "+fmt.Sprintf(format, args...))
	c.mu.Unlock()
}

// signIn is the first sync, which lists the mailbox.
func (c *client) signIn(ctx context.Context) {
	if err := c.mb.Sync(ctx, nil); err != nil {
		c.fail("sign in: %v", err)
		return
	}
	c.mu.Lock()
	for _, s := range c.mb.Messages() {
		c.subjects[s.UID] = s.Subject
	}
	c.mu.Unlock()
}

// act does one user action and records whether it failed.
func (c *client) act(ctx context.Context, a action, pick int) {
	switch a {
	case actList:
		if _, err := c.mb.CheckNew(ctx); err != nil {
			c.fail("list: %v", err)
		}
	case actRead:
		uid, ok := c.choose(pick, func(u string) bool { return !c.read[u] })
		if !ok {
			return
		}
		raw, err := c.mb.Fetch(ctx, uid, nil)
		c.mu.Lock()
		c.read[uid] = true
		subject := c.subjects[uid]
		c.mu.Unlock()
		switch {
		case err != nil:
			c.fail("read %s: %v", uid, err)
		case !bytes.Contains(raw, []byte(subject)):
			c.fail("read %s: got another message (no %q in it)", uid, subject)
		}
	case actDelete:
		// Keep a few messages to read.
		if len(c.mb.Messages()) <= 3 {
			return
		}
		uid, ok := c.choose(pick, func(string) bool { return true })
		if !ok {
			return
		}
		c.mu.Lock()
		c.asked[uid] = true
		c.mu.Unlock()
		c.mb.Delete(uid)
		// The person moves on; the commit runs when the undo window
		// ends. Its outcome is an event; wait for it, as the next
		// round's check would show it anyway.
		if !c.waitOutcome(ctx, uid) {
			c.fail("delete %s: no outcome before the round's deadline", uid)
		}
	}
}

// choose picks a listed message that ok accepts, from pick on.
func (c *client) choose(pick int, ok func(uid string) bool) (string, bool) {
	rows := c.mb.Messages()
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range rows {
		u := rows[(pick+i)%len(rows)].UID
		if !c.asked[u] && ok(u) {
			return u, true
		}
	}
	return "", false
}

// waitOutcome waits until uid is reported deleted or not.
func (c *client) waitOutcome(ctx context.Context, uid string) bool {
	for {
		c.mu.Lock()
		done := c.deleted[uid] > 0 || c.lost[uid]
		c.mu.Unlock()
		if done {
			return true
		}
		select {
		case <-c.changed:
		case <-ctx.Done():
			return false
		}
	}
}

// askedUIDs returns what the person deleted, sorted.
func (c *client) askedUIDs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for u := range c.asked {
		out = append(out, u)
	}
	slices.Sort(out)
	return out
}
