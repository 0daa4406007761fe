package ui

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
)

// The mailbox classifies and the UI words: each failure, classified by
// mailbox.Classify (or made as the Mailbox makes it), reads as one whole
// sentence carrying the data it is about (the server's words, a limit).
func TestKindSentences(t *testing.T) {
	tests := []struct {
		name string
		p    *mailbox.Problem
		want string
	}{
		{"auth", mailbox.Classify(&pop3.Error{Command: "PASS", Code: "AUTH", Text: "Use an app password."}), "did not accept the username or password"},
		{"in use", mailbox.Classify(&pop3.Error{Code: "IN-USE", Text: "locked"}), "open in another mail program"},
		{"login delay", mailbox.Classify(&pop3.Error{Code: "LOGIN-DELAY"}), "signing in only every so often"},
		{"server words", mailbox.Classify(&pop3.Error{Command: "STAT", Text: "Mailbox is being rebuilt"}), "The mail server refused: Mailbox is being rebuilt."},
		{"server silent", mailbox.Classify(&pop3.Error{Command: "STAT"}), "The mail server refused: no reason given."},
		{"not supported", mailbox.Classify(fmt.Errorf("pop3: TOP: %w", pop3.ErrNotSupported)), "does not support a command Poppy needs"},
		{"limit", mailbox.Classify(&pop3.LimitError{Command: "RETR", Limit: "message size", Max: 10}), "(message size limit of 10 bytes)"},
		{"protocol", mailbox.Classify(&pop3.ProtocolError{Command: "LIST", Reason: "bad"}), "could not use"},
		{"insecure", mailbox.Classify(pop3.ErrInsecureAuth), "not encrypted"},
		{"untrusted", mailbox.Classify(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), "certificate could not be verified"},
		{"tls", mailbox.Classify(fmt.Errorf("pop3: greeting: %w", tls.AlertError(42))), "(TLS) connection"},
		{"dropped", mailbox.Classify(fmt.Errorf("pop3: RETR: %w", io.ErrUnexpectedEOF)), "connection to the mail server was lost"},
		{"canceled", mailbox.Classify(fmt.Errorf("x: %w", context.Canceled)), "Stopped."},
		{"closed", mailbox.Classify(mailbox.ErrClosed), "This mailbox was closed."},
		{"unreachable", &mailbox.Problem{Kind: mailbox.KindUnreachable}, "cannot be reached"},
		{"refused", &mailbox.Problem{Kind: mailbox.KindRefused}, "does not connect to this mail server"},
		{"commit checked", &mailbox.Problem{Kind: mailbox.KindCommit, Verified: true}, "did not delete these messages"},
		{"commit unchecked", &mailbox.Problem{Kind: mailbox.KindCommit}, "did not confirm the deletion"},
		{"gone", &mailbox.Problem{Kind: mailbox.KindGone, Op: mailbox.OpFetch}, "no longer on the server"},
		{"stale", &mailbox.Problem{Kind: mailbox.KindStale}, "lacks UIDL"},
		{"device full", &mailbox.Problem{Kind: mailbox.KindStorage, Err: fmt.Errorf("put: %w", store.ErrQuota)}, "no room left"},
		{"device failed", &mailbox.Problem{Kind: mailbox.KindStorage, Err: errors.New("broken")}, "could not read or save"},
		{"signed out", &mailbox.Problem{Kind: mailbox.KindSignedOut}, "Sign in to check for new mail."},
		{"signed out, reading", &mailbox.Problem{Kind: mailbox.KindSignedOut, Op: mailbox.OpFetch}, "not saved on this device. Sign in to download it."},
		{"other", &mailbox.Problem{Kind: mailbox.KindOther, Detail: "x"}, "Something went wrong."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentence(tt.p)
			if !strings.Contains(got, tt.want) || !strings.HasSuffix(got, ".") {
				t.Errorf("sentence(%v) = %q, want a sentence with %q", tt.p, got, tt.want)
			}
		})
	}
}

// A refused password shows the server's reason, with its response code
// only where asked.
func TestSignInSentenceCarriesServerWords(t *testing.T) {
	p := mailbox.Classify(&pop3.Error{Command: "PASS", Code: "AUTH", Text: "Use an app password."})
	if got := signInSentence(p, true); !strings.Contains(got, "“Use an app password.”") || !strings.HasSuffix(got, "[AUTH]") {
		t.Errorf("with code: %q", got)
	}
	if got := signInSentence(p, false); strings.Contains(got, "[AUTH]") || !strings.Contains(got, "Use an app password.") {
		t.Errorf("without code: %q", got)
	}
}
