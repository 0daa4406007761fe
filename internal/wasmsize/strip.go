package wasmsize

// StripNames returns the module without its custom "name" section
// (Appendix 7.4), every other section copied byte for byte.
//
// Why: `go build -ldflags=-s` leaves out the name section and nothing
// else of the module's meaning, so the twin that `make wasm-sym` builds
// for the size table, stripped, is the code `make web` builds. `make
// bench` compares binaryen's wasm-opt against that, Go's own output,
// whatever level the app is served at.
func StripNames(b []byte) ([]byte, error) {
	if _, err := Parse(b); err != nil {
		return nil, err
	}
	out := append(make([]byte, 0, len(b)), magic...)
	r := &reader{b: b[len(magic):], off: len(magic)}
	for len(r.b) > 0 {
		start := r.off
		id := r.byte()
		sec := r.bytes(r.uleb())
		if id == sectionCustom && sec.name() == "name" {
			continue
		}
		out = append(out, b[start:r.off]...)
	}
	return out, nil
}
