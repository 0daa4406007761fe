package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/store"
)

// panelHost gives the accounts panel its fields as the Shell does, so a
// test can change them after the panel mounted.
type panelHost struct {
	app.Compo
	db    store.DB
	accts []store.Account
	made  []*accountsPanel // every panel Render gave; one is mounted
}

func (h *panelHost) Render() app.UI {
	p := &accountsPanel{DB: h.db, Accounts: h.accts}
	h.made = append(h.made, p)
	return p
}

// mounted is the panel go-app mounted: later renders' panels only carry
// new fields to it.
func (h *panelHost) mounted(t *testing.T) *accountsPanel {
	t.Helper()
	for _, p := range h.made {
		if p.Mounted() {
			return p
		}
	}
	t.Fatal("no panel is mounted")
	return nil
}

// The panel can open before the account just signed in to is saved (the
// Shell saves it after the inbox's paint). When the list then arrives,
// the new account's row gets its figure: it does not stay empty.
func TestAccountsPanelMeasuresLateAccounts(t *testing.T) {
	db := store.NewMem(nil)
	alice := store.Account{Key: "alice@mail", Server: "mail", Username: "alice"}
	h := &panelHost{db: db}
	disp := app.NewServerTester(h)
	defer disp.Close()
	// A server-side engine does not call OnMount: call it as the
	// browser's would. It measures with no account yet.
	mounted := h.mounted(t)
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: mounted, Function: mounted.OnMount})
	disp.Consume() // OnMount starts the measure
	disp.Consume() // and its result arrives
	if _, ok := mounted.usage[""]; !ok {
		t.Fatal("the mount did not measure the total")
	}

	if err := db.PutAccount(context.Background(), alice); err != nil {
		t.Fatal(err)
	}
	h.accts = []store.Account{alice}
	h.Update()
	disp.Consume() // the new list reaches the panel, which measures again
	disp.Consume() // the measure's result

	doc, err := html.Parse(strings.NewReader(app.HTMLString(h)))
	if err != nil {
		t.Fatal(err)
	}
	rows := findAll(doc, func(n *html.Node) bool { return attr(n, "data-key") == alice.Key })
	if len(rows) != 1 {
		t.Fatalf("%d rows for %s", len(rows), alice.Key)
	}
	size := findAll(rows[0], func(n *html.Node) bool { return strings.Contains(attr(n, "class"), "size") })
	if len(size) != 1 || !strings.Contains(textOf(size[0]), "0 messages") {
		t.Errorf("the late account's row has no figure: %q", textOf(rows[0]))
	}
	if got := textOf(byID(doc, "storage-usage")); !strings.Contains(got, "Poppy keeps") {
		t.Errorf("storage-usage reads %q", got)
	}
}

// measuredFor tells which store and accounts a measure counted.
func TestMeasuredForCovers(t *testing.T) {
	a, b := store.NewMem(nil), store.NewMem(nil)
	one := []store.Account{{Key: "x@one"}}
	two := []store.Account{{Key: "x@one"}, {Key: "y@two"}}
	m := measuredFor{db: a, keys: accountKeys(one)}
	for _, tc := range []struct {
		name  string
		db    store.DB
		accts []store.Account
		want  bool
	}{
		{"same", a, one, true},
		{"another store", b, one, false},
		{"an account more", a, two, false},
		{"no account", a, nil, false},
	} {
		if got := m.covers(tc.db, tc.accts); got != tc.want {
			t.Errorf("%s: covers = %v, want %v", tc.name, got, tc.want)
		}
	}
	if (measuredFor{}).covers(nil, nil) != true {
		t.Error("the zero measure does not cover no store and no account")
	}
}
