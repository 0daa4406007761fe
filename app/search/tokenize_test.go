package search

import (
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"ascii", "Hello, World! 42 times", []string{"hello", "world", "42", "times"}},
		{"german", "Größe Straße Übermäßig", []string{"grosse", "strasse", "ubermassig"}},
		{"french", "Élève café naïve Noël façade", []string{"eleve", "cafe", "naive", "noel", "facade"}},
		{"polish", "Łódź, żółć gęślą jaźń", []string{"lodz", "zolc", "gesla", "jazn"}},
		{"arabic with harakat", "مَرْحَبًا بالعالم", []string{"مرحبا", "بالعالم"}},
		{"arabic tatweel", "مـــرحبا", []string{"مرحبا"}},
		{"russian", "Привет, Ёлка! ЁЖИК", []string{"привет", "елка", "ежик"}},
		{"greek final sigma", "ΟΔΟΣ οδος", []string{"οδοσ", "οδοσ"}},
		{"japanese", "東京都へ行きます", []string{"東京", "京都", "都へ", "へ行", "行き", "きま", "ます", "す"}},
		{"japanese single", "日", []string{"日"}},
		{"japanese mixed with latin", "Go言語", []string{"go", "言語", "語"}},
		{"korean words", "안녕하세요 세계", []string{"안녕하세요", "세계"}},
		{"fullwidth", "ＡＢＣ１２３", []string{"abc123"}},
		{"ligature", "ﬁnance", []string{"finance"}},
		{"address", "write to Anna.Smith@Example.ORG.", []string{"write", "to", "anna.smith@example.org", "anna", "smith", "example", "org"}},
		{"not an address", "user@localhost and @handle", []string{"user", "localhost", "and", "handle"}},
		{"long run cut", "a" + string(make([]byte, 0)) + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", []string{"abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}},
		{"empty", "  ,;  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestQueryTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Meet", []string{"meet"}},
		{"anna@exa", []string{"anna@exa", "anna", "exa"}},
		{"東京都", []string{"東京", "京都"}},
		{"京", []string{"京"}},
		{"CAFÉ", []string{"cafe"}},
	}
	for _, tt := range tests {
		if got := QueryTerms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("QueryTerms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Größe", "東京都", "a@b.c", "Łódź", "مَرْحَبًا", "\xff\xfe", "x@", "@@..", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || len(tok) > maxTermBytes {
				t.Fatalf("Tokens(%q) gave term %q", s, tok)
			}
			// A term's own terms include itself: what is indexed can
			// be found by typing it.
			q := QueryTerms(tok)
			if len(q) == 0 {
				t.Fatalf("term %q of %q has no query terms", tok, s)
			}
		}
	})
}
