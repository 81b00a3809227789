package whdconf

import (
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// expand expands the value of an assignment as bash does: quote removal,
// escapes, $X and ${X}; no word splitting and no file-name expansion (bash
// does neither in an assignment). Tilde expansion (after the '=' and after
// ':') depends on the home folder and makes the value unknown.
func (e *evaluator) expand(w *syntax.Word, a *Assignment) (*value, *Reason) {
	out := &value{}
	if w == nil {
		return out, nil
	}
	var r *Reason
	for i, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			r = e.lit(out, e.f.off(p.Pos()), e.f.off(p.End()), a, Unquoted, i == 0)
		case *syntax.SglQuoted:
			if p.Dollar {
				r = e.ansiC(out, e.f.off(p.Left)+2, e.f.off(p.Right), a)
			} else {
				r = e.lit(out, e.f.off(p.Left)+1, e.f.off(p.Right), a, SingleQuoted, false)
			}
		case *syntax.DblQuoted:
			for _, ip := range p.Parts {
				switch q := ip.(type) {
				case *syntax.Lit:
					r = e.lit(out, e.f.off(q.Pos()), e.f.off(q.End()), a, DoubleQuoted, false)
				case *syntax.ParamExp:
					r = e.param(out, q)
				default:
					r = e.unknownPart(ip)
				}
				if r != nil {
					return nil, r
				}
			}
		case *syntax.ParamExp:
			r = e.param(out, p)
		default:
			r = e.unknownPart(part)
		}
		if r != nil {
			return nil, r
		}
	}
	if r := e.checkSize(out, w.Pos()); r != nil {
		return nil, r
	}
	return out, nil
}

// checkSize keeps values (which may be built from themselves, doubling at
// every line) within bounds.
func (e *evaluator) checkSize(v *value, at syntax.Pos) *Reason {
	if v.size > maxValueSize || v.leaves > maxValueLeaves {
		r := e.reason(at, "the value grows beyond %d bytes; whdctl does not evaluate values that large", maxValueSize)
		r.Limit = true
		return r
	}
	return nil
}

func (e *evaluator) unknownPart(p syntax.WordPart) *Reason {
	switch p := p.(type) {
	case *syntax.CmdSubst:
		if p.Backquotes {
			return e.reason(p.Pos(), "command substitution `...` (the command runs at every start)")
		}
		return e.reason(p.Pos(), "command substitution $(...) (the command runs at every start)")
	case *syntax.ArithmExp:
		return e.reason(p.Pos(), "arithmetic expansion $((...))")
	case *syntax.ProcSubst:
		return e.reason(p.Pos(), "process substitution")
	case *syntax.ExtGlob:
		return e.reason(p.Pos(), "extended glob pattern")
	}
	return e.reason(p.Pos(), "an expansion whdctl does not evaluate")
}

func (e *evaluator) param(out *value, p *syntax.ParamExp) *Reason {
	if !simpleParam(p) {
		return e.reason(p.Pos(), "parameter expansion with an operator (${...})")
	}
	name := p.Param.Value
	if !ValidName(name) {
		return e.reason(p.Pos(), "special parameter $%s", name)
	}
	v, known, r := e.lookup(name, p.Pos())
	if !known {
		return r
	}
	out.addRef(v)
	return nil
}

func (e *evaluator) span(text string, start, end int, exact bool, a *Assignment, q Quote) Span {
	e.nextID++
	return Span{Text: text, Assignment: a, Start: start, End: end, Exact: exact, Quote: q, id: e.nextID}
}

// lit reads src[start:end] as literal text: unquoted (backslash escapes any
// character, backslash-newline is removed), double-quoted (backslash escapes
// only $ ` " \ and newline) or single-quoted (no escapes). NUL bytes are
// dropped, as bash drops them.
func (e *evaluator) lit(out *value, start, end int, a *Assignment, q Quote, valueStart bool) *Reason {
	src := e.f.src
	run := start
	flush := func(to int) {
		if to > run {
			out.add(e.span(string(src[run:to]), run, to, true, a, q))
		}
	}
	for i := start; i < end; {
		c := src[i]
		switch {
		case c == 0:
			flush(i)
			i++
			run = i
		case c == '\\' && q != SingleQuoted:
			if i+1 < len(src) && src[i+1] == '\n' {
				// Line continuation (the parser may end the literal before the newline).
				flush(i)
				i += 2
				run = min(i, end)
				if i > end {
					i = end
				}
				continue
			}
			if i+1 >= end {
				i++ // a backslash at the very end stays
				continue
			}
			n := src[i+1]
			if q == DoubleQuoted && n != '$' && n != '`' && n != '"' && n != '\\' {
				i++ // the backslash is kept
				continue
			}
			flush(i)
			_, w := utf8.DecodeRune(src[i+1 : end])
			out.add(e.span(string(src[i+1:i+1+w]), i, i+1+w, false, a, q))
			i += 1 + w
			run = i
		case c == '~' && q == Unquoted && ((i == start && valueStart) || (i > start && src[i-1] == ':')):
			return &Reason{Pos: e.f.PosAt(i), Msg: "tilde expansion (~ becomes a home folder, which depends on the machine)"}
		default:
			i++
		}
	}
	flush(end)
	return nil
}

// ansiC reads the body of $'...'.
func (e *evaluator) ansiC(out *value, start, end int, a *Assignment) *Reason {
	src := e.f.src
	run := start
	flush := func(to int) {
		if to > run {
			out.add(e.span(string(src[run:to]), run, to, true, a, ANSIC))
		}
	}
	hex := func(j, max int) (int, int) {
		v, n := 0, 0
		for n < max && j < end {
			d := unhex(src[j])
			if d < 0 {
				break
			}
			v = v*16 + d
			j++
			n++
		}
		return v, n
	}
	for i := start; i < end; {
		c := src[i]
		if c == 0 {
			flush(i)
			i++
			run = i
			continue
		}
		if c != '\\' || i+1 >= end {
			i++
			continue
		}
		flush(i)
		n := src[i+1]
		j := i + 2
		var b []byte
		switch n {
		case 'a':
			b = []byte{7}
		case 'b':
			b = []byte{8}
		case 'e', 'E':
			b = []byte{27}
		case 'f':
			b = []byte{12}
		case 'n':
			b = []byte{'\n'}
		case 'r':
			b = []byte{'\r'}
		case 't':
			b = []byte{'\t'}
		case 'v':
			b = []byte{11}
		case '\\', '\'', '"', '?':
			b = []byte{n}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(n - '0')
			for k := 0; k < 2 && j < end && src[j] >= '0' && src[j] <= '7'; k++ {
				v = v*8 + int(src[j]-'0')
				j++
			}
			b = []byte{byte(v)}
		case 'x':
			v, k := hex(j, 2)
			if k == 0 {
				return &Reason{Pos: e.f.PosAt(i), Msg: `\x without hex digits in $'...'`}
			}
			j += k
			b = []byte{byte(v)}
		case 'u', 'U':
			max := 4
			if n == 'U' {
				max = 8
			}
			v, k := hex(j, max)
			if k == 0 || v >= 0x80 {
				return &Reason{Pos: e.f.PosAt(i), Msg: `\u or \U escape in $'...' (its result depends on the locale)`}
			}
			j += k
			b = []byte{byte(v)}
		case 'c':
			if j >= end {
				return &Reason{Pos: e.f.PosAt(i), Msg: `\c at the end of $'...'`}
			}
			ch := src[j]
			j++
			switch {
			case ch == '?':
				b = []byte{0x7f}
			case ch >= 'a' && ch <= 'z':
				b = []byte{(ch - 32) & 0x1f}
			case ch >= '@' && ch <= '_' && ch != '\\':
				b = []byte{ch & 0x1f}
			default:
				return &Reason{Pos: e.f.PosAt(i), Msg: `unusual \c escape in $'...'`}
			}
		default:
			b = []byte{'\\', n}
		}
		if len(b) == 1 && b[0] == 0 {
			return &Reason{Pos: e.f.PosAt(i), Msg: `a NUL escape in $'...' ends the string`}
		}
		out.add(e.span(string(b), i, j, false, a, ANSIC))
		i = j
		run = i
	}
	flush(end)
	return nil
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// static returns the text of a word that has no expansions (literal text,
// quotes, escapes), as bash would see it.
func (e *evaluator) static(w *syntax.Word) (string, bool) {
	if w == nil {
		return "", false
	}
	out := &value{}
	var r *Reason
	for _, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			r = e.lit(out, e.f.off(p.Pos()), e.f.off(p.End()), nil, Unquoted, false)
		case *syntax.SglQuoted:
			if p.Dollar {
				r = e.ansiC(out, e.f.off(p.Left)+2, e.f.off(p.Right), nil)
			} else {
				r = e.lit(out, e.f.off(p.Left)+1, e.f.off(p.Right), nil, SingleQuoted, false)
			}
		case *syntax.DblQuoted:
			for _, ip := range p.Parts {
				q, ok := ip.(*syntax.Lit)
				if !ok {
					return "", false
				}
				r = e.lit(out, e.f.off(q.Pos()), e.f.off(q.End()), nil, DoubleQuoted, false)
				if r != nil {
					return "", false
				}
			}
		default:
			return "", false
		}
		if r != nil {
			return "", false
		}
	}
	return out.text(), true
}
