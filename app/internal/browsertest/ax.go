//go:build !js

package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// AXNode is one node of Chromium's accessibility tree: what a screen
// reader is told, as opposed to the DOM.
type AXNode struct {
	ID      string
	Role    string // the computed role, e.g. "grid", "row", "status"
	Name    string // the accessible name
	Ignored bool
	// Props are the node's other properties as text, by name:
	// "focused", "focusable", "selected", "live", "rowindex", ...
	Props    map[string]string
	Parent   string
	Children []string
}

// AXTree is the page's accessibility tree, from Accessibility.getFullAXTree.
type AXTree struct {
	Nodes map[string]*AXNode
	Order []string // the nodes in the order Chromium gave them
}

// FullAXTree reads the main frame's accessibility tree.
func FullAXTree(ctx context.Context) (*AXTree, error) {
	var res *accessibility.GetFullAXTreeResult
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		r, err := cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		res = &r
		return err
	}))
	if err != nil {
		return nil, fmt.Errorf("browsertest: reading the accessibility tree: %w", err)
	}
	tree := &AXTree{Nodes: map[string]*AXNode{}}
	for _, n := range res.Nodes {
		a := &AXNode{
			ID: string(n.NodeID), Role: axText(n.Role), Name: axText(n.Name), Ignored: n.Ignored,
			Props: map[string]string{}, Parent: string(n.ParentID),
		}
		for _, p := range n.Properties {
			a.Props[string(p.Name)] = axText(p.Value)
		}
		for _, c := range n.ChildIDs {
			a.Children = append(a.Children, string(c))
		}
		tree.Nodes[a.ID] = a
		tree.Order = append(tree.Order, a.ID)
	}
	return tree, nil
}

// axText is an AX value as text: a string as it is, anything else as
// its JSON.
func axText(v *accessibility.Value) string {
	if v == nil || len(v.Value) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(v.Value, &s) == nil {
		return s
	}
	return string(v.Value)
}

// Find returns the nodes, not ignored, for which match is true, in order.
func (t *AXTree) Find(match func(*AXNode) bool) []*AXNode {
	var out []*AXNode
	for _, id := range t.Order {
		if n := t.Nodes[id]; !n.Ignored && match(n) {
			out = append(out, n)
		}
	}
	return out
}

// Focused is the node that has the keyboard focus, or nil.
func (t *AXTree) Focused() *AXNode {
	if f := t.Find(func(n *AXNode) bool { return n.Props["focused"] == "true" }); len(f) > 0 {
		return f[len(f)-1]
	}
	return nil
}

// Within returns the nodes under n (not n itself) for which match is true,
// in tree order.
func (t *AXTree) Within(n *AXNode, match func(*AXNode) bool) []*AXNode {
	var out []*AXNode
	var walk func(id string)
	walk = func(id string) {
		c := t.Nodes[id]
		if c == nil {
			return
		}
		if c != n && !c.Ignored && match(c) {
			out = append(out, c)
		}
		for _, k := range c.Children {
			walk(k)
		}
	}
	walk(n.ID)
	return out
}

// Text is the text under n, as a screen reader reads it: its static
// text nodes, joined by spaces.
func (t *AXTree) Text(n *AXNode) string {
	var parts []string
	for _, s := range t.Within(n, func(c *AXNode) bool { return c.Role == "StaticText" }) {
		parts = append(parts, s.Name)
	}
	return strings.Join(parts, " ")
}

// Ancestor is the nearest node above n whose role is role, or nil.
func (t *AXTree) Ancestor(n *AXNode, role string) *AXNode {
	for p := t.Nodes[n.Parent]; p != nil; p = t.Nodes[p.Parent] {
		if p.Role == role {
			return p
		}
	}
	return nil
}

// String names n for a test's message.
func (n *AXNode) String() string {
	if n == nil {
		return "nothing"
	}
	return fmt.Sprintf("%s %q", n.Role, n.Name)
}
