package mailbox

import (
	"context"
	"slices"
	"sync"
	"testing"
)

// Options.Trace hears a sync's stages in order, the last once every row
// is in, and a second sync's again (CheckNew opens a session too).
func TestTraceStages(t *testing.T) {
	h := newHarness(t, nil, message("a", 0), message("b", 1))
	var mu sync.Mutex
	var stages []string
	var rowsAtEnd int
	var m *Mailbox
	m = New(h.dialer(), Account{Username: user, Password: password}, &Options{Trace: func(stage string) {
		mu.Lock()
		defer mu.Unlock()
		stages = append(stages, stage)
		if stage == "sync-net-done" {
			rowsAtEnd = len(m.Messages())
		}
	}})
	defer m.Close()
	if err := m.Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	want := []string{"login-done", "listing-done", "sync-net-done"}
	if !slices.Equal(stages, want) || rowsAtEnd != 2 {
		t.Errorf("stages %q with %d rows at the end, want %q with 2", stages, rowsAtEnd, want)
	}
	stages = nil
	mu.Unlock()
	if _, err := m.CheckNew(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(stages) < 2 || stages[0] != "login-done" || stages[1] != "listing-done" {
		t.Errorf("CheckNew's stages %q, want login-done and listing-done first", stages)
	}
}
