package ui

import (
	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/store"
)

// whyText words why Poppy removed a message from the server, or would
// (the activity log, the retention preview), in the current language.
// A record without w (written before the reason was kept as data), or
// of a kind this app has no words for, shows english, its stored
// words.
func whyText(w *store.Why, english string) string {
	if w == nil {
		return english
	}
	switch w.Kind {
	case store.WhyOlderThan:
		date := i18n.Current().Date(w.At.Local(), i18n.DayMonthYear)
		if w.FirstSeen {
			return i18n.N("older than {0} days: first seen {1} (no usable Date header)", w.Days, date)
		}
		return i18n.N("older than {0} days: dated {1}", w.Days, date)
	case store.WhyKeptSafely:
		return i18n.T("kept safely on this device")
	case store.WhyKeptInArchive:
		return i18n.T("kept safely on this device and in the folder archive")
	case store.WhyAtMost:
		return i18n.N("more than {0} messages on the server: this is one of the oldest", w.Max)
	case store.WhyDeletedHere:
		return i18n.T("deleted here, and this account deletes on the server what is deleted here")
	}
	return english
}
