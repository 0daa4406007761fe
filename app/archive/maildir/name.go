package maildir

import (
	"fmt"
	"strconv"
	"strings"
)

// Name is a message file name taken apart.
type Name struct {
	// Key is the name up to the info separator ':', the part that stays
	// the same when a reader moves the file from new/ to cur/ or changes
	// its flags.
	Key string
	// Size is the ",S=" size in bytes, or -1 when the name has none.
	Size int64
	// VSize is the ",W=" size with CRLF line endings, or -1.
	VSize int64
	// Info is what follows the ':' ("2,FS"), or "".
	Info string
	// Flags are the letters after ":2,", sorted and without repeats, or
	// "" (no info, or experimental "1," info).
	Flags string
}

// Has reports whether flag (such as 'S' for seen) is set.
func (n Name) Has(flag byte) bool { return strings.IndexByte(n.Flags, flag) >= 0 }

// ParseName takes a message file name apart. It fails with ErrBadName
// for a name that starts with a dot (maildir(5) has readers skip those),
// contains a '/' or a NUL, has an empty key, an ",S=" or ",W=" that is
// not a decimal size, or ":2," flags that are not ASCII letters.
func ParseName(name string) (Name, error) {
	bad := func(why string) (Name, error) {
		return Name{}, fmt.Errorf("%w: %q %s", ErrBadName, name, why)
	}
	if name == "" || name[0] == '.' {
		return bad("is empty or hidden")
	}
	if strings.ContainsAny(name, "/\x00") {
		return bad("contains a slash or NUL")
	}
	n := Name{Key: name, Size: -1, VSize: -1}
	if i := strings.IndexByte(name, ':'); i >= 0 {
		n.Key, n.Info = name[:i], name[i+1:]
	}
	if n.Key == "" {
		return bad("has no unique part")
	}
	if flags, ok := strings.CutPrefix(n.Info, "2,"); ok {
		f, err := normalFlags(flags)
		if err != nil {
			return bad(err.Error())
		}
		n.Flags = f
	}
	// Fields ",X=value" follow the first comma of the key's last
	// dot-separated part (Dovecot's host part), as in "host,S=12,W=13".
	host := n.Key[strings.LastIndexByte(n.Key, '.')+1:]
	fields := strings.Split(host, ",")
	for _, f := range fields[1:] {
		k, v, ok := strings.Cut(f, "=")
		if !ok || (k != "S" && k != "W") {
			continue // another writer's field: not ours to judge
		}
		size, err := strconv.ParseInt(v, 10, 64)
		if err != nil || size < 0 || v[0] == '+' {
			return bad("has a size that is not a number")
		}
		if k == "S" {
			n.Size = size
		} else {
			n.VSize = size
		}
	}
	return n, nil
}

// normalFlags checks that flags are ASCII letters and returns them sorted,
// each once.
func normalFlags(flags string) (string, error) {
	var seen [128]bool
	for i := 0; i < len(flags); i++ {
		c := flags[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return "", fmt.Errorf("has a flag %q that is not a letter", c)
		}
		seen[c] = true
	}
	b := make([]byte, 0, len(flags))
	for c := range seen {
		if seen[c] {
			b = append(b, byte(c))
		}
	}
	return string(b), nil
}

// String puts the name back together: Key, then ":2,"+Flags when Info is
// "2,..." or Flags is set, else ":"+Info when there is one.
func (n Name) String() string {
	switch {
	case n.Flags != "" || strings.HasPrefix(n.Info, "2,"):
		return n.Key + ":2," + n.Flags
	case n.Info != "":
		return n.Key + ":" + n.Info
	}
	return n.Key
}

// escapeHost makes a host name safe for a maildir name, as maildir(5)
// asks: '/' becomes "\057" and ':' becomes "\072". Dovecot also escapes
// ',' ("\054"), which would start a field.
func escapeHost(h string) string {
	if h == "" {
		return "localhost"
	}
	r := strings.NewReplacer("/", `\057`, ":", `\072`, ",", `\054`)
	return r.Replace(h)
}
