package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// sortChoices are the options of select[name=sort]; their values are
// the automation contract's (date, sender, size).
var sortChoices = []struct{ value, sort, label string }{
	{"date", store.SortDate, i18n.Key("Date")},
	{"sender", store.SortSender, i18n.Key("Sender")},
	{"size", store.SortSize, i18n.Key("Size")},
}

// renderOrderBar is the bar above the list: the order and the
// conversations switch of the open account.
func (s *Shell) renderOrderBar() app.UI {
	set := s.order.set
	return app.Div().ID("list-order").Class("list-order").Body(
		app.Label().Body(
			app.Text(i18n.T("Sort by")+" "),
			app.Select().Name("sort").OnChange(func(ctx app.Context, e app.Event) {
				v := ctx.JSSrc().Get("value").String()
				for _, ch := range sortChoices {
					if ch.value == v {
						set.Sort = ch.sort
					}
				}
				s.setOrder(set)
			}).Body(app.Range(sortChoices).Slice(func(i int) app.UI {
				ch := sortChoices[i]
				return app.Option().Value(ch.value).Selected(ch.sort == set.Sort).Text(i18n.T(ch.label))
			})),
		),
		app.Label().Body(
			app.Input().Type("checkbox").Name("conversations").Checked(set.Conversations).
				OnChange(func(ctx app.Context, e app.Event) {
					set.Conversations = ctx.JSSrc().Get("checked").Bool()
					s.setOrder(set)
				}),
			app.Text(" "+i18n.T("Group into conversations")),
		),
	)
}

// setOrder arranges the list anew and keeps the choice for the account.
func (s *Shell) setOrder(v store.ViewSettings) {
	s.order.set = v
	s.refreshRows()
	if s.db == nil || s.acct.Key == "" {
		return
	}
	db, key := s.db, s.acct.Key
	go func() {
		if err := db.PutViewSettings(context.Background(), key, v); err != nil && s.ctx != nil {
			s.ctx.Dispatch(func(app.Context) {
				s.status = deviceSentence(i18n.T("Poppy could not keep this order for the account."), err)
			})
		}
	}()
}

// loadOrder starts with the default order for a newly shown mailbox
// and reads the account's own from the store; the list is arranged
// again when it arrives, if mb is still the one shown.
func (s *Shell) loadOrder(mb *mailbox.Mailbox, key string) {
	s.order = inboxOrder{}
	if s.db == nil || s.ctx == nil {
		return
	}
	db, ctx := s.db, s.ctx
	go func() {
		v, err := db.ViewSettings(context.Background(), key)
		if err != nil || v == (store.ViewSettings{}) {
			return
		}
		ctx.Dispatch(func(app.Context) {
			if s.mbox == mb {
				s.order.set = v
				s.refreshRows()
			}
		})
	}()
}

// convClass is the class a row adds for its place in a conversation.
func convClass(marks map[string]convMark, uid string) string {
	if m, ok := marks[uid]; ok && m.reply {
		return " in-conversation"
	}
	return ""
}
