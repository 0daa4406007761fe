package mailbox

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
)

// Dialer opens a new POP3 session: it returns a client that is connected,
// has read the greeting and has done TLS (implicit, or STLS) as the account
// requires, but has not logged in. The Mailbox logs in itself, so that it
// can tell a wrong password from a busy mailbox.
//
// Errors the Dialer returns are classified as connection failures (server
// down, TLS failure); a Dialer that knows better, such as one whose bridge
// refused the target, may return a *Problem, which is passed on unchanged.
type Dialer func(ctx context.Context) (*pop3.Client, error)

// Account names the mailbox and holds its credentials. The password is
// kept in memory only: nothing in this package writes it anywhere.
type Account struct {
	// Server names the mail server (such as the bridge's target name). It
	// is not dialled (the Dialer is); it keys local data such as read
	// marks, together with Username.
	Server string
	// Username and Password are used by pop3.Client.Login, which picks
	// the strongest method the server offers.
	Username, Password string
	// Login, if set, replaces Login with username and password, for
	// mechanisms such as OAuth 2.0 (pop3.Client.Authenticate with
	// sasl.NewOAuthBearerClient).
	Login func(ctx context.Context, c *pop3.Client) error
}

// signedIn reports whether the account can log in: without a password
// (a person who has not signed in since the app started), the Mailbox
// shows what the Store has and never dials.
func (a Account) signedIn() bool { return a.Password != "" || a.Login != nil }

// Key identifies the account in a Store: the username and the server,
// with '%' and '@' escaped in the username so that no two accounts share
// a key.
func (a Account) Key() string {
	u := strings.NewReplacer("%", "%25", "@", "%40").Replace(a.Username)
	return u + "@" + a.Server
}

// Options configure a Mailbox. A nil *Options, and every zero field, means
// the default noted beside it.
type Options struct {
	// OnChange is told of every change the UI should show (see Event). It
	// is called from a background goroutine, one event at a time and in
	// order, and must return quickly: in go-app, hand the event to the UI
	// goroutine with ctx.Dispatch and do nothing else.
	OnChange func(Event)

	// Store keeps the rows, opened messages, read marks and deletions
	// queued offline, keyed by Account.Key and UIDL (in the browser,
	// store.IDB); default a store.Mem that lives as long as the Mailbox.
	Store store.Mail

	// UndoWindow is how long a Delete can be undone before it is sent to
	// the server; default 5 s.
	UndoWindow time.Duration

	// KeepaliveInterval is how often an idle session gets a NOOP; default
	// 30 s, half of the minute after which Outlook drops an idle session.
	// Negative disables keepalive.
	KeepaliveInterval time.Duration

	// ReconnectBase and ReconnectMax bound the exponential backoff after a
	// dropped session: the n-th attempt waits between half and all of
	// min(ReconnectMax, ReconnectBase×2ⁿ); defaults 1 s and 2 min.
	ReconnectBase, ReconnectMax time.Duration
	// ReconnectAttempts is how many times a dropped session is reopened in
	// a row before the Mailbox gives up and waits for Sync or CheckNew;
	// default 10.
	ReconnectAttempts int

	// InUseRetries is how often a login refused with [IN-USE] is retried,
	// with backoff from ReconnectBase/10, when the Mailbox has itself just
	// ended a session: servers release the maildrop lock of a closed
	// connection a moment later than the close. Default 4; negative means
	// no retries.
	InUseRetries int

	// Timeout bounds each background step (NOOP, a commit, a reconnect);
	// default 2 min. The pop3.Client's own Options.Timeout still bounds
	// how long the server may stay silent.
	Timeout time.Duration

	// MaxHeaderBytes bounds the header section kept for one inbox row; the
	// rest of a longer TOP reply is read and dropped. Default 256 KiB.
	MaxHeaderBytes int

	// CharsetReader decodes RFC 2047 words in charsets other than UTF-8,
	// ISO-8859-1 and US-ASCII (in the browser, one backed by TextDecoder).
	// Nil, or an error from it, leaves such words as their raw bytes made
	// valid UTF-8, so a subject is never lost to an unknown charset.
	CharsetReader func(charset string, input io.Reader) (io.Reader, error)

	// Trace, if set, is told when a session's opening (Sync, CheckNew)
	// ends a stage, on the goroutine that runs it: "login-done" (connected
	// and logged in), "listing-done" (UIDL and LIST read),
	// "sync-net-done" (the last TOP reply read and its row added). It is
	// for performance marks (the browser's User Timing) and must return
	// quickly.
	Trace func(stage string)

	// WriteGate, if set, is asked as each burst of Store writes is about
	// to start for a channel that the burst waits on first. In the
	// browser the writes share the page's one thread with what the person
	// sees: the UI gives the gate that opens once a sign-in's inbox is
	// painted, so that its rows are stored after that paint, not before
	// it. Close stops the wait, so nothing queued is lost to a gate that
	// stays shut.
	WriteGate func() <-chan struct{}

	// undoTimer starts the timer that ends an undo window; nil means
	// time.AfterFunc. Tests set it to end the window when they choose,
	// rather than sleep past it and hope the commit has happened.
	undoTimer func(d time.Duration, f func()) stopper
}

// stopper is the part of *time.Timer that a batch keeps.
type stopper interface{ Stop() bool }

const (
	defaultUndoWindow        = 5 * time.Second
	defaultKeepalive         = 30 * time.Second
	defaultReconnectBase     = time.Second
	defaultReconnectMax      = 2 * time.Minute
	defaultReconnectAttempts = 10
	defaultInUseRetries      = 4
	defaultTimeout           = 2 * time.Minute
	defaultMaxHeaderBytes    = 256 << 10
)

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Store == nil {
		r.Store = store.NewMem(nil)
	}
	if r.UndoWindow <= 0 {
		r.UndoWindow = defaultUndoWindow
	}
	if r.KeepaliveInterval == 0 {
		r.KeepaliveInterval = defaultKeepalive
	}
	if r.ReconnectBase <= 0 {
		r.ReconnectBase = defaultReconnectBase
	}
	if r.ReconnectMax <= 0 {
		r.ReconnectMax = defaultReconnectMax
	}
	if r.ReconnectMax < r.ReconnectBase {
		r.ReconnectMax = r.ReconnectBase
	}
	if r.ReconnectAttempts <= 0 {
		r.ReconnectAttempts = defaultReconnectAttempts
	}
	if r.InUseRetries == 0 {
		r.InUseRetries = defaultInUseRetries
	}
	if r.Timeout <= 0 {
		r.Timeout = defaultTimeout
	}
	if r.MaxHeaderBytes <= 0 {
		r.MaxHeaderBytes = defaultMaxHeaderBytes
	}
	if r.undoTimer == nil {
		r.undoTimer = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }
	}
	return r
}
