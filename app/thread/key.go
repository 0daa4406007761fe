package thread

import (
	"strconv"
	"strings"
)

// Key returns the thread key of a message, from its Message-ID,
// In-Reply-To and References field values (unfolded; "" when absent):
// the hash of its own ID (or "-" when it has none), then the hashes of
// the conversation's root (the first of References) and of its parent
// (In-Reply-To, else the last of References), each once, separated by
// spaces. A message with no ID at all has the key "".
//
// Only the hashes are kept: a row stores a few dozen bytes whatever the
// length of References, and 64-bit hashes do not collide in a mailbox.
func Key(messageID, inReplyTo, references string) string {
	own := firstID(messageID)
	refs := ids(references)
	var root, parent string
	if len(refs) > 0 {
		root, parent = refs[0], refs[len(refs)-1]
	}
	if p := ids(inReplyTo); len(p) > 0 {
		parent = p[0]
		if root == "" {
			root = parent
		}
	}
	if own == "" && root == "" {
		return ""
	}
	var b strings.Builder
	if own == "" {
		b.WriteByte('-')
	} else {
		b.WriteString(hash(own))
	}
	for _, id := range [...]string{root, parent} {
		if id != "" && id != own {
			h := hash(id)
			if !strings.Contains(b.String(), " "+h) {
				b.WriteByte(' ')
				b.WriteString(h)
			}
		}
	}
	return b.String()
}

// maxID bounds an ID's length: anything longer is not a msg-id.
const maxID = 998

// ids returns the msg-ids of a field value, in order, without their
// angle brackets and with any white space inside removed (a folded
// obsolete form). A value without angle brackets (a broken mailer) is
// read as white-space separated IDs that contain an "@".
func ids(v string) []string {
	var out []string
	if !strings.Contains(v, "<") {
		for _, f := range strings.Fields(v) {
			if strings.Contains(f, "@") && len(f) <= maxID && !strings.Contains(f, ">") {
				out = append(out, f)
			}
		}
		return out
	}
	for {
		i := strings.IndexByte(v, '<')
		if i < 0 {
			return out
		}
		v = v[i+1:]
		j := strings.IndexAny(v, "<>")
		if j < 0 {
			return out
		}
		if v[j] == '<' { // an unclosed "<": start again at the next one
			continue
		}
		if id := strings.Join(strings.Fields(v[:j]), ""); id != "" && len(id) <= maxID {
			out = append(out, id)
		}
		v = v[j+1:]
	}
}

func firstID(v string) string {
	if s := ids(v); len(s) > 0 {
		return s[0]
	}
	return ""
}

// hash is FNV-1a, 64 bits, in base 36.
func hash(s string) string {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return strconv.FormatUint(h, 36)
}
