package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/render"
)

// reader is the message pane, a component with its own state: it
// downloads the open message (RETR, with progress), renders it, and keeps
// what the person does with it (source shown, remote content allowed).
// The Shell says which message is open and hears, through the callbacks,
// what the person asks of the Shell: to close the message or delete it.
// The callbacks run on the UI goroutine, from this component's handlers.
type reader struct {
	app.Compo

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

	Mailbox *mailbox.Mailbox
	UID     string
	// Opened counts the Shell's requests to open a message: opening the
	// same message again (after signing in, say) downloads it again.
	Opened int

	// Raw is a message given whole (one sent from this device): it is
	// shown without the mailbox, and cannot be deleted or answered here.
	Raw []byte

	OnClose  func()
	OnDelete func(uid string)
	// OnCompose asks for a reply to the message, or its forward.
	OnCompose func(kind composeKind, uid string)

	ctx app.Context
	om  *openMessage // the message shown, a new one for each request
}

// openMessage is one request to read a message, and what came of it.
type openMessage struct {
	mb          *mailbox.Mailbox
	uid         string
	opened      int
	summary     mailbox.Summary
	loading     bool
	got, total  int64
	raw         []byte
	msg         *render.Message
	allowRemote bool
	showSource  bool
	problem     *mailbox.Problem
}

func (c *reader) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.load()
}

// OnUpdate runs when the Shell gives new fields: another message, or
// the same one asked for again.
func (c *reader) OnUpdate(app.Context) { c.load() }

// current is the request for the fields the Shell gave, or nil while it
// has not started.
func (c *reader) current() *openMessage {
	if om := c.om; om != nil && om.mb == c.Mailbox && om.uid == c.UID && om.opened == c.Opened {
		return om
	}
	if om := c.om; om != nil && c.Raw != nil && om.uid == c.UID {
		return om
	}
	return nil
}

// load fetches the message the Shell asked for, unless that request is
// the one shown. Results of an earlier request land in its own
// openMessage, which is no longer shown.
func (c *reader) load() {
	if c.Raw != nil && c.UID != "" {
		if c.om == nil || c.om.uid != c.UID {
			c.om = &openMessage{uid: c.UID, raw: c.Raw, msg: render.Render(c.Raw, renderOptions(false))}
		}
		return
	}
	if c.ctx == nil || c.Mailbox == nil || c.UID == "" || c.current() != nil {
		return
	}
	ctx, mb, uid := c.ctx, c.Mailbox, c.UID
	sum, _ := mb.Lookup(uid)
	om := &openMessage{mb: mb, uid: uid, opened: c.Opened, summary: sum, loading: true, total: sum.Size}
	c.om = om
	ctx.Async(func() {
		raw, err := mb.Fetch(context.Background(), uid, func(got, total int64) {
			ctx.Dispatch(func(app.Context) { om.got, om.total = got, total })
		})
		var msg *render.Message
		if err == nil {
			msg = render.Render(raw, renderOptions(false))
		}
		ctx.Dispatch(func(ctx app.Context) {
			om.loading = false
			if err != nil {
				om.problem = mailbox.Classify(err)
				return
			}
			om.raw, om.msg = raw, msg
			// The Shell hears of it as EventListChanged.
			mb.MarkRead(true, uid)
			if om == c.om {
				ctx.Defer(func(app.Context) { focusID(readerID) })
			}
		})
	})
}

func renderOptions(allowRemote bool) *render.Options {
	return &render.Options{Charset: decodeCharset, AllowRemote: allowRemote}
}

// loadRemote re-renders the open message with remote content allowed,
// after the user asked for it.
func (c *reader) loadRemote(om *openMessage) {
	if om.raw == nil {
		return
	}
	om.allowRemote = true
	om.msg = render.Render(om.raw, renderOptions(true))
}

// renderNoMessage is the pane while no message is open.
func renderNoMessage() app.UI {
	return app.Section().Class("reader empty").Aria("label", i18n.T("Message")).Body(
		app.P().Text(i18n.T("Select a message to read it.")),
	)
}

func (c *reader) Render() app.UI {
	if c.Raw != nil {
		c.load() // nothing to download: shown with the first render
	}
	om := c.current()
	if om == nil {
		// The fields changed and load has not run yet: a fresh request.
		om = &openMessage{uid: c.UID, loading: true}
	}
	return app.Section().ID(readerID).Class("reader").Aria("label", i18n.T("Message")).TabIndex(-1).Body(
		app.Div().Class("reader-bar").Body(
			app.Button().Class("back").Aria("label", i18n.T("Back to the list")).Body(app.Span().Class("dir-icon").Aria("hidden", true).Text("←"), app.Text(" "+i18n.T("Inbox"))).
				OnClick(func(ctx app.Context, e app.Event) {
					if c.OnClose != nil {
						c.OnClose()
					}
				}),
			app.If(c.Raw == nil, app.Button().Class("danger").Aria("label", i18n.T("Delete")).Title(i18n.T("Delete (Del)")).Text(i18n.T("Delete")).
				OnClick(func(ctx app.Context, e app.Event) {
					if c.OnDelete != nil {
						c.OnDelete(om.uid)
					}
				}, om.uid)),
			app.If(c.Raw == nil && c.OnCompose != nil,
				c.composeButton(i18n.T("Reply"), i18n.T("Reply (r)"), composeReply, om.uid),
				c.composeButton(i18n.T("Reply all"), i18n.T("Reply to all (a)"), composeReplyAll, om.uid),
				c.composeButton(i18n.T("Forward"), i18n.T("Forward with the original attached (f)"), composeForward, om.uid),
				c.composeButton(i18n.T("Forward inline"), i18n.T("Forward with the original quoted and its attachments"), composeForwardInline, om.uid),
			),
			app.If(om.raw != nil,
				app.Button().Class("link").Text(sourceLabel(om.showSource)).
					OnClick(func(ctx app.Context, e app.Event) { om.showSource = !om.showSource }, om.uid),
				app.Button().Class("link").Text(i18n.T("Download .eml")).
					OnClick(func(ctx app.Context, e app.Event) { _ = download(emlName(om), om.raw) }, om.uid),
			),
		),
		app.If(om.loading, renderLoading(om)),
		when(om.problem != nil, func() app.UI {
			return app.Div().Class("banner problem").Role("alert").Text(detailedSentence(om.problem))
		}),
		when(om.msg != nil && !om.showSource, func() app.UI { return c.renderMessage(om.msg, om) }),
		app.If(om.showSource && om.raw != nil, app.Pre().Class("source").Text(string(om.raw))),
	)
}

// composeButton is one of the reader's Reply, Reply all and Forward
// controls (the automation contract names them by aria-label).
func (c *reader) composeButton(label, title string, kind composeKind, uid string) app.UI {
	return app.Button().Class("compose-action").Aria("label", label).Title(title).Text(label).
		OnClick(func(ctx app.Context, e app.Event) {
			if c.OnCompose != nil {
				c.OnCompose(kind, uid)
			}
		}, uid)
}

func sourceLabel(showing bool) string {
	if showing {
		return i18n.T("Show message")
	}
	return i18n.T("View source")
}

func emlName(om *openMessage) string {
	name := render.SafeFileName(om.summary.Subject)
	if name == "" {
		name = "message"
	}
	return name + ".eml"
}

func renderLoading(om *openMessage) app.UI {
	if om.total <= 0 {
		return app.P().Class("loading").Text(i18n.T("Loading…"))
	}
	return app.Div().Class("progress").Body(
		app.Progress().Max(om.total).Value(om.got).Aria("label", i18n.T("Downloading the message")),
		app.Span().Text(i18n.T("{0} of {1}", formatSize(om.got), formatSize(om.total))),
	)
}

// renderMessage shows a rendered message: headers, body, attachments and
// nested messages. Everything from the message goes in as text nodes or
// through render's sandboxed srcdoc, never as raw DOM.
func (c *reader) renderMessage(m *render.Message, om *openMessage) app.UI {
	return app.Article().Class("message").Body(
		app.H2().Class("subject").Body(app.Bdi().Text(orDefault(m.Subject, i18n.T("(no subject)")))),
		app.Dl().Class("headers").Body(
			headerRow(i18n.T("From"), m.From),
			headerRow(i18n.T("To"), m.To),
			headerRow(i18n.T("Cc"), m.Cc),
			app.If(!m.Date.IsZero() || m.DateRaw != "", app.Div().Body(
				app.Dt().Text(i18n.T("Date")), app.Dd().Text(messageDate(m)),
			)),
		),
		app.If(len(m.Problems) > 0, app.Div().Class("banner notice").Body(
			app.P().Text(i18n.T("Parts of this message could not be read as intended:")),
			app.Ul().Body(app.Range(m.Problems).Slice(func(i int) app.UI {
				if len(m.Notes) == len(m.Problems) {
					return app.Li().Text(noteText(m.Notes[i]))
				}
				return app.Li().Text(m.Problems[i])
			})),
			app.P().Text(i18n.T("Use “View source” to see the message as it arrived.")),
		)),
		when(m.HTML != nil && m.HTML.RemoteBlocked > 0 && om != nil && !om.allowRemote, func() app.UI {
			return app.Div().Class("banner remote").Role("status").Body(
				app.Span().Text(i18n.N("{0} remote images blocked to protect your privacy.", m.HTML.RemoteBlocked)),
				app.Button().ID("load-remote").Class("link").Text(i18n.T("Load remote content")).OnClick(func(ctx app.Context, e app.Event) {
					c.loadRemote(om)
				}, om.uid),
			)
		}),
		renderBody(m),
		app.If(len(visibleAttachments(m)) > 0, renderAttachments(m)),
		app.Range(m.Nested).Slice(func(i int) app.UI {
			return app.Section().Class("nested").Aria("label", i18n.T("Attached message")).Body(c.renderMessage(m.Nested[i], nil))
		}),
	)
}

func renderBody(m *render.Message) app.UI {
	if m.HTML != nil {
		// SrcDoc and Title are printf-style in go-app: mail content goes
		// in as an argument, never as the format.
		return app.IFrame().Class("body-html").Title("%s", frameTitle()).
			Sandbox(render.IFrameSandbox).Attr("referrerpolicy", "no-referrer").
			SrcDoc("%s", m.HTML.SrcDoc)
	}
	if m.Text == nil {
		return app.Text("")
	}
	// dir=auto: the text takes the direction of its first strong
	// letter, whatever the interface's (an English mail in an Arabic
	// interface reads left to right). An HTML body is its own document,
	// whose direction is what the message declares.
	return app.Pre().Class("mail-text").Dir("auto").Body(
		app.Range(m.Text.Spans).Slice(func(i int) app.UI {
			sp := m.Text.Spans[i]
			if sp.Href == "" {
				return app.Text(sp.Text)
			}
			return app.A().Href("%s", sp.Href).Target("_blank").Rel("noopener noreferrer").Text(sp.Text)
		}),
	)
}

func visibleAttachments(m *render.Message) []render.Attachment {
	var out []render.Attachment
	for _, a := range m.Attachments {
		if !a.Embedded {
			out = append(out, a)
		}
	}
	return out
}

func renderAttachments(m *render.Message) app.UI {
	atts := visibleAttachments(m)
	return app.Section().Class("attachments").Aria("label", i18n.T("Attachments")).Body(
		app.H3().Text(i18n.N("{0} attachments", len(atts))),
		app.Ul().Body(app.Range(atts).Slice(func(i int) app.UI {
			a := atts[i]
			return app.Li().Class("attachment").Body(
				app.Span().Class("name").Text(a.Name),
				app.Span().Class("type").Text(a.ContentType),
				app.Span().Class("size").Text(formatSize(a.Size)),
				downloadButton(a),
			)
		})),
	)
}

// headerRow shows an address field. Each display name and each address
// is its own bidi isolate, so that bidi controls in a name (which the
// parser keeps, as a name may need them) cannot reorder the address or
// the next mailbox; the parser removed them from the addresses.
func headerRow(name string, addrs []render.Address) app.UI {
	if len(addrs) == 0 {
		return app.Text("")
	}
	return app.Div().Body(app.Dt().Text(name), app.Dd().Body(
		app.Range(addrs).Slice(func(i int) app.UI {
			a := addrs[i]
			return app.Span().Class("mailbox").Body(
				app.If(i > 0, app.Text(", ")),
				app.If(a.Name != "", app.Bdi().Class("name").Text(a.Name)),
				app.If(a.Name != "" && a.Address != "", app.Text(" ")),
				app.If(a.Address != "", app.Text("<"), addressUI(a.Address), app.Text(">")),
			)
		}),
	))
}

// addressUI is an addr-spec in its own left-to-right isolate: it reads as
// written, whatever surrounds it.
func addressUI(addr string) app.UI {
	return app.Bdi().Class("addr").Dir("ltr").Text(addr)
}

func messageDate(m *render.Message) string {
	if m.Date.IsZero() {
		return m.DateRaw
	}
	return i18n.Date(m.Date.Local(), i18n.Full)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func downloadButton(a render.Attachment) app.UI {
	if a.Omitted {
		return app.Span().Class("note").Text(i18n.T("too large to show here; it is in the source"))
	}
	return app.Button().Class("link").Aria("label", i18n.T("Download {0}", a.Name)).Text(i18n.T("Download")).
		OnClick(func(ctx app.Context, e app.Event) { _ = download(a.Name, a.Data) }, a.PartPath, a.Name, len(a.Data))
}
