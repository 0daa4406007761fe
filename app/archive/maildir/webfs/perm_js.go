//go:build js && wasm

package webfs

import "syscall/js"

// Pick asks the person for a folder (window.showDirectoryPicker) with
// read and write access. It must run within a few seconds of a click
// (the browser's transient activation). A browser without the API fails
// with ErrUnsupported; a closed picker with ErrCancelled.
func Pick(id string) (js.Value, error) {
	w := js.Global()
	if w.Get("showDirectoryPicker").Type() != js.TypeFunction {
		return js.Undefined(), ErrUnsupported
	}
	opts := map[string]any{"mode": "readwrite"}
	if id != "" {
		opts["id"] = id
	}
	h, err := call("pick", "", w, "showDirectoryPicker", opts)
	if e, ok := err.(*Error); ok && e.Name == "AbortError" {
		return js.Undefined(), ErrCancelled
	}
	return h, err
}

// Supported reports whether this browser can pick a folder to write to.
func Supported() bool {
	return js.Global().Get("showDirectoryPicker").Type() == js.TypeFunction
}

// OPFS returns the root of the origin-private file system.
func OPFS() (js.Value, error) {
	st := js.Global().Get("navigator").Get("storage")
	if !st.Truthy() || st.Get("getDirectory").Type() != js.TypeFunction {
		return js.Undefined(), ErrUnsupported
	}
	return call("pick", "", st, "getDirectory")
}

// Permission states, as the browser names them.
const (
	Granted = "granted"
	Prompt  = "prompt" // ask again (Permission with ask), after a click
	Denied  = "denied"
)

// Permission returns the read-write permission state of handle
// (queryPermission), or asks the person for it (requestPermission: only
// within a few seconds of a click) when ask is set. A handle without
// these methods (the origin-private file system in some browsers) is
// always granted.
func Permission(handle js.Value, ask bool) (string, error) {
	method := "queryPermission"
	if ask {
		method = "requestPermission"
	}
	if handle.Get(method).Type() != js.TypeFunction {
		return Granted, nil
	}
	v, err := call("permission", "", handle, method, map[string]any{"mode": "readwrite"})
	if err != nil {
		return "", err
	}
	return v.String(), nil
}
