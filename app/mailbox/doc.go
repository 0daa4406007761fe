// Package mailbox is the mailbox logic of Poppy's web UI: one account's
// inbox as the person sees it, kept in step with a POP3 server. It sits
// between the wire protocol (package pop3) and the UI (go-app), has no DOM
// code, and builds both natively and for js/wasm, so its tests run against
// the in-memory server of pop3/pop3server on loopback.
//
// It follows:
//   - RFC 1939, POP3: a session sees a fixed snapshot of the maildrop, so
//     checking for new mail means a new session; message numbers change
//     between sessions, so every command that names a message (RETR, DELE)
//     resolves the message's unique-id (UIDL) to the current session's
//     number first; deletions happen only in the UPDATE state, after QUIT;
//   - RFC 2449 and RFC 3206, the response codes that tell a person what to
//     do ([AUTH], [IN-USE], [LOGIN-DELAY], [SYS/TEMP]);
//   - RFC 5322 and RFC 2047, the header fields of the inbox rows (From,
//     Subject, Date, Content-Type), decoded with net/mail and mime.
//
// # Sessions
//
// A Mailbox reaches the server only through its Dialer, which returns a
// connected pop3.Client: natively a TCP connection, in the browser TLS
// over a WebSocket to the bridge. Sync and CheckNew open a new session and
// fetch the headers of messages not seen before (by UIDL), pipelined; the
// session then stays open for Fetch, kept alive with NOOP, and reopened
// with exponential backoff and jitter when it drops.
//
// # Deleting
//
// Nothing is ever deleted that the person did not ask to delete. DELE and
// QUIT are sent in one place only, the commit of a Delete, after its undo
// window. Every other session is ended without QUIT (as a dropped
// connection would be), so even a bug elsewhere could not commit a
// deletion. A commit that fails or cannot be confirmed brings the messages
// back and reports an Event with a Problem.
//
// # Threads
//
// A Mailbox is safe for use from several goroutines. Messages, Delete,
// MarkRead and the other accessors never wait for the network, so the UI
// goroutine may call them. Sync, CheckNew, Fetch and Flush do network I/O
// and must run elsewhere (go-app's ctx.Async). Options.OnChange is called
// from a background goroutine, one event at a time and in order; the UI
// must hand each event to its own goroutine (go-app's ctx.Dispatch).
package mailbox
