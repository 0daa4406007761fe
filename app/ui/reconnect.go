package ui

import (
	"time"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
)

// reconnectStatus is what the status line says about a reconnect attempt,
// and whether to say anything. The mailbox's first try is at once (Delay
// 0) and usually works: a bridge replica that restarted, a server's idle
// timer. A person hears of the lost connection only when that try failed.
func reconnectStatus(ev mailbox.Event) (status string, announce bool) {
	if ev.Attempt == 1 && ev.Delay == 0 {
		return "", false
	}
	return i18n.T("Connection lost; reconnecting in {0} s (attempt {1})…", int(ev.Delay.Round(time.Second)/time.Second), ev.Attempt), true
}
