package wasmsize

import (
	"cmp"
	"slices"
	"strings"
)

// Other is the package name ByPackage gives to functions that match no
// listed package: the linker's own glue (wasm_pc_f_loop, gcWriteBarrier,
// _rt0_wasm_js), type equality functions (type:.eq.*) and unnamed ones.
const Other = "(linker glue and type functions)"

// PackageSize is the code of one package.
type PackageSize struct {
	Package string
	Funcs   int // number of function bodies
	Size    int // their bytes
}

// Mangle turns a symbol or package name into the form the Go linker
// writes into a wasm name section: every character outside [A-Za-z0-9_.]
// becomes "_" (cmd/link/internal/wasm's nameRegexp). A byte of a
// multi-byte character becomes one "_" per character, as the regexp
// matches runes.
func Mangle(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return '_'
	}, s)
}

// ByPackage sums the function bodies by package, the largest first
// (ties by name). pkgs are import paths, such as those of `GOOS=js
// GOARCH=wasm go list -deps ./app`. A function belongs to the longest
// package whose mangled path, followed by ".", starts its name; a
// generic function's instantiation belongs to the package that declares
// it, whatever its type arguments.
func ByPackage(funcs []Func, pkgs []string) []PackageSize {
	type pm struct{ mangled, path string }
	ms := make([]pm, 0, len(pkgs))
	for _, p := range pkgs {
		ms = append(ms, pm{Mangle(p) + ".", p})
	}
	// Longest first: "a_b.F" is a/b's F even when a package "a" is
	// listed too (its mangled "a." does not match, but "a_b_c." would
	// be checked before "a_b.").
	slices.SortFunc(ms, func(a, b pm) int { return cmp.Compare(len(b.mangled), len(a.mangled)) })
	sums := map[string]*PackageSize{}
	for _, f := range funcs {
		pkg := Other
		for _, m := range ms {
			if strings.HasPrefix(f.Name, m.mangled) {
				pkg = m.path
				break
			}
		}
		s := sums[pkg]
		if s == nil {
			s = &PackageSize{Package: pkg}
			sums[pkg] = s
		}
		s.Funcs++
		s.Size += f.Size
	}
	out := make([]PackageSize, 0, len(sums))
	for _, s := range sums {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b PackageSize) int {
		return cmp.Or(cmp.Compare(b.Size, a.Size), strings.Compare(a.Package, b.Package))
	})
	return out
}
