package i18n

// The locale data of each shipped language, from Unicode CLDR (v46):
// the digit grouping and decimal marks, the minimum grouping digits,
// the short units of data sizes, and the abbreviated month and weekday
// names with the order of a date's parts. Arabic uses Latin digits, as
// CLDR's "ar" does since v42 (the Arabic-Indic ones are ar-EG's and
// others'), which also keeps numbers readable inside mail addresses and
// sizes that mix scripts.

type localeData struct {
	tag, name, dir string
	group, decimal string // the marks between digit groups and before decimals
	minGroup       int    // the digits a number needs before it is grouped (CLDR minimumGroupingDigits + 3)
	units          [4]string
	months         [12]string // abbreviated, in the form a date with a day uses
	weekdays       [7]string  // abbreviated, Sunday first
	// The layouts of the date styles: {d} day, {m} month name, {y} year,
	// {w} weekday, {t} hours:minutes.
	dayMonth, dayMonthYear, full string
	plural                       func(n int) string // the CLDR cardinal rule (plural.go)
}

var locales = []*localeData{
	{
		tag: "en", name: "English", dir: "ltr",
		group: ",", decimal: ".", minGroup: 4,
		units:        [4]string{"B", "kB", "MB", "GB"},
		months:       [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		weekdays:     [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		dayMonth:     "{d} {m}",
		dayMonthYear: "{d} {m} {y}",
		full:         "{w}, {d} {m} {y} {t}",
		plural:       pluralOneOther,
	},
	{
		tag: "ar", name: "العربية", dir: "rtl",
		group: ",", decimal: ".", minGroup: 4,
		units:        [4]string{"بايت", "كيلوبايت", "ميغابايت", "غيغابايت"},
		months:       [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		weekdays:     [7]string{"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"},
		dayMonth:     "{d} {m}",
		dayMonthYear: "{d} {m} {y}",
		full:         "{w}، {d} {m} {y}، {t}",
		plural:       pluralArabic,
	},
	{
		tag: "pl", name: "Polski", dir: "ltr",
		group: "\u00a0", decimal: ",", minGroup: 5,
		units:        [4]string{"B", "kB", "MB", "GB"},
		months:       [12]string{"sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"},
		weekdays:     [7]string{"niedz.", "pon.", "wt.", "śr.", "czw.", "pt.", "sob."},
		dayMonth:     "{d} {m}",
		dayMonthYear: "{d} {m} {y}",
		full:         "{w}, {d} {m} {y}, {t}",
		plural:       pluralPolish,
	},
	{
		tag: "de", name: "Deutsch", dir: "ltr",
		group: ".", decimal: ",", minGroup: 4,
		units:        [4]string{"B", "kB", "MB", "GB"},
		months:       [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
		weekdays:     [7]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
		dayMonth:     "{d}. {m}",
		dayMonthYear: "{d}. {m} {y}",
		full:         "{w}, {d}. {m} {y}, {t}",
		plural:       pluralOneOther,
	},
}
