//go:build js && wasm

package ui

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/store"
)

// dbName is the IndexedDB database that holds every account's cache.
const dbName = "poppy"

// openStore opens the IndexedDB store. A browser that refuses IndexedDB
// (some private modes) gets an in-memory store and a note saying that
// nothing is kept, rather than no app.
func openStore(ctx context.Context) (store.DB, string) {
	db, err := store.OpenIDB(ctx, dbName, nil)
	if err != nil {
		return store.NewMem(nil), i18n.T("This browser does not let Poppy keep mail on the device, so nothing works offline.")
	}
	return db, ""
}

// setBadge shows n on the installed app's icon where the browser offers
// the Badging API; 0 clears it.
func setBadge(n int) {
	defer ignoreThrow()
	nav := js.Global().Get("navigator")
	if !nav.Get("setAppBadge").Truthy() {
		return
	}
	var p js.Value
	if n > 0 {
		p = nav.Call("setAppBadge", n)
	} else {
		p = nav.Call("clearAppBadge")
	}
	// The promise rejects where badges are not allowed; that is no error
	// worth a console line.
	if p.Truthy() && p.Get("catch").Truthy() {
		p.Call("catch", noop)
	}
}

var noop = js.FuncOf(func(js.Value, []js.Value) any { return nil })

// notifyPermission is the Notification permission: "granted", "denied",
// "default", or "" where the browser has no notifications.
func notifyPermission() string {
	n := js.Global().Get("Notification")
	if !n.Truthy() {
		return ""
	}
	return n.Get("permission").String()
}

// askNotifyPermission asks the person, and calls done with the answer.
func askNotifyPermission(done func(string)) {
	n := js.Global().Get("Notification")
	if !n.Truthy() {
		done("")
		return
	}
	var f js.Func
	f = js.FuncOf(func(_ js.Value, args []js.Value) any {
		f.Release()
		answer := ""
		if len(args) > 0 {
			answer = args[0].String()
		}
		done(answer)
		return nil
	})
	n.Call("requestPermission").Call("then", f)
}

// notify shows a system notification, if the person allowed them.
func notify(title, body string) (err error) {
	if notifyPermission() != "granted" {
		return errors.New("ui: notifications are not allowed")
	}
	defer func() {
		// Some browsers allow notifications only from a service worker
		// (Chrome on Android throws "Illegal constructor").
		if r := recover(); r != nil {
			err = fmt.Errorf("ui: this browser refused the notification: %v", r)
		}
	}()
	js.Global().Get("Notification").New(title, map[string]any{"body": body, "icon": "/web/icon-192.png", "tag": "poppy-new-mail"})
	return nil
}

// ignoreThrow recovers from a JavaScript exception in an optional
// browser feature: the badge is a nicety, never a reason to stop.
func ignoreThrow() { _ = recover() }
