// Package wrapperconf reads Java Service Wrapper configuration files
// (WHD's bin/wrapper/conf/wrapper_template.conf) the way the real wrapper
// (3.5.x) does, without losing a byte: Parse keeps the source, and every
// entry knows the byte span of its key and value, so an editor can change
// exactly what it means to change.
//
// The rules below were observed on the real wrapper:
//   - a physical line ends at '\n'; a '\r' ends the line's content (CRLF is
//     fine; in a CR-only file only the first line takes effect);
//   - '#' starts a comment anywhere outside double quotes; "##" outside
//     quotes is a literal '#'; inside quotes both are literal;
//   - the first '=' separates key and value; a line without '=' is ignored;
//     ':' is not a separator; key and value are trimmed of spaces and tabs;
//   - keys are case-insensitive; the last definition of a key wins;
//   - "#include PATH" (a space after the word; leading spaces allowed, not
//     tabs) includes a file; a missing file is skipped unless the directive
//     is "#include.required"; relative paths are relative to the wrapper's
//     working directory (the folder of the wrapper binary), not the file;
//   - a UTF-8 BOM before a key on line 1 makes that key unrecognisable;
//   - values are cut at 16383 characters.
package wrapperconf

import (
	"bytes"
	"strings"
)

// MaxValueLen is the length at which the wrapper cuts a value.
const MaxValueLen = 16383

var bom = []byte{0xEF, 0xBB, 0xBF}

// Line is one physical line of the source.
type Line struct {
	Num   int // 1-based
	Start int // offset of the first byte
	End   int // offset just past the content (before the EOL)
	EOL   string
}

// Kind of a line, as the wrapper sees it.
type Kind int

const (
	KindBlank     Kind = iota // empty or only spaces/tabs
	KindComment               // a comment (or a directive the wrapper does not act on)
	KindDirective             // #include, #include.required, #encoding=, #properties.*
	KindEntry                 // key=value
	KindIgnored               // text the wrapper ignores: no '=' (a ':' perhaps), or an empty key
)

// Entry is a key=value line.
type Entry struct {
	Line     int
	RawKey   string // the key as written, trimmed
	Key      string // lower-cased key
	Value    string // what the wrapper takes: comment removed, "##" folded, trimmed, cut
	RawValue string // the value text as written (trimmed, without the comment)

	KeyStart, KeyEnd     int // byte span of RawKey in the source
	ValueStart, ValueEnd int // byte span of RawValue in the source
	LostToBOM            bool
	HasComment           bool // a trailing comment follows the value
	Truncated            bool // the value is longer than MaxValueLen
}

// Directive is a line such as "#include path".
type Directive struct {
	Line     int
	Name     string // "include", "include.required", "encoding", "properties.on_overwrite.exit", ...
	Arg      string // the path for includes, the value for name=value directives
	Required bool   // #include.required
}

// Ignored is a line the wrapper silently ignores although it looks like a setting.
type Ignored struct {
	Line   int
	Text   string
	Reason string
}

// File is a parsed wrapper configuration file. Src is never modified.
type File struct {
	Src        []byte
	BOM        bool
	Lines      []Line
	Kinds      []Kind // per line (index = Num-1)
	Entries    []Entry
	Directives []Directive
	Ignored    []Ignored
	CRInside   []int // line numbers whose content is cut by a lone '\r'
}

// Parse reads src. It never fails: the wrapper ignores what it does not
// understand, and so does Parse (recording it in Ignored).
func Parse(src []byte) *File {
	f := &File{Src: src, BOM: bytes.HasPrefix(src, bom)}
	f.Lines = splitLines(src)
	f.Kinds = make([]Kind, len(f.Lines))
	for i, ln := range f.Lines {
		f.Kinds[i] = f.parseLine(ln)
	}
	return f
}

func splitLines(src []byte) []Line {
	var lines []Line
	start := 0
	for start < len(src) {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			lines = append(lines, Line{Num: len(lines) + 1, Start: start, End: len(src)})
			break
		}
		end := start + i
		eol := "\n"
		if end > start && src[end-1] == '\r' {
			end--
			eol = "\r\n"
		}
		lines = append(lines, Line{Num: len(lines) + 1, Start: start, End: end, EOL: eol})
		start += i + 1
	}
	return lines
}

// Text returns the content of a line (without EOL).
func (f *File) Text(l Line) string { return string(f.Src[l.Start:l.End]) }

func isSpaceTab(c byte) bool { return c == ' ' || c == '\t' }

func (f *File) parseLine(ln Line) Kind {
	start, end := ln.Start, ln.End
	// A lone '\r' ends the content for the wrapper.
	if i := bytes.IndexByte(f.Src[start:end], '\r'); i >= 0 {
		f.CRInside = append(f.CRInside, ln.Num)
		end = start + i
	}
	lostBOM := false
	if ln.Num == 1 && f.BOM {
		// The BOM is skipped for the #encoding line, but becomes part of a key.
		if bytes.HasPrefix(f.Src[start+3:end], []byte("#")) {
			start += 3
		} else {
			lostBOM = true
		}
	}
	text := f.Src[start:end]
	// Directives: leading spaces (not tabs) are skipped.
	d := bytes.TrimLeft(text, " ")
	if len(d) > 0 && d[0] == '#' {
		if dir, ok := parseDirective(ln.Num, string(d)); ok {
			f.Directives = append(f.Directives, dir)
			return KindDirective
		}
	}
	// Strip the comment outside quotes, remembering where it starts.
	commentAt := -1
	inQuote := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '"' {
			inQuote = !inQuote
			continue
		}
		if c == '#' && !inQuote {
			if i+1 < len(text) && text[i+1] == '#' {
				i++
				continue
			}
			commentAt = i
			break
		}
	}
	body := text
	if commentAt >= 0 {
		body = text[:commentAt]
	}
	if len(bytes.Trim(body, " \t")) == 0 {
		if commentAt >= 0 {
			return KindComment
		}
		if len(bytes.Trim(text, " \t")) == 0 {
			return KindBlank
		}
		return KindComment
	}
	eq := bytes.IndexByte(body, '=')
	if eq < 0 {
		reason := "no '=' on the line: the wrapper ignores it"
		if bytes.IndexByte(body, ':') >= 0 {
			reason = "':' is not a separator for the wrapper: the line is ignored"
		}
		f.Ignored = append(f.Ignored, Ignored{Line: ln.Num, Text: string(bytes.TrimSpace(text)), Reason: reason})
		return KindIgnored
	}
	ks, ke := trimSpan(body, 0, eq)
	if ks == ke {
		f.Ignored = append(f.Ignored, Ignored{Line: ln.Num, Text: string(bytes.TrimSpace(text)), Reason: "empty key before '='"})
		return KindIgnored
	}
	vs, ve := trimSpan(body, eq+1, len(body))
	raw := string(body[vs:ve])
	e := Entry{
		Line:       ln.Num,
		RawKey:     string(body[ks:ke]),
		RawValue:   raw,
		KeyStart:   start + ks,
		KeyEnd:     start + ke,
		ValueStart: start + vs,
		ValueEnd:   start + ve,
		LostToBOM:  lostBOM,
		HasComment: commentAt >= 0,
	}
	e.Key = strings.ToLower(e.RawKey)
	if lostBOM {
		e.Key = "\ufeff" + e.Key
	}
	e.Value = FoldHashes(raw)
	if len(e.Value) > MaxValueLen {
		e.Value = e.Value[:MaxValueLen]
		e.Truncated = true
	}
	f.Entries = append(f.Entries, e)
	return KindEntry
}

func trimSpan(b []byte, s, e int) (int, int) {
	for s < e && isSpaceTab(b[s]) {
		s++
	}
	for e > s && isSpaceTab(b[e-1]) {
		e--
	}
	return s, e
}

// FoldHashes turns "##" outside double quotes into '#', as the wrapper does.
// The input must not contain a comment (a lone '#' outside quotes).
func FoldHashes(s string) string {
	if !strings.Contains(s, "##") {
		return s
	}
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			inQuote = !inQuote
		}
		if c == '#' && !inQuote && i+1 < len(s) && s[i+1] == '#' {
			i++
		}
		b.WriteByte(c)
	}
	return b.String()
}

func parseDirective(num int, s string) (Directive, bool) {
	switch {
	case strings.HasPrefix(s, "#include.required "):
		return Directive{Line: num, Name: "include.required", Arg: strings.Trim(s[len("#include.required "):], " \t"), Required: true}, true
	case strings.HasPrefix(s, "#include "):
		return Directive{Line: num, Name: "include", Arg: strings.Trim(s[len("#include "):], " \t")}, true
	case s == "#include.debug" || strings.HasPrefix(s, "#include.debug "):
		return Directive{Line: num, Name: "include.debug"}, true
	}
	if strings.HasPrefix(s, "#encoding=") || strings.HasPrefix(s, "#properties.") {
		name, val, _ := strings.Cut(s[1:], "=")
		return Directive{Line: num, Name: strings.TrimSpace(name), Arg: strings.TrimSpace(val)}, true
	}
	return Directive{}, false
}

// LineEnding is the file's dominant line ending: "\r\n" or "\n" ("\n" for a
// file with no line breaks).
func (f *File) LineEnding() string {
	crlf, lf := 0, 0
	for _, l := range f.Lines {
		switch l.EOL {
		case "\r\n":
			crlf++
		case "\n":
			lf++
		}
	}
	if crlf > lf {
		return "\r\n"
	}
	return "\n"
}

// MixedEndings reports whether the file mixes CRLF and LF line endings.
func (f *File) MixedEndings() bool {
	crlf, lf := false, false
	for _, l := range f.Lines {
		switch l.EOL {
		case "\r\n":
			crlf = true
		case "\n":
			lf = true
		}
	}
	return crlf && lf
}

// EndsWithNewline reports whether the last line has a line ending.
func (f *File) EndsWithNewline() bool {
	return len(f.Lines) == 0 || f.Lines[len(f.Lines)-1].EOL != ""
}

// Render rebuilds the file from its lines. For any input, Render returns
// exactly the bytes Parse was given: the line model loses nothing.
func (f *File) Render() []byte {
	out := make([]byte, 0, len(f.Src))
	for _, l := range f.Lines {
		out = append(out, f.Src[l.Start:l.End]...)
		out = append(out, l.EOL...)
	}
	return out
}
