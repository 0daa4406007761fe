package ui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/poppymail/poppy/app/i18n"
)

// haveCatalogs installs every shipped catalog that is not in this build
// (in the browser only English is embedded; the app fetches the rest,
// and wasmbrowsertest gives a test the host's files instead).
func haveCatalogs(t *testing.T) {
	t.Helper()
	for _, l := range i18n.Languages() {
		if i18n.HasCatalog(l.Tag) {
			continue
		}
		b, err := os.ReadFile(filepath.Join("..", "i18n", "catalogs", l.Tag+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := i18n.Install(l.Tag, b); err != nil {
			t.Fatal(err)
		}
	}
}
