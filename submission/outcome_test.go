package submission

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestOutcome(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want Delivery
	}{
		{"nil", nil, Delivered},
		{"lost after the dot", &ConnError{Stage: StageAfterData, Err: io.EOF}, MaybeSent},
		{"wrapped lost after the dot", fmt.Errorf("outbox: %w", &ConnError{Stage: StageAfterData, Err: io.EOF}), MaybeSent},
		{"the sentinel", ErrOutcomeUnknown, MaybeSent},
		{"lost during content", &ConnError{Stage: StageData, Err: io.ErrUnexpectedEOF}, NotSentRetry},
		{"lost before AUTH", &ConnError{Stage: StageGreeting, Err: io.EOF}, NotSentRetry},
		{"cancelled during content", &ConnError{Stage: StageData, Err: context.Canceled}, NotSentRetry},
		{"4xx", &Error{Stage: StageMail, Code: 421}, NotSentRetry},
		{"5xx", &Error{Stage: StageMail, Code: 550}, NotSentPermanent},
		{"auth refused", &Error{Stage: StageAuth, Code: 535, Enhanced: [3]int{5, 7, 8}}, NotSentPermanent},
		{"verdict 5xx", &Error{Stage: StageAfterData, Code: 554}, NotSentPermanent},
		{"size", &SizeError{Size: 2, Limit: 1}, NotSentPermanent},
		{"recipients", &RecipientsError{Refused: []*Error{{Code: 450}}}, NotSentPermanent},
		{"starttls", ErrStartTLSNotOffered, NotSentPermanent},
		{"smtputf8", ErrSMTPUTF8NotOffered, NotSentPermanent},
		{"insecure", ErrInsecureAuth, NotSentPermanent},
		{"mechanism", ErrAuthNotOffered, NotSentPermanent},
		{"address", &AddressError{Address: "x"}, NotSentPermanent},
		{"certificate", &ConnError{Stage: StageTLS, Err: x509.UnknownAuthorityError{}}, NotSentPermanent},
		{"network", errors.New("dial tcp: connection refused"), NotSentRetry},
		{"ended after a maybe-sent", &closedError{cause: &ConnError{Stage: StageAfterData, Err: io.EOF}}, NotSentRetry},
		{"ended after refused recipients", &closedError{cause: &RecipientsError{}}, NotSentRetry},
	} {
		if got := Outcome(tc.err); got != tc.want {
			t.Errorf("%s: Outcome(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// Every error reads as a sentence with the package prefix and the
// server's words and codes.
func TestErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&Error{Stage: StageRcpt, Code: 550, Enhanced: [3]int{5, 1, 1}, Text: "User unknown", Recipient: "cy@example.org"},
			"submission: the server refused RCPT TO <cy@example.org>: 550 5.1.1 User unknown"},
		{&RecipientsError{Refused: []*Error{{Code: 550, Enhanced: [3]int{5, 1, 1}, Text: "unknown", Recipient: "a@x"}, {Code: 450, Recipient: "b@x"}}},
			"submission: nothing was sent because the server refused 2 recipients: <a@x> 550 5.1.1 unknown; <b@x> 450"},
		{&SizeError{Size: 2000, Limit: 1000},
			"submission: the message is 2000 bytes and the server accepts at most 1000; nothing was sent: remove or shrink attachments"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}
