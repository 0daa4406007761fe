package doccheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// root is the repository root, two levels up from this package.
const root = "../.."

// cited matches a Go test-function name wherever the docs write one: in
// backticks (`TestE2EHostile`), in a -run pattern ('^TestE2ESignIn$') or
// with a subtest (TestE2EKeys/delete). The capital after the prefix keeps
// words such as "Testing" and "Examples" out.
var cited = regexp.MustCompile(`\b((?:Test|Fuzz|Benchmark|Example)[A-Z0-9_][A-Za-z0-9_]*)\b`)

// defined matches the declaration of such a function in a _test.go file.
var defined = regexp.MustCompile(`(?m)^func ((?:Test|Fuzz|Benchmark|Example)[A-Za-z0-9_]*)\(`)

func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md", "SECURITY.md", "CONTRIBUTING.md"}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		rel, _ := filepath.Rel(root, d)
		files = append(files, rel)
	}
	return files
}

func definedNames(t *testing.T) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range defined.FindAllSubmatch(b, -1) {
			names[string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestCitedTestsExist fails when a document names a test that no
// _test.go file declares.
func TestCitedTestsExist(t *testing.T) {
	names := definedNames(t)
	// The positive control: this very function must be found, or the
	// walk saw nothing and every check below would pass vacuously.
	if !names["TestCitedTestsExist"] || len(names) < 100 {
		t.Fatalf("found %d test functions, not this one: the walk of %s is broken", len(names), root)
	}
	total := 0
	for _, f := range docFiles(t) {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		var missing []string
		for _, m := range cited.FindAllSubmatch(b, -1) {
			total++
			if n := string(m[1]); !names[n] && !slices.Contains(missing, n) {
				missing = append(missing, n)
			}
		}
		for _, n := range missing {
			t.Errorf("%s names %s, which no _test.go file declares: rename the citation or bring the test back", f, n)
		}
	}
	if total == 0 {
		t.Fatal("no document cites a test: the pattern no longer matches how the docs write them")
	}
}

func TestCitedPattern(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"held by `TestE2EHostile` and `FuzzLinkify`", []string{"TestE2EHostile", "FuzzLinkify"}},
		{"`ExampleClassify`, `BenchmarkRender`", []string{"ExampleClassify", "BenchmarkRender"}},
		{"`Testing` is a word; `TestMain`", []string{"TestMain"}},
		{"-run '^TestE2ESignIn$' and TestE2EKeys/delete", []string{"TestE2ESignIn", "TestE2EKeys"}},
		{"Testing, Examples and Benchmarks are words", nil},
	} {
		var got []string
		for _, m := range cited.FindAllStringSubmatch(tc.text, -1) {
			got = append(got, m[1])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}
