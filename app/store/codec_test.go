package store

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// sameHeader reports whether a and b are the same, down to the Date's
// zone name, offset and location name.
func sameHeader(a, b Header) bool {
	an, ao := a.Date.Zone()
	bn, bo := b.Date.Zone()
	if !a.Date.Equal(b.Date) || an != bn || ao != bo || a.Date.Location().String() != b.Date.Location().String() {
		return false
	}
	a.Date, b.Date = time.Time{}, time.Time{}
	return a == b
}

func TestDecodeHeader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		fast bool // the fast path takes it
	}{
		{"empty object", `{}`, true},
		{"all fields", `{"u":"1","o":2,"n":"N","a":"a@b","s":"S","d":"2024-03-31T23:59:58.123456789+02:00","z":12345,"x":true,"h":false}`, true},
		{"UTC", `{"u":"1","d":"2024-03-31T23:59:58Z"}`, true},
		{"negative offset", `{"u":"1","d":"1999-12-31T12:00:00-03:30"}`, true},
		{"zero offset", `{"u":"1","d":"1999-12-31T12:00:00+00:00"}`, true},
		{"short fraction", `{"u":"1","d":"1999-12-31T12:00:00.5Z"}`, true},
		{"escapes", `{"u":"\"q\"","s":"a\nb\u003c\u2028\ud83d\ude00\\"}`, true},
		{"non-ASCII", `{"u":"1","n":"Zoë 😀"}`, true},
		{"negative numbers", `{"u":"1","o":-2,"z":-9}`, true},
		{"later key wins", `{"u":"1","u":"2"}`, true},
		{"unknown field", `{"u":"1","new":{"a":[1,2]}}`, false},
		{"field in capitals", `{"U":"1"}`, false},
		{"whitespace", `{ "u": "1" }`, false},
		{"null", `{"u":"1","s":null}`, false},
		{"leading zero", `{"u":"1","o":01}`, false},
		{"float", `{"u":"1","z":1e3}`, false},
		{"bad UTF-8", "{\"u\":\"1\",\"s\":\"\xff\"}", false},
		{"24:00", `{"u":"1","d":"2024-03-31T24:00:00Z"}`, false},
		{"Feb 30", `{"u":"1","d":"2024-02-30T00:00:00Z"}`, false},
		{"no zone", `{"u":"1","d":"2024-02-03T00:00:00"}`, false},
		{"truncated", `{"u":"1"`, false},
		{"trailing", `{"u":"1"}x`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast, ok := decodeHeaderFast(tt.in)
			if ok != tt.fast {
				t.Errorf("fast path taken = %v, want %v", ok, tt.fast)
			}
			var want Header
			werr := json.Unmarshal([]byte(tt.in), &want)
			if ok && (werr != nil || !sameHeader(fast, want)) {
				t.Errorf("fast = %+v, encoding/json = %+v, %v", fast, want, werr)
			}
			got, err := decodeHeader(tt.in)
			if (err != nil) != (werr != nil) || err == nil && !sameHeader(got, want) {
				t.Errorf("decodeHeader = %+v, %v; encoding/json = %+v, %v", got, err, want, werr)
			}
		})
	}
}

func TestDecodeHeadersJoined(t *testing.T) {
	hs := []Header{
		{UID: "a", Subject: "line\nbreak"},
		{UID: "b", Date: time.Date(2020, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 3600))},
		{UID: "c"},
	}
	var lines []string
	for _, h := range hs {
		s, err := encodeHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, s)
	}
	got, err := decodeHeaders(strings.Join(lines, "\n"), len(hs))
	if err != nil || len(got) != len(hs) {
		t.Fatalf("decodeHeaders = %v, %v", got, err)
	}
	for i := range hs {
		if !got[i].Date.Equal(hs[i].Date) || got[i].Subject != hs[i].Subject || got[i].UID != hs[i].UID {
			t.Errorf("row %d = %+v, want %+v", i, got[i], hs[i])
		}
	}
	if got, err := decodeHeaders("", 0); err != nil || got == nil || len(got) != 0 {
		t.Errorf("decodeHeaders of nothing = %#v, %v", got, err)
	}
}

// FuzzDecodeHeader checks that the fast decoder never disagrees with
// encoding/json: on any input it takes, it must give what encoding/json
// gives.
func FuzzDecodeHeader(f *testing.F) {
	for _, h := range []Header{
		{UID: "1", Number: 2, FromName: "N", FromAddr: "a@b", Subject: "S", Date: time.Date(2024, 3, 31, 23, 59, 58, 123456789, time.FixedZone("", 7200)), Size: 3, Attach: true, NoHeaders: true, Thread: "k1 r2 p3"},
		{UID: "\"<&>\u2028😀\n", Date: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)},
		{UID: "x", Date: time.Date(9999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -12*3600))},
	} {
		s, err := encodeHeader(h)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(s)
	}
	f.Add(`{"u":"1","d":"2024-02-29T00:00:00.000000000+14:00"}`)
	f.Add(`{"u":"1","o":-0}`)
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := decodeHeaderFast(s)
		if !ok {
			return
		}
		var want Header
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("fast path took %q, which encoding/json rejects: %v", s, err)
		}
		if !sameHeader(fast, want) {
			t.Fatalf("%q: fast %+v, encoding/json %+v", s, fast, want)
		}
	})
}

func TestDecodeStrings(t *testing.T) {
	for _, in := range []string{
		`[]`, `["a"]`, `["a","b"]`, `["a\"b","\u00e9","😀",""]`, `["a",1]`, `[`, `["a"`, `["a"]x`, `null`, ` ["a"]`,
	} {
		got, err := decodeStrings(in)
		var want []string
		werr := json.Unmarshal([]byte(in), &want)
		if (err != nil) != (werr != nil) || strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("decodeStrings(%s) = %q, %v; encoding/json: %q, %v", in, got, err, want, werr)
		}
	}
}

// FuzzEncodeHeader checks that the hand-written encoder writes what
// encoding/json writes, byte for byte: the stored size of a row (Usage)
// and the format on disk depend on it.
func FuzzEncodeHeader(f *testing.F) {
	f.Add("uid", 1, "Zoë 😀", "a@b", "<b>&amp;</b>\u2028\n\"\\\x7f", int64(1712000000), int64(5), 3600, true, false)
	f.Add("\xff\xfe", -1, "", "", "", int64(0), int64(-1), 0, false, true)
	f.Add("x", 0, "\x00\x1f", "\u2029", "\xe2\x80", int64(-62135596800), int64(0), -45000, false, false)
	f.Add("y", 0, "", "", "", int64(253402300800), int64(0), 0, false, false) // year 10000
	f.Fuzz(func(t *testing.T, uid string, num int, name, addr, subj string, unix, size int64, offset int, attach, noHeaders bool) {
		var date time.Time
		if unix != 0 {
			date = time.Unix(unix, int64(num)%1e9).In(time.FixedZone("Z", offset%(48*3600)))
		}
		h := Header{UID: uid, Number: num, FromName: name, FromAddr: addr, Subject: subj, Date: date, Size: size, Attach: attach, NoHeaders: noHeaders, Thread: addr + name}
		got, err := appendHeader(nil, h)
		want, werr := json.Marshal(h)
		if (err != nil) != (werr != nil) {
			t.Fatalf("appendHeader error %v, encoding/json %v", err, werr)
		}
		if err == nil && string(got) != string(want) {
			t.Fatalf("appendHeader:\n%s\nencoding/json:\n%s", got, want)
		}
	})
}

func TestAppendJSString(t *testing.T) {
	for _, s := range []string{"", "plain", `{"u":"a\"b\\c"}`, "\x00\x1f\n\t", "é😀\u2028"} {
		var got string
		if err := json.Unmarshal(appendJSString(nil, s), &got); err != nil || got != s {
			t.Errorf("appendJSString(%q) decodes to %q, %v", s, got, err)
		}
	}
}

func TestListingCodec(t *testing.T) {
	for _, l := range []Listing{
		{},
		{UIDs: []string{"a"}, Octets: 1},
		{UIDs: []string{"a\"b", "<&>", "\u2028", "é", ""}, Octets: -3},
	} {
		enc := encodeListing(l)
		var want Listing
		if err := json.Unmarshal([]byte(enc), &want); err != nil {
			t.Fatalf("encodeListing(%+v) = %s: %v", l, enc, err)
		}
		got, err := decodeListing(enc)
		if err != nil || got.Octets != l.Octets || strings.Join(got.UIDs, "|") != strings.Join(l.UIDs, "|") || len(got.UIDs) != len(l.UIDs) {
			t.Errorf("decodeListing(%s) = %+v, %v; want %+v", enc, got, err, l)
		}
	}
	// Other layouts, which a later version might write, go to encoding/json.
	for in, want := range map[string]Listing{
		`{"u":["b"],"o":2}`:       {UIDs: []string{"b"}, Octets: 2},
		`{"o":2,"u":["b"],"x":1}`: {UIDs: []string{"b"}, Octets: 2},
		`{}`:                      {},
	} {
		got, err := decodeListing(in)
		if err != nil || got.Octets != want.Octets || strings.Join(got.UIDs, "|") != strings.Join(want.UIDs, "|") {
			t.Errorf("decodeListing(%s) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if _, err := decodeListing(`{"o":`); err == nil {
		t.Error("decodeListing of a truncated listing: no error")
	}
}
