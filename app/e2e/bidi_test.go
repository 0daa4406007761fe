//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// readHostile reads a message of testdata/hostile and its header.
func readHostile(t *testing.T, name string) ([]byte, mailhdr.Header) {
	t.Helper()
	root, err := browsertest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "testdata", "hostile", name))
	if err != nil {
		t.Fatal(err)
	}
	h, _, _ := mailhdr.Read(raw)
	return raw, h
}

// addrOrderJS measures, in the page, the left edges of the characters of
// a text node as laid out: n characters that take room, asc steps to the
// right between one and the next, desc steps to the left. An address in
// order has asc = n-1; one reversed by a right-to-left override that is
// not isolated has desc = n-1.
const addrOrderJS = `function order(node, from, to) {
	const r = document.createRange();
	let prev = null, n = 0, asc = 0, desc = 0;
	for (let i = from; i < to; i++) {
		r.setStart(node, i); r.setEnd(node, i + 1);
		const b = r.getBoundingClientRect();
		if (b.width === 0) continue;
		if (prev !== null) { if (b.left > prev) asc++; else if (b.left < prev) desc++; }
		prev = b.left; n++;
	}
	return {n, asc, desc};
}`

// TestE2EBidiSpoof opens testdata/hostile/spoof-bidi.eml, whose display
// names and addresses carry bidi controls (issue 9), and checks the DOM
// of the inbox row and of the reader's header: every address shows as
// the message's X-Poppy-Expect-From says, without bidi controls, in its
// own left-to-right isolate (<bdi dir=ltr>, computed unicode-bidi:
// isolate), and its characters are laid out left to right in order. A
// positive control first shows that the same measurement sees an address
// reversed by an RLO that is not isolated. Then it downloads the
// attachments of 34-html-attachment.eml (text/html, image/svg+xml) and
// the .eml, and checks that each Blob was application/octet-stream.
func TestE2EBidiSpoof(t *testing.T) {
	browsertest.Require(t)
	spoof, h := readHostile(t, "spoof-bidi.eml")
	if h.Get("X-Poppy-Expect") != "sender-isolated" {
		t.Fatalf("spoof-bidi.eml expects %q", h.Get("X-Poppy-Expect"))
	}
	want := h.Get("X-Poppy-Expect-From")
	htmlAtt, _ := readHostile(t, "34-html-attachment.eml")

	srv := pop3server.New(nil)
	defer srv.Close()
	if err := srv.AddUser("victim", "secret",
		pop3server.Message{UID: "spoof-bidi", Data: spoof},
		pop3server.Message{UID: "html-attachment", Data: htmlAtt}); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	s := browsertest.Start(t, browsertest.Config{
		Downloads: true,
		Bridge:    browsertest.BridgeConfig{Targets: []string{"mem=" + addr + "/plain"}},
	})
	if o := s.SignIn("mem", "victim", "secret"); o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("sign-in gave %q (%s)", o, msg)
	}
	s.Must(browsertest.WaitRows(s.Ctx))

	t.Run("control", func(t *testing.T) {
		// The measurement sees a reversed address: the header as one
		// text, the way the reader showed it before issue 9.
		got := browsertest.Eval[map[string]int](s, `(() => {
			`+addrOrderJS+`
			const d = document.createElement("div");
			d.textContent = "PayPal \u202e <`+want+`>";
			document.body.appendChild(d);
			const t = d.firstChild, i = t.data.indexOf("`+want+`");
			const res = order(t, i, i + `+strconv.Itoa(len(want))+`);
			d.remove();
			return res;
		})()`)
		if got["n"] != len(want) || got["desc"] != len(want)-1 {
			t.Fatalf("an address after an RLO, not isolated, measured as %v: the check below could not see a reversed address", got)
		}
	})

	t.Run("row", func(t *testing.T) {
		row := browsertest.RowSelector("spoof-bidi")
		got := browsertest.Eval[map[string]string](s, `(() => {
			const r = document.querySelector(`+jsString(row)+`);
			const iso = el => el ? el.tagName + " " + getComputedStyle(el).unicodeBidi : "none";
			return {from: iso(r.querySelector(".from bdi")), subject: iso(r.querySelector(".subject bdi"))};
		})()`)
		for field, v := range got {
			if v != "BDI isolate" {
				t.Errorf("the row's %s is in %q, want its own <bdi> with unicode-bidi: isolate", field, v)
			}
		}
	})

	t.Run("reader", func(t *testing.T) {
		s.Must(browsertest.OpenMessage(s.Ctx, "spoof-bidi", 20*time.Second))
		type addrEl struct {
			Field, Text, Dir, Bidi, Direction string
			N, Asc                            int
		}
		els := browsertest.Eval[[]addrEl](s, `(() => {
			`+addrOrderJS+`
			const out = [];
			for (const dt of document.querySelectorAll("#message-reader dl.headers dt")) {
				for (const a of dt.nextElementSibling.querySelectorAll(".addr")) {
					const cs = getComputedStyle(a), t = a.firstChild;
					const m = t ? order(t, 0, t.data.length) : {n: 0, asc: 0};
					out.push({Field: dt.textContent, Text: a.textContent, Dir: a.getAttribute("dir") || "",
						Bidi: cs.unicodeBidi, Direction: cs.direction, N: m.n, Asc: m.asc});
				}
			}
			return out;
		})()`)
		fields := map[string]int{}
		for _, e := range els {
			fields[e.Field]++
			if e.Field == "To" {
				continue
			}
			if e.Text != want {
				t.Errorf("%s shows the address %+q, want %q", e.Field, e.Text, want)
			}
			if e.Bidi != "isolate" || e.Direction != "ltr" || e.Dir != "ltr" {
				t.Errorf("%s's address element has dir=%q, unicode-bidi %q, direction %q; want its own ltr isolate", e.Field, e.Dir, e.Bidi, e.Direction)
			}
			if e.N != len(want) || e.Asc != len(want)-1 {
				t.Errorf("%s's address is not laid out left to right in order: of %d characters measured, %d follow the one before to its right", e.Field, e.N, e.Asc)
			}
		}
		if fields["From"] != 1 || fields["Cc"] != 2 {
			t.Errorf("address elements per field %v, want 1 in From and 2 in Cc", fields)
		}
		// The whole From line as a person reads it: the name, then the
		// address in order.
		from := browsertest.Eval[string](s, `(() => {
			for (const dt of document.querySelectorAll("#message-reader dl.headers dt"))
				if (dt.textContent === "From") return dt.nextElementSibling.textContent;
			return "";
		})()`)
		if !strings.HasSuffix(from, "<"+want+">") || !strings.HasPrefix(from, "PayPal") {
			t.Errorf("the From line reads %+q", from)
		}
		subject := browsertest.Eval[string](s, `(e => e ? e.tagName + " " + getComputedStyle(e).unicodeBidi : "none")(document.querySelector("#message-reader h2.subject bdi"))`)
		if subject != "BDI isolate" {
			t.Errorf("the subject is in %q, want its own <bdi>", subject)
		}
	})

	t.Run("downloads are octet-stream", func(t *testing.T) {
		// Record the type of every Blob the page turns into a URL.
		s.Do(chromedp.Evaluate[chromedp.Void](`(() => {
			window.__blobTypes = [];
			const orig = URL.createObjectURL;
			URL.createObjectURL = function (b) { window.__blobTypes.push(b.type); return orig.call(URL, b); };
		})()`))
		s.Must(browsertest.OpenMessage(s.Ctx, "html-attachment", 20*time.Second))
		for _, name := range []string{"invoice.html", "img.svg"} {
			d, err := browsertest.Download(s.Ctx, chromedp.Click(chromedp.CSS(`#message-reader button[aria-label="Download `+name+`"]`)))
			if err != nil {
				t.Fatalf("downloading %s: %v", name, err)
			}
			if d.SuggestedFilename != name {
				t.Errorf("the download is named %q, want %q", d.SuggestedFilename, name)
			}
		}
		if _, err := browsertest.Download(s.Ctx, chromedp.Click(chromedp.JSPath(
			`[...document.querySelectorAll("#message-reader button")].find(b => b.textContent.trim() === "Download .eml")`))); err != nil {
			t.Fatalf("downloading the .eml: %v", err)
		}
		types := browsertest.Eval[[]string](s, `window.__blobTypes`)
		if len(types) != 3 {
			t.Fatalf("the page made %d Blob URLs (%q) for 3 downloads", len(types), types)
		}
		for _, ty := range types {
			if ty != "application/octet-stream" {
				t.Errorf("a download's Blob has type %q, want application/octet-stream", ty)
			}
		}
	})
}
