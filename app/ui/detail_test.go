package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// TestDetailWords: a detail that a typed error words is worded; the
// mail server's, the bridge's and the browser's own text is marked as
// theirs; a Go error no type words is marked as untranslated.
func TestDetailWords(t *testing.T) {
	haveCatalogs(t)
	t.Cleanup(func() { i18n.Set(i18n.Fallback); i18n.SetErrorText(nil) })
	i18n.SetErrorText(errorWords)
	gone := &mailbox.Problem{Kind: mailbox.KindGone, Detail: "UIDL a not in the current session"}
	other := &mailbox.Problem{Kind: mailbox.KindOther, Detail: "boom"}
	refused := &mailbox.Problem{Kind: mailbox.KindServer, Detail: "-ERR [SYS/TEMP] try later", Code: "SYS/TEMP", ServerText: "try later"}
	bridge := fmt.Errorf("pop3: greeting: %w", &transport.BridgeError{Code: bridgeapi.CodeLimitReached, Reason: "limit reached: sessions per client"})
	for _, tc := range []struct {
		lang      string
		got, want func() string
	}{
		{"en", func() string { return detailedSentence(gone) }, func() string { return sentence(gone) }},
		{"en", func() string { return detailedSentence(other) }, func() string { return sentence(other) + " (Technical detail, not translated: boom)" }},
		{"de", func() string { return detailedSentence(other) }, func() string { return sentence(other) + " (Technisches Detail, nicht übersetzt: boom)" }},
		{"en", func() string { return detailedSentence(refused) }, func() string { return sentence(refused) + " The server said: “try later” [SYS/TEMP]" }},
		{"en", func() string { return errorWords(fmt.Errorf("sync: %w", gone)) }, func() string { return strings.TrimSuffix(sentence(gone), ".") }},
		{"en", func() string { return errorWords(errors.New("raw words")) }, func() string { return "raw words" }},
		{"pl", func() string { return i18n.T("Stopped: {0}. It resumes when the account opens again.", bridge) },
			func() string {
				return "Zatrzymano: Mostek Poppy osiągnął limit połączeń. Poczekaj minutę; Poppy spróbuje ponownie. " +
					"Słowa mostka: „limit reached: sessions per client”. Wznowi się, gdy konto zostanie ponownie otwarte."
			}},
	} {
		i18n.Set(tc.lang)
		if got, want := tc.got(), tc.want(); got != want {
			t.Errorf("%s: got %q, want %q", tc.lang, got, want)
		}
	}
}
