// Package doccheck holds the tests that keep the project's Markdown honest:
// every test, fuzz target, benchmark or example that README.md, SECURITY.md,
// CONTRIBUTING.md or docs/*.md names as holding a claim must exist in the
// tree. A renamed or deleted test would otherwise leave a guarantee that
// nothing checks any more, while the docs still say it is checked.
//
// It has no code of its own; `make check` runs its test with Go alone.
package doccheck
