package i18n

// The CLDR cardinal plural rules (Unicode CLDR v46, plurals.xml) of the
// shipped languages, for the integers Poppy counts (messages, days,
// bytes): the operands v, w, f and t are 0, so only n and i = n remain.
// They are written here rather than taken from
// golang.org/x/text/feature/plural, whose tables for every CLDR locale
// and the message catalog machinery it links cost, with x/text's
// matcher, 71 KB of the wasm as served (doc.go has the figures). TestPluralMatchesXText runs
// these rules against x/text's, natively, for every n below 100,000 in
// every shipped language, so they cannot drift apart.

// pluralOneOther is the rule of English and German:
// one: i = 1 and v = 0; other: everything else.
func pluralOneOther(n int) string {
	if n == 1 {
		return "one"
	}
	return "other"
}

// pluralPolish is Polish's:
// one: i = 1 and v = 0;
// few: v = 0 and i % 10 = 2..4 and i % 100 != 12..14;
// many: v = 0 and (i != 1 and i % 10 = 0..1, or i % 10 = 5..9, or
// i % 100 = 12..14); other: fractions only.
func pluralPolish(n int) string {
	i10, i100 := n%10, n%100
	switch {
	case n == 1:
		return "one"
	case i10 >= 2 && i10 <= 4 && (i100 < 12 || i100 > 14):
		return "few"
	}
	return "many"
}

// pluralArabic is Arabic's:
// zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3..10;
// many: n % 100 = 11..99; other: everything else (100, 101, 102...).
func pluralArabic(n int) string {
	n100 := n % 100
	switch {
	case n == 0:
		return "zero"
	case n == 1:
		return "one"
	case n == 2:
		return "two"
	case n100 >= 3 && n100 <= 10:
		return "few"
	case n100 >= 11:
		return "many"
	}
	return "other"
}
