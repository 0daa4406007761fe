package ui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// The title shows the unread count, and is set again only when the count
// changes: a title changed behind its back stays until then, which shows
// that an unchanged count touched nothing.
func TestUnreadTitle(t *testing.T) {
	disp := app.NewServerTester(app.Div())
	defer disp.Close()
	ctx := disp.Context()
	var u unreadTitle
	steps := []struct {
		n         int
		before    string // set behind unreadTitle's back first, if not ""
		wantTitle string
	}{
		{n: 0, wantTitle: "Poppy"},
		{n: 3, wantTitle: "(3) Poppy"},
		{n: 3, before: "changed elsewhere", wantTitle: "changed elsewhere"},
		{n: 4, wantTitle: "(4) Poppy"},
		{n: 0, wantTitle: "Poppy"},
		{n: 0, before: "changed elsewhere", wantTitle: "changed elsewhere"},
	}
	for i, st := range steps {
		if st.before != "" {
			ctx.Page().SetTitle(st.before)
		}
		u.show(ctx, st.n)
		if got := ctx.Page().Title(); got != st.wantTitle {
			t.Errorf("step %d (count %d): title %q, want %q", i, st.n, got, st.wantTitle)
		}
	}
}

// Without a page (a Shell not mounted), nothing counts as shown: the
// first count set with a page is set even if it is the same.
func TestUnreadTitleNoPage(t *testing.T) {
	disp := app.NewServerTester(app.Div())
	defer disp.Close()
	ctx := disp.Context()
	var u unreadTitle
	u.show(nil, 2)
	ctx.Page().SetTitle("before")
	u.show(ctx, 2)
	if got := ctx.Page().Title(); got != "(2) Poppy" {
		t.Errorf("title %q, want %q", got, "(2) Poppy")
	}
}
