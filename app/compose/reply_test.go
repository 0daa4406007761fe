package compose

import (
	"strings"
	"testing"
	"time"
)

func TestReplySubject(t *testing.T) {
	for in, want := range map[string]string{
		"Lunch":               "Re: Lunch",
		"Re: Lunch":           "Re: Lunch",
		"RE: Lunch":           "Re: Lunch",
		"re:Lunch":            "Re: Lunch",
		"Re: Re: RE: Lunch":   "Re: Lunch",
		"Re[2]: Lunch":        "Re: Lunch",
		"RE(3): Lunch":        "Re: Lunch",
		"Aw: Mittagessen":     "Re: Mittagessen",
		"SV: Lunsj":           "Re: Lunsj",
		"Antw: Lunch":         "Re: Lunch",
		"Odp: Obiad":          "Re: Obiad",
		"回复：午餐":               "Re: 午餐",
		"Fwd: Lunch":          "Re: Fwd: Lunch",
		"Re: Fwd: Re: Lunch":  "Re: Fwd: Re: Lunch",
		"Recipe for lunch":    "Re: Recipe for lunch",
		"Re-run: tests":       "Re: Re-run: tests",
		"Re[x]: odd":          "Re: Re[x]: odd",
		"":                    "Re:",
		"  Re:  spaced out  ": "Re: spaced out",
		"Re: line\r\nbreak":   "Re: line break",
	} {
		if got := ReplySubject(in); got != want {
			t.Errorf("ReplySubject(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestForwardSubject(t *testing.T) {
	for in, want := range map[string]string{
		"Plans":          "Fwd: Plans",
		"Fwd: Plans":     "Fwd: Plans",
		"FW: Plans":      "Fwd: Plans",
		"Fwd: Fwd: Plan": "Fwd: Plan",
		"WG: Pläne":      "Fwd: Pläne",
		"TR: Projets":    "Fwd: Projets",
		"Re: Plans":      "Fwd: Re: Plans",
	} {
		if got := ForwardSubject(in); got != want {
			t.Errorf("ForwardSubject(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestQuoteLine(t *testing.T) {
	date := time.Date(2026, 3, 5, 9, 7, 0, 0, time.FixedZone("", -5*3600))
	for _, tt := range []struct {
		date       time.Time
		name, want string
	}{
		{date, "Ann Smith", "On Thu, 5 Mar 2026 09:07 -0500, Ann Smith wrote:"},
		{date, "ann@example.org", "On Thu, 5 Mar 2026 09:07 -0500, ann@example.org wrote:"},
		{time.Time{}, "Ann", "Ann wrote:"},
		{date, "", "On Thu, 5 Mar 2026 09:07 -0500, the sender wrote:"},
		{date, "Evil\r\nBcc: x@y", "On Thu, 5 Mar 2026 09:07 -0500, Evil Bcc: x@y wrote:"},
	} {
		if got := QuoteLine(tt.date, tt.name); got != tt.want {
			t.Errorf("QuoteLine(%v, %q) = %q; want %q", tt.date, tt.name, got, tt.want)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"Hello":                    "> Hello",
		"a\n\nb":                   "> a\n>\n> b",
		"> earlier\n>> older\nnew": ">> earlier\n>>> older\n> new",
		"text\n\n\n":               "> text",
		"crlf\r\nlines":            "> crlf\n> lines",
		"-- \nsig":                 "> -- \n> sig",
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %q; want %q", in, got, want)
		}
	}
}

// crlf turns a message written with LF into the CRLF form of the wire.
func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

var ann = Identity{Name: "Ann", Address: "ann@example.org", Signature: "Ann Smith"}
var annWork = Identity{Name: "Ann (work)", Address: "ann@work.example"}

func addrs(list []Address) string {
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = a.Address
	}
	return strings.Join(s, " ")
}

func TestReplyRecipients(t *testing.T) {
	me := []Identity{ann, annWork}
	tests := []struct {
		name         string
		header       string
		all          bool
		to, cc, from string
	}{
		{"reply to From", "From: Bob <bob@example.net>\nTo: ann@example.org\nCc: carol@example.com\n", false,
			"bob@example.net", "", "ann@example.org"},
		{"Reply-To over From", "From: Bob <bob@example.net>\nReply-To: list@example.net\nTo: ann@example.org\n", false,
			"list@example.net", "", "ann@example.org"},
		{"reply all", "From: Bob <bob@example.net>\nTo: ann@example.org, dave@example.com\nCc: carol@example.com, ANN@work.example\n", true,
			"bob@example.net dave@example.com", "carol@example.com", "ann@example.org"},
		{"reply all dedups without case", "From: Bob <bob@example.net>\nTo: BOB@example.net, Ann <ann@example.org>\nCc: bob@EXAMPLE.net, carol@example.com, Carol@Example.com\n", true,
			"bob@example.net", "carol@example.com", "ann@example.org"},
		{"reply all with Reply-To", "From: Bob <bob@example.net>\nReply-To: list@example.net\nTo: list@example.net\nCc: ann@example.org\n", true,
			"list@example.net", "", "ann@example.org"},
		{"from the identity it was sent to", "From: Bob <bob@example.net>\nTo: team@example.net\nCc: Ann <ann@WORK.example>\n", false,
			"bob@example.net", "", "ann@work.example"},
		{"Delivered-To picks the identity", "Delivered-To: ann@work.example\nFrom: Bob <bob@example.net>\nTo: undisclosed-recipients:;\n", false,
			"bob@example.net", "", "ann@work.example"},
		{"default identity", "From: Bob <bob@example.net>\nTo: list@example.net\n", false,
			"bob@example.net", "", "ann@example.org"},
		{"answering one's own message", "From: Ann <ann@example.org>\nTo: bob@example.net\nCc: carol@example.com\n", false,
			"bob@example.net", "", "ann@example.org"},
		{"reply all to one's own message", "From: Ann <ann@example.org>\nTo: bob@example.net\nCc: carol@example.com\n", true,
			"bob@example.net", "carol@example.com", "ann@example.org"},
		{"a note to oneself", "From: ann@example.org\nTo: ann@example.org\n", true,
			"ann@example.org", "", "ann@example.org"},
		{"only Cc left moves to To", "From: ann@work.example\nTo: ann@example.org\nCc: carol@example.com\n", true,
			"carol@example.com", "", "ann@example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Reply(crlf(tt.header+"Subject: x\n\nbody\n"), me, tt.all, nil)
			if err != nil {
				t.Fatal(err)
			}
			if addrs(d.To) != tt.to || addrs(d.Cc) != tt.cc || d.From.Address != tt.from {
				t.Errorf("To %q Cc %q From %q; want To %q Cc %q From %q", addrs(d.To), addrs(d.Cc), d.From.Address, tt.to, tt.cc, tt.from)
			}
			if len(d.Bcc) != 0 {
				t.Errorf("Bcc %q without BccSelf", addrs(d.Bcc))
			}
		})
	}
}

func TestReplyBccSelf(t *testing.T) {
	me := ann
	me.BccSelf = true
	d, err := Reply(crlf("From: bob@example.net\nTo: ann@example.org\n\nhi\n"), []Identity{me}, false, nil)
	if err != nil || addrs(d.Bcc) != "ann@example.org" || addrs(d.To) != "bob@example.net" {
		t.Errorf("Bcc %q To %q, %v", addrs(d.Bcc), addrs(d.To), err)
	}
}

func TestReplyThreading(t *testing.T) {
	var long []string
	for i := 0; i < 30; i++ {
		long = append(long, "<r"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@example.net>")
	}
	tests := []struct {
		name, header, inReplyTo, refs string
	}{
		{"first reply", "Message-ID: <m1@example.net>\n", "m1@example.net", "m1@example.net"},
		{"references kept", "Message-ID: <m3@x>\nReferences: <m1@x> <m2@x>\nIn-Reply-To: <m2@x>\n", "m3@x", "m1@x m2@x m3@x"},
		{"In-Reply-To when no References", "Message-ID: <m2@x>\nIn-Reply-To: <m1@x>\n", "m2@x", "m1@x m2@x"},
		{"folded and messy References", "Message-ID: <m3@x>\nReferences: <m1@x>\n\t<m2@x> (comment) <bad id@x> <m1@x>\n", "m3@x", "m1@x m2@x m3@x"},
		{"no Message-ID", "References: <m1@x>\n", "", "m1@x"},
		{"long thread trimmed", "Message-ID: <last@x>\nReferences: " + strings.Join(long, " ") + "\n", "last@x",
			"raa@example.net " + strings.Join(func() []string {
				var s []string
				for _, r := range long[len(long)-18:] {
					s = append(s, strings.Trim(r, "<>"))
				}
				return s
			}(), " ") + " last@x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := crlf("From: bob@example.net\nTo: ann@example.org\nSubject: Re: plans\n" + tt.header + "\nbody\n")
			d, err := Reply(raw, []Identity{ann}, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d.InReplyTo != tt.inReplyTo || strings.Join(d.References, " ") != tt.refs {
				t.Errorf("In-Reply-To %q References %q; want %q %q", d.InReplyTo, d.References, tt.inReplyTo, tt.refs)
			}
			msg, _ := mustBuild(t, d)
			h, _ := parseBack(t, msg)
			if ids, _ := h.MsgIDList("References"); strings.Join(ids, " ") != tt.refs {
				t.Errorf("built References %q", ids)
			}
			if s, _ := h.Subject(); s != "Re: plans" {
				t.Errorf("Subject %q", s)
			}
		})
	}
}

func TestReplyBody(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"plain", "From: Bob Jones <bob@example.net>\nDate: Fri, 19 Oct 2012 12:22:49 -0700\nSubject: s\n\nHello Ann,\n> earlier\n\nBob\n",
			"On Fri, 19 Oct 2012 12:22 -0700, Bob Jones wrote:\n> Hello Ann,\n>> earlier\n>\n> Bob\n\n\n-- \nAnn Smith\n"},
		{"address when no name", "From: bob@example.net\nSubject: s\n\nHi\n",
			"bob@example.net wrote:\n> Hi\n\n\n-- \nAnn Smith\n"},
		{"flowed original is joined", "From: bob@example.net\nContent-Type: text/plain; format=flowed\n\nA long \nparagraph.\n",
			"bob@example.net wrote:\n> A long paragraph.\n\n\n-- \nAnn Smith\n"},
		{"text part of a multipart", "From: bob@example.net\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nplain words\n--b\nContent-Type: text/html\n\n<p>html words</p>\n--b--\n",
			"bob@example.net wrote:\n> plain words\n\n\n-- \nAnn Smith\n"},
		{"HTML only", "From: bob@example.net\nContent-Type: text/html\n\n<html><head><title>T</title><style>p{color:red}</style><script>alert(1)</script></head><body><p>First <b>para</b>.</p><p>Second<br>line <a href=\"https://example.com/x\">link</a></p><ul><li>one</li><li>two</li></ul><img src=\"https://tracker.example/p.gif\"></body></html>\n",
			"bob@example.net wrote:\n> First para.\n>\n> Second\n> line link <https://example.com/x>\n>\n> * one\n> * two\n\n\n-- \nAnn Smith\n"},
		{"latin-1", "From: =?iso-8859-1?q?Andr=E9?= <a@example.net>\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9\n",
			"André wrote:\n> Café\n\n\n-- \nAnn Smith\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Reply(crlf(tt.raw), []Identity{ann}, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d.Body != tt.want {
				t.Errorf("body\n%q\nwant\n%q", d.Body, tt.want)
			}
			if strings.Contains(d.Body, "alert") || strings.Contains(d.Body, "tracker") || strings.Contains(d.Body, "color") {
				t.Errorf("script, style or image source in the quote: %q", d.Body)
			}
		})
	}
}

func TestReplyEmpty(t *testing.T) {
	if _, err := Reply(nil, []Identity{ann}, false, nil); err != ErrEmptyOriginal {
		t.Errorf("err = %v", err)
	}
}
