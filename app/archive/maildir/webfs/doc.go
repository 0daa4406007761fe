// Package webfs is a maildir.FS over the browser's file system handles:
// a folder the person picked with the File System Access API
// (window.showDirectoryPicker) or the origin-private file system
// (navigator.storage.getDirectory()), both FileSystemDirectoryHandle
// objects of the WHATWG File System standard. It is how the tab writes a
// Maildir (maildir(5)) that Thunderbird, mutt or Dovecot can read, on
// the person's own disk.
//
// # How it keeps maildir(5)'s promises
//
//   - CreateExclusive looks the name up first and fails with fs.ErrExist
//     if it is taken. The API has no O_EXCL, so the check and the create
//     are two steps; the names Deliver makes are unique (time, counter,
//     random), so only another writer using the same name could slip in.
//   - A file is written through createWritable(), which writes a swap
//     file ("NAME.crswap" beside NAME) and moves it into place on
//     close(): the bytes appear whole or not at all. The API has no
//     fsync: Sync sends what is buffered, and Close commits; how soon the
//     operating system flushes the committed file is the browser's
//     business, as it is for IndexedDB.
//   - Rename uses FileSystemHandle.move(), an atomic rename within the
//     file system, after checking that the new name is free. A browser
//     without move() gets a copy: the new file is written through
//     createWritable() (so it too appears whole, but its swap file shows
//     in the target folder while it is written) and the old one removed.
//     Deliver writes into tmp/ first either way, so nothing half written
//     is ever under new/ or cur/ with a message name.
//
// # Errors
//
// A DOMException becomes an *Error whose Unwrap gives the condition a
// caller acts on: fs.ErrNotExist (NotFoundError), fs.ErrExist,
// ErrPermission (NotAllowedError or SecurityError: the browser took the
// permission back; ask again with Permission), ErrQuota
// (QuotaExceededError: the disk or the browser's quota is full). Match
// them with errors.Is.
//
// Every call waits for a JavaScript promise: call it from a goroutine of
// its own, never from a DOM event handler or a JavaScript callback, where
// waiting would block the event loop the promise needs.
package webfs
