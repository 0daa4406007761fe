//go:build !js && unix

package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/pem"
	"io"
	"net"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-message/mail"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/app/render"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
	"github.com/poppymail/poppy/submission/submissiontest/postfixtest"
)

// The people of TestE2ESendPostfix: alice signs in to Poppy and sends;
// bjorn wrote the message she answers, and receives her reply. Both are
// users of the Dovecot behind Postfix, so mail to either is delivered.
const (
	pfAlice, pfAlicePass = "alice", "wonderland"
	pfBjorn, pfBjornPass = "bjorn", "elsinore"
	pfAliceName          = "Zoë Tester"
	pfOrigSubject        = "Frühstück am Freitag?"
	pfOrigID             = "fruehstueck.1@example.test"
)

// TestE2ESendPostfix is the round trip of issue 11 with real components
// end to end: Poppy in headless Chromium, through the real bridge
// (-target for Dovecot's implicit-TLS POP3, -submission for Postfix's
// implicit-TLS submission port, the role of 465, one target), sends
// through a real Postfix that authenticates against Dovecot's SASL and
// delivers into Dovecot over LMTP, and reads the message back over POP3.
//
// A new message (see sendNew) arrives byte for byte as the app recorded
// it in Sent, with its headers, format=flowed text and attachment
// intact, and the app lists and opens it after a check for mail. Then a
// reply to bjorn's message (see replyRoundTrip): "Re: ", In-Reply-To and
// References of his Message-ID, the quote, delivered to his mailbox.
// Then a forward of it back to him (see forwardRoundTrip): "Fwd: ", and
// his message attached as message/rfc822 byte for byte as POP3 served it.
// The reply is also the positive control of the new message's absent
// In-Reply-To and References: the same parse finds them when they are
// there.
func TestE2ESendPostfix(t *testing.T) {
	lab := startPostfixLab(t, bridgeapi.SecurityTLS, true)
	lab.sendNew(t)
	lab.replyRoundTrip(t)
	lab.forwardRoundTrip(t)
}

// TestE2ESendPostfixSTARTTLS is the new-message round trip of
// TestE2ESendPostfix with STARTTLS from the tab on both sides: POP3 STLS
// on Dovecot's plain port, and submission on Postfix's STARTTLS port
// (the role of 587), which offers AUTH only once the session is
// encrypted.
func TestE2ESendPostfixSTARTTLS(t *testing.T) {
	lab := startPostfixLab(t, bridgeapi.SecurityStartTLS, true)
	lab.sendNew(t)
}

// TestE2ESendPostfixUntrusted sends while Postfix presents a certificate
// of its own, which neither the browser's roots nor the fingerprint the
// person trusted for the account (Dovecot's) vouch for: the message is
// not sent, the outbox entry fails with a sentence about the
// certificate, and Postfix never began a message (its log has no
// authenticated "client=" line). Once Postfix presents the trusted
// certificate, "Try again" sends it, once (the positive control of both
// checks: the same path delivers, and the log line appears).
func TestE2ESendPostfixUntrusted(t *testing.T) {
	lab := startPostfixLab(t, bridgeapi.SecurityTLS, false)
	s, pf := lab.s, lab.pf
	if bytes.Equal(submissionLeaf(t, pf, pf.SubmissionTLSAddr, false), leafDER(t, pf.Dovecot.TLSAddr, pf.TLSConfig())) {
		t.Fatal("Postfix presents Dovecot's certificate already: this test needs one the person did not trust")
	}
	const subject = "Über ein fremdes Zertifikat"
	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
	waitCompose(s)
	fillCompose(s, map[string]string{"to": pf.Address, "subject": subject, "body": "Not through an untrusted server.\n"})
	sendCompose(s)
	// The entry is queued, then fails: the Outbox control counts it.
	s.Must(browsertest.WaitText(s.Ctx, "Outbox (1)", 30*time.Second))
	s.Must(browsertest.ClickButton(s.Ctx, "Outbox (1)"))
	entry := selOutboxEntry + ".state-failed"
	s.Must(browsertest.Wait(s.Ctx, entry, 30*time.Second))
	state, _ := browsertest.Text(s.Ctx, entry+" .state")
	t.Logf("the failed entry reads %q; the send status %q", state, sendStatus(s))
	if !strings.Contains(state, "certificate") {
		t.Errorf("the failed entry reads %q, want a sentence about the certificate", state)
	}
	if n := submissions(pf); n != 0 {
		t.Fatalf("Postfix began %d authenticated messages through a certificate the person did not trust", n)
	}
	if n := pf.Dovecot.Count(pfAlice); n != 1 {
		t.Fatalf("alice's mailbox holds %d messages, want bjorn's alone", n)
	}

	presentDovecotLeaf(t, pf)
	s.Must(browsertest.ClickButtonIn(s.Ctx, entry, "Try again"))
	s.Must(browsertest.WaitGone(s.Ctx, selOutboxEntry, 30*time.Second))
	pf.WaitForMessages(pfAlice, 2)
	box := readMailbox(t, pf.Dovecot, pfAlice, pfAlicePass)
	_, submitted := postfixtest.SplitTrace(box[1].raw)
	h, _, _ := parse(t, submitted)
	if got, _ := h.Subject(); got != subject {
		t.Errorf("delivered %q, want %q", got, subject)
	}
	// Postfix's log is written by its postlogd, a moment after the fact.
	deadline := time.Now().Add(10 * time.Second)
	for submissions(pf) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // polls the condition
	}
	if n := submissions(pf); n != 1 {
		t.Errorf("Postfix began %d authenticated messages, want 1", n)
	}
}

// submissions counts the messages Postfix's smtpd began for an
// authenticated client: one "client=..., sasl_method=" line each.
func submissions(pf *postfixtest.Server) int {
	return strings.Count(pf.LogText(), ", sasl_method=")
}

// postfixLab is a Postfix with its Dovecot, a bridge with one target
// that reaches both, and a browser signed in as alice, with an identity
// (pfAliceName at her address).
type postfixLab struct {
	pf *postfixtest.Server
	s  *browsertest.Session
	// origUIDL is the row of bjorn's message to alice.
	origUIDL string
}

// startPostfixLab starts the lab; sec is the security of both the POP3
// and the submission connection: implicit TLS or STARTTLS. With
// shareLeaf, Postfix presents Dovecot's certificate (presentDovecotLeaf),
// so trusting it at sign-in covers sending too.
func startPostfixLab(t *testing.T, sec bridgeapi.Security, shareLeaf bool) *postfixLab {
	t.Helper()
	browsertest.Require(t) // before the servers, so a missing browser skips early
	pf := postfixtest.Start(t, &postfixtest.Options{
		Dovecot: &dovecottest.Config{Users: map[string]string{pfAlice: pfAlicePass, pfBjorn: pfBjornPass}},
		// Each smtpd serves one connection, so that after
		// presentDovecotLeaf no smtpd started before it is left to
		// answer with the old certificate.
		Extra: "max_use = 1",
	})
	if pf.User != pfAlice {
		t.Fatalf("postfixtest's first user is %q, want %q", pf.User, pfAlice)
	}
	dc := pf.Dovecot
	if shareLeaf {
		presentDovecotLeaf(t, pf)
	}

	// bjorn's message to alice, which she answers in replyRoundTrip, and
	// which gives the inbox a row to sign in to.
	dc.Deliver(pfAlice, []byte("From: =?UTF-8?Q?Bj=C3=B6rn_Sender?= <"+pfBjorn+"@"+pf.Domain+">\r\n"+
		"To: "+pf.Address+"\r\n"+
		"Subject: =?UTF-8?Q?Fr=C3=BChst=C3=BCck_am_Freitag=3F?=\r\n"+
		"Date: Fri, 04 Dec 2026 08:00:00 +0100\r\n"+
		"Message-ID: <"+pfOrigID+">\r\n"+
		"MIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n"+
		"\r\n"+
		"Shall we meet at nine?\r\n"))

	pop, sub := dc.TLSAddr, pf.SubmissionTLSAddr
	if sec == bridgeapi.SecurityStartTLS {
		pop, sub = dc.Addr, pf.SubmissionStartTLSAddr
	}
	s := browsertest.Start(t, browsertest.Config{
		Downloads: true,
		Timeout:   4 * time.Minute,
		Bridge: browsertest.BridgeConfig{
			Targets: []string{mailTarget + "=" + pop + "/" + string(sec)},
			Args:    []string{"-submission", mailTarget + "=" + sub + "/" + string(sec)},
		},
	})
	signIn(t, s, dc)
	lab := &postfixLab{pf: pf, s: s, origUIDL: rowBySubject(t, s, pfOrigSubject)}
	setIdentity(t, s, pfAliceName, pf.Address)
	return lab
}

// sendNew writes a new message with a non-ASCII subject, a From display
// name (from the identity), a To display name, a body with a long line
// and lines that start with "From ", a space and a dot, and a binary
// attachment with a non-ASCII file name added through the file input,
// and sends it to alice herself. The message Dovecot stores is, under
// the trace fields, byte for byte the one the app recorded in its Sent
// view (downloaded as .eml); parsed with go-message it has that subject,
// From, To, a fresh Date, a Message-ID on the sender's domain, no
// In-Reply-To or References, the body as typed once format=flowed is
// decoded (by app/render, the app's own reader), and the attachment's
// name and bytes. In the app, a check for mail lists it (data-uidl,
// the subject decoded), and the attachment downloads from the reader
// byte for byte.
func (lab *postfixLab) sendNew(t *testing.T) {
	t.Helper()
	s, pf, dc := lab.s, lab.pf, lab.pf.Dovecot
	const subject = "Grüße — 测试"
	longLine := strings.TrimSpace(strings.Repeat("Ein sehr langer Satz über Grüße und 测试, der nicht enden will. ", 12))
	body := "Hallo Alice,\n\n" + longLine + "\n" +
		"From here on, this line starts with From, which mbox would mangle.\n" +
		" This one starts with a space.\n" +
		".This one starts with a dot.\n\n" +
		"Zoë"
	attName := "Überweisung 测试 März.bin"
	attData := append(make([]byte, 0, 4096+256), randomBytes(t, 4096)...)
	for i := range 256 {
		attData = append(attData, byte(i)) // every byte value at least once
	}
	attPath := filepath.Join(t.TempDir(), attName)
	s.Must(os.WriteFile(attPath, attData, 0o600))

	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
	waitCompose(s)
	fillCompose(s, map[string]string{"to": "Ålice Liddell <" + pf.Address + ">", "subject": subject, "body": body})
	if got := composeValue(s, "from"); got != pf.Address {
		t.Fatalf("the new message goes from %q, want the identity's %q", got, pf.Address)
	}
	s.Do(chromedp.SetUploadFiles(chromedp.CSS(selCompose+` input[name=attachments]`), []string{attPath}))
	s.Must(browsertest.Wait(s.Ctx, `form#compose button[aria-label=`+jsString("Remove "+attName)+`]`, 10*time.Second))
	before := rowOrder(s)
	sentAt := time.Now()
	sendCompose(s)
	waitStatus(s, "Sent.", 60*time.Second)
	waitOutboxEmpty(t, s)

	// What Dovecot stores, read natively over POP3.
	pf.WaitForMessages(pfAlice, 2)
	box := readMailbox(t, dc, pfAlice, pfAlicePass)
	if len(box) != 2 || box[0].uidl != lab.origUIDL {
		t.Fatalf("alice's mailbox holds %d messages, want bjorn's (UIDL %q) and the one sent", len(box), lab.origUIDL)
	}
	delivered := box[1]
	trace, submitted := postfixtest.SplitTrace(delivered.raw)
	checkTrace(t, pf, trace)
	checkNoMboxFrom(t, submitted)

	h, text, atts := parse(t, submitted)
	if got, err := h.Subject(); err != nil || got != subject {
		t.Errorf("Subject = %q (%v), want %q", got, err, subject)
	}
	checkAddress(t, h, "From", pfAliceName, pf.Address)
	checkAddress(t, h, "To", "Ålice Liddell", pf.Address)
	if date, err := h.Date(); err != nil || date.Before(sentAt.Add(-2*time.Minute)) || date.After(time.Now().Add(2*time.Minute)) {
		t.Errorf("Date = %v (%v), want the time it was sent, %v", date, err, sentAt)
	}
	if id, err := h.MessageID(); err != nil || !strings.HasSuffix(id, "@"+pf.Domain) || len(id) <= len("@"+pf.Domain) {
		t.Errorf("Message-ID = %q (%v), want one on the sender's domain %s", id, err, pf.Domain)
	}
	for _, k := range []string{"In-Reply-To", "References", "Bcc"} {
		if h.Has(k) {
			t.Errorf("a new message carries %s: %q", k, h.Get(k))
		}
	}
	checkFlowed(t, submitted, text, body)
	if len(atts) != 1 {
		t.Errorf("the message carries attachments %v, want %q alone", keys(atts), attName)
	}
	equalBytes(t, "the attachment "+attName+" as delivered", atts[attName], attData)

	// The Sent view holds the very bytes Postfix delivered.
	s.Must(browsertest.ClickButton(s.Ctx, "Sent"))
	eml := openSentDownload(t, s, subject)
	equalBytes(t, "the message in Sent (Download .eml), as Dovecot stores it under the trace fields", dovecottest.Wire(eml), submitted)

	// The app reads it back: a check for mail lists it, and it opens.
	s.Must(browsertest.ClickButton(s.Ctx, "Inbox"))
	s.Must(browsertest.WaitRows(s.Ctx))
	uid := checkUntilRow(t, s, subject, before, 60*time.Second)
	if uid != delivered.uidl {
		t.Errorf("the new row carries data-uidl %q, Dovecot's UIDL is %q", uid, delivered.uidl)
	}
	s.Must(browsertest.OpenMessage(s.Ctx, uid, 20*time.Second))
	if got, _ := browsertest.Text(s.Ctx, browsertest.SelMessage+" h2.subject"); got != subject {
		t.Errorf("the reader's subject is %q, want %q", got, subject)
	}
	s.Must(browsertest.WaitText(s.Ctx, "From here on, this line starts with From", 10*time.Second))
	got := download(t, s, chromedp.Click(chromedp.CSS(`#message-reader button[aria-label=`+jsString("Download "+attName)+`]`)), attName)
	equalBytes(t, "the attachment downloaded from the reader", got, attData)
}

// replyRoundTrip answers bjorn's message from the reader's Reply
// control and reads the reply from his mailbox: "Re: " once, In-Reply-To
// and References naming his Message-ID, from alice's identity (the
// address the original was sent to), to him, with his text quoted under
// the quote line.
func (lab *postfixLab) replyRoundTrip(t *testing.T) {
	t.Helper()
	s, pf := lab.s, lab.pf
	s.Must(browsertest.OpenMessage(s.Ctx, lab.origUIDL, 20*time.Second))
	s.Do(chromedp.Click(chromedp.CSS(`#message-reader button[aria-label="Reply"]`)))
	waitCompose(s)
	bjorn := pfBjorn + "@" + pf.Domain
	if got := composeValue(s, "subject"); got != "Re: "+pfOrigSubject {
		t.Errorf("the reply's subject is %q, want %q", got, "Re: "+pfOrigSubject)
	}
	if got := composeValue(s, "to"); !strings.Contains(got, bjorn) {
		t.Errorf("the reply goes to %q, want %s", got, bjorn)
	}
	if got := composeValue(s, "from"); got != pf.Address {
		t.Errorf("the reply goes from %q, want %q", got, pf.Address)
	}
	const answer = "Um neun passt gut. Bis Freitag!"
	fillCompose(s, map[string]string{"body": answer + "\n\n" + composeValue(s, "body")})
	sendCompose(s)

	pf.WaitForMessages(pfBjorn, 1)
	box := readMailbox(t, pf.Dovecot, pfBjorn, pfBjornPass)
	if len(box) != 1 {
		t.Fatalf("bjorn's mailbox holds %d messages, want the reply", len(box))
	}
	trace, submitted := postfixtest.SplitTrace(box[0].raw)
	checkTrace(t, pf, trace)
	h, text, _ := parse(t, submitted)
	if got, err := h.Subject(); err != nil || got != "Re: "+pfOrigSubject {
		t.Errorf("the reply's Subject = %q (%v), want %q", got, err, "Re: "+pfOrigSubject)
	}
	checkAddress(t, h, "From", pfAliceName, pf.Address)
	checkAddress(t, h, "To", "Björn Sender", bjorn)
	if ids, err := h.MsgIDList("In-Reply-To"); err != nil || !slices.Equal(ids, []string{pfOrigID}) {
		t.Errorf("In-Reply-To = %q (%v), want <%s>", h.Get("In-Reply-To"), err, pfOrigID)
	}
	if ids, err := h.MsgIDList("References"); err != nil || len(ids) == 0 || ids[len(ids)-1] != pfOrigID {
		t.Errorf("References = %q (%v), want it to end with <%s>", h.Get("References"), err, pfOrigID)
	}
	plain := decodedText(t, submitted)
	if !strings.HasPrefix(plain, answer+"\n") {
		t.Errorf("the reply's text does not start with what was typed:\n%s", plain)
	}
	if !strings.Contains(plain, "Björn Sender wrote:\n> Shall we meet at nine?") {
		t.Errorf("the reply's text does not quote the original under its quote line:\n%s", plain)
	}
	if text == "" {
		t.Error("the reply has no text/plain part")
	}

	// The outbox empties and Sent lists both messages.
	waitOutboxEmpty(t, s)
	s.Must(browsertest.ClickButton(s.Ctx, "Sent"))
	if _, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`document.querySelectorAll("#sent [data-sent-id]").length === 2`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("the Sent view does not list the two messages sent: %v", err)
	}
}

// forwardRoundTrip forwards bjorn's message back to him from the
// reader's Forward control (attached, not inline) and reads it from his
// mailbox: "Fwd: " and the subject, from alice, and one message/rfc822
// part whose bytes are bjorn's message exactly as Dovecot serves it over
// POP3, which is what the app fetched.
func (lab *postfixLab) forwardRoundTrip(t *testing.T) {
	t.Helper()
	s, pf := lab.s, lab.pf
	bjorn := pfBjorn + "@" + pf.Domain
	s.Must(browsertest.ClickButton(s.Ctx, "Inbox"))
	s.Must(browsertest.WaitRows(s.Ctx))
	s.Must(browsertest.OpenMessage(s.Ctx, lab.origUIDL, 20*time.Second))
	s.Do(chromedp.Click(chromedp.CSS(`#message-reader button[aria-label="Forward"]`)))
	waitCompose(s)
	want := "Fwd: " + pfOrigSubject
	if got := composeValue(s, "subject"); got != want {
		t.Errorf("the forward's subject is %q, want %q", got, want)
	}
	fillCompose(s, map[string]string{"to": bjorn, "body": "Zur Erinnerung.\n" + composeValue(s, "body")})
	sendCompose(s)

	pf.WaitForMessages(pfBjorn, 2)
	box := readMailbox(t, pf.Dovecot, pfBjorn, pfBjornPass)
	_, submitted := postfixtest.SplitTrace(box[1].raw)
	r, err := mail.CreateReader(bytes.NewReader(submitted))
	if err != nil {
		t.Fatalf("the forward does not parse: %v", err)
	}
	if got, err := r.Header.Subject(); err != nil || got != want {
		t.Errorf("the forward's Subject = %q (%v), want %q", got, err, want)
	}
	checkAddress(t, &r.Header, "From", pfAliceName, pf.Address)
	checkAddress(t, &r.Header, "To", "", bjorn)
	orig := readMailbox(t, pf.Dovecot, pfAlice, pfAlicePass)[0].raw
	var attached [][]byte
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("a part of the forward: %v", err)
		}
		b, err := io.ReadAll(p.Body)
		s.Must(err)
		if ct, _, _ := mimeType(p.Header); ct == "message/rfc822" {
			attached = append(attached, b)
		}
	}
	if len(attached) != 1 {
		t.Fatalf("the forward has %d message/rfc822 parts, want 1", len(attached))
	}
	equalBytes(t, "the forwarded message/rfc822 part", attached[0], orig)
	waitOutboxEmpty(t, s)
}

// mimeType is a part's media type, whichever kind of header go-message
// gave it.
func mimeType(h any) (string, map[string]string, error) {
	switch h := h.(type) {
	case *mail.InlineHeader:
		return h.ContentType()
	case *mail.AttachmentHeader:
		return h.ContentType()
	}
	return "", nil, nil
}

// presentDovecotLeaf makes Postfix present the very certificate Dovecot
// presents. The app trusts a certificate of the test CA only by its
// fingerprint, per account, through the prompt at sign-in, and uses that
// trust for the account's submission server too (there is no second
// prompt); postfixtest issues Postfix a leaf of its own from the same CA,
// and has no option to share Dovecot's, which exists only once its
// Dovecot started inside postfixtest.Start. So the test points
// smtpd_tls_chain_files at Dovecot's key and certificate in main.cf
// (later settings win): every smtpd started from then on reads them, and
// max_use = 1 retires the ones started before. It then waits until
// native dials to both listeners are shown Dovecot's leaf.
func presentDovecotLeaf(t *testing.T, pf *postfixtest.Server) {
	t.Helper()
	dc := pf.Dovecot
	certFile, keyFile := filepath.Join(dc.Dir, "cert.pem"), filepath.Join(dc.Dir, "key.pem")
	want := leafDER(t, dc.TLSAddr, pf.TLSConfig())
	pemBytes, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatalf("reading Dovecot's certificate (dovecottest keeps it in Server.Dir): %v", err)
	}
	if b, _ := pem.Decode(pemBytes); b == nil || !bytes.Equal(b.Bytes, want) {
		t.Fatalf("%s is not the certificate Dovecot presents: dovecottest moved its files", certFile)
	}
	if _, err := os.Stat(keyFile); err != nil {
		t.Fatalf("Dovecot's key: %v", err)
	}
	f, err := os.OpenFile(filepath.Join(pf.ConfigDir, "main.cf"), os.O_APPEND|os.O_WRONLY, 0)
	s := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s(err)
	_, err = f.WriteString("\n# TestE2ESendPostfix: the certificate Dovecot presents\nsmtpd_tls_chain_files = " + keyFile + ", " + certFile + "\n")
	s(err)
	s(f.Close())
	for _, l := range []struct {
		name     string
		starttls bool
		addr     string
	}{{"implicit-TLS", false, pf.SubmissionTLSAddr}, {"STARTTLS", true, pf.SubmissionStartTLSAddr}} {
		deadline := time.Now().Add(20 * time.Second)
		for !bytes.Equal(submissionLeaf(t, pf, l.addr, l.starttls), want) {
			if time.Now().After(deadline) {
				t.Fatalf("Postfix's %s listener still presents its own certificate 20 s after main.cf named Dovecot's", l.name)
			}
			time.Sleep(50 * time.Millisecond) // polls the condition; each dial retires one smtpd
		}
	}
}

// leafDER is the certificate the TLS server at addr presents, verified
// against cfg.
func leafDER(t *testing.T, addr string, cfg *tls.Config) []byte {
	t.Helper()
	c, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", addr, cfg)
	if err != nil {
		t.Fatalf("TLS to %s: %v", addr, err)
	}
	defer c.Close()
	return c.ConnectionState().PeerCertificates[0].Raw
}

// submissionLeaf is the certificate a Postfix submission listener
// presents, with implicit TLS or after STARTTLS (RFC 3207), verified
// against the test CA.
func submissionLeaf(t *testing.T, pf *postfixtest.Server, addr string, starttls bool) []byte {
	t.Helper()
	if !starttls {
		return leafDER(t, addr, pf.TLSConfig())
	}
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(conn)
	step := func(cmd string, code int) {
		t.Helper()
		if cmd != "" {
			if err := tp.PrintfLine("%s", cmd); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := tp.ReadResponse(code); err != nil {
			t.Fatalf("submission at %s, %q: %v", addr, cmd, err)
		}
	}
	step("", 220)
	step("EHLO client.example.test", 250)
	step("STARTTLS", 220)
	tc := tls.Client(conn, pf.TLSConfig())
	if err := tc.Handshake(); err != nil {
		t.Fatalf("STARTTLS to %s: %v", addr, err)
	}
	return tc.ConnectionState().PeerCertificates[0].Raw
}

// setIdentity gives the open account one identity, through the
// Identities panel: a display name and the address.
func setIdentity(t *testing.T, s *browsertest.Session, name, address string) {
	t.Helper()
	s.Must(browsertest.ClickButton(s.Ctx, "Identities"))
	s.Must(browsertest.Wait(s.Ctx, "#identities #identity-0-name", 10*time.Second))
	msg := browsertest.Eval[string](s, `(() => {
		const set = (id, value) => {
			const el = document.getElementById(id);
			if (!el) throw new Error("no #" + id);
			el.value = value;
			el.dispatchEvent(new Event("input", {bubbles: true}));
		};
		set("identity-0-name", `+jsString(name)+`);
		set("identity-0-addresses", `+jsString(address)+`);
		return "";
	})()`)
	if msg != "" {
		t.Fatal(msg)
	}
	s.Must(browsertest.ClickButtonIn(s.Ctx, "#identities", "Save"))
	s.Must(browsertest.WaitText(s.Ctx, "Saved.", 10*time.Second))
	s.Must(browsertest.ClickButtonIn(s.Ctx, "#identities", "Close"))
	s.Must(browsertest.WaitGone(s.Ctx, "#identities", 10*time.Second))
}

// waitOutboxEmpty waits until the Outbox control counts nothing waiting:
// "Outbox (N)" while N messages wait, "Outbox" when none does.
func waitOutboxEmpty(t *testing.T, s *browsertest.Session) {
	t.Helper()
	if _, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`(() => {
		const b = [...document.querySelectorAll("button")].map(b => b.textContent.trim());
		return b.includes("Outbox") && !b.some(t => t.startsWith("Outbox ("));
	})()`, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the outbox did not empty: %v", err)
	}
}

// openSentDownload opens the newest message of the Sent view, checks its
// subject, and returns the bytes "Download .eml" saves: what the app
// recorded as sent.
func openSentDownload(t *testing.T, s *browsertest.Session, subject string) []byte {
	t.Helper()
	entry := selSent + " [data-sent-id]"
	s.Must(browsertest.Wait(s.Ctx, entry, 10*time.Second))
	if got, _ := browsertest.Text(s.Ctx, entry+" .subject"); got != subject {
		t.Fatalf("the newest message in Sent is %q, want %q", got, subject)
	}
	s.Do(chromedp.Click(chromedp.CSS(entry + " button")))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelMessage, 10*time.Second))
	if got, _ := browsertest.Text(s.Ctx, browsertest.SelMessage+" h2.subject"); got != subject {
		t.Fatalf("the reader shows %q from Sent, want %q", got, subject)
	}
	d, err := browsertest.Download(s.Ctx, chromedp.Click(chromedp.JSPath(
		`[...document.querySelectorAll("#message-reader button")].find(b => b.textContent.trim() === "Download .eml")`)))
	s.Must(err)
	p := d.Path
	if p == "" {
		p = filepath.Join(s.DownloadDir, d.GUID)
	}
	b, err := os.ReadFile(p)
	s.Must(err)
	t.Logf("Sent: %q, %d bytes", d.SuggestedFilename, len(b))
	return b
}

// pfMessage is one message of a mailbox as read natively.
type pfMessage struct {
	uidl string
	raw  []byte
}

// readMailbox reads user's whole mailbox with the project's POP3 client,
// natively, over implicit TLS verified against the test CA, in message
// order, and ends with QUIT (deleting nothing).
func readMailbox(t *testing.T, dc *dovecottest.Server, user, password string) []pfMessage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pop3.DialTLS(ctx, dc.TLSAddr, &pop3.Options{TLSConfig: dc.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, user, password); err != nil {
		t.Fatalf("POP3 login as %s: %v", user, err)
	}
	infos, err := c.UIDL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []pfMessage
	for _, mi := range infos {
		body, err := c.Retr(ctx, mi.Number)
		if err != nil {
			t.Fatalf("RETR %d: %v", mi.Number, err)
		}
		raw, err := io.ReadAll(body)
		if err == nil {
			err = body.Close()
		}
		if err != nil {
			t.Fatalf("RETR %d: %v", mi.Number, err)
		}
		out = append(out, pfMessage{uidl: mi.UID, raw: raw})
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatalf("POP3 QUIT: %v", err)
	}
	return out
}

// checkTrace holds the trace of a delivered message to a submission by
// Postfix from an authenticated TLS session (ESMTPSA, RFC 3848) and a
// Dovecot delivery (Return-Path of the envelope sender).
func checkTrace(t *testing.T, pf *postfixtest.Server, trace []string) {
	t.Helper()
	var returnPath, postfix bool
	for _, f := range trace {
		returnPath = returnPath || f == "Return-Path: <"+pf.Address+">"
		postfix = postfix || (strings.HasPrefix(f, "Received: from ") && strings.Contains(f, "(Postfix) with ESMTPSA"))
	}
	if !returnPath || !postfix {
		t.Errorf("trace %q: want Return-Path <%s> and Postfix's Received with ESMTPSA", trace, pf.Address)
	}
}

// checkAddress holds the header field k to one address, name and addr.
func checkAddress(t *testing.T, h *mail.Header, k, name, addr string) {
	t.Helper()
	l, err := h.AddressList(k)
	if err != nil || len(l) != 1 || l[0].Name != name || l[0].Address != addr {
		t.Errorf("%s = %v (%v, raw %q), want %s <%s>", k, l, err, h.Get(k), name, addr)
	}
}

// checkNoMboxFrom holds that no line of msg starts with "From " (which
// an mbox would turn into ">From ") and that every line fits in 998
// octets (RFC 5322 2.1.1).
func checkNoMboxFrom(t *testing.T, msg []byte) {
	t.Helper()
	for i, line := range strings.Split(string(msg), "\r\n") {
		if strings.HasPrefix(line, "From ") {
			t.Errorf("line %d starts with \"From \": %q", i+1, line)
		}
		if len(line) > 998 {
			t.Errorf("line %d has %d octets", i+1, len(line))
		}
	}
}

// checkFlowed holds the text part to format=flowed (RFC 3676) that
// decodes, in the app's own reader, to exactly what was typed, while on
// the wire the long line is wrapped.
func checkFlowed(t *testing.T, msg []byte, wire, typed string) {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(msg))
	s := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s(err)
	p, err := r.NextPart()
	s(err)
	ct, params, err := p.Header.(*mail.InlineHeader).ContentType()
	s(err)
	if ct != "text/plain" || !strings.EqualFold(params["format"], "flowed") || !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("the text part is %s %v, want text/plain with format=flowed and charset=utf-8", ct, params)
	}
	for _, line := range strings.Split(wire, "\r\n") {
		if len(line) > 998 {
			t.Errorf("a line of the decoded text part has %d octets: the long line was not wrapped", len(line))
		}
	}
	if !strings.Contains(wire, "\r\n From here on") {
		t.Errorf("the line starting with \"From \" is not space-stuffed (RFC 3676 4.4) in the text part:\n%q", wire)
	}
	if got := decodedText(t, msg); strings.TrimRight(got, "\n") != typed {
		t.Errorf("the text, format=flowed decoded, is\n%q\nwant what was typed\n%q", got, typed)
	}
}

// decodedText is the message's text as app/render decodes it (RFC 3676
// format=flowed), the text the reader shows.
func decodedText(t *testing.T, msg []byte) string {
	t.Helper()
	m := render.Render(msg, nil)
	if m.Text == nil {
		t.Fatalf("app/render finds no text body; problems %q", m.Problems)
	}
	return m.Text.Plain
}
