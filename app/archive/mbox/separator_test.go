package mbox

import (
	"testing"
	"time"
)

func TestParseSeparator(t *testing.T) {
	est := time.FixedZone("-0500", -5*3600)
	tests := []struct {
		line   string
		ok     bool
		sender string
		date   time.Time
	}{
		{"From a@example.com Thu Jan  1 00:00:00 1970", true, "a@example.com", time.Unix(0, 0).UTC()},
		{"From MAILER-DAEMON Fri Dec  5 09:10:11 2025", true, "MAILER-DAEMON", date("Fri Dec  5 09:10:11 2025")},
		{"From a@b Fri Dec 05 09:10:11 2025", true, "a@b", date("Fri Dec  5 09:10:11 2025")},
		{"From a@b Fri Dec 5 9:10 2025", true, "a@b", date("Fri Dec  5 09:10:00 2025")},
		// Gmail Takeout puts the zone before the year.
		{"From 1234@xxx Wed Jun 15 12:00:00 +0000 2011", true, "1234@xxx", date("Wed Jun 15 12:00:00 2011")},
		{"From a@b Wed Jun 15 12:00:00 2011 -0500", true, "a@b", time.Date(2011, 6, 15, 12, 0, 0, 0, est)},
		{"From a@b Wed Jun 15 12:00:00 EST 2011", true, "a@b", date("Wed Jun 15 12:00:00 2011")},
		{"From a@b\tWed Jun 15 12:00:00 2011", true, "a@b", date("Wed Jun 15 12:00:00 2011")},
		{"From a@b Wed Jun 15 12:00:00 2011  ", true, "a@b", date("Wed Jun 15 12:00:00 2011")},
		{"From the desk of Ann", false, "", time.Time{}},
		{"From: a@b", false, "", time.Time{}},
		{"from a@b Wed Jun 15 12:00:00 2011", false, "", time.Time{}},
		{"From  Wed Jun 15 12:00:00 2011", false, "", time.Time{}},                  // empty sender
		{"From a@b Wed Jun 15 12:00:00", false, "", time.Time{}},                    // no year
		{"From a@b Xed Jun 15 12:00:00 2011", false, "", time.Time{}},               // weekday
		{"From a@b Wed Juk 15 12:00:00 2011", false, "", time.Time{}},               // month
		{"From a@b Wed Jun 32 12:00:00 2011", false, "", time.Time{}},               // day
		{"From a@b Wed Jun 15 24:00:00 2011", false, "", time.Time{}},               // hour
		{"From a@b Wed Jun 15 12:00:00 11", false, "", time.Time{}},                 // 2-digit year
		{"From a@b Wed Jun 15 12:00:00 2011 remote from x", false, "", time.Time{}}, // UUCP tail
		{"From a@b Wed Jun 15 12:00:00 +0000 2011 +0000", false, "", time.Time{}},   // two zones
		{"From a b Wed Jun 15 12:00:00 2011", false, "", time.Time{}},               // sender with a space
		{"From a@b Wed Jun 15 12:00:00 2011\x00", false, "", time.Time{}},           // control byte
		{">From a@b Wed Jun 15 12:00:00 2011", false, "", time.Time{}},              // quoted
		{"From a@b Wed Jun 15 12:00:00 2011 +05", false, "", time.Time{}},           // bad zone
		{"From a@b Wed Jun 15 12:00:00 2011 Wed Jun 15", false, "", time.Time{}},    // too many fields
	}
	for _, tt := range tests {
		sender, d, ok := parseSeparator([]byte(tt.line))
		if ok != tt.ok || sender != tt.sender || !d.Equal(tt.date) {
			t.Errorf("parseSeparator(%q) = %q, %v, %v; want %q, %v, %v", tt.line, sender, d, ok, tt.sender, tt.date, tt.ok)
		}
	}
}

func TestFormatSeparator(t *testing.T) {
	d := time.Date(2025, 12, 5, 10, 10, 11, 0, time.FixedZone("+0100", 3600))
	tests := []struct {
		sender string
		date   time.Time
		want   string
	}{
		{"a@example.com", d, "From a@example.com Fri Dec  5 09:10:11 2025"},
		{"", d, "From MAILER-DAEMON Fri Dec  5 09:10:11 2025"},
		{"Ann <a@b>", d, "From MAILER-DAEMON Fri Dec  5 09:10:11 2025"},
		{"a@b", time.Time{}, "From a@b Thu Jan  1 00:00:00 1970"},
		{"a@b", time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC), "From a@b Thu Jan  1 00:00:00 1970"},
	}
	for _, tt := range tests {
		if got := formatSeparator(tt.sender, tt.date); got != tt.want {
			t.Errorf("formatSeparator(%q, %v) = %q, want %q", tt.sender, tt.date, got, tt.want)
		}
		if _, _, ok := parseSeparator([]byte(formatSeparator(tt.sender, tt.date))); !ok {
			t.Errorf("formatSeparator(%q, %v) does not read back", tt.sender, tt.date)
		}
	}
}
