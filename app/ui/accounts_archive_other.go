//go:build !(js && wasm)

package ui

import "github.com/poppymail/poppy/app/store"

// Native twins of accounts_archive_js.go: outside a browser there is no
// folder to write to, so the archive is unsupported and does nothing.

func startArchive(store.DB, string)               {}
func archiveKick()                                {}
func archiveStatus(store.DB, string) archiveState { return archiveState{} }
func archiveListen(store.DB, string, func())      {}
func archiveSet(store.DB, string, bool)           {}
func archiveRegrant(store.DB, string)             {}
func archiveRetry(store.DB, string)               {}

// downloadSink discards an export natively (download does the same).
type downloadSink struct{}

func newDownloadSink() downloadSink              { return downloadSink{} }
func (downloadSink) Write(p []byte) (int, error) { return len(p), nil }
func (downloadSink) Save(string) error           { return nil }
