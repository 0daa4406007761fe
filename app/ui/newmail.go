package ui

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
)

// checkKey keeps the new-mail interval, in minutes, in localStorage: a
// preference of this browser, not of an account.
const checkKey = "poppy.checkEveryMinutes"

// defaultCheckEvery is how often the inbox looks for new mail while open.
const defaultCheckEvery = 2 * time.Minute

var checkChoices = []int{0, 1, 2, 5, 15, 30, 60} // minutes; 0 is never

func loadCheckEvery(ctx app.Context) time.Duration {
	var min *int // nil when never set
	if err := ctx.LocalStorage().Get(checkKey, &min); err != nil || min == nil || *min < 0 {
		return defaultCheckEvery
	}
	return time.Duration(*min) * time.Minute
}

// startChecking checks for new mail every s.checkEvery while the mailbox
// is open.
func (s *Shell) startChecking(ctx app.Context) {
	if s.stopTimer != nil {
		s.stopTimer()
		s.stopTimer = nil
	}
	if s.checkEvery <= 0 || s.mbox == nil {
		return
	}
	t := time.NewTicker(s.checkEvery)
	done := make(chan struct{})
	s.stopTimer = func() { t.Stop(); close(done) }
	s.ctx.Async(func() {
		for {
			select {
			case <-done:
				return
			case <-t.C:
				s.ctx.Dispatch(func(ctx app.Context) { s.refresh(ctx) })
			}
		}
	})
}

// newMail tells the person about n new messages: a notification if they
// allowed it. The unread count in the title and badge follows the list.
//
// It is also said through the page's live region (announce), which a
// screen reader reads when idle, whether or not notifications are on.
func (s *Shell) newMail(n int) {
	if n <= 0 || s.mbox == nil || !s.mbox.HasUIDL() {
		return // without UIDL every message looks new each time
	}
	body := i18n.N("{0} new messages for {1}", n, s.acct.Username)
	announce(body + ".")
	_ = notify("Poppy", body)
}

// unread counts the rows not read yet.
func (s *Shell) unread() int {
	n := 0
	for _, r := range s.rows {
		if !r.Read && !r.PendingDelete {
			n++
		}
	}
	return n
}

// unreadTitle is the unread count that the tab's title and the
// installed app's badge show. The list refreshes on every change to it,
// and most changes (a sync's progress, a selection) leave the count as
// it was: setting the same title and badge again cost about 6 ms of a
// sign-in and 5 ms of a revisit in profiles, since go-app's SetTitle
// also looks up a meta element and each badge call makes a promise.
type unreadTitle struct {
	n     int
	shown bool // n is shown; false until the app first set them
}

// show shows the unread count n in the tab's title and the installed
// app's badge, unless they show it already.
func (u *unreadTitle) show(ctx app.Context, n int) {
	if u.shown && u.n == n {
		return
	}
	title := "Poppy"
	if n > 0 {
		title = "(" + strconv.Itoa(n) + ") Poppy"
	}
	if ctx != nil {
		ctx.Page().SetTitle(title)
	}
	setBadge(n)
	u.n, u.shown = n, ctx != nil
}

// setCheckEvery sets how often to check for new mail, and keeps it.
func (s *Shell) setCheckEvery(ctx app.Context, d time.Duration) {
	s.checkEvery = d
	ctx.LocalStorage().Set(checkKey, int(d/time.Minute))
	s.startChecking(ctx)
}

// renderCheckEvery is the choice of how often to check for new mail.
func renderCheckEvery(every time.Duration, set func(app.Context, time.Duration)) app.UI {
	cur := int(every / time.Minute)
	return app.Label().Class("setting").Body(
		app.Text(i18n.T("Check for new mail")+" "),
		app.Select().ID("check-every").OnChange(func(ctx app.Context, e app.Event) {
			min, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
			if err != nil || min < 0 || set == nil {
				return
			}
			set(ctx, time.Duration(min)*time.Minute)
		}).Body(app.Range(checkChoices).Slice(func(i int) app.UI {
			m := checkChoices[i]
			label := i18n.T("never")
			if m > 0 {
				label = i18n.T("every {0} min", m)
			}
			return app.Option().Value(strconv.Itoa(m)).Selected(m == cur).Text(label)
		})),
	)
}

// renderNotifySetting offers notifications of new mail; changed is
// called when the browser answered, to show its answer.
func renderNotifySetting(changed func()) app.UI {
	switch notifyPermission() {
	case "granted":
		return app.P().Class("setting").Text(i18n.T("Notifications of new mail are on (turn them off in the browser's site settings)."))
	case "denied":
		return app.P().Class("setting").Text(i18n.T("Notifications are blocked for Poppy in this browser's site settings."))
	case "":
		return app.P().Class("setting").Text(i18n.T("This browser cannot show notifications."))
	}
	return app.Button().ID("notify").Text(i18n.T("Notify me of new mail")).OnClick(func(ctx app.Context, e app.Event) {
		askNotifyPermission(func(string) { changed() })
	})
}

// announceFrom is the smallest sync whose progress is said.
const announceFrom = 100

// announceProgress says how a sync that lists messages gets on, through
// the live region: when it starts, at each quarter, and when it ends. A
// progress bar changes ten times a second, far too often to be read
// out; a quarter is news.
//
// A sync of fewer than announceFrom messages is over in a moment: its
// result (new mail) is news, its progress is not.
func announceProgress(was [2]int, done, total int) {
	if total < announceFrom {
		return
	}
	quarter := func(d int) int { return d * 4 / total }
	switch {
	case was[1] != total || was[0] > done:
		announce(i18n.N("Loading {0} messages…", total))
	case done >= total && was[0] < total:
		announce(i18n.N("Loaded {0} messages.", total))
	case quarter(done) > quarter(was[0]):
		announce(i18n.T("Loading messages: {0} of {1}.", done, total))
	}
}
