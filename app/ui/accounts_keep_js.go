//go:build js && wasm

package ui

import "syscall/js"

// storagePersist asks the browser to keep Poppy's storage persistent
// (navigator.storage.persist(), or only persisted() when ask is false)
// and calls done with the answer, from a promise callback. A browser
// without the Storage API answers false.
func storagePersist(ask bool, done func(bool)) {
	st := js.Global().Get("navigator").Get("storage")
	if !st.Truthy() || !st.Get("persist").Truthy() {
		done(false)
		return
	}
	method := "persisted"
	if ask {
		method = "persist"
	}
	var ok, fail js.Func
	release := func() { ok.Release(); fail.Release() }
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		done(len(args) > 0 && args[0].Truthy())
		return nil
	})
	fail = js.FuncOf(func(js.Value, []js.Value) any {
		defer release()
		done(false)
		return nil
	})
	st.Call(method).Call("then", ok, fail)
}
