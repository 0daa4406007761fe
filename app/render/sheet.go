package render

import (
	"strings"

	"github.com/gorilla/css/scanner"
)

// A small CSS parser for <style> sheets, on top of the gorilla/css
// tokenizer (which bluemonday already uses). It exists because
// github.com/aymerick/douceur's Parse loops forever on a stray ';' after a
// selector ("a;" or "p{}" followed by ";"), which real mail has, and
// builds values by repeated string concatenation. This one is linear,
// recovers from errors by skipping to the next rule, and keeps only what
// the sanitizer can use: qualified rules and @media blocks.

type cssRule struct {
	selector string    // qualified rule: the prelude
	decls    []cssDecl // qualified rule: the declarations
	isMedia  bool      // an @media block:
	media    string    // its query
	rules    []cssRule // its rules
}

type cssDecl struct {
	prop, value string
	important   bool
}

type cssParser struct {
	sc     *scanner.Scanner
	back   *scanner.Token
	done   bool
	nRules int
}

// maxSheetRules bounds the rules kept from one message's sheets.
const maxSheetRules = 5000

func parseSheet(s string) []cssRule {
	p := &cssParser{sc: scanner.New(s)}
	return p.rules(0, false)
}

func (p *cssParser) next() *scanner.Token {
	if p.back != nil {
		t := p.back
		p.back = nil
		return t
	}
	if p.done {
		return &scanner.Token{Type: scanner.TokenEOF}
	}
	t := p.sc.Next()
	if t.Type == scanner.TokenEOF || t.Type == scanner.TokenError {
		// An unclosed string or comment ends the sheet, as in douceur.
		p.done = true
		return &scanner.Token{Type: scanner.TokenEOF}
	}
	return t
}

func isChar(t *scanner.Token, c string) bool {
	return t.Type == scanner.TokenChar && t.Value == c
}

func ignorable(t *scanner.Token) bool {
	switch t.Type {
	case scanner.TokenS, scanner.TokenComment, scanner.TokenCDO, scanner.TokenCDC, scanner.TokenBOM:
		return true
	}
	return false
}

// rules reads rules until EOF, or until the '}' closing the current
// block when inBlock.
func (p *cssParser) rules(depth int, inBlock bool) []cssRule {
	var out []cssRule
	for {
		t := p.next()
		switch {
		case t.Type == scanner.TokenEOF:
			return out
		case ignorable(t), isChar(t, ";"):
			continue
		case isChar(t, "}"):
			if inBlock {
				return out
			}
			continue
		case t.Type == scanner.TokenAtKeyword:
			prelude, end := p.prelude()
			if end == nil {
				return out
			}
			if isChar(end, "}") {
				if inBlock {
					return out
				}
				continue
			}
			if isChar(end, ";") {
				continue // @import, @charset, @namespace…: dropped
			}
			if strings.EqualFold(t.Value, "@media") && depth < maxSheetDepth {
				inner := p.rules(depth+1, true)
				out = append(out, cssRule{isMedia: true, media: strings.TrimSpace(prelude), rules: inner})
				continue
			}
			p.skipBlock() // @font-face, @keyframes, @supports, @page…
		default:
			p.back = t
			prelude, end := p.prelude()
			if end == nil {
				return out
			}
			if isChar(end, "}") {
				if inBlock {
					return out
				}
				continue
			}
			if isChar(end, ";") {
				continue // not a rule; skip the statement
			}
			decls := p.declarations()
			if p.nRules < maxSheetRules {
				p.nRules++
				out = append(out, cssRule{selector: strings.TrimSpace(prelude), decls: decls})
			}
		}
	}
}

// prelude reads up to '{', ';' or '}' and returns the text before it
// (comments dropped) and that token; end is nil at EOF.
func (p *cssParser) prelude() (text string, end *scanner.Token) {
	var sb strings.Builder
	for {
		t := p.next()
		switch {
		case t.Type == scanner.TokenEOF:
			return sb.String(), nil
		case isChar(t, "{"), isChar(t, ";"), isChar(t, "}"):
			return sb.String(), t
		case t.Type == scanner.TokenComment:
			sb.WriteByte(' ')
		default:
			sb.WriteString(t.Value)
		}
	}
}

// skipBlock skips to the '}' matching an already read '{'.
func (p *cssParser) skipBlock() {
	depth := 1
	for depth > 0 {
		t := p.next()
		switch {
		case t.Type == scanner.TokenEOF:
			return
		case isChar(t, "{"):
			depth++
		case isChar(t, "}"):
			depth--
		}
	}
}

// declarations reads "prop: value [!important]; …}" after a '{'.
// Nested blocks inside are skipped.
func (p *cssParser) declarations() []cssDecl {
	var out []cssDecl
	var cur []*scanner.Token
	flush := func() {
		if d, ok := makeDecl(cur); ok {
			out = append(out, d)
		}
		cur = cur[:0]
	}
	for {
		t := p.next()
		switch {
		case t.Type == scanner.TokenEOF:
			flush()
			return out
		case isChar(t, "}"):
			flush()
			return out
		case isChar(t, "{"):
			p.skipBlock()
			cur = cur[:0] // a declaration with a block is not one
		case isChar(t, ";"):
			flush()
		case t.Type == scanner.TokenComment:
		default:
			cur = append(cur, t)
		}
	}
}

func makeDecl(toks []*scanner.Token) (cssDecl, bool) {
	colon := -1
	for i, t := range toks {
		if isChar(t, ":") {
			colon = i
			break
		}
	}
	if colon <= 0 {
		return cssDecl{}, false
	}
	var prop strings.Builder
	for _, t := range toks[:colon] {
		prop.WriteString(t.Value)
	}
	val := toks[colon+1:]
	// trailing white space, then "!" [white space] "important"
	trim := func() {
		for len(val) > 0 && val[len(val)-1].Type == scanner.TokenS {
			val = val[:len(val)-1]
		}
	}
	trim()
	important := false
	if n := len(val); n >= 2 && val[n-1].Type == scanner.TokenIdent && strings.EqualFold(val[n-1].Value, "important") {
		i := n - 2
		for i >= 0 && val[i].Type == scanner.TokenS {
			i--
		}
		if i >= 0 && isChar(val[i], "!") {
			important = true
			val = val[:i]
			trim()
		}
	}
	var v strings.Builder
	for _, t := range val {
		v.WriteString(t.Value)
	}
	return cssDecl{prop: strings.TrimSpace(prop.String()), value: strings.TrimSpace(v.String()), important: important}, true
}
