package mailhdr

import (
	"net/mail"
	"strings"
	"time"
)

// ParseDate reads an RFC 5322 date (section 3.3, and the obsolete forms
// of section 4.3) with the deviations common in real mail: a trailing
// comment such as "(PST)" that older parsers reject, a zone
// abbreviation, asctime and RFC 3339 forms. v should be cleaned
// (CleanText): a stray control character defeats net/mail.
func ParseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	// The common form first: net/mail's parser is general but slow.
	if t, ok := parseDateFast(v); ok {
		return t, true
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t, true
	}
	if i := strings.IndexByte(v, '('); i > 0 {
		if t, err := mail.ParseDate(strings.TrimSpace(v[:i])); err == nil {
			return t, true
		}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// dateLayouts are forms seen in mail that net/mail refuses.
var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 MST",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon, 2 Jan 06 15:04:05 -0700",
	time.RFC3339,
}

// parseDateFast parses the form nearly every Date header has (RFC 5322
// section 3.3): "Mon, 2 Jan 2006 15:04:05 -0700", the day name and the
// seconds optional. net/mail.ParseDate tries layout after layout through
// time.Parse, which made dates the costliest field of an inbox row in the
// browser (a profile of a 1,000-message sign-in). ok is false for
// anything else (obsolete zones, two-digit years, comments): the caller
// falls back to net/mail, so this only has to agree with it where it
// answers, which FuzzParseDateFast checks.
func parseDateFast(v string) (t time.Time, ok bool) {
	s := v
	if len(s) > 4 && s[3] == ',' {
		if !isDayName(s[:3]) || s[4] != ' ' {
			return time.Time{}, false
		}
		s = strings.TrimLeft(s[4:], " ")
	}
	day, s, ok := number(s, 1, 2)
	if !ok || !cut(&s, ' ') || len(s) < 4 || s[3] != ' ' {
		return time.Time{}, false
	}
	month := monthOf(s[:3])
	s = s[4:]
	year, s, ok := number(s, 4, 4)
	if !ok || month == 0 || !cut(&s, ' ') {
		return time.Time{}, false
	}
	hour, s, ok := number(s, 2, 2)
	if !ok || !cut(&s, ':') {
		return time.Time{}, false
	}
	minute, s, ok := number(s, 2, 2)
	if !ok {
		return time.Time{}, false
	}
	sec := 0
	if cut(&s, ':') {
		if sec, s, ok = number(s, 2, 2); !ok {
			return time.Time{}, false
		}
	}
	if !cut(&s, ' ') || len(s) != 5 || (s[0] != '+' && s[0] != '-') {
		return time.Time{}, false
	}
	zh, _, ok1 := number(s[1:3], 2, 2)
	zm, _, ok2 := number(s[3:5], 2, 2)
	if !ok1 || !ok2 || zh > 23 || zm > 59 || hour > 23 || minute > 59 || sec > 59 || day < 1 ||
		day > daysIn(time.Month(month), year) {
		return time.Time{}, false
	}
	off := zh*3600 + zm*60
	if s[0] == '-' {
		off = -off
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.FixedZone("", off)), true
}

// number reads between min and max decimal digits from the start of s.
func number(s string, min, max int) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < max && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	return n, s[i:], i >= min
}

// cut consumes c from the start of *s.
func cut(s *string, c byte) bool {
	if len(*s) == 0 || (*s)[0] != c {
		return false
	}
	*s = (*s)[1:]
	return true
}

func isDayName(s string) bool {
	switch s {
	case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
		return true
	}
	return false
}

func monthOf(s string) int {
	const names = "JanFebMarAprMayJunJulAugSepOctNovDec"
	for i := 0; i < 12; i++ {
		if names[3*i:3*i+3] == s {
			return i + 1
		}
	}
	return 0
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
