// Package wasmsize tells where the bytes of a Go-built WebAssembly module
// go: it reads the module's sections (the WebAssembly Core Specification
// 2.0, §5.5 "Modules" of the binary format), the function bodies of its
// code section, and the function names of its custom "name" section
// (Appendix 7.4), and sums the bodies by Go package.
//
// `go tool nm` does not read wasm, and the app as served is stripped
// (`-ldflags=-s -w` drops the name section), so the size table of `make
// bench` reads a twin built with symbols. The Go linker writes names with
// every character outside [A-Za-z0-9_.] turned into "_"
// (cmd/link/internal/wasm), so a name alone cannot tell a package path's
// "/" from an identifier's "_": ByPackage matches names against the
// package paths the caller lists (`go list -deps`), longest first.
//
// Data segments carry no names: the Go runtime's tables (pclntab, types,
// strings) are reported as one total per section.
package wasmsize
