package wasmsize

import (
	"errors"
	"fmt"
)

// Section ids of the binary format (§5.5.2).
const (
	sectionCustom    = 0
	sectionImport    = 2
	sectionCode      = 10
	sectionData      = 11
	sectionDataCount = 12
)

// ErrFormat is the error that Parse wraps when its input is not a
// WebAssembly module it can read.
var ErrFormat = errors.New("wasmsize: not a readable WebAssembly module")

// FormatError says where a module stopped making sense.
type FormatError struct {
	Offset int    // byte offset in the module
	Reason string // what was expected there
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("wasmsize: malformed module at byte %d: %s", e.Offset, e.Reason)
}

// Unwrap makes every FormatError match ErrFormat.
func (e *FormatError) Unwrap() error { return ErrFormat }

// Module is what Parse learned of a module.
type Module struct {
	// Sections lists every section in file order, with its size in
	// bytes (the contents, without the id and size header).
	Sections []Section
	// Funcs are the module's own functions (not its imports), in index
	// order; Name is empty when the module has no name for it.
	Funcs []Func
	// DataSize is the sum of the data segments' contents.
	DataSize int
}

// Section is one section of a module.
type Section struct {
	ID   byte
	Name string // a custom section's name, or the id's name in the spec
	Size int
}

// Func is one function body of the code section.
type Func struct {
	Name string
	Size int // the body with its size prefix: what it adds to the module
}

var sectionNames = [...]string{"custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"}

func sectionName(id byte) string {
	if int(id) < len(sectionNames) {
		return sectionNames[id]
	}
	return fmt.Sprintf("unknown %d", id)
}

// CodeSize is the sum of the function bodies.
func (m *Module) CodeSize() int {
	n := 0
	for _, f := range m.Funcs {
		n += f.Size
	}
	return n
}
