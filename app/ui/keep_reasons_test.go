package ui

import (
	"testing"
	"time"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/store"
)

// TestWhyText: each kind of reason is worded in the current language,
// with its numbers and date in the language's forms; a record without
// one, or of an unknown kind, keeps its stored words.
func TestWhyText(t *testing.T) {
	haveCatalogs(t)
	t.Cleanup(func() { i18n.Set(i18n.Fallback) })
	at := time.Date(2026, 3, 2, 12, 0, 0, 0, time.Local)
	for _, tc := range []struct {
		lang string
		w    *store.Why
		want string
	}{
		{"en", nil, "stored words"},
		{"pl", nil, "stored words"},
		{"pl", &store.Why{Kind: 99}, "stored words"},
		{"en", &store.Why{Kind: store.WhyOlderThan, Days: 30, At: at}, "older than 30 days: dated 2 Mar 2026"},
		{"en", &store.Why{Kind: store.WhyOlderThan, Days: 1, At: at, FirstSeen: true}, "older than 1 day: first seen 2 Mar 2026 (no usable Date header)"},
		{"de", &store.Why{Kind: store.WhyOlderThan, Days: 30, At: at}, "älter als 30 Tage: datiert 2. März 2026"},
		{"pl", &store.Why{Kind: store.WhyOlderThan, Days: 22, At: at}, "starsza niż 22 dni: z datą 2 mar 2026"},
		{"ar", &store.Why{Kind: store.WhyAtMost, Max: 2}, "أكثر من رسالتين على الخادم: هذه من أقدمها"},
		{"pl", &store.Why{Kind: store.WhyAtMost, Max: 3}, "więcej niż 3 wiadomości na serwerze: to jedna z najstarszych"},
		{"de", &store.Why{Kind: store.WhyKeptSafely}, "sicher auf diesem Gerät aufbewahrt"},
		{"pl", &store.Why{Kind: store.WhyKeptInArchive}, "bezpiecznie zachowana na tym urządzeniu i w archiwum w folderze"},
		{"en", &store.Why{Kind: store.WhyDeletedHere}, "deleted here, and this account deletes on the server what is deleted here"},
	} {
		i18n.Set(tc.lang)
		if got := whyText(tc.w, "stored words"); got != tc.want {
			t.Errorf("%s: whyText(%+v) = %q, want %q", tc.lang, tc.w, got, tc.want)
		}
	}
}
