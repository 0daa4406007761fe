package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/submission"
)

// Each outbox entry carries data-outbox-id and says its state in words;
// a maybe-sent one asks the person, a failed one says why, one being
// sent shows its progress.
func TestOutboxViewContract(t *testing.T) {
	var answers []string
	v := &outboxView{
		Items: []outboxItem{
			{ID: "q1", State: stateQueued, To: "bob@example.com", Subject: "Queued"},
			{ID: "s1", State: stateSending, Subject: "Big", Size: 1000, Sent: 250},
			{ID: "m1", State: stateMaybeSent, Subject: "Maybe"},
			{ID: "f1", State: stateFailed, Subject: "Failed", Err: &submission.RecipientsError{Refused: []*submission.Error{
				{Stage: submission.StageRcpt, Code: 550, Enhanced: [3]int{5, 1, 1}, Text: "no such user", Recipient: "nobody@example.com"},
			}}},
		},
		OnResolve: func(id string, sent bool) {
			answers = append(answers, id+map[bool]string{true: " sent", false: " again"}[sent])
		},
	}
	doc := mountHTML(t, v)
	if len(findAll(doc, func(n *html.Node) bool { return attr(n, "id") == "outbox" })) != 1 {
		t.Fatal("no #outbox")
	}
	entries := map[string]*html.Node{}
	for _, n := range findAll(doc, func(n *html.Node) bool { return hasAttr(n, "data-outbox-id") }) {
		entries[attr(n, "data-outbox-id")] = n
	}
	if len(entries) != 4 {
		t.Fatalf("%d entries with data-outbox-id, want 4", len(entries))
	}
	for id, want := range map[string]string{
		"q1": "Waiting to be sent.",
		"s1": "Sending…",
		"m1": "It may have been sent.",
		"f1": "nobody@example.com (no such mailbox: “no such user”)",
	} {
		if got := textOf(entries[id]); !strings.Contains(got, want) {
			t.Errorf("entry %s reads %q, want %q in it", id, got, want)
		}
	}
	buttons := func(n *html.Node) (out []string) {
		for _, b := range findAll(n, func(n *html.Node) bool { return n.Data == "button" }) {
			out = append(out, textOf(b))
		}
		return out
	}
	if got := strings.Join(buttons(entries["m1"]), "|"); got != "Mark as sent|Send again" {
		t.Errorf("maybe-sent entry offers %q", got)
	}
	if got := buttons(entries["q1"]); len(got) != 0 {
		t.Errorf("a queued entry offers %q", got)
	}
	if p := findAll(entries["s1"], func(n *html.Node) bool { return n.Data == "progress" }); len(p) != 1 || attr(p[0], "value") != "250" || attr(p[0], "max") != "1000" {
		t.Error("the entry being sent shows no progress")
	}
	if len(findAll(doc, func(n *html.Node) bool { return hasAttr(n, "data-draft-id") })) != 0 {
		t.Error("drafts listed without any")
	}
	var opened string
	v.Drafts, v.OnOpenDraft = []draftItem{{ID: "d1", Subject: "Half written", To: "carol@example.com"}}, func(id string) { opened = id }
	drafts := findAll(mountHTML(t, v), func(n *html.Node) bool { return attr(n, "data-draft-id") == "d1" })
	if len(drafts) != 1 || strings.Join(strings.Fields(textOf(drafts[0])), " ") != "Half written to carol@example.com" {
		t.Fatalf("the draft is not listed as its subject and recipient: %d", len(drafts))
	}
	v.OnOpenDraft("d1")
	if opened != "d1" {
		t.Error("OnOpenDraft")
	}
	v.resolve("m1", true)
	v.resolve("m1", false)
	if strings.Join(answers, ",") != "m1 sent,m1 again" {
		t.Errorf("answers %q", answers)
	}
}

// The Sent view is #sent and lists what it is given, in that order
// (newest first, as the device keeps them).
func TestSentViewContract(t *testing.T) {
	now := time.Now()
	v := &sentView{Items: []sentItem{
		{ID: "2", To: "bob@example.com", Subject: "Newer", Date: now},
		{ID: "1", To: "carol@example.com", Subject: "Older", Date: now.Add(-time.Hour)},
	}}
	doc := mountHTML(t, v)
	sec := findAll(doc, func(n *html.Node) bool { return attr(n, "id") == "sent" })
	if len(sec) != 1 {
		t.Fatal("no #sent")
	}
	var subjects []string
	for _, n := range findAll(sec[0], func(n *html.Node) bool { return hasAttr(n, "data-sent-id") }) {
		subjects = append(subjects, textOf(findAll(n, func(n *html.Node) bool { return attr(n, "class") == "subject" })[0]))
	}
	if strings.Join(subjects, ",") != "Newer,Older" {
		t.Errorf("Sent lists %q", subjects)
	}
}

// Every failure the engine types has its own sentence, whole, which
// says what happened; the recipient refused is named with the reason.
func TestSendSentences(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"auth", &submission.Error{Stage: submission.StageAuth, Code: 535, Enhanced: [3]int{5, 7, 8}, Text: "bad credentials"}, "did not accept your username or password"},
		{"recipient", &submission.RecipientsError{Refused: []*submission.Error{{Stage: submission.StageRcpt, Code: 550, Enhanced: [3]int{5, 1, 1}, Recipient: "x@example.com"}}}, "refused a recipient, so nothing was sent: x@example.com (no such mailbox)"},
		{"two recipients", &submission.RecipientsError{Refused: []*submission.Error{{Recipient: "x@example.com", Text: "nope"}, {Recipient: "y@example.com", Enhanced: [3]int{5, 2, 2}}}}, "refused 2 recipients, so nothing was sent: x@example.com (“nope”); y@example.com (mailbox full)"},
		{"size", &submission.SizeError{Size: 30_000_000, Limit: 25_000_000}, "This message is 30 MB, more than the 25 MB the sending server accepts."},
		{"size reply", &submission.Error{Stage: submission.StageData, Code: 552, Enhanced: [3]int{5, 3, 4}}, "too big for the sending server"},
		{"starttls", submission.ErrStartTLSNotOffered, "does not offer encryption (STARTTLS), so Poppy sent neither your password nor the message"},
		{"maybe", &submission.ConnError{Stage: submission.StageAfterData, Err: errors.New("EOF")}, "It may have been sent."},
		{"unreachable", &submission.ConnError{Stage: submission.StageConnect, Err: errors.New("refused")}, "cannot be reached"},
		{"busy", &submission.Error{Stage: submission.StageMail, Code: 451, Enhanced: [3]int{4, 3, 0}, Text: "try later"}, "refused the sender address"},
		{"temporary", &submission.Error{Stage: submission.StageData, Code: 451, Text: "try later"}, "busy or refused for now"},
		{"no submission server", transport.ErrCannotSend, "cannot send from this account"},
		{"signed out", errSignedOut, "Sign in to send"},
		{"kept kind", &storedSendError{Kind: outbox.KindRecipients, Text: "x@example.com: 550 5.1.1 no such user"}, "refused a recipient, so nothing was sent. Details: x@example.com: 550 5.1.1 no such user."},
		{"kept maybe-sent", &storedSendError{Kind: outbox.KindInterrupted}, "It may have been sent."},
	} {
		got := sendSentence(tc.err)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q in it", tc.name, got, tc.want)
		}
		if !strings.HasSuffix(got, ".") && !strings.HasSuffix(got, "]") && !strings.HasSuffix(got, "”") {
			t.Errorf("%s: %q does not end a sentence", tc.name, got)
		}
	}
	if sendSentence(nil) != "" {
		t.Error("a nil error has a sentence")
	}
}

// While a message uploads, the status bar shows a <progress> of it
// beside the live region; without an upload, none.
func TestSendProgressBar(t *testing.T) {
	s := &Shell{}
	s.send.note = sendingNote
	s.send.progress = &sendEvent{ID: "e1", State: stateSending, Sent: 300_000, Size: 1_000_000}
	doc := mountHTML(t, s.renderSendNote())
	p := findAll(doc, func(n *html.Node) bool { return n.Data == "progress" })
	if len(p) != 1 || attr(p[0], "value") != "300000" || attr(p[0], "max") != "1000000" || attr(p[0], "aria-label") == "" {
		t.Fatalf("progress: %d elements", len(p))
	}
	live := findAll(doc, func(n *html.Node) bool { return attr(n, "aria-live") == "polite" })
	if len(live) != 1 || textOf(live[0]) != sendingNote || attr(live[0], "id") != "send-status" {
		t.Errorf("no #send-status live region saying %q", sendingNote)
	}
	if !strings.Contains(textOf(doc), "300 kB of 1 MB") {
		t.Errorf("no sizes beside the bar: %q", textOf(doc))
	}
	s.send.progress = nil
	if p := findAll(mountHTML(t, s.renderSendNote()), func(n *html.Node) bool { return n.Data == "progress" }); len(p) != 0 {
		t.Error("a progress bar without an upload")
	}
}
