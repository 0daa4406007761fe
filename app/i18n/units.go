package i18n

import (
	"strconv"
	"strings"
	"time"
)

// Size writes an octet count for people, in decimal units (1 kB is
// 1000 B, as disks and mail servers count): whole bytes and kilobytes,
// megabytes and gigabytes with at most one decimal (64 MB, 1.5 GB, as
// CLDR's maximumFractionDigits 1 writes them), in the locale's marks and
// unit names. A negative count is unknown and writes as "".
func (l *Locale) Size(n int64) string {
	switch {
	case n < 0:
		return ""
	case n < 1000:
		return l.Number(n) + " " + l.data.units[0]
	case n < 1000*1000:
		return l.Number((n+500)/1000) + " " + l.data.units[1]
	case n < 1000*1000*1000:
		return l.tenths(n, 1000*1000) + " " + l.data.units[2]
	}
	return l.tenths(n, 1000*1000*1000) + " " + l.data.units[3]
}

func (l *Locale) tenths(n, unit int64) string {
	t := (n*10 + unit/2) / unit
	if t%10 == 0 {
		return l.Number(t / 10)
	}
	return l.Number(t/10) + l.data.decimal + strconv.FormatInt(t%10, 10)
}

// DateStyle is how much of a date to write.
type DateStyle int

const (
	// TimeOfDay is hours and minutes, 24-hour: "15:04".
	TimeOfDay DateStyle = iota
	// DayMonth is the day and abbreviated month: "2 Jan", "2. Jan.".
	DayMonth
	// DayMonthYear adds the year: "2 Jan 2006".
	DayMonthYear
	// Full adds the weekday and the time: "Mon, 2 Jan 2006 15:04".
	Full
)

// Date writes t (in its own location) in style.
func (l *Locale) Date(t time.Time, style DateStyle) string {
	hm := hourMinute(t)
	var layout string
	switch style {
	case TimeOfDay:
		return hm
	case DayMonth:
		layout = l.data.dayMonth
	case DayMonthYear:
		layout = l.data.dayMonthYear
	default:
		layout = l.data.full
	}
	// The layouts hold a few {x} tokens: a walk over them costs less
	// than a strings.Replacer built per call (a list draws a date per row).
	var b strings.Builder
	b.Grow(len(layout) + 16)
	for i := 0; i < len(layout); i++ {
		if layout[i] == '{' && i+2 < len(layout) && layout[i+2] == '}' {
			switch layout[i+1] {
			case 'd':
				b.WriteString(strconv.Itoa(t.Day()))
			case 'm':
				b.WriteString(l.data.months[t.Month()-1])
			case 'y':
				b.WriteString(strconv.Itoa(t.Year()))
			case 'w':
				b.WriteString(l.data.weekdays[t.Weekday()])
			case 't':
				b.WriteString(hm)
			default:
				b.WriteString(layout[i : i+3])
			}
			i += 2
			continue
		}
		b.WriteByte(layout[i])
	}
	return b.String()
}

// hourMinute is t's "15:04", written without time.Format: the inbox
// draws a date per row, and Format's layout walk cost a sign-in's first
// render of the rows as much as the rest of the rows' building (CPU
// profile of the sign-in bench, app/internal/benchreport -profile-dir).
func hourMinute(t time.Time) string {
	h, m, _ := t.Clock()
	return string([]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10)})
}

// Number, Size and Date in the current language.
func Number(n int64) string                    { return Current().Number(n) }
func Size(n int64) string                      { return Current().Size(n) }
func Date(t time.Time, style DateStyle) string { return Current().Date(t, style) }
