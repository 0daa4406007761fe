package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/submission"
)

// ErrNoSubmissionAuth says that a server answered EHLO, over a verified
// TLS session, without offering AUTH (RFC 4954): it is a relay for other
// servers, not a submission server a person can send through.
var ErrNoSubmissionAuth = errors.New("probe: the server offers no AUTH after TLS, so it takes no mail from users")

// RunSubmission probes the message submission server (RFC 6409) at addr
// the way the tab will reach it: implicit TLS per RFC 8314 (the default
// on port 465) or STARTTLS per RFC 3207 (elsewhere), never plain. The
// report's Capabilities are the EHLO extensions the server offers after
// TLS. The probe sends no credentials and no mail: EHLO, then QUIT.
func RunSubmission(ctx context.Context, addr string, opts *Options) *Report {
	a := start(ctx, addr, opts, 465)
	defer a.cancel()
	if a.conn == nil {
		return a.r
	}
	r := a.r
	if a.o.Security == bridgeapi.SecurityPlain {
		a.conn.Close()
		r.Error = "plain submission would carry the password in clear: probe with tls or starttls"
		return r
	}
	c, err := mailconn.OpenSubmission(a.ctx, a.conn, a.o.Security, a.tls, &submission.Options{Timeout: a.o.Timeout})
	if err != nil {
		r.Error = err.Error()
		return r
	}
	defer c.Close()
	x := c.Extensions()
	r.Capabilities = extensionList(x)
	if len(x.Auth) == 0 {
		r.Error = ErrNoSubmissionAuth.Error()
		return r
	}
	if err := c.Quit(); err != nil && !errors.Is(err, submission.ErrClosed) {
		r.Error = err.Error()
	}
	return r
}

// extensionList writes the extensions back as EHLO keywords, for the
// report a person reads.
func extensionList(x submission.Extensions) []string {
	out := []string{}
	add := func(on bool, kw string) {
		if on {
			out = append(out, kw)
		}
	}
	if x.SizeOffered {
		kw := "SIZE"
		if x.Size > 0 {
			kw = fmt.Sprintf("SIZE %d", x.Size)
		}
		out = append(out, kw)
	}
	add(x.EightBitMIME, "8BITMIME")
	add(x.SMTPUTF8, "SMTPUTF8")
	add(x.Pipelining, "PIPELINING")
	add(x.EnhancedStatusCodes, "ENHANCEDSTATUSCODES")
	add(len(x.Auth) > 0, "AUTH "+strings.Join(x.Auth, " "))
	return out
}
