package wasmsize

import "bytes"

var magic = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// reader walks a byte slice, remembering its offset in the module for
// errors. Every read checks its bounds: a malformed module is an error,
// never a panic.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(reason string) {
	if r.err == nil {
		r.err = &FormatError{Offset: r.off, Reason: reason}
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	r.off++
	return c
}

// uleb reads an unsigned LEB128 number of at most 32 bits (§5.2.2).
func (r *reader) uleb() int {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			if v > 1<<31 {
				r.fail("number too large")
				return 0
			}
			return int(v)
		}
	}
	r.fail("number too long")
	return 0
}

// bytes reads n bytes as a sub-reader.
func (r *reader) bytes(n int) *reader {
	if n < 0 || n > len(r.b) {
		r.fail("length past the end")
		return &reader{off: r.off, err: r.err}
	}
	s := &reader{b: r.b[:n:n], off: r.off}
	r.b = r.b[n:]
	r.off += n
	return s
}

// sleb reads a signed LEB128 number of at most 32 bits (§5.2.2).
func (r *reader) sleb() int {
	var v int64
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return int(int32(v))
		}
	}
	r.fail("number too long")
	return 0
}

func (r *reader) name() string {
	n := r.uleb()
	return string(r.bytes(n).b)
}

// Parse reads a module's sections, its function bodies and their names.
// It reads what the size table needs and skips the rest.
func Parse(b []byte) (*Module, error) {
	if !bytes.HasPrefix(b, magic) {
		return nil, &FormatError{Reason: "no WebAssembly version 1 header"}
	}
	r := &reader{b: b[len(magic):], off: len(magic)}
	m := &Module{}
	imported := 0 // imported functions come first in the index space
	var names map[int]string
	for len(r.b) > 0 && r.err == nil {
		id := r.byte()
		size := r.uleb()
		sec := r.bytes(size)
		if r.err != nil {
			break
		}
		s := Section{ID: id, Name: sectionName(id), Size: size}
		switch id {
		case sectionCustom:
			s.Name = sec.name()
			if s.Name == "name" {
				names = readNames(sec)
			}
		case sectionImport:
			imported = countFuncImports(sec)
		case sectionCode:
			m.Funcs = readBodies(sec)
		case sectionData:
			m.DataSize = readData(sec)
		}
		if sec.err != nil {
			return nil, sec.err
		}
		m.Sections = append(m.Sections, s)
	}
	if r.err != nil {
		return nil, r.err
	}
	for i := range m.Funcs {
		m.Funcs[i].Name = names[imported+i]
	}
	return m, nil
}

// countFuncImports counts the function imports (§5.5.5), whose indices
// precede the module's own functions.
func countFuncImports(r *reader) int {
	n, funcs := r.uleb(), 0
	for i := 0; i < n && r.err == nil; i++ {
		r.name() // module
		r.name() // field
		switch kind := r.byte(); kind {
		case 0x00: // func: type index
			r.uleb()
			funcs++
		case 0x01: // table: reftype, limits
			r.byte()
			readLimits(r)
		case 0x02: // memory: limits
			readLimits(r)
		case 0x03: // global: valtype, mutability
			r.byte()
			r.byte()
		default:
			r.fail("unknown import kind")
		}
	}
	return funcs
}

func readLimits(r *reader) {
	flags := r.byte()
	r.uleb()
	if flags&1 != 0 {
		r.uleb()
	}
}

// readBodies reads the code section (§5.5.13): a vector of sized bodies.
func readBodies(r *reader) []Func {
	n := r.uleb()
	if n > len(r.b) { // every body takes at least one byte
		r.fail("more bodies than bytes")
		return nil
	}
	fs := make([]Func, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		start := r.off
		size := r.uleb()
		r.bytes(size)
		fs = append(fs, Func{Size: r.off - start})
	}
	return fs
}

// readNames reads the function names subsection (id 1) of the name
// section (Appendix 7.4.2).
func readNames(r *reader) map[int]string {
	names := map[int]string{}
	for len(r.b) > 0 && r.err == nil {
		id := r.byte()
		sub := r.bytes(r.uleb())
		if id != 1 {
			continue
		}
		n := sub.uleb()
		for i := 0; i < n && sub.err == nil; i++ {
			idx := sub.uleb()
			names[idx] = sub.name()
		}
		if sub.err != nil {
			r.err = sub.err
		}
	}
	return names
}

// readData sums the contents of the data segments (§5.5.14).
func readData(r *reader) int {
	n, total := r.uleb(), 0
	for i := 0; i < n && r.err == nil; i++ {
		switch flags := r.uleb(); flags {
		case 0: // active, memory 0, offset expression
			skipConstExpr(r)
		case 1: // passive
		case 2: // active, explicit memory
			r.uleb()
			skipConstExpr(r)
		default:
			r.fail("unknown data segment kind")
			return total
		}
		size := r.uleb()
		r.bytes(size)
		total += size
	}
	return total
}

// skipConstExpr skips an offset expression: i32.const n, end. That is
// the only form the Go linker writes.
func skipConstExpr(r *reader) {
	if r.byte() != 0x41 {
		r.fail("data offset is not an i32.const")
		return
	}
	for r.err == nil && r.byte()&0x80 != 0 {
	}
	if r.byte() != 0x0b {
		r.fail("data offset expression without end")
	}
}
