//go:build !(js && wasm)

package ui

import (
	"context"

	"github.com/poppymail/poppy/app/store"
)

// Native twins of device_js.go, for component tests outside a browser.

func openStore(context.Context) (store.DB, string) { return store.NewMem(nil), "" }

func setBadge(int) {}

func notifyPermission() string { return "" }

func askNotifyPermission(done func(string)) { done("") }

func notify(string, string) error { return nil }
