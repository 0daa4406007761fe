//go:build !js

package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// axWait reads the accessibility tree until ok accepts it, for at most
// timeout, and returns the last tree read and what ok said of it.
func axWait(s *browsertest.Session, timeout time.Duration, ok func(*browsertest.AXTree) (bool, string)) (*browsertest.AXTree, string) {
	s.T.Helper()
	deadline := time.Now().Add(timeout)
	for {
		tree, err := browsertest.FullAXTree(s.Ctx)
		s.Must(err)
		done, why := ok(tree)
		if done || time.Now().After(deadline) {
			if !done {
				return tree, why
			}
			return tree, ""
		}
		s.Do(chromedp.Sleep(50 * time.Millisecond)) // polls the condition above
	}
}

// focusedRow waits until the accessibility tree's focus is on the row of
// the grid "Messages" whose name has subject, and fails t if it is not.
func focusedRow(s *browsertest.Session, subject, after string) {
	s.T.Helper()
	focusedRowIn(s, "Messages", subject, after)
}

// focusedRowIn is focusedRow for a grid named grid (the interface's
// language names it).
func focusedRowIn(s *browsertest.Session, grid, subject, after string) {
	s.T.Helper()
	_, why := axWait(s, 5*time.Second, func(tree *browsertest.AXTree) (bool, string) {
		f := tree.Focused()
		if f == nil || f.Role != "row" || !strings.Contains(f.Name, subject) {
			return false, "the focus is on " + f.String()
		}
		if g := tree.Ancestor(f, "grid"); g == nil || g.Name != grid {
			return false, "the focused row is not in the grid " + grid
		}
		return true, ""
	})
	if why != "" {
		s.T.Errorf("after %s: %s, want the row of %q", after, why, subject)
	}
}

// TestE2EA11yKeyboard checks, through Chromium's accessibility tree (what
// a screen reader is told), that the inbox works by keyboard: it is a
// grid named Messages with one row per message rendered, and one tab stop;
// the arrow keys and j/k move the focus from row to row; Enter opens a
// message and moves the focus to it; Escape closes it and gives the focus
// back to its row; the inbox's size is said when it opens; the shortcuts' help takes the focus and gives it back;
// x ticks the focused row. New mail, and a long check's progress, are said through the polite live region
// #announce. The undo toast is reached with Tab, stays while it has the
// focus past its five seconds, and Enter on Undo keeps the message on the
// server; a toast without the focus still goes (the positive control).
func TestE2EA11yKeyboard(t *testing.T) {
	const n = 5
	log := newCommandLog()
	srv, s := startMemInbox(t, &pop3server.Options{CommandLog: log.record}, browsertest.Config{}, "ada",
		memMessages(n, "kb-%d", "Keyboard message %d", "Body of keyboard message %d.\n"))
	s.Must(waitJS(s, fmt.Sprintf(`document.querySelectorAll("[data-uidl]").length === %d`, n)))
	order := rowOrder(s)
	subject := func(uid string) string { return "Keyboard message " + strings.TrimPrefix(uid, "kb-") }

	t.Run("grid", func(t *testing.T) {
		s := s.For(t)
		tree, err := browsertest.FullAXTree(s.Ctx)
		s.Must(err)
		grids := tree.Find(func(n *browsertest.AXNode) bool { return n.Role == "grid" })
		if len(grids) != 1 || grids[0].Name != "Messages" {
			t.Fatalf("grids %v, want one named Messages", grids)
		}
		rows := tree.Within(grids[0], func(n *browsertest.AXNode) bool { return n.Role == "row" })
		if len(rows) != n {
			t.Fatalf("the grid has %d rows, want %d", len(rows), n)
		}
		for i, r := range rows {
			if !strings.Contains(r.Name, subject(order[i])) {
				t.Errorf("row %d is named %q, want it to hold %q", i, r.Name, subject(order[i]))
			}
			if got := tree.Within(r, func(n *browsertest.AXNode) bool { return n.Role == "gridcell" }); len(got) < 4 {
				t.Errorf("row %d has %d cells", i, len(got))
			}
		}
		if got := browsertest.Eval[int](s, `document.querySelectorAll("#message-list [tabindex='0']").length`); got != 1 {
			t.Errorf("%d elements of the list in the tab order, want 1 (the selected row)", got)
		}
		want := fmt.Sprintf("Inbox: %d messages, %d unread.", n, n)
		if _, why := axWait(s, 5*time.Second, func(tree *browsertest.AXTree) (bool, string) {
			said := ""
			for _, l := range tree.Find(func(n *browsertest.AXNode) bool { return n.Role == "status" && n.Props["live"] == "polite" }) {
				said += tree.Text(l) + "\n"
			}
			return strings.Contains(said, want), fmt.Sprintf("the polite live regions say %q", said)
		}); why != "" {
			t.Errorf("after sign-in %s, want %q", why, want)
		}
		if main := tree.Find(func(n *browsertest.AXNode) bool { return n.Role == "main" }); len(main) != 1 {
			t.Errorf("%d main landmarks", len(main))
		}
		if h1 := tree.Find(func(n *browsertest.AXNode) bool { return n.Role == "heading" && n.Props["level"] == "1" }); len(h1) != 1 || h1[0].Name != "Inbox" {
			t.Errorf("level-one headings %v, want one, Inbox", h1)
		}
	})

	t.Run("roving-focus", func(t *testing.T) {
		s := s.For(t)
		focusedRow(s, subject(order[0]), "sign-in")
		for _, step := range []struct {
			key  string
			want int
		}{{kb.ArrowDown, 1}, {"j", 2}, {kb.ArrowUp, 1}, {"k", 0}, {kb.End, n - 1}, {kb.Home, 0}, {kb.ArrowDown, 1}} {
			press(s, step.key)
			focusedRow(s, subject(order[step.want]), fmt.Sprintf("%q", step.key))
			if got := browsertest.Eval[string](s, `(document.querySelector("#message-list [tabindex='0']") || {dataset: {}}).dataset.uidl || ""`); got != order[step.want] {
				t.Errorf("after %q the tab stop is the row of %q, want %q", step.key, got, order[step.want])
			}
		}
	})

	// The shortcuts' help is a dialog that takes the focus, and gives it
	// back to the row when it closes.
	t.Run("help-dialog", func(t *testing.T) {
		s := s.For(t)
		press(s, "?")
		_, why := axWait(s, 5*time.Second, func(tree *browsertest.AXTree) (bool, string) {
			f := tree.Focused()
			if f == nil || f.Role != "button" || f.Name != "Close" {
				return false, "the focus is on " + f.String()
			}
			if d := tree.Ancestor(f, "dialog"); d == nil || d.Name != "Keyboard shortcuts" {
				return false, "the focused Close is not in the dialog Keyboard shortcuts"
			}
			return true, ""
		})
		if why != "" {
			t.Errorf("after ?: %s, want the help's Close", why)
		}
		press(s, kb.Escape)
		s.Must(browsertest.WaitGone(s.Ctx, selHelp, 5*time.Second))
		focusedRow(s, subject(order[1]), "closing the help")
	})

	// x ticks the focused row's checkbox, which is out of the tab order,
	// and x again unticks it.
	t.Run("tick", func(t *testing.T) {
		s := s.For(t)
		for _, want := range []string{"true", "false"} {
			press(s, "x")
			_, why := axWait(s, 5*time.Second, func(tree *browsertest.AXTree) (bool, string) {
				f := tree.Focused()
				if f == nil || f.Role != "row" {
					return false, "the focus is on " + f.String()
				}
				boxes := tree.Within(f, func(n *browsertest.AXNode) bool { return n.Role == "checkbox" })
				if len(boxes) != 1 || boxes[0].Props["checked"] != want {
					return false, fmt.Sprintf("the focused row %s has checkboxes %v", f, boxes)
				}
				return true, ""
			})
			if why != "" {
				t.Errorf("after x: %s, want its checkbox checked=%s", why, want)
			}
		}
	})

	t.Run("open-and-close", func(t *testing.T) {
		s := s.For(t)
		press(s, kb.Enter)
		waitOpen(s, order[1])
		_, why := axWait(s, 5*time.Second, func(tree *browsertest.AXTree) (bool, string) {
			f := tree.Focused()
			if f == nil || f.Role != "region" || f.Name != "Message" || !strings.Contains(tree.Text(f), subject(order[1])) {
				return false, "the focus is on " + f.String()
			}
			return true, ""
		})
		if why != "" {
			t.Errorf("after Enter: %s, want the reader (region Message) showing %q", why, subject(order[1]))
		}
		press(s, kb.Escape)
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelMessage, 5*time.Second))
		focusedRow(s, subject(order[1]), "Escape")
	})

	t.Run("announce-new-mail", func(t *testing.T) {
		s := s.For(t)
		if err := srv.Deliver("ada", pop3server.Message{UID: "kb-new", Data: plainMessage("Keyboard new", "Sat, 1 Mar 2025 09:00:00 +0000", "New.\n")}); err != nil {
			t.Fatal(err)
		}
		press(s, "R")
		s.Must(browsertest.Wait(s.Ctx, browsertest.RowSelector("kb-new"), 20*time.Second))
		_, why := axWait(s, 5*time.Second, func(tree *browsertest.AXTree) (bool, string) {
			live := tree.Find(func(n *browsertest.AXNode) bool { return n.Role == "status" && n.Props["live"] == "polite" })
			var said []string
			for _, l := range live {
				txt := tree.Text(l)
				if strings.Contains(txt, "1 new message for ada") {
					return true, ""
				}
				said = append(said, txt)
			}
			return false, fmt.Sprintf("the polite live regions say %q", said)
		})
		if why != "" {
			t.Errorf("new mail was not announced: %s", why)
		}
		if got := browsertest.Eval[string](s, `(() => { const a = document.querySelector("#announce"); return a ? a.getAttribute("role") + " " + a.getAttribute("aria-live") : ""; })()`); got != "status polite" {
			t.Errorf("#announce is %q, want role status, aria-live polite", got)
		}
	})

	t.Run("undo-by-keyboard", func(t *testing.T) {
		s := s.For(t)
		// Positive control: a toast without the focus ends with its
		// window, and its deletion reaches the server.
		gone := selectRow(s, 2)
		press(s, kb.Delete)
		s.Must(browsertest.Wait(s.Ctx, browsertest.SelUndo, 5*time.Second))
		if err := browsertest.WaitGone(s.Ctx, browsertest.SelUndo, undoWindow+5*time.Second); err != nil {
			t.Fatalf("the toast stayed without the focus: %v", err)
		}
		if _, ok := log.wait(20*time.Second, 0, func(c []command) bool {
			return slices.ContainsFunc(c, func(c command) bool { return strings.HasPrefix(c.line, "DELE") })
		}); !ok {
			t.Fatalf("no DELE for %q after its toast ended", gone)
		}
		dele := len(log.lines("DELE"))

		kept := selectRow(s, 1)
		focusedRow(s, subject(kept), "selecting it")
		press(s, kb.Delete)
		deleted := time.Now()
		s.Must(browsertest.Wait(s.Ctx, browsertest.SelUndo, 5*time.Second))
		press(s, kb.Tab)
		_, why := axWait(s, 2*time.Second, func(tree *browsertest.AXTree) (bool, string) {
			f := tree.Focused()
			return f != nil && f.Role == "button" && f.Name == "Undo", "the focus is on " + f.String()
		})
		if why != "" {
			t.Fatalf("Tab from the list after a deletion: %s, want the toast's Undo", why)
		}
		// The property under test is a duration: the toast outlives its
		// window while it has the focus.
		for time.Since(deleted) < undoWindow+2*time.Second {
			if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelUndo); !ok {
				t.Fatalf("the toast went %v after the deletion although it had the focus", time.Since(deleted).Round(time.Millisecond))
			}
			s.Do(chromedp.Sleep(100 * time.Millisecond))
		}
		press(s, kb.Enter)
		s.Must(browsertest.Wait(s.Ctx, browsertest.RowSelector(kept), 5*time.Second))
		s.Must(browsertest.WaitText(s.Ctx, "Nothing was deleted.", 5*time.Second))
		if got := log.lines("DELE"); len(got) != dele {
			t.Errorf("DELE sent after Undo: %v", got[dele:])
		}
		if !slices.Contains(serverUIDs(srv, "ada"), kept) {
			t.Errorf("the server lost %q, which was undone", kept)
		}
		focusedRow(s, subject(kept), "Undo")

		// z undoes too, from the list.
		press(s, kb.Delete)
		s.Must(browsertest.Wait(s.Ctx, browsertest.SelUndo, 5*time.Second))
		press(s, "z")
		s.Must(browsertest.Wait(s.Ctx, browsertest.RowSelector(kept), 5*time.Second))
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelUndo, 5*time.Second))
	})

	// A check that brings many messages says how it gets on, and when it
	// ends, through the same live region.
	t.Run("announce-progress", func(t *testing.T) {
		s := s.For(t)
		const many = 120
		for _, m := range memMessages(many, "kb-many-%d", "Many %d", "Many.\n") {
			if err := srv.Deliver("ada", m); err != nil {
				t.Fatal(err)
			}
		}
		press(s, "R")
		_, why := axWait(s, 30*time.Second, func(tree *browsertest.AXTree) (bool, string) {
			said := ""
			for _, l := range tree.Find(func(n *browsertest.AXNode) bool { return n.Role == "status" && n.Props["live"] == "polite" }) {
				said += tree.Text(l) + "\n"
			}
			ok := strings.Contains(said, fmt.Sprintf("Loaded %d messages.", many)) && strings.Contains(said, fmt.Sprintf("%d new messages for ada", many))
			return ok, fmt.Sprintf("the polite live regions say %q", said)
		})
		if why != "" {
			t.Errorf("the check of %d new messages was not announced: %s", many, why)
		}
	})
}
