//go:build !(js && wasm)

package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// dynamicKeys lists, by file (relative to app/), the calls of T or N
// whose key is not a constant, and the keys each can take: such a call
// fails the test unless its file is listed here. A file whose keys are
// marked with i18n.Key where they are written lists none.
var dynamicKeys = map[string][]string{
	// notQueuedSentence translates the reasons of compose's typed
	// errors (AddressError, BuildError), worded in that package; a
	// reason naming the domain stays as compose wrote it.
	"ui/sentences.go": {
		"it contains bytes that are not text",
		"it has no @; an address looks like name@example.org",
		"it has more than one @; separate addresses with commas",
		"the domain is missing after @",
		"the name before @ is missing",
		"the part before @ is longer than 64 characters",
		"it is longer than an address may be",
		"the domain in brackets is not closed",
		"a part of the domain is longer than 63 characters",
		"a part of the domain starts or ends with -",
		"the domain contains an invisible character",
		"the message could not be written",
		"no random numbers for the Message-ID",
	},
	// The retention choices' labels are marked with i18n.Key in their
	// table, and translated when the select is drawn.
	"ui/accounts_keep.go": nil,
	// The shortcuts' labels and descriptions, marked in their table.
	"ui/keys.go": nil,
	// The sort choices' labels, marked in their table.
	"ui/sort_bar.go": nil,
	// The title of the frame of an HTML body is render.IFrameTitle,
	// which a test there holds to these words.
	"ui/render_notes.go": {"Message body"},
}

// usedKeys reads every Go file of app/ (tests and this package aside)
// and returns the keys of the calls i18n.T, i18n.N and i18n.Key, by key
// with the places that use it. A key is a string literal, a constant declared as one in
// the same package, or a concatenation of those; anything else is
// reported as dynamic.
func usedKeys(t *testing.T) (keys map[string][]string, plurals map[string]bool, dynamic []string) {
	t.Helper()
	fset := token.NewFileSet()
	keys, plurals = map[string][]string{}, map[string]bool{}
	type pkgFiles struct {
		consts map[string]ast.Expr
		files  []*ast.File
	}
	pkgs := map[string]*pkgFiles{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || path == "../i18n" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		p := pkgs[dir]
		if p == nil {
			p = &pkgFiles{consts: map[string]ast.Expr{}}
			pkgs[dir] = p
		}
		p.files = append(p.files, f)
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						p.consts[n.Name] = vs.Values[i]
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var value func(p *pkgFiles, e ast.Expr, depth int) (string, bool)
	value = func(p *pkgFiles, e ast.Expr, depth int) (string, bool) {
		if depth > 10 {
			return "", false
		}
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				s, err := strconv.Unquote(e.Value)
				return s, err == nil
			}
		case *ast.Ident:
			if c, ok := p.consts[e.Name]; ok {
				return value(p, c, depth+1)
			}
		case *ast.ParenExpr:
			return value(p, e.X, depth+1)
		case *ast.BinaryExpr:
			if e.Op == token.ADD {
				a, ok1 := value(p, e.X, depth+1)
				b, ok2 := value(p, e.Y, depth+1)
				return a + b, ok1 && ok2
			}
		}
		return "", false
	}
	for _, p := range pkgs {
		for _, f := range p.files {
			name := fset.File(f.Pos()).Name()
			rel := strings.TrimPrefix(name, "../")
			importsI18n := false
			for _, im := range f.Imports {
				if im.Path.Value == `"github.com/poppymail/poppy/app/i18n"` {
					importsI18n = true
				}
			}
			if !importsI18n {
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "N" && sel.Sel.Name != "Key") || len(call.Args) == 0 {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "i18n" {
					return true
				}
				pos := fset.Position(call.Pos())
				where := rel + ":" + strconv.Itoa(pos.Line)
				if k, ok := value(p, call.Args[0], 0); ok {
					keys[k] = append(keys[k], where)
					if sel.Sel.Name == "N" {
						plurals[k] = true
					}
				} else if allowed, ok := dynamicKeys[rel]; ok {
					for _, k := range allowed {
						keys[k] = append(keys[k], where)
					}
				} else {
					dynamic = append(dynamic, where)
				}
				return true
			})
		}
	}
	return keys, plurals, dynamic
}

// TestCatalogsComplete fails when the code uses a key that a catalog
// lacks, when a catalog has a key the code no longer uses, when a key
// that N counts with has no plural forms, and when a call's key is not
// a constant (unless dynamicKeys allows it).
func TestCatalogsComplete(t *testing.T) {
	used, plurals, dynamic := usedKeys(t)
	if len(used) == 0 {
		t.Fatal("found no call of i18n.T or i18n.N under app/: the scan is broken")
	}
	for _, where := range dynamic {
		t.Errorf("%s: the key is not a constant, so no test can check that the catalogs have it; use a constant, or list its keys in dynamicKeys", where)
	}
	for _, l := range Languages() {
		c := loadCatalog(l.Tag)
		for k, places := range used {
			m, ok := c[k]
			switch {
			case !ok:
				t.Errorf("catalogs/%s.json lacks %q (used at %s)", l.Tag, k, strings.Join(places, ", "))
			case plurals[k] && m.Plural == nil:
				t.Errorf("catalogs/%s.json has %q as one text, but N counts with it (at %s): give its plural forms", l.Tag, k, strings.Join(places, ", "))
			}
		}
		var unused []string
		for _, k := range c.Keys() {
			if _, ok := used[k]; !ok {
				unused = append(unused, k)
			}
		}
		sort.Strings(unused)
		for _, k := range unused {
			t.Errorf("catalogs/%s.json has %q, which no code uses any more: remove it", l.Tag, k)
		}
	}
}

// TestCatalogsParse checks every shipped catalog parses, that each of
// its plural messages has every form its language's CLDR rules reach
// (for the counts 0 to 1000), and that each translation keeps the
// placeholders of the English.
func TestCatalogsParse(t *testing.T) {
	en := loadCatalog(Fallback)
	for _, l := range Languages() {
		data, err := catalogFiles.ReadFile("catalogs/" + l.Tag + ".json")
		if err != nil {
			t.Fatal(err)
		}
		c, err := ParseCatalog(data)
		if err != nil {
			t.Fatalf("%s: %v", l.Tag, err)
		}
		loc := For(l.Tag)
		need := map[string]bool{}
		for n := range 1001 {
			need[loc.category(n)] = true
		}
		for k, m := range c {
			if m.Plural != nil {
				for f := range need {
					if _, ok := m.Plural[f]; !ok {
						t.Errorf("%s: %q lacks the plural form %q", l.Tag, k, f)
					}
				}
			}
			if want, got := placeholders(en[k]), placeholders(m); want != got {
				t.Errorf("%s: %q has placeholders %s, English has %s", l.Tag, k, got, want)
			}
		}
	}
}

// placeholders is the set of {n} in m's texts, as a sorted list.
func placeholders(m Message) string {
	texts := []string{m.Text}
	for _, s := range m.Plural {
		texts = append(texts, s)
	}
	set := map[string]bool{}
	for _, s := range texts {
		for i := 0; i+2 < len(s); i++ {
			if s[i] == '{' && s[i+1] >= '0' && s[i+1] <= '9' && s[i+2] == '}' {
				set[s[i:i+3]] = true
			}
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return strings.Join(out, "")
}
