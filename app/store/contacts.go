package store

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
)

// The address book of an account is one record, its contacts as a JSON
// array: it is bounded (Options.MaxContacts), so reading it whole for a
// lookup costs one record, and a write that merges what a sync saw is one
// read and one write in one transaction, which two tabs cannot interleave.

// SeeContacts implements Sending.
func (s sendingStore) SeeContacts(ctx context.Context, account string, cs []Contact) error {
	const op = "see contacts"
	if err := checkID(op, account, "-"); err != nil {
		return err
	}
	var seen []Contact
	for _, c := range cs {
		if c.Addr = strings.TrimSpace(c.Addr); c.Addr != "" {
			seen = append(seen, c)
		}
	}
	if len(seen) == 0 {
		return nil
	}
	_, _, err := s.r.recUpdate(ctx, op, kindContacts, account, "", false, func(meta string, ok bool) (string, error) {
		var book []Contact
		if ok {
			if err := json.Unmarshal([]byte(meta), &book); err != nil {
				return "", err
			}
		}
		return marshal(op, mergeContacts(book, seen, s.maxContacts))
	})
	return err
}

// mergeContacts adds seen to book and keeps the n most recently seen.
func mergeContacts(book, seen []Contact, n int) []Contact {
	at := make(map[string]int, len(book)+len(seen))
	for i, c := range book {
		at[strings.ToLower(c.Addr)] = i
	}
	for _, c := range seen {
		k := strings.ToLower(c.Addr)
		i, ok := at[k]
		if !ok {
			at[k] = len(book)
			book = append(book, Contact{Addr: c.Addr, Name: c.Name, LastSeen: c.LastSeen, Count: 1})
			continue
		}
		b := &book[i]
		b.Count++
		if c.Name != "" {
			b.Name = c.Name
		}
		if c.LastSeen.After(b.LastSeen) {
			b.LastSeen = c.LastSeen
		}
	}
	if len(book) > n {
		slices.SortStableFunc(book, func(a, b Contact) int {
			return cmp.Or(b.LastSeen.Compare(a.LastSeen), cmp.Compare(b.Count, a.Count))
		})
		book = book[:n]
	}
	return book
}

// LookupContacts implements Sending.
func (s sendingStore) LookupContacts(ctx context.Context, account, prefix string, limit int) ([]Contact, error) {
	const op = "lookup contacts"
	meta, _, ok, err := s.r.recGet(ctx, op, kindContacts, account, "", false)
	if err != nil || !ok {
		return nil, err
	}
	var book []Contact
	if err := json.Unmarshal([]byte(meta), &book); err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	p := strings.ToLower(prefix)
	var found []Contact
	for _, c := range book {
		if contactMatches(c, p) {
			found = append(found, c)
		}
	}
	slices.SortStableFunc(found, func(a, b Contact) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), b.LastSeen.Compare(a.LastSeen), cmp.Compare(a.Addr, b.Addr))
	})
	if limit > 0 && len(found) > limit {
		found = found[:limit]
	}
	return found, nil
}

// contactMatches reports whether c's address, name or a word of its name
// starts with p, which is lower case.
func contactMatches(c Contact, p string) bool {
	if strings.HasPrefix(strings.ToLower(c.Addr), p) {
		return true
	}
	name := strings.ToLower(c.Name)
	if strings.HasPrefix(name, p) {
		return true
	}
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '"' || r == '(' }) {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}
