//go:build !js

package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/archive/maildir"
	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// archiveDir is the folder of the origin-private file system that stands
// in for the folder a person would pick.
const archiveDir = "poppy-e2e-archive"

// TestE2EArchiveFolder keeps a folder archive in Chromium, through the
// real bridge, against Dovecot. Headless Chromium cannot show a folder
// picker, so the page's showDirectoryPicker is replaced by one that
// returns a folder of the origin-private file system: everything after
// the pick (the handle kept in IndexedDB, the permission checks, the
// Maildir writer over the File System Access API, the Archived marks) is
// the app's own code on the same kind of FileSystemDirectoryHandle.
//
// With the full copy on, turning the archive on writes every message as
// a Maildir: only cur/, new/ and tmp/ at the top, tmp/ empty, unique
// names that parse with their sizes, and each file byte for byte what
// the server's RETR gives. Then the browser takes the permission back:
// a message imported meanwhile stays on the device, the status says so
// and offers to grant access again, and after the grant it is written.
func TestE2EArchiveFolder(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{},
		plainMessage("Archive one", "Mon, 3 Mar 2025 10:00:00 +0000", "One.\nFrom the start of a line.\n"),
		plainMessage("Archive two", "Mon, 3 Mar 2025 10:01:00 +0000", "Two.\n"),
		plainMessage("Archive three ✓", "Mon, 3 Mar 2025 10:02:00 +0000", "Drei.\n"),
	)
	signIn(t, s, dc)
	openPanel(t, s)
	evalAsync[bool](t, s, `(async () => {
		const root = await navigator.storage.getDirectory();
		await root.removeEntry(`+jsString(archiveDir)+`, {recursive: true}).catch(() => {});
		window.showDirectoryPicker = async () => root.getDirectoryHandle(`+jsString(archiveDir)+`, {create: true});
		return true;
	})()`)

	s.Do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name=full-copy]`)))
	if err := waitJS(s, `(document.querySelector("#copy-progress")?.textContent || "").startsWith("Done: all 3 messages")`); err != nil {
		t.Fatalf("the full copy never reached done: %v (%q)", err, text(s, "#copy-progress"))
	}
	if err := waitJS(s, `!document.querySelector("input[name=archive-folder]").disabled`); err != nil {
		t.Fatalf("the archive switch stays disabled: %v (%q)", err, text(s, "#archive-status"))
	}
	s.Do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name=archive-folder]`)))
	done := `(document.querySelector("#archive-status")?.textContent || "").startsWith("Every message kept on this device is in the folder ` + archiveDir + `")`
	if err := waitJSLong(s, done); err != nil {
		t.Fatalf("the archive never finished: %v (%q)", err, text(s, "#archive-status"))
	}
	if !browsertest.Eval[bool](s, `document.querySelector("input[name=archive-folder]").checked`) {
		t.Error("the archive switch is not checked once the archive is on")
	}
	want := retrAll(t, dc)
	checkMaildir(t, readArchive(t, s), want)

	// The browser takes the permission back; a message kept meanwhile
	// (imported) waits on the device.
	evalAsync[bool](t, s, `(async () => {
		const p = FileSystemHandle.prototype;
		window.__granted = false;
		p.queryPermission = async () => window.__granted ? "granted" : "prompt";
		p.requestPermission = async () => { window.__granted = true; return "granted"; };
		return true;
	})()`)
	imported := []byte("Message-ID: <imported@e2e.poppy.test>\r\nSubject: Imported while locked out\r\n\r\nFrom elsewhere.\r\n")
	path := filepath.Join(t.TempDir(), "one.mbox")
	mboxText := "From x@example.org Mon Mar  3 10:00:00 2025\n" + strings.ReplaceAll(string(imported), "\r\n", "\n") + "\n"
	if err := os.WriteFile(path, []byte(mboxText), 0o600); err != nil {
		t.Fatal(err)
	}
	s.Do(chromedp.SetUploadFiles(chromedp.CSS(`input[type=file][name=import-mbox]`), []string{path}))
	if err := waitJSLong(s, `(document.querySelector("#archive-status")?.textContent || "").startsWith("Poppy may no longer write to the folder") && !!document.querySelector("#archive-regrant")`); err != nil {
		t.Fatalf("a lost permission is not shown: %v (%q)", err, text(s, "#archive-status"))
	}
	checkMaildir(t, readArchive(t, s), want) // positive control above: the same reader saw all three
	s.Do(chromedp.Click(chromedp.CSS(`#archive-regrant`)))
	if err := waitJSLong(s, done); err != nil {
		t.Fatalf("the archive did not resume after the grant: %v (%q)", err, text(s, "#archive-status"))
	}
	checkMaildir(t, readArchive(t, s), append(want, imported))
}

// retrAll returns every message as the server's RETR gives it.
func retrAll(t *testing.T, dc *dovecottest.Server) [][]byte {
	t.Helper()
	ctx, c := nativeSession(t, dc)
	infos, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, mi := range infos {
		r, err := c.Retr(ctx, mi.Number)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		_ = r.Close()
		out = append(out, b)
	}
	return out
}

// readArchive reads the archive folder back through the page: folder →
// file name → base64 bytes; a file at the top is listed as {"FILE": ""}.
func readArchive(t *testing.T, s *browsertest.Session) map[string]map[string][]byte {
	t.Helper()
	js := evalAsync[string](t, s, `(async () => {
		const root = await navigator.storage.getDirectory();
		const d = await root.getDirectoryHandle(`+jsString(archiveDir)+`);
		const out = {};
		for await (const [name, h] of d.entries()) {
			if (h.kind !== "directory") { out[name] = {FILE: ""}; continue; }
			out[name] = {};
			for await (const [n, f] of h.entries()) {
				if (f.kind === "directory") { out[name][n] = "DIR"; continue; }
				const b = new Uint8Array(await (await f.getFile()).arrayBuffer());
				let s = "";
				for (const c of b) s += String.fromCharCode(c);
				out[name][n] = btoa(s);
			}
		}
		return JSON.stringify(out);
	})()`)
	var raw map[string]map[string]string
	if err := json.Unmarshal([]byte(js), &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string][]byte{}
	for dir, files := range raw {
		out[dir] = map[string][]byte{}
		for name, b64 := range files {
			b, err := base64.StdEncoding.DecodeString(b64)
			if err != nil {
				t.Fatalf("%s/%s: %v", dir, name, err)
			}
			out[dir][name] = b
		}
	}
	return out
}

// checkMaildir checks the layout of the archive and that it holds want,
// each message once, byte for byte.
func checkMaildir(t *testing.T, dirs map[string]map[string][]byte, want [][]byte) {
	t.Helper()
	var top []string
	for d := range dirs {
		top = append(top, d)
	}
	slices.Sort(top)
	if !slices.Equal(top, []string{"cur", "new", "tmp"}) {
		t.Errorf("the archive's top holds %v, want cur, new and tmp", top)
	}
	if len(dirs["tmp"]) != 0 {
		t.Errorf("tmp/ holds %d files once the archive is done, want none", len(dirs["tmp"]))
	}
	var got [][]byte
	keys := map[string]bool{}
	for _, d := range []string{"new", "cur"} {
		for name, b := range dirs[d] {
			n, err := maildir.ParseName(name)
			if err != nil {
				t.Errorf("%s/%s: %v", d, name, err)
				continue
			}
			if keys[n.Key] {
				t.Errorf("two files with the unique part %s", n.Key)
			}
			keys[n.Key] = true
			if n.Size != int64(len(b)) {
				t.Errorf("%s/%s says S=%d and holds %d bytes", d, name, n.Size, len(b))
			}
			got = append(got, b)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("the archive holds %d messages, want %d", len(got), len(want))
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(g []byte) bool { return bytes.Equal(g, w) })
		if i < 0 {
			t.Errorf("no file of the archive holds, byte for byte, %.60q", w)
			continue
		}
		got = slices.Delete(got, i, i+1)
	}
}

// evalAsync evaluates expr, a promise, and returns what it resolves to.
func evalAsync[T any](t *testing.T, s *browsertest.Session, expr string) T {
	t.Helper()
	v, err := chromedp.Run(s.Ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80s: %v", expr, err)
	}
	return v
}

// waitJSLong is waitJS for steps that write or read many files: up to
// 30 seconds.
func waitJSLong(s *browsertest.Session, cond string) error {
	_, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	return err
}
