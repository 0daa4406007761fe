// Package e2e holds Poppy's end-to-end tests: the web app (web/app.wasm)
// in headless Chromium, through the real bridge (built and started as a
// subprocess), against a real Dovecot with implicit TLS and a test CA
// that the browser's bundled roots do not trust, so every sign-in goes
// through the certificate prompt and the fingerprint flow; and against
// the in-memory POP3 server where only the rendering matters.
//
//   - TestE2ESignIn: the certificate prompt shows the subject, issuer,
//     validity and SHA-256 of the certificate Dovecot presents; after
//     #trust-cert the sign-in succeeds; the rows carry exactly the UIDLs
//     and the count that STAT reports (checked natively with pop3.DialTLS);
//     after signing out, the same account signs in without a prompt.
//   - TestE2EAddressSignIn: sign in from an e-mail address alone: a DNS
//     server on loopback (internal/dnstest) gives Dovecot's SRV record;
//     #found-servers shows host, port, protection and source before any
//     password field exists; the inbox lists the server's UIDLs; the
//     saved account reconnects through the server its record keeps.
//   - TestE2EAddressRefusals: an SRV record at a private address, and a
//     port outside the bridge's list, read as sentences.
//   - TestE2EWrongPassword: the error under the form carries the server's
//     own text and its [AUTH] code.
//   - TestE2EReadMessages: a plain-text message (escaped, linkified), an
//     HTML message (sandboxed frame titled "Message body", CSP <meta>
//     first, no script), a message with two attachments downloaded
//     byte for byte, and a broken one (testdata/mime/low-quality) that
//     shows its parts, a note, and its exact source (viewed and
//     downloaded as .eml).
//   - TestE2EDelete: Delete then Undo leaves the message on the server;
//     Delete is committed only after the undo window, a direct POP3
//     session then no longer finds it, and the app says so.
//   - TestE2EInboxScroll: a list longer than the screen holds every
//     message, and after scrolling a click opens the row clicked, which
//     stays on screen.
//   - TestE2EInboxTallWindow: the virtual list fills a tall window.
//   - TestE2EHostile: every message of testdata/hostile runs nothing and
//     loads nothing (page tripwires, dialogs, console output of the page
//     and of each message frame, a local stand-in for remote.example);
//     "Load remote content" makes the blocked requests arrive.
//   - TestE2EHostileTripwires: the detectors do see a script that runs,
//     in the page and in a sandboxed frame, and a remote load.
//   - TestE2EOffline: with the bridge stopped, a reload starts the app
//     from its service worker and shows the inbox and a message read
//     before from IndexedDB, under the offline banner; with the bridge
//     back and a message delivered, signing in fetches that one header
//     (Dovecot's own log counts one TOP).
//   - TestE2EOfflineDelete: a deletion made offline is pending and kept;
//     another client deletes a different message meanwhile; on reconnect
//     the right message goes, by UIDL (Dovecot counts one DELE from
//     Poppy), and the device forgets both.
//   - TestE2EAccounts: a second account added, switching back without a
//     password prompt, removing one (the app says what it freed, the
//     other's data stays), clearing local data (the inbox stays), the
//     unread count in the title.
//   - TestE2ENewMail: with notifications allowed, a message delivered
//     while the inbox is open comes at the next check with one
//     notification, and the unread count in the title and on the badge.
//   - TestE2ERollingRestart: signed in through HAProxy
//     (deploy/haproxy) over two bridges, both restarted one after the
//     other (the tab's session closed with 1001); then a deletion with
//     the Delete key is committed on its retry without a word of lost
//     connection or queued deletion, the server lost exactly it, and a
//     message opens.
//   - TestPWAManifest, TestPWAWorkerControlsPage, TestPWAOffline,
//     TestPWAUpdatePrompt: the manifest as Chromium parses it, its icons,
//     installability; the service worker controls the page, pre-caches
//     the shell and starts the app with the bridge down; a new version
//     brings "Reload".
//
// Run them with `make test`, or on their own with
//
//	CI=true go test -count=1 ./app/e2e/
//
// They need Chromium (/usr/bin/chromium, or $CHROMIUM_BIN), Dovecot
// (dovecot-pop3d) and the built app (`make web`: the tests use web/ as it
// is, so rebuild it after changing the app). Without them the tests skip,
// except when the environment variable CI is set: then they fail, since a
// CI run that skipped them would prove nothing.
//
// The harness is app/internal/browsertest. A failing test leaves a
// screenshot in its artifact directory (go test -artifacts) and logs the
// page's text, the bridge's output and the browser's notes.
package e2e
