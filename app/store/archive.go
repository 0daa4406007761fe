package store

// ArchiveSettings is an account's folder archive (issue 13): whether
// each kept message is also written, as a Maildir, to a folder on the
// person's disk. IDB keeps it with the folder's handle (a
// FileSystemDirectoryHandle, which IndexedDB can hold and nothing else
// in the browser can) in the "archive" store under [account]; like
// Keeping's records it exists only on the device, so RemoveAccount
// deletes it and Clear does not. A store without a browser (Mem) has no
// folder archive.
type ArchiveSettings struct {
	// On: write kept messages to the folder.
	On bool `json:"on,omitempty"`
	// Folder is the folder's name, as its handle gives it, for the panel.
	Folder string `json:"f,omitempty"`
}
