package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Every close code the bridge documents gets its own sentence, whole and
// ending with a full stop; the Problem the Mailbox made keeps its Kind.
func TestBridgeSentences(t *testing.T) {
	codes := []bridgeapi.CloseCode{
		bridgeapi.CodeGoingAway, bridgeapi.CodeBinaryOnly, bridgeapi.CodeMessageTooBig, bridgeapi.CodeBadRequest,
		bridgeapi.CodeForbiddenTarget, bridgeapi.CodeUnknownTarget, bridgeapi.CodeIdleTimeout, bridgeapi.CodeSessionTooLong,
		bridgeapi.CodeLimitReached, bridgeapi.CodeTargetError, bridgeapi.CodeTargetUnreachable, bridgeapi.CodeDialTimeout,
	}
	seen := map[string]bool{}
	for _, code := range codes {
		err := fmt.Errorf("pop3: greeting: %w", &transport.BridgeError{Code: code, Reason: "why"})
		p := mailbox.Classify(err)
		msg := sentence(p)
		if !strings.HasSuffix(msg, ".") || msg == kindSentence(p) {
			t.Errorf("%d: sentence %q (its Kind %v says %q)", code, msg, p.Kind, kindSentence(p))
		}
		seen[msg] = true
	}
	// Codes that share a sentence: the three malformed requests.
	if len(seen) != len(codes)-2 {
		t.Errorf("%d sentences for %d codes", len(seen), len(codes))
	}
}

func TestBridgeListSentence(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("%w: %w", transport.ErrBridgeUnreachable, errors.New("TypeError: Failed to fetch")), "Cannot reach the Poppy bridge. Check that it is running, then reload. The browser's words: “TypeError: Failed to fetch”."},
		{fmt.Errorf("%w: %w", transport.ErrBridgeUnreachable, &bridgeclient.StatusError{Status: 502}), "The Poppy bridge answered HTTP 502"},
		{fmt.Errorf("%w: %w: %w", transport.ErrBridgeUnreachable, bridgeclient.ErrBadList, errors.New("bad JSON")), "The Poppy bridge sent an unreadable server list. (Technical detail, not translated: bad JSON)"},
	} {
		if got := bridgeListSentence(tc.err); !strings.HasPrefix(got, tc.want) {
			t.Errorf("bridgeListSentence(%v) = %q, want it to start %q", tc.err, got, tc.want)
		}
	}
	// Unrelated problems keep the sentence of their Kind.
	p := &mailbox.Problem{Kind: mailbox.KindAuth, Err: errors.New("x")}
	if sentence(p) != kindSentence(p) {
		t.Errorf("sentence replaced that of a problem the bridge has no word on: %q", sentence(p))
	}
}
