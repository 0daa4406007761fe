// Package ui is Poppy's user interface: go-app v9 components compiled to
// WebAssembly. It holds no protocol or mailbox logic: it drives
// app/mailbox (sync, fetch, delete with undo), reaches the mail server
// through app/bridgeclient (the bridge's server list and the Dialer) and
// app/transport (WebSocket to the bridge, TLS to the server), and shows
// mail only through app/render, the one chokepoint for untrusted content.
//
// The Shell is the root component: the open mailbox, the inbox's rows,
// selection and ticks (which the keyboard and the top bar share).
// Self-contained parts are components with their own state: the sign-in
// form (signInCard), the certificate prompt (certPrompt), the accounts
// panel (accountsPanel), the virtualised message list (messageList) and
// the message pane (reader); and for sending mail (issue 11) the compose
// pane (composer), the outbox (outboxView), the Sent view (sentView) and
// the identity settings (identityPanel), which the Shell drives through
// one sendState (sending.go) and whose work, off the UI goroutine, is the
// mailer's: drafts, identities and the address book in app/store,
// messages built by app/compose, the outbox of app/outbox, and the
// submitter, the outbox's Sender, through transport.DialSubmission. Every
// sentence a person reads about a failure (the mailbox's Problems, the bridge, the
// connection) is in sentences.go, in one place: app/mailbox classifies,
// this package words. The keyboard shortcuts and their help come from
// one table (keys.go).
//
// Every string a person reads goes through app/i18n (i18n.T, i18n.N),
// whose catalogs translate it: English, Arabic (right to left), Polish
// and German. The language is the one kept on the device, else the
// browser's navigator.languages, else English, and changes at run time
// in the accounts panel's select[name=language] (accounts_language.go);
// <html lang dir> follow it. The labels this contract names below are
// the English interface's: a script that matches labels chooses English
// (that select, or localStorage "poppy.language" = "en" before start).
//
// Network work never runs in an event handler: handlers start it with
// ctx.Async, and results come back to the UI goroutine with ctx.Dispatch,
// because js/wasm goroutines are not preempted and a blocked handler
// freezes the page.
//
// The automation contract (kept stable for scripts and tests): the
// sign-in inputs are named target, username and password in a form with a
// submit button; when the bridge allows user-entered servers, the target
// bridgeapi.CustomTarget ("custom") is the address-first path: an input
// named address, then what the lookup found in #found-servers (before
// any password field exists), the server's fields named host, port and
// security, and, for plain POP3 over the network, a checkbox named
// allow-plain; each inbox row carries data-uidl; the delete control has
// aria-label="Delete"; the HTML body frame has title="Message body".
// Sending: "New message" is a control with aria-label="New message"; the
// reader has controls labelled Reply, Reply all and Forward (and Forward
// inline); the compose form is form#compose, its fields named to, cc, bcc,
// subject and body, its file input named attachments, and its submit
// button sends; what Send did is read out from #send-status (aria-live);
// each outbox entry carries data-outbox-id (and a class state-STATE), kept
// drafts listed under it data-draft-id, and the Sent view is #sent, each
// message in it carrying data-sent-id.
//
// Accessibility (issue 15, WCAG 2.2 AA; a11y_js.go): the inbox list
// #message-list is role=grid named Messages, its rows (the data-uidl
// elements) role=row with aria-rowindex and aria-selected, their parts
// gridcells; the selected row is the list's one tab stop (roving focus).
// The signed-in page has one main landmark, named by its one h1 (the
// view shown). #announce is the page's polite live region (role=status):
// announce(text) is how any part of the UI tells a screen reader
// something that happened (new mail, a sync's progress, a deletion).
package ui

import "github.com/poppymail/poppy/app/routes"

// Routes registers the app's pages with go-app, on the paths that
// package routes names (the bridge registers a placeholder on the same
// paths, and so does not link this package).
func Routes() {
	startLanguage()
	routes.Register(&Shell{})
}
