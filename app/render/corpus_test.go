package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mimeDir is a copy of the shared MIME corpus (enmime's test messages,
// MIT licensed, see its LICENSE): well-formed, odd and broken mail.
const mimeDir = "../../testdata/mime"

// TestCorpus renders every message of the corpus: none may fail, and each
// shows a body, or its problems next to its raw source.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(mimeDir, "*", "*.raw"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("only %d corpus messages in %s", len(files), mimeDir)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			m := Render(raw, nil)
			mustSafe(t, m, false)
			if string(m.Raw) != string(raw) {
				t.Errorf("Raw is not the input")
			}
			hasBody := (m.Text != nil && strings.TrimSpace(m.Text.Plain) != "") ||
				(m.HTML != nil && strings.TrimSpace(m.HTML.Body) != "")
			if !hasBody && len(m.Attachments) == 0 && len(m.Problems) == 0 && len(m.Nested) == 0 &&
				!strings.HasSuffix(name, "header-only.raw") {
				t.Errorf("no body, attachment, nested message or problem")
			}
			for _, p := range m.Problems {
				if p == internalErrorNote {
					t.Errorf("recovered from a panic")
				}
			}
			if strings.HasPrefix(name, "low-quality/") && len(m.Problems) == 0 &&
				!knownQuietLowQuality[filepath.Base(f)] {
				t.Errorf("a low-quality message rendered without a note")
			}
		})
	}
}

// knownQuietLowQuality are low-quality messages whose defect is not
// visible to a lenient reader (an empty part header reads as text/plain,
// a mislabelled charset holds valid UTF-8, a missing Content-Type means
// text/plain).
var knownQuietLowQuality = map[string]bool{
	"empty-header.raw":          true,
	"html-only-inline.raw":      true,
	"incorrect-charset.raw":     true,
	"missing-content-type.raw":  true,
	"missing-content-type2.raw": true,
	"unk-charset-html-only.raw": true,
}

func TestCorpusSpecifics(t *testing.T) {
	load := func(t *testing.T, name string) *Message {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join(mimeDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return Render(raw, nil)
	}
	type att struct{ name, typ, data string }
	attachments := func(t *testing.T, m *Message, want ...att) {
		t.Helper()
		if len(m.Attachments) != len(want) {
			t.Fatalf("%d attachments, want %d: %+v", len(m.Attachments), len(want), m.Attachments)
		}
		for i, w := range want {
			a := m.Attachments[i]
			if a.Name != w.name || a.ContentType != w.typ || (w.data != "" && string(a.Data) != w.data) {
				t.Errorf("attachment %d = %q %q %q, want %+v", i, a.Name, a.ContentType, a.Data, w)
			}
		}
	}
	text := func(t *testing.T, m *Message, want string) {
		t.Helper()
		if m.Text == nil || m.Text.Plain != want {
			t.Errorf("Text = %+v, want %q", m.Text, want)
		}
	}
	problem := func(t *testing.T, m *Message, want string) {
		t.Helper()
		if !strings.Contains(problems(m), want) {
			t.Errorf("problems %q, want one with %q", m.Problems, want)
		}
	}

	t.Run("attachment", func(t *testing.T) {
		m := load(t, "mail/attachment.raw")
		text(t, m, "A text section")
		attachments(t, m, att{"test.html", "text/html", "<html>\n"})
		if m.HTML != nil {
			t.Errorf("an HTML attachment became the body")
		}
	})
	t.Run("inline multipart with duplicate disposition", func(t *testing.T) {
		m := load(t, "mail/inlinemultipart.raw")
		text(t, m, "Simple text.")
		attachments(t, m, att{"test.pdf", "application/pdf", ""}, att{"test.txt", "text/plain", "Text attachment.\r\n"})
	})
	t.Run("html only with cid image", func(t *testing.T) {
		m := load(t, "mail/html-only-inline.raw")
		if m.Text != nil || m.HTML == nil {
			t.Fatalf("want an HTML body only")
		}
		if !strings.Contains(m.HTML.Body, `src="data:image/png;base64,iVBORw0KGgo`) ||
			!strings.Contains(m.HTML.Body, "Test of HTML section") {
			t.Errorf("body: %s", m.HTML.Body)
		}
		attachments(t, m, att{"favicon.png", "image/png", ""})
		if !m.Attachments[0].Embedded {
			t.Errorf("the cid image is not marked Embedded")
		}
	})
	t.Run("alternative with related html", func(t *testing.T) {
		m := load(t, "mail/html-mime-inline.raw")
		text(t, m, "Test of text section")
		if m.HTML == nil || !strings.Contains(m.HTML.Body, "Test of HTML section") {
			t.Errorf("HTML: %+v", m.HTML)
		}
	})
	t.Run("quoted-printable subject and names", func(t *testing.T) {
		m := load(t, "mail/qp-utf8-header.raw")
		if m.Subject != "MIME UTF8 Test ¢ More Text" {
			t.Errorf("Subject = %q", m.Subject)
		}
		if len(m.From) != 2 || m.From[1].Name != "André Pirard" {
			t.Errorf("From = %+v", m.From)
		}
		if len(m.To) != 1 || m.To[0].Name != "Mirosław Marczak" {
			t.Errorf("To = %+v", m.To)
		}
		m = load(t, "mail/qp-ascii-header.raw")
		if m.Subject != "Test QP Subject!" {
			t.Errorf("Subject = %q", m.Subject)
		}
	})
	t.Run("quoted-printable body", func(t *testing.T) {
		m := load(t, "mail/quoted-printable.raw")
		if m.Text == nil || !strings.Contains(m.Text.Plain, "Phasellus sit amet arcu non lacus") ||
			strings.Contains(m.Text.Plain, "=\n") {
			t.Errorf("Text = %+v", m.Text)
		}
	})
	t.Run("signed", func(t *testing.T) {
		m := load(t, "mail/mime-signed.raw")
		text(t, m, "Section one\n\nSection two")
		attachments(t, m, att{"signature.asc", "application/pgp-signature", ""})
	})
	t.Run("8-bit file name", func(t *testing.T) {
		m := load(t, "mail/mime-bad-8bit-filename.raw")
		attachments(t, m, att{"管理.doc", "application/msword", "<html>\n"})
	})
	t.Run("unquoted specials and blank names", func(t *testing.T) {
		attachments(t, load(t, "mail/mime-unquoted-tspecials-param.raw"), att{"Invoice_(302232133150612).pdf", "application/pdf", ""})
		attachments(t, load(t, "mail/mime-blank-media-name.raw"), att{"Invoice_302232133150612.pdf", "application/pdf", ""})
		attachments(t, load(t, "mail/mime-bad-content-type.raw"), att{"Invoice_302232133150612.pdf", "application/pdf", ""})
	})
	t.Run("two mailboxes without a comma", func(t *testing.T) {
		m := load(t, "mail/malformed-multiple-address-header-values.raw")
		if len(m.From) != 2 || m.From[0].Address != "bob@extern" || m.From[1].Name != "Bobby Dunite" {
			t.Errorf("From = %+v", m.From)
		}
	})
	t.Run("not a message", func(t *testing.T) {
		m := load(t, "mail/erroneous.raw")
		text(t, m, "// Not an RFC-822 Document")
		problem(t, m, "no header")
	})
	t.Run("header only", func(t *testing.T) {
		m := load(t, "mail/header-only.raw")
		text(t, m, "")
		if m.Subject != "Attachment" || len(m.Problems) != 0 {
			t.Errorf("Subject %q, problems %q", m.Subject, m.Problems)
		}
	})
	t.Run("multipart without boundary", func(t *testing.T) {
		m := load(t, "mail/multipart-wo-boundary.raw")
		text(t, m, "I'm  multipart message without boundary")
		problem(t, m, "no boundary")
	})
	t.Run("text declared base64", func(t *testing.T) {
		m := load(t, "mail/mime-bad-content-transfer-encoding.raw")
		if m.Text == nil || !strings.HasPrefix(m.Text.Plain, "ploozdect  nispplul") || m.HTML == nil {
			t.Errorf("Text = %+v", m.Text)
		}
		problem(t, m, "not base64")
	})
	t.Run("iso-8859-1 html", func(t *testing.T) {
		m := load(t, "mail/non-mime-html-charset-header-only.raw")
		if m.HTML == nil || !strings.Contains(m.HTML.Body, "Test Müller") {
			t.Errorf("HTML = %+v", m.HTML)
		}
	})
	t.Run("bad final boundary", func(t *testing.T) {
		m := load(t, "low-quality/bad-final-boundary.raw")
		text(t, m, "A text section")
		attachments(t, m, att{"foo_9E5D72.zip", "application/x-zip-compressed", "<html>\n"})
		problem(t, m, "no final boundary")
	})
	t.Run("unindented header continuation", func(t *testing.T) {
		m := load(t, "low-quality/bad-header-wrap.raw")
		attachments(t, m, att{"7DDA4_foo_9E5D72.zip", "application/x-zip-compressed", "<html>\n"})
		problem(t, m, "not indented")
	})
	t.Run("header starting with a space", func(t *testing.T) {
		m := load(t, "low-quality/bad-header-start.raw")
		if len(m.From) != 1 || m.From[0].Address != "james@makita.skynet" {
			t.Errorf("From = %+v", m.From)
		}
		problem(t, m, "white space")
	})
	t.Run("malformed base64 attachment", func(t *testing.T) {
		m := load(t, "low-quality/malformed-base64-attach.raw")
		attachments(t, m, att{"some.doc", "application/msword", "<html>\n"})
		problem(t, m, "damaged base64")
	})
	t.Run("unknown charset", func(t *testing.T) {
		m := load(t, "low-quality/unk-charset-part.raw")
		text(t, m, "A text section")
		problem(t, m, "unknown charset “fakescii”")
	})
	t.Run("unknown transfer encoding", func(t *testing.T) {
		m := load(t, "low-quality/unk-encoding-part.raw")
		attachments(t, m, att{"foo_9E5D72.zip", "application/x-zip-compressed", "PGh0bWw+Cg==\n"})
		problem(t, m, "unknown transfer encoding “base9000”")
	})
	t.Run("mislabelled utf-8", func(t *testing.T) {
		m := load(t, "low-quality/incorrect-charset.raw")
		if m.Text == nil || !strings.Contains(m.Text.Plain, "∮ E⋅da = Q") {
			t.Errorf("Text = %+v", m.Text)
		}
	})
}
