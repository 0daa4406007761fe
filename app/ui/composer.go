package ui

import (
	"context"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
)

// composer is the compose pane, a component with its own state: the
// form#compose of the automation contract (fields to, cc, bcc, subject
// and body, the file input attachments, a submit button that sends), the
// identity picker, address completion from the account's address book,
// attachments by picker or drag and drop with their sizes against the
// server's SIZE limit, and the draft, saved as the person types.
//
// The Shell says what to compose (Req) and does the work that needs the
// mailbox, the device or the network through the callbacks, which the
// composer runs in ctx.Async goroutines (Prepare, Save) or on the UI
// goroutine (OnSend, OnClose).
type composer struct {
	app.Compo

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

	Req        *composeRequest
	Account    string
	Identities []identity
	Contacts   []string // "Name <address>" or "address", for completion
	// SizeLimit is the submission server's SIZE, in octets, from its
	// EHLO reply at the last connection; 0 while unknown (the engine
	// checks it again at send).
	SizeLimit int64
	Offline   bool

	// Prepare makes the form of a request: the reply or forward of the
	// original (which it may download), or a new message with the
	// identity's signature. It runs off the UI goroutine.
	Prepare func(ctx context.Context, req *composeRequest) (draftForm, error)
	// Save keeps the draft on the device; off the UI goroutine.
	Save func(ctx context.Context, f draftForm) error
	// Discard removes the draft from the device; off the UI goroutine.
	Discard func(ctx context.Context, id string) error
	// OnSend hands the finished form to the Shell, which builds the
	// message and puts it in the outbox.
	OnSend  func(f draftForm)
	OnClose func()

	ctx       app.Context
	req       *composeRequest // the request form belongs to
	form      draftForm
	preparing bool
	problem   string // why the form cannot be sent or prepared, in words
	note      string // what happened to the draft, for the live region
	dragging  bool
	// edits counts the changes to the form; a save runs when no change
	// came for saveAfter, and only the newest save's result is shown.
	edits  int
	saving bool
	// done: the form was sent, discarded or closed (and saved): nothing
	// of it is to be saved any more.
	done bool
}

// saveAfter is how long the form must stay unchanged before its draft
// is saved: often enough that a crash loses a second of typing, seldom
// enough that typing does not write on every key.
const saveAfter = time.Second

func (c *composer) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.prepare()
}

func (c *composer) OnUpdate(app.Context) { c.prepare() }

// busy reports whether the form is not yet the request's: being
// prepared, or not even started. go-app renders a component before its
// OnMount, and after a new Req before its OnUpdate: an enabled, empty
// form there would take typing that the prepared form then drops.
func (c *composer) busy() bool { return c.preparing || c.Req != c.req }

// prepare starts a new form when the Shell gave a new request.
func (c *composer) prepare() {
	if c.ctx == nil || c.Req == nil || c.Req == c.req {
		return
	}
	req, ctx := c.Req, c.ctx
	if c.req != nil && c.edits > 0 && !c.preparing && !c.done {
		c.saveDraft(ctx) // the message being written is kept, not dropped
	}
	c.req, c.preparing, c.problem, c.note, c.edits, c.done = req, true, "", "", 0, false
	c.form = draftForm{}
	prep := c.Prepare
	ctx.Async(func() {
		var f draftForm
		var err error
		if prep != nil {
			f, err = prep(context.Background(), req)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if c.req != req {
				return // another request came meanwhile
			}
			c.preparing = false
			if err != nil {
				c.problem = prepareSentence(err)
				return
			}
			c.form = f
			if c.form.From == "" && len(c.Identities) > 0 {
				c.form.From = c.Identities[0].Address
			}
			ctx.Defer(func(app.Context) { focusID(composeFocus(req.Kind)) })
		})
	})
}

// composeFocus is the field a person types into first: the recipient
// of a new message or a forward, the body of a reply.
func composeFocus(k composeKind) string {
	switch k {
	case composeReply, composeReplyAll:
		return "compose-body"
	}
	return "compose-to"
}

// changed notes an edit and saves the draft once the form has been
// still for saveAfter.
func (c *composer) changed(ctx app.Context) {
	c.edits++
	c.done = false // typing again after a Send that did not go
	n := c.edits
	ctx.After(saveAfter, func(ctx app.Context) {
		if n == c.edits && !c.preparing && !c.done {
			c.saveDraft(ctx)
		}
	})
}

// saveDraft writes the form to the device in a goroutine: IndexedDB
// answers through callbacks that need the UI goroutine free.
func (c *composer) saveDraft(ctx app.Context) {
	if c.Save == nil || c.form.empty() {
		return
	}
	f, n, save := c.form, c.edits, c.Save
	f.Account = c.Account
	f.Saved = time.Now()
	c.saving = true
	ctx.Async(func() {
		err := save(context.Background(), f)
		ctx.Dispatch(func(ctx app.Context) {
			c.saving = false
			if n != c.edits {
				return // typed on meanwhile: the next save says
			}
			if err != nil {
				c.note = draftNotSavedSentence(err)
				return
			}
			c.note = i18n.T(draftSavedSentence)
		})
	})
}

// send checks what can be checked here (a recipient, the size) and
// hands the form to the Shell.
func (c *composer) send(ctx app.Context) {
	if c.busy() {
		return
	}
	if problem := c.check(); problem != "" {
		c.problem = problem
		return
	}
	c.problem = ""
	c.edits++ // a pending save must not bring the draft back
	c.done = true
	f := c.form
	f.Account = c.Account
	if c.OnSend != nil {
		c.OnSend(f)
	}
}

// check is what stops a send before it starts, in words, or "".
func (c *composer) check() string {
	f := &c.form
	if f.To == "" && f.Cc == "" && f.Bcc == "" {
		return i18n.T(noRecipientSentence)
	}
	if c.SizeLimit > 0 && f.sendSize() > c.SizeLimit {
		return tooBigSentence(f.sendSize(), c.SizeLimit)
	}
	return ""
}

// discard closes the pane and removes the draft from the device.
func (c *composer) discard(ctx app.Context) {
	c.edits++
	c.done = true
	id, del := c.form.ID, c.Discard
	if id != "" && del != nil {
		ctx.Async(func() { _ = del(context.Background(), id) })
	}
	if c.OnClose != nil {
		c.OnClose()
	}
}

// close keeps the draft (saved now, not after the pause) and closes.
func (c *composer) close(ctx app.Context) {
	if c.edits > 0 && !c.preparing && !c.done {
		c.saveDraft(ctx)
	}
	c.edits++
	c.done = true
	if c.OnClose != nil {
		c.OnClose()
	}
}

// addFiles adds files the person picked or dropped, read off the UI
// goroutine.
func (c *composer) addFiles(ctx app.Context, files app.Value) {
	readFiles(files, func(atts []attachment, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				c.problem = attachSentence(err)
			}
			if len(atts) == 0 {
				return
			}
			c.form.Attachments = append(c.form.Attachments, atts...)
			c.problem = c.check()
			c.changed(ctx)
		})
	})
}

func (c *composer) removeAttachment(ctx app.Context, i int) {
	if i < 0 || i >= len(c.form.Attachments) {
		return
	}
	c.form.Attachments = append(c.form.Attachments[:i:i], c.form.Attachments[i+1:]...)
	c.problem = ""
	c.changed(ctx)
}
