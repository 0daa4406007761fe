package i18n

import (
	"testing"
	"time"
)

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		prefs []string
		want  string
	}{
		{nil, "en"},
		{[]string{"ar"}, "ar"},
		{[]string{"ar-EG", "en"}, "ar"},
		{[]string{"de-CH"}, "de"},
		{[]string{"pl-PL", "de"}, "pl"},
		{[]string{"ja", "de"}, "de"},
		{[]string{"ja", "zh-Hant"}, "en"},
		{[]string{"", "not a tag!", "pl"}, "pl"},
		{[]string{"en-GB", "ar"}, "en"},
	} {
		if got := Negotiate(tc.prefs); got != tc.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tc.prefs, got, tc.want)
		}
	}
}

func TestSet(t *testing.T) {
	t.Cleanup(func() { Set(Fallback) })
	for _, tc := range []struct{ tag, want, dir string }{
		{"ar", "ar", "rtl"},
		{"pl", "pl", "ltr"},
		{"de-AT", "de", "ltr"},
		{"xx", "en", "ltr"},
	} {
		if got := Set(tc.tag); got != tc.want {
			t.Errorf("Set(%q) = %q, want %q", tc.tag, got, tc.want)
		}
		if Current().Tag() != tc.want || Current().Dir() != tc.dir {
			t.Errorf("after Set(%q): Current is %q %q, want %q %q", tc.tag, Current().Tag(), Current().Dir(), tc.want, tc.dir)
		}
	}
}

func TestPluralCategories(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		n    int
		want string
	}{
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"},
		{"pl", 1, "one"}, {"pl", 2, "few"}, {"pl", 4, "few"}, {"pl", 5, "many"},
		{"pl", 12, "many"}, {"pl", 22, "few"}, {"pl", 25, "many"}, {"pl", 0, "many"},
		{"ar", 0, "zero"}, {"ar", 1, "one"}, {"ar", 2, "two"}, {"ar", 3, "few"},
		{"ar", 10, "few"}, {"ar", 11, "many"}, {"ar", 99, "many"}, {"ar", 100, "other"},
		{"ar", 103, "few"}, {"de", 1, "one"}, {"de", 7, "other"},
	} {
		if got := For(tc.tag).category(tc.n); got != tc.want {
			t.Errorf("%s: category(%d) = %q, want %q", tc.tag, tc.n, got, tc.want)
		}
	}
}

func TestNumberAndSize(t *testing.T) {
	for _, tc := range []struct {
		tag       string
		n         int64
		num, size string
	}{
		{"en", 999, "999", "999 B"},
		{"en", 1234, "1,234", "1 kB"},
		{"en", 1234567, "1,234,567", "1.2 MB"},
		{"de", 1234567, "1.234.567", "1,2 MB"},
		{"pl", 1234, "1234", "1 kB"},
		{"pl", 12345, "12\u00a0345", "12 kB"},
		{"pl", 2500000000, "2\u00a0500\u00a0000\u00a0000", "2,5 GB"},
		{"ar", 1234567, "1,234,567", "1.2 ميغابايت"},
		{"ar", -1234, "-1,234", ""},
	} {
		l := For(tc.tag)
		if got := l.Number(tc.n); got != tc.num {
			t.Errorf("%s: Number(%d) = %q, want %q", tc.tag, tc.n, got, tc.num)
		}
		if got := l.Size(tc.n); got != tc.size {
			t.Errorf("%s: Size(%d) = %q, want %q", tc.tag, tc.n, got, tc.size)
		}
	}
}

func TestDate(t *testing.T) {
	d := time.Date(2026, time.March, 2, 15, 4, 0, 0, time.UTC) // a Monday
	for _, tc := range []struct {
		tag   string
		style DateStyle
		want  string
	}{
		{"en", TimeOfDay, "15:04"},
		{"en", DayMonth, "2 Mar"},
		{"en", DayMonthYear, "2 Mar 2026"},
		{"en", Full, "Mon, 2 Mar 2026 15:04"},
		{"de", DayMonth, "2. März"},
		{"de", Full, "Mo., 2. März 2026, 15:04"},
		{"pl", DayMonthYear, "2 mar 2026"},
		{"pl", Full, "pon., 2 mar 2026, 15:04"},
		{"ar", DayMonthYear, "2 مارس 2026"},
		{"ar", Full, "الاثنين، 2 مارس 2026، 15:04"},
	} {
		if got := For(tc.tag).Date(d, tc.style); got != tc.want {
			t.Errorf("%s: Date(%v) = %q, want %q", tc.tag, tc.style, got, tc.want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		args []string
		want string
	}{
		{"plain", nil, "plain"},
		{"{0} and {1}", []string{"a", "b"}, "a and b"},
		{"{1} before {0}", []string{"a", "b"}, "b before a"},
		{"{0}{0}", []string{"x"}, "xx"},
		{"missing {2}", []string{"a"}, "missing {2}"},
		{"open { brace", nil, "open { brace"},
		{"{{0}", []string{"a"}, "{0}"},
		{"{", nil, "{"},
		{"{0", []string{"a"}, "{0"},
		{"{12345}", []string{"a"}, "{12345}"},
	} {
		if got := format(tc.msg, tc.args); got != tc.want {
			t.Errorf("format(%q, %q) = %q, want %q", tc.msg, tc.args, got, tc.want)
		}
	}
}

func TestTAndN(t *testing.T) {
	pl := For("pl")
	pl.catalog = Catalog{
		"{0} messages": {Plural: map[string]string{"one": "{0} wiadomość", "few": "{0} wiadomości", "many": "{0} wiadomości", "other": "{0} wiadomości"}},
		"Hello {0}":    {Text: "Cześć {0}"},
	}
	t.Cleanup(func() { pl.catalog = loadCatalog("pl") })
	for _, tc := range []struct{ got, want string }{
		{pl.N("{0} messages", 1), "1 wiadomość"},
		{pl.N("{0} messages", 3), "3 wiadomości"},
		{pl.N("{0} messages", 12345), "12\u00a0345 wiadomości"},
		{pl.T("Hello {0}", "Ala"), "Cześć Ala"},
		{pl.T("Not in any catalog {0}", 5), "Not in any catalog 5"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestParseCatalog(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`{"a": "b", "{0} x": {"one": "1", "other": "n"}}`, true},
		{`{}`, true},
		{`{"a": {"one": "1"}}`, false},
		{`{"a": {"other": "n", "several": "s"}}`, false},
		{`{"a": 3}`, false},
		{`[]`, false},
		{`{"a": "b"`, false},
	} {
		_, err := ParseCatalog([]byte(tc.in))
		if (err == nil) != tc.ok {
			t.Errorf("ParseCatalog(%s): err = %v, want ok %v", tc.in, err, tc.ok)
		}
	}
}

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		saved   string
		browser []string
		want    string
	}{
		{"", nil, "en"},
		{"", []string{"ar-SA", "en"}, "ar"},
		{"pl", []string{"ar-SA"}, "pl"},
		{"fr", []string{"de"}, "de"},
	} {
		if got := Choose(tc.saved, tc.browser); got != tc.want {
			t.Errorf("Choose(%q, %q) = %q, want %q", tc.saved, tc.browser, got, tc.want)
		}
	}
}
