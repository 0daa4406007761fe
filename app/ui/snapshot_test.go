package ui

import (
	"testing"
	"time"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// TestSnapshotDigest checks that the digest, which decides when the
// inbox's snapshot no longer shows what a reload would render, changes
// with everything the snapshot shows of the inbox and with nothing else.
func TestSnapshotDigest(t *testing.T) {
	t.Cleanup(func() { i18n.Set(i18n.Fallback) })
	shell := func() *Shell {
		s := &Shell{acct: store.Account{Key: "demo@demo"}}
		for i := range 150 {
			s.rows = append(s.rows, mailbox.Summary{
				UID: "u" + itoa(int64(i)), FromName: "Ann", FromAddr: "ann@example.org", Subject: "Hello",
				Date: time.Date(2025, 3, 1, 10, i%60, 0, 0, time.UTC), Size: int64(100 + i),
			})
		}
		return s
	}
	base := shell().snapshotDigest()
	if again := shell().snapshotDigest(); again != base {
		t.Fatalf("the same inbox gives two digests")
	}
	for _, tc := range []struct {
		name    string
		change  func(*Shell)
		changes bool
	}{
		{"another account", func(s *Shell) { s.acct.Key = "other@demo" }, true},
		{"a row read", func(s *Shell) { s.rows[3].Read = true }, true},
		{"a row's subject", func(s *Shell) { s.rows[0].Subject = "Hello!" }, true},
		{"a row's sender", func(s *Shell) { s.rows[0].FromName = "Anne" }, true},
		{"a row's date", func(s *Shell) { s.rows[5].Date = s.rows[5].Date.Add(time.Minute) }, true},
		{"a row's size", func(s *Shell) { s.rows[9].Size++ }, true},
		{"a deletion waiting", func(s *Shell) { s.rows[2].PendingDelete = true }, true},
		{"a new message", func(s *Shell) { s.rows = append([]mailbox.Summary{{UID: "new"}}, s.rows...) }, true},
		{"another order", func(s *Shell) { s.order.set.Sort = "from" }, true},
		{"conversations", func(s *Shell) { s.order.set.Conversations = true }, true},
		{"a message far below the first screen read", func(s *Shell) { s.rows[140].Read = true }, true}, // the unread count
		{"a row far below the first screen renamed", func(s *Shell) { s.rows[140].Subject = "Other" }, false},
		{"a search", func(s *Shell) { s.query = "hello"; s.shown = s.rows[:1] }, false},
		{"a selection", func(s *Shell) { s.selected = 4 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := shell()
			tc.change(s)
			if got := s.snapshotDigest() != base; got != tc.changes {
				t.Errorf("the digest changed: %v, want %v", got, tc.changes)
			}
		})
	}
	t.Run("another language", func(t *testing.T) {
		i18n.Set("de")
		defer i18n.Set(i18n.Fallback)
		if shell().snapshotDigest() == base {
			t.Errorf("the digest is the same in German")
		}
	})
}

// TestSnapshotUntil checks when a snapshot's dates stop reading as the
// app would write them (formatDate): at midnight if a row is of today,
// on 1 January if one is of this year, never if all are older.
func TestSnapshotUntil(t *testing.T) {
	now := time.Date(2026, 6, 10, 15, 0, 0, 0, time.Local)
	midnight := time.Date(2026, 6, 11, 0, 0, 0, 0, time.Local)
	newYear := time.Date(2027, 1, 1, 0, 0, 0, 0, time.Local)
	at := func(dates ...time.Time) []mailbox.Summary {
		var rows []mailbox.Summary
		for _, d := range dates {
			rows = append(rows, mailbox.Summary{Date: d})
		}
		return rows
	}
	for _, tc := range []struct {
		name string
		rows []mailbox.Summary
		want time.Time
	}{
		{"no rows", nil, time.Time{}},
		{"no dates", at(time.Time{}), time.Time{}},
		{"earlier years", at(time.Date(2025, 12, 31, 23, 0, 0, 0, time.Local), time.Date(2020, 1, 1, 0, 0, 0, 0, time.Local)), time.Time{}},
		{"this year", at(time.Date(2026, 6, 9, 23, 59, 0, 0, time.Local), time.Date(2025, 1, 1, 0, 0, 0, 0, time.Local)), newYear},
		{"today", at(time.Date(2026, 1, 2, 0, 0, 0, 0, time.Local), time.Date(2026, 6, 10, 0, 0, 0, 0, time.Local)), midnight},
		{"later than now", at(time.Date(2026, 6, 12, 9, 0, 0, 0, time.Local)), midnight},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := snapshotUntil(tc.rows, now); !got.Equal(tc.want) {
				t.Errorf("snapshotUntil = %v, want %v", got, tc.want)
			}
		})
	}
}
