// Package store keeps Poppy's mail on the device, so that the inbox shows
// at once, works offline, and a sync fetches only what changed.
//
// POP3 (RFC 1939) leaves every piece of state to the client: the only
// identity of a message that survives from one session to the next is its
// unique-id (UIDL, RFC 1939 section 7). Everything here is therefore kept
// per account and keyed by UIDL: the inbox rows (header fields), the
// bodies the person opened, read marks, deletions queued while offline,
// and the account's trusted certificate fingerprint.
//
// Sending mail (RFC 6409 submission, issue 11) adds what POP3 keeps
// nowhere else: drafts, the outbox that package outbox drives, sent
// messages (POP3 has no Sent folder), identities and an address book, all
// per account (Sending). They exist only on the device: Clear leaves
// them, and their writes in IDB are flushed to disk before they report
// success. An outbox entry changes state in one transaction that reads
// and writes it (UpdateOutbox), and leaves the outbox for Sent in
// another (MoveToSent), so that two tabs never both take one entry and a
// message is never in both places nor in neither.
//
// Two implementations share one contract (DB) and one test suite
// (storetest): Mem, in memory, for native tests and for a browser without
// IndexedDB; and, in the browser (js/wasm), IDB, backed by IndexedDB
// through syscall/js. IDB's schema is versioned: each version's upgrade
// step runs in order from the version found on the device, so a schema
// change migrates the data instead of dropping it. Version 3 added the
// stores of Sending, keeping every record of version 2.
//
// Keyed by UIDL holds for the inbox rows and read marks too, though IDB
// stores them several to a record: an account's rows, and apart from them
// its marks, are spread over a fixed number of buckets by a hash of the
// UIDL, so a UIDL names its bucket, and a write reads and rewrites just
// the buckets of the rows or marks it changes. It is what lets a
// 10,000-row inbox, mostly read, load as 32 records instead of nearly
// 20,000 (see IDB and bucketCount).
//
// Bodies are capped (Options.MaxBodyBytes): past the cap the least
// recently read bodies are evicted; headers are never evicted, so a full
// cache still shows the whole inbox. A write the device refuses for lack
// of space returns an error for which IsQuota reports true.
//
// Both stores keep a header and an account record as JSON, the same
// bytes in each, and Usage counts a header as the length of that JSON: so
// Mem and IDB report the same sizes for the same data. A value comes back
// as it went in, except that a time comes back Equal, with the same UTC
// offset but not the same *time.Location, and invalid UTF-8 in a header
// field comes back as U+FFFD.
//
// Every method may block: call them from a goroutine of their own, never
// from the UI goroutine (in go-app, from ctx.Async).
package store
