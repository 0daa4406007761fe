// Package mailindex keeps the body-search index (package search) of
// every account on the device up to date, and in the device store.
//
// Store wraps a store.DB: what the app writes through it (full copies
// arriving, RFC 1939 RETR bodies opened and cached) is indexed, and what
// leaves the device (a body evicted or forgotten, a copy deleted, an
// account removed, local data cleared) leaves the index. Messages are
// parsed by package render (RFC 5322, MIME RFC 2045–2049): the plain
// text body, or the HTML body's text, the subject, the From, To and Cc
// addresses and names, and the attachments' file names.
//
// Indexing runs on a goroutine of its own, in the order the writes
// came, so a full copy does not wait for it; each account's index is
// written back to the store (store.SearchIndex) after each batch, as the
// segments that changed. When an account's index is first opened it is
// checked against what the device holds: copies and bodies that are not
// in it (kept before the index existed, or after Clear dropped it) are
// indexed, and entries whose message is gone are dropped.
package mailindex
