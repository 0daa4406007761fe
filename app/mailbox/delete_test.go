package mailbox

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestDeleteUndo(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	clock := &undoClock{}
	m, ev := h.open(&Options{undoTimer: clock.afterFunc})

	undo := m.Delete("m2")
	if hasRow(m, "m2") {
		t.Fatal("deleted row still listed")
	}
	ev.wait(t, EventListChanged)
	if !undo() {
		t.Fatal("undo within the window failed")
	}
	if !hasRow(m, "m2") {
		t.Fatal("undone row not back")
	}
	// Positive control: a deletion left alone, whose window ends at the
	// same moment, reaches the server; so would m2 had the undo failed.
	m.Delete("m1")
	clock.end(t) // both windows, the undone one's timer firing anyway
	if e := ev.wait(t, EventDeleted); !slices.Equal(e.UIDs, []string{"m1"}) {
		t.Errorf("deleted %q, want only m1", e.UIDs)
	}
	if undo() {
		t.Error("second undo reported success")
	}
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 1"}) {
		t.Errorf("DELE sent %q, want only the control's", got)
	}
	if got, want := h.uids(), []string{"m2", "m3"}; !slices.Equal(got, want) {
		t.Errorf("server has %q, want %q", got, want)
	}
	if !hasRow(m, "m2") || ev.count(EventDeleteFailed) != 0 {
		t.Errorf("rows %q, events %v", rowUIDs(m.Messages()), ev.kinds())
	}
}

func TestDeleteCommit(t *testing.T) {
	h := newHarness(t, nil, messages(4)...)
	m, ev := h.open(&Options{UndoWindow: 50 * time.Millisecond})
	m.MarkRead(true, "m1", "m2")

	start := time.Now()
	undo := m.Delete("m1", "m3")
	e := ev.wait(t, EventDeleted)
	if time.Since(start) < 50*time.Millisecond {
		t.Error("committed before the undo window ended")
	}
	if !slices.Equal(e.UIDs, []string{"m1", "m3"}) {
		t.Errorf("deleted %q", e.UIDs)
	}
	if undo() {
		t.Error("undo after the commit reported success")
	}
	if got, want := h.uids(), []string{"m2", "m4"}; !slices.Equal(got, want) {
		t.Errorf("server has %q, want %q", got, want)
	}
	// DELE by number, QUIT, and then a new session.
	var after []string
	quit := false
	for _, c := range h.rec.All() {
		if c.Line == "QUIT" {
			quit = true
		} else if quit {
			after = append(after, c.Line)
		}
	}
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 1", "DELE 3"}) {
		t.Errorf("DELE sent %q", got)
	}
	if !slices.Contains(after, "UIDL") || !m.Connected() {
		t.Errorf("no new session after QUIT: %q, connected %v", after, m.Connected())
	}
	if got := rowUIDs(m.Messages()); !slices.Equal(got, []string{"m4", "m2"}) {
		t.Errorf("rows %q", got)
	}
	m.Close() // waits for the Store writes
	c, _ := m.opts.Store.Load(context.Background(), m.key)
	if marks := c.Read; !marks["m2"] || marks["m1"] {
		t.Errorf("store marks %v: want m2 kept, m1 forgotten", marks)
	}
}

// Two Deletes in a row each keep their own undo window: the end of the
// first commits only the first, and the second can still be undone.
func TestDeleteSeveralBatches(t *testing.T) {
	h := newHarness(t, nil, messages(4)...)
	clock := &undoClock{}
	m, ev := h.open(&Options{undoTimer: clock.afterFunc})
	m.Delete("m1")
	undo := m.Delete("m2")
	clock.end(t, 0)
	if e := ev.wait(t, EventDeleted); !slices.Equal(e.UIDs, []string{"m1"}) {
		t.Errorf("deleted %q", e.UIDs)
	}
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 1"}) {
		t.Errorf("DELE sent %q", got)
	}
	if hasRow(m, "m2") {
		t.Error("m2 came back while its window was open")
	}
	if !undo() {
		t.Fatal("undo of the second batch failed after the first committed")
	}
	clock.end(t, 1)
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 1"}) {
		t.Errorf("DELE sent %q after the undone window ended", got)
	}
	if got, want := h.uids(), []string{"m2", "m3", "m4"}; !slices.Equal(got, want) {
		t.Errorf("server has %q, want %q", got, want)
	}
}

// Flush commits at once, for signing out.
func TestFlush(t *testing.T) {
	h := newHarness(t, nil, messages(2)...)
	m, _ := h.open(&Options{UndoWindow: time.Hour})
	m.Delete("m2")
	if err := m.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := h.uids(); !slices.Equal(got, []string{"m1"}) {
		t.Errorf("server has %q", got)
	}
}

// Close cancels deletions still in their window: nothing is deleted,
// even when the window ends afterwards.
func TestCloseCancelsPendingDelete(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	clock := &undoClock{}
	m, ev := h.open(&Options{undoTimer: clock.afterFunc})
	// Positive control: without Close, the window's end deletes.
	m.Delete("m1")
	clock.end(t)
	ev.wait(t, EventDeleted)
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 1"}) {
		t.Fatalf("control: DELE sent %q", got)
	}
	m.Delete("m2")
	m.Close()
	clock.end(t)
	if clock.started() != 2 {
		t.Errorf("%d undo windows started, want 2", clock.started())
	}
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 1"}) {
		t.Errorf("DELE sent %q after Close", got)
	}
	if got, want := h.uids(), []string{"m2", "m3"}; !slices.Equal(got, want) {
		t.Errorf("server has %q, want %q", got, want)
	}
}

// A server that answers QUIT with -ERR has deleted nothing (here it never
// even saw the QUIT): the message comes back, with the server's words.
func TestCommitQuitRefused(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	m, ev := h.open(&Options{UndoWindow: 20 * time.Millisecond})
	h.onQuit(quitRefuse)
	m.Delete("m1")
	e := ev.wait(t, EventDeleteFailed)
	if !slices.Equal(e.UIDs, []string{"m1"}) || e.Problem.Kind != KindCommit || e.Problem.Code != "SYS/TEMP" {
		t.Fatalf("event %+v, problem %+v", e, e.Problem)
	}
	if !hasRow(m, "m1") {
		t.Error("message not back in the list")
	}
	if len(h.uids()) != 3 {
		t.Errorf("server has %q", h.uids())
	}
	if ev.count(EventDeleted) != 0 {
		t.Error("EventDeleted after a refused QUIT")
	}
	if !m.Connected() {
		t.Error("no session after the failed commit")
	}
}

// A QUIT whose reply is lost leaves the outcome unknown; the next
// session's UIDL settles it. Here the server did commit.
func TestCommitReplyLostButDone(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	m, ev := h.open(&Options{UndoWindow: 20 * time.Millisecond})
	// Positive control: a refused commit's failure is counted, once the
	// commit has ended and its events are delivered.
	h.onQuit(quitRefuse)
	m.Delete("m3")
	ev.wait(t, EventDeleteFailed)
	settle(t, m, ev)
	if n := ev.count(EventDeleteFailed); n != 1 {
		t.Fatalf("control: %d EventDeleteFailed, want 1", n)
	}

	h.onQuit(quitLoseReply)
	m.Delete("m1")
	e := ev.wait(t, EventDeleted)
	if !slices.Equal(e.UIDs, []string{"m1"}) {
		t.Fatalf("deleted %q", e.UIDs)
	}
	// A failure for messages still listed would come after EventDeleted.
	settle(t, m, ev)
	if ev.count(EventDeleteFailed) != 1 {
		t.Error("reported a failure although the next session shows m1 gone")
	}
	if hasRow(m, "m1") || !slices.Equal(h.uids(), []string{"m2", "m3"}) {
		t.Errorf("rows %q, server %q", rowUIDs(m.Messages()), h.uids())
	}
}

// The connection drops between DELE and QUIT (a bridge replica going
// away): that session deletes nothing, so the whole commit is tried again
// at once on a new session, by UIDL, and the person sees it deleted, once.
func TestCommitDroppedRetried(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	m, ev := h.open(&Options{UndoWindow: 20 * time.Millisecond, ReconnectBase: 10 * time.Millisecond})
	h.onQuit(quitDrop)
	m.Delete("m2")
	e := ev.wait(t, EventDeleted)
	if !slices.Equal(e.UIDs, []string{"m2"}) {
		t.Fatalf("deleted %q", e.UIDs)
	}
	settle(t, m, ev)
	quietRetry(t, ev)
	// Positive control of the drop: the first QUIT never reached the
	// server, so the second session sent DELE and QUIT again.
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 2", "DELE 2"}) {
		t.Errorf("DELE sent %q", got)
	}
	if got := h.uids(); !slices.Equal(got, []string{"m1", "m3"}) {
		t.Errorf("server has %q", got)
	}
}

// When the retry drops too, nothing is deleted, the message comes back,
// and neither the reconnect nor anything else sends its DELE again.
// Deleting it again then works, once.
func TestCommitDroppedNoDoubleDelete(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	m, ev := h.open(&Options{UndoWindow: 20 * time.Millisecond, ReconnectBase: 10 * time.Millisecond})
	// The idle session is gone before the commit (first try), and the
	// retry's QUIT is dropped (second try).
	h.dropAll()
	h.onQuit(quitDrop)
	m.Delete("m2")
	e := ev.wait(t, EventDeleteFailed)
	if !slices.Equal(e.UIDs, []string{"m2"}) || e.Problem.Kind != KindCommit {
		t.Fatalf("event %+v, problem %v", e, e.Problem)
	}
	if !hasRow(m, "m2") || len(h.uids()) != 3 {
		t.Fatalf("rows %q, server %q", rowUIDs(m.Messages()), h.uids())
	}
	if _, err := m.CheckNew(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := h.lines("DELE"); len(got) != 1 {
		t.Fatalf("DELE sent %q after the failed commit", got)
	}
	m.Delete("m2")
	ev.wait(t, EventDeleted)
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 2", "DELE 2"}) {
		t.Errorf("DELE sent %q", got)
	}
	if got := h.uids(); !slices.Equal(got, []string{"m1", "m3"}) {
		t.Errorf("server has %q", got)
	}
}

// The idle session was cut before the commit (a restarted bridge closes
// it with 1001 while the person reads): the commit finds out when DELE
// fails and goes through on a new session at once, without queueing.
func TestCommitOnCutIdleSession(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	m, ev := h.open(&Options{UndoWindow: 20 * time.Millisecond, ReconnectBase: 10 * time.Millisecond, KeepaliveInterval: -1})
	logins := len(h.lines("APOP"))
	h.dropAll()
	m.Delete("m1")
	ev.wait(t, EventDeleted)
	settle(t, m, ev)
	// Positive control of the cut: besides the session that verifies the
	// commit, one more was opened for the retry.
	if n := len(h.lines("APOP")) - logins; n != 2 {
		t.Errorf("%d logins during the commit, want 2 (the retry and the check)", n)
	}
	quietRetry(t, ev)
	if got := h.uids(); !slices.Equal(got, []string{"m2", "m3"}) {
		t.Errorf("server has %q", got)
	}
}

// quietRetry checks that a commit that went through on its retry showed
// the person nothing but the deletion.
func quietRetry(t *testing.T, ev *eventLog) {
	t.Helper()
	for _, k := range []EventKind{EventDeleteFailed, EventDeleteQueued, EventReconnecting} {
		if n := ev.count(k); n != 0 {
			t.Errorf("%d %v events for a commit that went through on its retry", n, k)
		}
	}
}
