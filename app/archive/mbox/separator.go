package mbox

import (
	"strings"
	"time"
)

// maxSeparatorLen bounds the line a separator may be; longer lines are
// body text, whatever they start with.
const maxSeparatorLen = 1024

// maxSenderLen bounds the envelope sender token.
const maxSenderLen = 512

var weekdays = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

var months = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseSeparator reports whether line (without its line ending) is a
// separator as the package doc defines it, and returns its fields.
func parseSeparator(line []byte) (sender string, date time.Time, ok bool) {
	if len(line) > maxSeparatorLen || len(line) < 6 || string(line[:5]) != "From " || line[5] == ' ' || line[5] == '\t' {
		return "", time.Time{}, false
	}
	for _, c := range line {
		if c < 0x20 && c != '\t' || c == 0x7f {
			return "", time.Time{}, false
		}
	}
	f := strings.Fields(string(line[5:]))
	if len(f) < 6 || len(f) > 8 || len(f[0]) > maxSenderLen {
		return "", time.Time{}, false
	}
	sender, f = f[0], f[1:]
	if index(weekdays, f[0]) < 0 {
		return "", time.Time{}, false
	}
	mon := index(months, f[1])
	day, okDay := digits(f[2], 1, 2)
	h, m, s, okTime := clock(f[3])
	if mon < 0 || !okDay || day < 1 || day > 31 || !okTime {
		return "", time.Time{}, false
	}
	rest := f[4:]
	loc := time.UTC
	zoneSeen := false
	if len(rest) > 0 && isZone(rest[0]) {
		loc, zoneSeen, rest = zone(rest[0]), true, rest[1:]
	}
	if len(rest) == 0 {
		return "", time.Time{}, false
	}
	year, okYear := digits(rest[0], 4, 4)
	if !okYear {
		return "", time.Time{}, false
	}
	rest = rest[1:]
	if len(rest) == 1 && !zoneSeen && isZone(rest[0]) {
		loc, rest = zone(rest[0]), rest[1:]
	}
	if len(rest) != 0 {
		return "", time.Time{}, false
	}
	return sender, time.Date(year, time.Month(mon+1), day, h, m, s, 0, loc), true
}

func index(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// digits parses s as a decimal of min to max digits.
func digits(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// clock parses hh:mm or hh:mm:ss.
func clock(s string) (h, m, sec int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) != 2 && len(parts) != 3 {
		return 0, 0, 0, false
	}
	var okH, okM, okS bool
	h, okH = digits(parts[0], 1, 2)
	m, okM = digits(parts[1], 2, 2)
	okS = true
	if len(parts) == 3 {
		sec, okS = digits(parts[2], 2, 2)
	}
	return h, m, sec, okH && okM && okS && h < 24 && m < 60 && sec <= 60
}

// isZone accepts +hhmm, -hhmm and 2 to 5 capital letters.
func isZone(s string) bool {
	if len(s) == 5 && (s[0] == '+' || s[0] == '-') {
		_, ok := digits(s[1:], 4, 4)
		return ok
	}
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// zone turns a zone isZone accepted into a location; named zones are
// read as UTC (see the package doc).
func zone(s string) *time.Location {
	if s[0] != '+' && s[0] != '-' {
		return time.UTC
	}
	hh, _ := digits(s[1:3], 2, 2)
	mm, _ := digits(s[3:5], 2, 2)
	off := (hh*60 + mm) * 60
	if s[0] == '-' {
		off = -off
	}
	return time.FixedZone(s, off)
}

// formatSeparator writes the separator line for sender and date, without
// its line ending. A sender that is empty or holds spaces or control
// characters could not be read back as one token, so it becomes
// MAILER-DAEMON, as RFC 4155 suggests for an unknown sender.
func formatSeparator(sender string, date time.Time) string {
	if !validSender(sender) {
		sender = "MAILER-DAEMON"
	}
	return "From " + sender + " " + writtenDate(date).Format(time.ANSIC)
}

// writtenDate is the date a separator holds for date: in UTC, and the
// epoch for a zero date or a year that asctime cannot hold in four
// digits, which would not read back.
func writtenDate(date time.Time) time.Time {
	if y := date.UTC().Year(); date.IsZero() || y < 0 || y > 9999 {
		return time.Unix(0, 0).UTC()
	}
	return date.UTC()
}

func validSender(s string) bool {
	if s == "" || len(s) > maxSenderLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return false
		}
	}
	return true
}
