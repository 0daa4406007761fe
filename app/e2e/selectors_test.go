//go:build !js

package e2e

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// queryActions are chromedp's element queries: their first argument is
// the selector.
var queryActions = map[string]bool{
	"Click": true, "DoubleClick": true, "WaitVisible": true, "WaitReady": true, "WaitEnabled": true,
	"WaitSelected": true, "WaitNotVisible": true, "WaitNotPresent": true, "SendKeys": true, "SetValue": true,
	"Focus": true, "Blur": true, "Text": true, "TextContent": true, "Value": true, "SetUploadFiles": true,
	"Submit": true, "Reset": true, "ScrollIntoView": true, "Nodes": true, "NodeIDs": true, "AttributeValue": true,
	"Attributes": true, "Dimensions": true, "OuterHTML": true, "InnerHTML": true, "Screenshot": true,
	"Clear": true, "ComputedStyle": true, "Query": true, "QueryAfter": true,
}

// typedSelectors are the selector types that look elements up as the
// page's own scripts do (querySelector, an id, a JavaScript path).
var typedSelectors = map[string]bool{"CSS": true, "CSSAll": true, "ID": true, "JSPath": true, "NodeIDs": true}

// TestSelectorsAreTyped fails on a chromedp query whose selector is a
// plain string. chromedp resolves a plain string with DOM.performSearch,
// which matches text as well as CSS: any text in the page that holds the
// selector (a message's body, a <style>) is found too, is never
// "visible", and a Click waits for it until the test's deadline. (Found
// when the page carried its stylesheets: "#device-button" found the
// <style> that styles it.) chromedp.CSS(...) asks querySelector.
func TestSelectorsAreTyped(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "../internal/browsertest", "../internal/benchreport"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !isChromedp(call.Fun, queryActions) || len(call.Args) == 0 {
				return true
			}
			checked++
			if inner, ok := call.Args[0].(*ast.CallExpr); ok && isChromedp(inner.Fun, typedSelectors) {
				return true
			}
			t.Errorf("%s: a chromedp query with an untyped selector: wrap it in chromedp.CSS(...)", fset.Position(call.Pos()))
			return true
		})
	}
	// Positive control: the scan saw the suite's queries.
	if checked < 20 {
		t.Errorf("only %d chromedp queries found in %d files: the scan is not reading the suite", checked, len(files))
	}
}

// isChromedp reports whether fun is chromedp.<name> with name in names.
func isChromedp(fun ast.Expr, names map[string]bool) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "chromedp" && names[sel.Sel.Name]
}
