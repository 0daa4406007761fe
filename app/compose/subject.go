package compose

import "strings"

// replyPrefixes are the reply markers recognised at the start of a
// subject, compared without case, each optionally numbered ("Re[2]:",
// "Re(2):") and followed by ":" or the full-width "：": English "Re",
// German "Aw", Scandinavian "Sv", Dutch "Antw", Polish "Odp", Finnish
// "Vs", Portuguese "Res", Italian "Rif", Turkish "Ynt", and Chinese
// "回复", "回覆" and "答复".
var replyPrefixes = []string{"re", "aw", "sv", "antw", "odp", "vs", "res", "rif", "ynt", "回复", "回覆", "答复"}

// forwardPrefixes are the forward markers recognised likewise: "Fwd",
// "Fw", German "WG", French "TR", Spanish "RV", Portuguese "Enc", Dutch
// "Doorst", Finnish "VL", and Chinese "转发" and "轉寄".
var forwardPrefixes = []string{"fwd", "fw", "wg", "tr", "rv", "enc", "doorst", "vl", "转发", "轉寄"}

// ReplySubject is the subject of a reply: "Re: " and the subject without
// the reply markers it starts with, so that markers never stack
// ("Re: Re: x", "AW: x" and "Re[2]: x" all give "Re: x"). Markers after
// other text ("Fwd: Re: x") are kept.
func ReplySubject(s string) string {
	return strings.TrimSpace("Re: " + stripPrefixes(oneLine(s), replyPrefixes))
}

// ForwardSubject is the subject of a forward: "Fwd: " and the subject
// without the forward markers it starts with.
func ForwardSubject(s string) string {
	return strings.TrimSpace("Fwd: " + stripPrefixes(oneLine(s), forwardPrefixes))
}

// stripPrefixes removes the markers at the start of s, any number.
func stripPrefixes(s string, markers []string) string {
	for {
		rest, ok := cutPrefix(strings.TrimLeft(s, " \t"), markers)
		if !ok {
			return strings.TrimSpace(s)
		}
		s = rest
	}
}

// cutPrefix removes one marker ("re", "re[3]", "re(3)", then ":") from
// the start of s.
func cutPrefix(s string, markers []string) (string, bool) {
	for _, m := range markers {
		if len(s) < len(m) || !strings.EqualFold(s[:len(m)], m) {
			continue
		}
		rest := s[len(m):]
		if len(rest) > 0 && (rest[0] == '[' || rest[0] == '(') {
			closer := map[byte]byte{'[': ']', '(': ')'}[rest[0]]
			j := 1
			for j < len(rest) && j < 6 && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			if j == 1 || j >= len(rest) || rest[j] != closer {
				continue
			}
			rest = rest[j+1:]
		}
		rest = strings.TrimLeft(rest, " ")
		if r, ok := strings.CutPrefix(rest, ":"); ok {
			return r, true
		}
		if r, ok := strings.CutPrefix(rest, "："); ok {
			return r, true
		}
	}
	return s, false
}
