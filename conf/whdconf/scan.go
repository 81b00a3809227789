package whdconf

import (
	"sort"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// typographic are quote characters that look like shell quotes but are
// ordinary characters to bash.
var typographic = map[rune]bool{
	'\u2018': true, '\u2019': true, '\u201A': true, '\u201B': true, // ‘ ’ ‚ ‛
	'\u201C': true, '\u201D': true, '\u201E': true, '\u201F': true, // “ ” „ ‟
	'\u2032': true, '\u2033': true, // ′ ″
	'\u00AB': true, '\u00BB': true, '\u2039': true, '\u203A': true, // « » ‹ ›
	'\uFF02': true, '\uFF07': true, // fullwidth " '
	'\u301D': true, '\u301E': true, '\u301F': true,
}

// IsTypographicQuote reports whether r is a quote character that bash does
// not treat as a quote.
func IsTypographicQuote(r rune) bool { return typographic[r] }

// cp1252 maps the Windows-1252 bytes of typographic quotes.
var cp1252 = map[byte]rune{0x91: '\u2018', 0x92: '\u2019', 0x93: '\u201C', 0x94: '\u201D'}

// collect gathers comments, constructs and the BOM effect from the syntax tree.
func (f *File) collect() {
	skipIf := map[*syntax.IfClause]bool{}
	syntax.Walk(f.ast, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Comment:
			f.addComment(n)
		case *syntax.Stmt:
			if n.Semicolon.IsValid() {
				off := f.off(n.Semicolon)
				switch {
				case n.Background || n.Coprocess:
					f.construct(KindBackground, n.Semicolon, n.Semicolon, 1, "")
				case off < len(f.src) && f.src[off] == ';':
					f.construct(KindSemicolon, n.Semicolon, n.Semicolon, 1, "")
				}
			}
			for _, r := range n.Redirs {
				f.construct(KindRedirect, r.Pos(), r.End(), 0, "")
			}
		case *syntax.CallExpr:
			if len(n.Args) > 0 {
				name, _ := litWord(f.src, n.Args[0])
				f.construct(KindCommand, n.Args[0].Pos(), n.End(), 0, name)
			}
		case *syntax.CmdSubst:
			k := KindCmdSubst
			if n.Backquotes {
				k = KindBackquotes
			}
			f.construct(k, n.Pos(), n.End(), 0, "")
		case *syntax.ProcSubst:
			f.construct(KindProcSubst, n.Pos(), n.End(), 0, "")
		case *syntax.BinaryCmd:
			switch n.Op {
			case syntax.Pipe, syntax.PipeAll:
				f.construct(KindPipe, n.OpPos, n.OpPos, len(n.Op.String()), "")
			case syntax.AndStmt, syntax.OrStmt:
				f.construct(KindAndOr, n.OpPos, n.OpPos, 2, "")
			}
		case *syntax.Subshell:
			f.construct(KindSubshell, n.Pos(), n.End(), 0, "")
		case *syntax.IfClause:
			if !skipIf[n] {
				f.construct(KindCompound, n.Pos(), n.End(), 0, "if")
			}
			for e := n.Else; e != nil; e = e.Else {
				skipIf[e] = true
			}
		case *syntax.WhileClause:
			kw := "while"
			if n.Until {
				kw = "until"
			}
			f.construct(KindCompound, n.Pos(), n.End(), 0, kw)
		case *syntax.ForClause:
			f.construct(KindCompound, n.Pos(), n.End(), 0, "for")
		case *syntax.CaseClause:
			f.construct(KindCompound, n.Pos(), n.End(), 0, "case")
		case *syntax.TestClause:
			f.construct(KindCompound, n.Pos(), n.End(), 0, "[[")
		case *syntax.ArithmCmd:
			f.construct(KindCompound, n.Pos(), n.End(), 0, "((")
		case *syntax.LetClause:
			f.construct(KindCommand, n.Pos(), n.End(), 0, "let")
		case *syntax.FuncDecl:
			f.construct(KindFunction, n.Pos(), n.End(), 0, n.Name.Value)
		case *syntax.ArithmExp:
			f.construct(KindArithmetic, n.Pos(), n.End(), 0, "")
		case *syntax.ParamExp:
			if !simpleParam(n) {
				f.construct(KindParamOperand, n.Pos(), n.End(), 0, "")
			}
		}
		return true
	})
	sort.SliceStable(f.Constructs, func(i, j int) bool { return f.Constructs[i].Pos.Offset < f.Constructs[j].Pos.Offset })
	sort.SliceStable(f.Comments, func(i, j int) bool { return f.Comments[i].Pos.Offset < f.Comments[j].Pos.Offset })

	if f.BOM && len(f.ast.Stmts) > 0 {
		if c, ok := f.ast.Stmts[0].Cmd.(*syntax.CallExpr); ok && len(c.Args) > 0 && f.off(c.Args[0].Pos()) == 0 {
			rest := string(f.src[3:min(len(f.src), f.off(c.Args[0].End()))])
			rest = strings.NewReplacer("\\\n", "", "\x00", "").Replace(rest) // what bash ignores in a word
			if i := strings.Index(rest, "="); i > 0 {
				name := strings.TrimSuffix(rest[:i], "+")
				if ValidName(name) {
					f.LostToBOM = name
				}
			}
		}
	}
}

func (f *File) construct(k ConstructKind, pos, end syntax.Pos, width int, name string) {
	p := f.pos(pos)
	e := f.pos(end)
	if width > 0 {
		e = f.PosAt(p.Offset + width)
	}
	f.Constructs = append(f.Constructs, Construct{Kind: k, Pos: p, End: e, Name: name})
}

func (f *File) addComment(c *syntax.Comment) {
	start := f.off(c.Hash)
	end := start + 1
	for end < len(f.src) && f.src[end] != '\n' {
		end++
	}
	text := string(f.src[start+1 : end])
	text = strings.TrimSuffix(text, "\r")
	f.Comments = append(f.Comments, Comment{Pos: f.PosAt(start), Text: text})
}

func (f *File) inComment(off int) bool {
	i := sort.Search(len(f.Comments), func(i int) bool { return f.Comments[i].Pos.Offset > off })
	if i == 0 {
		return false
	}
	c := f.Comments[i-1]
	end := c.Pos.Offset + 1 + len(c.Text)
	return off >= c.Pos.Offset && off < end+1
}

func (f *File) scanTypographic() {
	src := f.src
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && w == 1 {
			if q, ok := cp1252[src[i]]; ok {
				f.TypographicQuotes = append(f.TypographicQuotes, TypographicQuote{Pos: f.PosAt(i), Rune: q, CP1252: true, InComment: f.inComment(i)})
			}
		} else if typographic[r] {
			f.TypographicQuotes = append(f.TypographicQuotes, TypographicQuote{Pos: f.PosAt(i), Rune: r, InComment: f.inComment(i)})
		}
		i += w
	}
}

// ValidName reports whether s is a shell variable name.
func ValidName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// litWord returns the text of a word made only of unquoted literal
// characters without backslashes, as bash sees it.
func litWord(src []byte, w *syntax.Word) (string, bool) {
	if w == nil || len(w.Parts) != 1 {
		return "", false
	}
	l, ok := w.Parts[0].(*syntax.Lit)
	if !ok {
		return "", false
	}
	s := string(src[l.Pos().Offset():l.End().Offset()])
	if strings.ContainsAny(s, "\\\x00") {
		return "", false
	}
	return s, true
}

func simpleParam(p *syntax.ParamExp) bool {
	return p.Param != nil && !p.Excl && !p.Length && !p.Width && !p.IsSet && p.Flags == nil &&
		p.NestedParam == nil && p.Index == nil && len(p.Modifiers) == 0 && p.Slice == nil &&
		p.Repl == nil && p.Names == 0 && p.Exp == nil
}
