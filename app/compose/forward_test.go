package compose

import (
	"bytes"
	"strings"
	"testing"
)

var withAttachments = crlf(`From: Bob Jones <bob@example.net>
To: Ann <ann@example.org>, carol@example.com
Cc: dave@example.com
Date: Fri, 19 Oct 2012 12:22:49 -0700
Subject: Fwd: =?utf-8?q?Pl=C3=A4ne?=
Message-ID: <plans@example.net>
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain; charset=utf-8

The plans are attached.
> an older quote
--b
Content-Type: application/pdf; name="=?utf-8?q?pl=C3=A4ne.pdf?="
Content-Disposition: attachment; filename*=utf-8''pl%C3%A4ne.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQKAP8=
--b
Content-Type: message/rfc822

From: eve@example.org
Subject: inner

inner body
--b--
`)

func TestForwardInline(t *testing.T) {
	me := ann
	d, err := Forward(withAttachments, me, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Subject != "Fwd: Pläne" || d.Forward != nil || d.From.Address != "ann@example.org" {
		t.Errorf("subject %q, forward %v, from %q", d.Subject, d.Forward, d.From.Address)
	}
	want := "\n\n" + ForwardSeparator + "\n" +
		"From: Bob Jones <bob@example.net>\n" +
		"Date: Fri, 19 Oct 2012 12:22 -0700\n" +
		"Subject: Fwd: Pläne\n" +
		"To: Ann <ann@example.org>, carol@example.com\n" +
		"Cc: dave@example.com\n\n" +
		"The plans are attached.\n> an older quote\n" +
		"\n\n-- \nAnn Smith\n"
	if d.Body != want {
		t.Errorf("body\n%q\nwant\n%q", d.Body, want)
	}
	if len(d.Attachments) != 2 {
		t.Fatalf("%d attachments; want the PDF and the attached message", len(d.Attachments))
	}
	pdf, eml := d.Attachments[0], d.Attachments[1]
	if pdf.Filename != "pläne.pdf" || pdf.ContentType != "application/pdf" || !bytes.Equal(pdf.Data, []byte("%PDF-1.4\n\x00\xff")) {
		t.Errorf("re-attached %q %q %q", pdf.Filename, pdf.ContentType, pdf.Data)
	}
	if eml.Filename != "inner.eml" || eml.ContentType != "message/rfc822" || !bytes.Contains(eml.Data, []byte("inner body")) {
		t.Errorf("re-attached message %q %q %q", eml.Filename, eml.ContentType, eml.Data)
	}

	d.To = []Address{{Address: "frank@example.com"}}
	msg, _ := mustBuild(t, d)
	_, parts := parseBack(t, msg)
	if len(parts) != 3 || parts[1].filename != "pläne.pdf" || !bytes.Equal(parts[1].body, pdf.Data) || parts[2].filename != "inner.eml" {
		t.Errorf("built forward has %d parts", len(parts))
	}
	// The quote in the forwarded text survives the flowed encoding.
	if got := unflowForTest(string(parts[0].body)); !strings.Contains(got, "The plans are attached.\n> an older quote") {
		t.Errorf("forwarded text came back as %q", got)
	}
}

func TestForwardAsAttachment(t *testing.T) {
	d, err := Forward(withAttachments, ann, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Subject != "Fwd: Pläne" || d.Forward == nil || !bytes.Equal(d.Forward.Raw, withAttachments) || len(d.Attachments) != 0 {
		t.Fatalf("subject %q, forward set %v, %d attachments", d.Subject, d.Forward != nil, len(d.Attachments))
	}
	d.To = []Address{{Address: "frank@example.com"}}
	msg, _ := mustBuild(t, d)
	_, parts := parseBack(t, msg)
	if len(parts) != 2 || !bytes.Equal(parts[1].body, withAttachments) || parts[1].filename != "Fwd_ Pläne.eml" {
		t.Errorf("forwarded part %q, %d bytes, equal %v", parts[len(parts)-1].filename, len(parts[len(parts)-1].body), bytes.Equal(parts[len(parts)-1].body, withAttachments))
	}
	if _, err := Forward(nil, ann, false, nil); err != ErrEmptyOriginal {
		t.Errorf("empty original: %v", err)
	}
}
