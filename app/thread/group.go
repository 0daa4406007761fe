package thread

import (
	"strings"
	"unicode"
)

// Message is what Group needs of a message.
type Message struct {
	Key     string // from Key
	Subject string
}

// Group returns, for each of msgs, the index of the first message (in
// msgs' order) of its conversation: messages are in one conversation
// when their keys share an ID (one's own ID is another's root or
// parent, or both name the same root or parent), and a reply whose key
// names no root nor parent (no In-Reply-To, no References) but whose
// subject starts with "Re:" (or another reply or forward prefix) joins
// the conversation of the first message with the same subject without
// such a prefix, else of the first such reply. Two messages that only
// share a subject, neither a reply, stay apart.
func Group(msgs []Message) []int {
	parent := make([]int, len(msgs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		a, b = find(a), find(b)
		if a == b {
			return
		}
		if b < a {
			a, b = b, a
		}
		parent[b] = a // the lower index stays the representative
	}
	byID := make(map[string]int, len(msgs))
	linked := make([]bool, len(msgs)) // the key names a root or parent
	for i, m := range msgs {
		for n, id := range strings.Fields(m.Key) {
			if id == "-" {
				continue
			}
			if n > 0 {
				linked[i] = true
			}
			if j, ok := byID[id]; ok {
				union(i, j)
			} else {
				byID[id] = i
			}
		}
	}
	// The subject fallback, for replies that name no parent.
	roots := make(map[string]int)
	replies := make(map[string]int)
	bases := make([]string, len(msgs))
	isReply := make([]bool, len(msgs))
	for i, m := range msgs {
		base, reply := BaseSubject(m.Subject)
		bases[i], isReply[i] = base, reply
		if base == "" {
			continue
		}
		seen := roots
		if reply {
			seen = replies
		}
		if _, ok := seen[base]; !ok {
			seen[base] = i
		}
	}
	for i := range msgs {
		if linked[i] || bases[i] == "" || !isReply[i] {
			continue
		}
		if j, ok := roots[bases[i]]; ok {
			union(i, j)
		} else if j := replies[bases[i]]; j != i {
			union(i, j)
		}
	}
	out := make([]int, len(msgs))
	for i := range msgs {
		out[i] = find(i)
	}
	return out
}

// replyPrefixes are the reply and forward prefixes of mail programs in
// the languages Poppy speaks and a few more, lower case, without the
// colon.
var replyPrefixes = []string{"re", "fwd", "fw", "aw", "wg", "sv", "vs", "odp", "pd", "rv", "tr", "رد", "ر", "إعادة توجيه"}

// BaseSubject returns subject without its reply and forward prefixes
// ("Re:", "Fwd:", "AW:", "Re[2]:"), list tags ("[list] "), and case and
// runs of white space, and whether it had such a prefix.
func BaseSubject(subject string) (base string, reply bool) {
	s := strings.TrimSpace(subject)
	for {
		t := s
		if strings.HasPrefix(t, "[") {
			if j := strings.IndexByte(t, ']'); j > 0 && j < len(t)-1 {
				t = strings.TrimSpace(t[j+1:])
			}
		}
		if p, ok := cutPrefix(t); ok {
			t, reply = p, true
		}
		if t == s {
			break
		}
		s = t
	}
	s = strings.ToLower(s)
	if !oddSpace(s) {
		return s, reply // most subjects: no copy
	}
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "), reply
}

// oddSpace reports whether s has white space other than single ASCII
// spaces between words.
func oddSpace(s string) bool {
	prev := byte(' ')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' && prev == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c >= 0x80 {
			return true // (non-ASCII may hold Unicode spaces: the slow way)
		}
		prev = c
	}
	return prev == ' ' && len(s) > 0
}

// cutPrefix cuts one reply prefix: a word of replyPrefixes, an optional
// counter ("[2]", "(2)"), a colon (ASCII or full-width).
func cutPrefix(s string) (string, bool) {
	colon := strings.IndexAny(s, ":：")
	if colon <= 0 || colon > 40 {
		return s, false
	}
	word := strings.ToLower(strings.TrimSpace(s[:colon]))
	if k := strings.IndexAny(word, "[("); k > 0 {
		word = strings.TrimSpace(word[:k])
	}
	for _, p := range replyPrefixes {
		if word == p {
			size := 1
			if strings.HasPrefix(s[colon:], "：") {
				size = len("：")
			}
			return strings.TrimSpace(s[colon+size:]), true
		}
	}
	return s, false
}
