//go:build !(js && wasm)

package i18n

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"sort"
	"testing"
)

// -update rewrites catalogs/en.json from the code: every key used, a
// plural key with the forms "one" and "other" (to be worded by hand),
// and the keys no code uses dropped; the other catalogs lose unused
// keys, and missing.txt lists what each lacks, for the translators.
var update = flag.Bool("update", false, "rewrite catalogs/en.json from the code's keys")

func TestUpdateCatalogs(t *testing.T) {
	if !*update {
		return
	}
	used, plurals, _ := usedKeys(t)
	var missing bytes.Buffer
	for _, l := range Languages() {
		old := loadCatalog(l.Tag)
		out := map[string]any{}
		var lacks []string
		for k := range used {
			m, ok := old[k]
			switch {
			case ok && m.Plural != nil:
				out[k] = m.Plural
			case ok:
				out[k] = m.Text
			case l.Tag == Fallback && plurals[k]:
				out[k] = map[string]string{"one": k, "other": k}
			case l.Tag == Fallback:
				out[k] = k
			default:
				lacks = append(lacks, k)
			}
		}
		sort.Strings(lacks)
		for _, k := range lacks {
			missing.WriteString(l.Tag + "\t" + k + "\n")
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("catalogs/"+l.Tag+".json", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(os.TempDir()+"/i18n-missing.txt", missing.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
