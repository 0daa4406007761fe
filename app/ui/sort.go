package ui

import (
	"sort"
	"strings"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/thread"
)

// The inbox's order (select[name=sort]: date, sender, size) and its
// grouping into conversations (input[name=conversations]), per account
// (store.ViewSettings). The rows are arranged once per change of the
// list or of the order (Shell.refreshRows), never per render: the list
// renders only its visible window of the arranged rows.

// inboxOrder is how the open account's inbox is arranged, and what the
// last arrangement found.
type inboxOrder struct {
	set store.ViewSettings
	// marks are the rows in a conversation of more than one message,
	// by UID; nil without conversations.
	marks map[string]convMark

	// The last arrangement: the UIDs it was given, in order, under
	// which settings, and the order it made. Most changes of the list
	// (a read mark, a row's flag) keep its rows and their order, and
	// reuse it instead of sorting 10,000 rows again.
	lastIn  []string
	lastSet store.ViewSettings
	lastIdx []int
}

// convMark is a row's place in its conversation.
type convMark struct {
	count int  // on the conversation's first row: how many it holds
	reply bool // a later row of the conversation
}

// arrange orders rows (the Mailbox's, newest first, which it may reorder
// in place) and, with conversations on, brings each conversation's
// messages together, oldest first, where its first row in that order
// stands. The default order, newest first without conversations, costs
// nothing.
func (o *inboxOrder) arrange(rows []mailbox.Summary) []mailbox.Summary {
	if o.set == (store.ViewSettings{}) || len(rows) < 2 {
		o.marks, o.lastIn, o.lastIdx = nil, nil, nil
		return rows
	}
	if idx := o.reuse(rows); idx != nil {
		return permute(rows, idx)
	}
	o.marks = nil
	// Sorted as indices, then moved once: a row is a large struct.
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	switch o.set.Sort {
	case store.SortSender:
		idx = bySender(rows)
	case store.SortSize:
		sort.Sort(bySize{idx, rows})
	}
	if o.set.Conversations {
		idx = o.group(rows, idx)
	}
	o.lastIn, o.lastSet, o.lastIdx = o.lastIn[:0], o.set, idx
	for _, r := range rows {
		o.lastIn = append(o.lastIn, r.UID)
	}
	return permute(rows, idx)
}

// reuse returns the last arrangement's order if rows are the rows it was
// made from, in the same order, under the same settings; else nil.
func (o *inboxOrder) reuse(rows []mailbox.Summary) []int {
	if o.lastSet != o.set || len(o.lastIn) != len(rows) || o.lastIdx == nil {
		return nil
	}
	for i, r := range rows {
		if o.lastIn[i] != r.UID {
			return nil
		}
	}
	return o.lastIdx
}

func permute(rows []mailbox.Summary, idx []int) []mailbox.Summary {
	out := make([]mailbox.Summary, len(rows))
	for i, j := range idx {
		out[i] = rows[j]
	}
	return out
}

// group returns idx (rows in their order) with each conversation's
// messages together, oldest first, where its first row stands, and sets
// o.marks.
func (o *inboxOrder) group(rows []mailbox.Summary, idx []int) []int {
	msgs := make([]thread.Message, len(idx))
	for i, j := range idx {
		msgs[i] = thread.Message{Key: rows[j].Thread, Subject: rows[j].Subject}
	}
	rep := thread.Group(msgs)
	// next chains each conversation's members, in order, from its head.
	next, last := make([]int, len(idx)), make([]int, len(idx))
	size := make([]int, len(idx))
	for i, h := range rep {
		next[i] = -1
		if size[h] > 0 {
			next[last[h]] = i
		}
		last[h] = i
		size[h]++
	}
	out := make([]int, 0, len(idx))
	o.marks = make(map[string]convMark)
	var group []int
	for i, h := range rep {
		if h != i {
			continue
		}
		if size[h] == 1 {
			out = append(out, idx[i])
			continue
		}
		group = group[:0]
		for k := i; k >= 0; k = next[k] {
			group = append(group, idx[k])
		}
		oldestFirst(rows, group)
		for n, j := range group {
			m := convMark{reply: n > 0}
			if n == 0 {
				m.count = len(group)
			}
			o.marks[rows[j].UID] = m
			out = append(out, j)
		}
	}
	return out
}

// oldestFirst sorts the indices idx of rows by date, oldest first; a
// conversation is short, so an insertion sort does.
func oldestFirst(rows []mailbox.Summary, idx []int) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && rows[idx[j]].Date.Before(rows[idx[j-1]].Date); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

// bySender returns the row indices ordered by sender's name (else
// address), A to Z without regard to case, then as they were (newest
// first). A mailbox has far fewer senders than messages: the distinct
// names are sorted, and the rows placed by their name's rank in one
// counting pass, which keeps their order.
func bySender(rows []mailbox.Summary) []int {
	keys := make([]string, len(rows))
	rankOf := make(map[string]int)
	var uniq []string
	for i, r := range rows {
		k := r.FromName
		if k == "" {
			k = r.FromAddr
		}
		k = strings.ToLower(k)
		keys[i] = k
		if _, ok := rankOf[k]; !ok {
			rankOf[k] = 0
			uniq = append(uniq, k)
		}
	}
	sort.Strings(uniq)
	for r, k := range uniq {
		rankOf[k] = r
	}
	start := make([]int, len(uniq)+1)
	rank := make([]int, len(rows))
	for i, k := range keys {
		rank[i] = rankOf[k]
		start[rank[i]+1]++
	}
	for r := 1; r < len(start); r++ {
		start[r] += start[r-1]
	}
	idx := make([]int, len(rows))
	for i, r := range rank {
		idx[start[r]] = i
		start[r]++
	}
	return idx
}

// bySize orders row indices largest first, then as they were.
type bySize struct {
	idx  []int
	rows []mailbox.Summary
}

func (s bySize) Len() int      { return len(s.idx) }
func (s bySize) Swap(i, j int) { s.idx[i], s.idx[j] = s.idx[j], s.idx[i] }
func (s bySize) Less(i, j int) bool {
	a, b := s.idx[i], s.idx[j]
	if s.rows[a].Size != s.rows[b].Size {
		return s.rows[a].Size > s.rows[b].Size
	}
	return a < b
}
