// Package whdconf reads WHD's conf/whd.conf the way bash does when the
// Linux/macOS start script sources it, without executing anything.
//
// Parse keeps the exact bytes of the file (Bytes returns them unchanged for
// any input, even one that does not parse) and records its layout: byte
// order mark, line endings, trailing newline. When the shell parser accepts
// the file, Parse also evaluates it statically: it walks the statements in
// the order bash runs them and tracks the variables set by plain
// assignments (X=.., X+=.., export/declare/readonly X=..), expanding quotes,
// escapes and $X / ${X} of variables it knows. Whatever cannot be known
// without running the file (command substitution, assignments inside
// conditionals or loops, read, source, eval, arithmetic, parameter
// expansion operators, functions) makes the affected variables unknown, with
// the reason and its position: never a guess.
//
// Two effects of bash that editors hide are reproduced on purpose: with CRLF
// line endings every value keeps a trailing carriage return, and a UTF-8
// byte order mark is part of the first word of line 1 (so an assignment
// there is run as a command instead).
package whdconf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// MaxSize is the largest input Parse accepts (16 MiB).
const MaxSize = 16 << 20

// LineEnding is the line-break style of a file.
type LineEnding int

// Line-break styles.
const (
	NoLineBreak LineEnding = iota // a single line without a line break
	LF                            // "\n" (Unix)
	CRLF                          // "\r\n" (Windows)
	CR                            // "\r" alone (classic Mac)
	Mixed                         // more than one of the above
)

func (e LineEnding) String() string {
	switch e {
	case LF:
		return "LF"
	case CRLF:
		return "CRLF"
	case CR:
		return "CR"
	case Mixed:
		return "mixed"
	}
	return "none"
}

// Pos is a position in the file. Line and Col start at 1; Col counts bytes.
// Lines are counted at "\n" only, as bash counts them: in a file with
// CR-only line endings everything is on line 1.
type Pos struct {
	Offset int // byte offset from the start of the file (the BOM included)
	Line   int
	Col    int
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// SyntaxError is a shell syntax error: bash would stop reading the file there.
type SyntaxError struct {
	Pos        Pos
	Msg        string
	Incomplete bool // the file ends in the middle of a construct (an unclosed quote, if, ...)
	// Unsupported: bash reads the file, but whdctl does not follow it past
	// here (see maxReparseBytes).
	Unsupported bool
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
}

// File is a parsed whd.conf.
type File struct {
	src        []byte
	lineStarts []int // offset of the first byte of each line ("\n"-separated)

	BOM             bool       // starts with a UTF-8 byte order mark
	LineEnding      LineEnding // line-break style
	TrailingNewline bool       // the last byte is "\n" or "\r"
	CRLFLines       []int      // lines that end in "\r\n" (bash keeps the "\r" in the line's last word)
	LoneCRs         []Pos      // "\r" bytes not followed by "\n"
	NULs            int        // NUL bytes (bash ignores them)

	// SyntaxErr is set when the shell parser rejects the file; the static
	// evaluation is then not done (every variable is unknown).
	SyntaxErr *SyntaxError

	// LostToBOM is the variable name of an assignment on line 1 that bash
	// does not see as an assignment because the byte order mark is glued to
	// it (bash runs it as a command and the variable is not set). "" if none.
	LostToBOM string

	// Stop is the first top-level return, exit, exec or set -n: bash runs
	// nothing after it. nil when bash reads the whole file.
	Stop *StopPoint
	// MaybeStop is the first return that may or may not run (inside an if,
	// after && or ||...): what follows it may not run. nil if none.
	MaybeStop *StopPoint

	Assignments       []*Assignment // every assignment, in file order (all contexts)
	Constructs        []Construct   // things that run at every start (commands, $(...), ;, pipes...)
	Comments          []Comment     // comments, in file order
	TypographicQuotes []TypographicQuote

	// Rejected lists the arguments of declaration commands (export,
	// declare, readonly, typeset, local) that bash rejects with "not a
	// valid identifier" (export JAVA_OPTS=-Xmx2g -Dfoo=bar: -Dfoo=bar). The
	// command goes on with its other arguments and returns 1.
	Rejected []RejectedArg

	// FailedDecls lists the declaration commands bash refuses as a whole
	// (export -x NAME=value): they set nothing.
	FailedDecls []FailedDecl

	// Attributes lists the declare options that change the values assigned
	// later (declare -l JAVA_OPTS).
	Attributes []Attribute

	env  map[string]string
	ast  *syntax.File
	vars map[string]*varState
	jo   *JavaOpts
	// evaluation notes
	noglob        bool
	exportBarrier *Reason // from here on any variable may have been exported
	lastBarrier   *Reason
	byName        map[string][]*Assignment
}

// Options control the static evaluation.
type Options struct {
	// Env holds the variables set before the file is sourced, with their
	// values. A variable the file reads without setting it, and that is not
	// in Env, is unknown. nil means DefaultEnv.
	Env map[string]string
}

// DefaultEnv is what the start script is assumed to have set before it
// sources whd.conf: JAVA_OPTS empty (as the bash oracle does), nothing else.
func DefaultEnv() map[string]string { return map[string]string{"JAVA_OPTS": ""} }

// Parse reads src with DefaultEnv. It fails only for inputs larger than
// MaxSize; a shell syntax error is reported in File.SyntaxErr.
func Parse(src []byte) (*File, error) { return ParseOptions(src, Options{}) }

// ParseOptions is Parse with options.
func ParseOptions(src []byte, opts Options) (*File, error) {
	if len(src) > MaxSize {
		return nil, fmt.Errorf("the file is %d bytes; whd.conf files over %d bytes are not read", len(src), MaxSize)
	}
	if err := CheckLimits(src); err != nil {
		return nil, err
	}
	f := &File{src: src, env: opts.Env}
	if f.env == nil {
		f.env = DefaultEnv()
	}
	f.layout()
	f.parse()
	f.scanTypographic()
	if f.SyntaxErr == nil {
		f.eval()
	}
	return f, nil
}

// Bytes returns the file exactly as it was read.
func (f *File) Bytes() []byte { return f.src }

// Newline returns the line break new lines should use: the file's dominant
// style ("\n" when the file has none or when LF and CRLF are equally common).
func (f *File) Newline() string {
	var lf, crlf, cr int
	for i := 0; i < len(f.src); i++ {
		switch f.src[i] {
		case '\n':
			if i > 0 && f.src[i-1] == '\r' {
				crlf++
			} else {
				lf++
			}
		case '\r':
			if i+1 >= len(f.src) || f.src[i+1] != '\n' {
				cr++
			}
		}
	}
	switch {
	case crlf > lf && crlf >= cr:
		return "\r\n"
	case cr > lf && cr > crlf:
		return "\r"
	}
	return "\n"
}

// LineCount is the number of lines ("\n"-separated; a final line without a
// line break counts).
func (f *File) LineCount() int {
	n := len(f.lineStarts)
	if n > 0 && f.lineStarts[n-1] == len(f.src) {
		n-- // nothing after the last "\n"
	}
	return n
}

// Line returns the text of line n (1-based) without its line break ("\n";
// a "\r" before it is kept, as bash keeps it).
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.lineStarts) {
		return ""
	}
	start := f.lineStarts[n-1]
	end := len(f.src)
	if n < len(f.lineStarts) {
		end = f.lineStarts[n] - 1
	}
	return string(f.src[start:end])
}

// PosAt converts a byte offset to a position.
func (f *File) PosAt(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(f.src) {
		off = len(f.src)
	}
	lo, hi := 0, len(f.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if f.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return Pos{Offset: off, Line: lo + 1, Col: off - f.lineStarts[lo] + 1}
}

// LineStart returns the offset of the first byte of line n (1-based).
// OpenContinuation reports whether the file ends, without a final newline,
// in a backslash that bash reads as a literal character only because nothing
// follows it: a newline written after it would turn it into a line
// continuation and join the next line onto the last one. It returns the
// last line's number, or 0.
func (f *File) OpenContinuation() int {
	src := f.src
	if len(src) == 0 || src[len(src)-1] != '\\' {
		return 0
	}
	n := 0
	for i := len(src) - 1; i >= 0 && src[i] == '\\'; i-- {
		n++
	}
	if n%2 == 0 {
		return 0
	}
	last := f.LineCount()
	for _, c := range f.Comments {
		if c.Pos.Line == last {
			return 0 // the backslash is in a comment, which a newline ends
		}
	}
	return last
}

func (f *File) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(f.lineStarts) {
		return len(f.src)
	}
	return f.lineStarts[n-1]
}

func (f *File) layout() {
	src := f.src
	f.BOM = bytes.HasPrefix(src, []byte("\xEF\xBB\xBF"))
	f.lineStarts = []int{0}
	var lf, crlf, cr bool
	for i, b := range src {
		switch b {
		case '\n':
			f.lineStarts = append(f.lineStarts, i+1)
			if i > 0 && src[i-1] == '\r' {
				crlf = true
				f.CRLFLines = append(f.CRLFLines, len(f.lineStarts)-1)
			} else {
				lf = true
			}
		case '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				cr = true
				f.LoneCRs = append(f.LoneCRs, Pos{Offset: i}) // line/col filled below
			}
		case 0:
			f.NULs++
		}
	}
	for i := range f.LoneCRs {
		f.LoneCRs[i] = f.PosAt(f.LoneCRs[i].Offset)
	}
	n := 0
	for _, b := range []bool{lf, crlf, cr} {
		if b {
			n++
		}
	}
	switch {
	case n > 1:
		f.LineEnding = Mixed
	case lf:
		f.LineEnding = LF
	case crlf:
		f.LineEnding = CRLF
	case cr:
		f.LineEnding = CR
	}
	if len(src) > 0 {
		last := src[len(src)-1]
		f.TrailingNewline = last == '\n' || last == '\r'
	}
}

// crPlaceholder stands for "\r" while the shell parser reads the file. The
// parser treats "\r" as a blank (and "\r\n" as "\n"), bash treats it as an
// ordinary character of a word; a control byte that is an ordinary word
// character for the parser gives bash's structure. Positions are unchanged
// (same width), and every text is read from the original bytes.
// Bytes that are not UTF-8 (a Latin-1 or Windows-1252 comment, say) are
// ordinary characters to bash but errors to the parser: they get the same
// placeholder.
const crPlaceholder = '\x01'

func parserInput(src []byte) []byte {
	var buf []byte
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c == '\r' {
				if buf == nil {
					buf = append([]byte(nil), src...)
				}
				buf[i] = crPlaceholder
			}
			i++
			continue
		}
		r, w := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && w == 1 {
			if buf == nil {
				buf = append([]byte(nil), src...)
			}
			buf[i] = crPlaceholder
		}
		i += w
	}
	if buf == nil {
		return src
	}
	return buf
}

func (f *File) parse() {
	// The parser reads a backslash at the end of a comment that follows a
	// command on its line as a line continuation and goes on with the
	// command on the next line (A=1 # C:\ then B=2 gives it A=1 B=2); bash
	// ends a comment at the newline whatever comes before it. Such
	// backslashes are hidden (a blank) and the file parsed; the ones that
	// were not in a comment after all (the '#' was quoted) are put back and
	// the file parsed again.
	hidden := commentBackslashes(f.src)
	var (
		ast *syntax.File
		err error
	)
	for round := 0; ; round++ {
		buf := parserInput(f.src)
		if len(hidden) > 0 {
			if len(buf) > 0 && &buf[0] == &f.src[0] {
				buf = bytes.Clone(buf)
			}
			for _, i := range hidden {
				buf[i] = ' '
			}
		}
		ast, err = f.parseBuf(buf)
		if f.SyntaxErr != nil {
			return
		}
		if len(hidden) == 0 {
			break
		}
		if err != nil || round == 3 {
			hidden = nil // the parser's own reading, checked below
			continue
		}
		kept := inComments(ast, hidden)
		if len(kept) == len(hidden) {
			break
		}
		hidden = kept
	}
	if err != nil {
		f.SyntaxErr = f.syntaxError(err)
		return
	}
	// Left only when the parse with hidden backslashes did not work out.
	var cont *syntax.Comment
	syntax.Walk(ast, func(n syntax.Node) bool {
		if c, ok := n.(*syntax.Comment); ok && cont == nil && strings.HasSuffix(c.Text, "\n") {
			cont = c
		}
		return cont == nil
	})
	if cont != nil {
		f.SyntaxErr = &SyntaxError{Pos: f.pos(cont.Hash), Unsupported: true,
			Msg: "this comment ends in a backslash: bash ends the comment at the end of the line, but whdctl cannot follow the file past it"}
		return
	}
	// Constructs the parser accepts from other shells but bash rejects.
	var bad *SyntaxError
	syntax.Walk(ast, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.FuncDecl:
			if n.Name == nil && bad == nil {
				bad = &SyntaxError{Pos: f.pos(n.Pos()), Msg: "a function definition without a name"}
			}
		case *syntax.Assign:
			f.fixAssignPos(n)
		}
		return bad == nil
	})
	if bad != nil {
		f.SyntaxErr = bad
		return
	}
	f.ast = ast
	f.collect()
}

// parseBuf parses buf (the file as the parser reads it), working around
// the declaration arguments the parser refuses and bash reads. It sets
// f.SyntaxErr itself only when it gives up on a file too large to follow.
func (f *File) parseBuf(buf []byte) (*syntax.File, error) {
	p := syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(true))
	var (
		ast *syntax.File
		err error
	)
	for tries := 0; ; tries++ {
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("the shell parser failed: %v", r)
				}
			}()
			ast, err = p.Parse(bytes.NewReader(buf), "")
		}()
		if err == nil {
			return ast, nil
		}
		// The parser refuses export A=1 -Dx=y ("invalid var name"), which
		// bash reads: it rejects the argument when it runs. Hide that
		// argument's '=' from the parser (it then reads the word as a
		// plain argument), and those of the plain words of the same kind
		// after it on the line, and parse again. Values are read from the
		// source.
		i, ok := invalidVarNameEq(buf, err)
		if !ok {
			return nil, err
		}
		if tries > 0 && (tries+1)*len(buf) > maxReparseBytes {
			f.SyntaxErr = f.syntaxError(err)
			f.SyntaxErr.Unsupported = true
			f.SyntaxErr.Msg = fmt.Sprintf("after %d lines with arguments of export, declare or readonly that bash rejects as names (export A=1 -Dx=y), whdctl does not follow a file this size further; bash reads it", tries)
			return nil, err
		}
		if len(buf) > 0 && len(f.src) > 0 && &buf[0] == &f.src[0] {
			buf = bytes.Clone(buf)
		}
		buf[i] = eqPlaceholder
		hideRejectedOnLine(buf, i+1)
	}
}

// commentBackslashes returns the offsets of the backslashes that end a line
// (an odd run of them right before "\n") on which a '#' starts a word: the
// ones that may end a comment rather than continue the line.
func commentBackslashes(src []byte) []int {
	var out []int
	lineStart := 0
	for i := 0; i < len(src); i++ {
		if src[i] != '\n' {
			continue
		}
		if i > lineStart && src[i-1] == '\\' {
			n := 0
			for j := i - 1; j >= lineStart && src[j] == '\\'; j-- {
				n++
			}
			if n%2 == 1 && wordHash(src[lineStart:i-1]) {
				out = append(out, i-1)
			}
		}
		lineStart = i + 1
	}
	return out
}

// wordHash reports whether line holds a '#' at the start of a word.
func wordHash(line []byte) bool {
	for j, c := range line {
		if c == '#' && (j == 0 || strings.IndexByte(" \t;&|()<>", line[j-1]) >= 0) {
			return true
		}
	}
	return false
}

// inComments returns the offsets that lie inside a comment of ast.
func inComments(ast *syntax.File, offs []int) []int {
	var spans [][2]int
	syntax.Walk(ast, func(n syntax.Node) bool {
		if c, ok := n.(*syntax.Comment); ok {
			spans = append(spans, [2]int{int(c.Hash.Offset()), int(c.End().Offset())})
		}
		return true
	})
	var kept []int
	for _, o := range offs {
		for _, s := range spans {
			if o > s[0] && o < s[1] {
				kept = append(kept, o)
				break
			}
		}
	}
	return kept
}

func (f *File) syntaxError(err error) *SyntaxError {
	var pe syntax.ParseError
	if errors.As(err, &pe) {
		return &SyntaxError{Pos: f.pos(pe.Pos), Msg: cleanMsg(pe.Text), Incomplete: pe.Incomplete}
	}
	var le syntax.LangError
	if errors.As(err, &le) {
		msg := le.Feature + " is not supported in bash"
		return &SyntaxError{Pos: f.pos(le.Pos), Msg: msg}
	}
	return &SyntaxError{Pos: Pos{Line: 1, Col: 1}, Msg: cleanMsg(err.Error())}
}

func cleanMsg(s string) string {
	return strings.NewReplacer(string(rune(crPlaceholder)), `\r`, string(rune(eqPlaceholder)), "=").Replace(s)
}

// eqPlaceholder stands, in what the parser reads, for the '=' of a
// declaration argument that is not a valid assignment (see parse).
const eqPlaceholder = '\x02'

// Each line of declaration arguments that parse works around costs a parse
// of the whole file: it works around as many as keep the bytes parsed
// within maxReparseBytes (4,000 in a 4 KiB file, 16 in a 1 MiB one).
const maxReparseBytes = 16 << 20

// hideRejectedOnLine hides the '=' of the words after i, up to the end of
// the line or the first character that is not plain, that the parser would
// refuse next: plain words whose text before the '=' is not a name.
func hideRejectedOnLine(buf []byte, i int) {
	for i < len(buf) {
		for i < len(buf) && (buf[i] == ' ' || buf[i] == '\t') {
			i++
		}
		start, eq := i, -1
		for i < len(buf) && buf[i] != ' ' && buf[i] != '\t' {
			c := buf[i]
			if c == '\n' || strings.IndexByte("\"'`\\$;&|<>(){}[]*?#~", c) >= 0 {
				return
			}
			if c == '=' && eq < 0 {
				eq = i
			}
			i++
		}
		if eq > start && !syntax.ValidName(strings.TrimSuffix(string(buf[start:eq]), "+")) {
			buf[eq] = eqPlaceholder
		}
	}
}

// invalidVarNameEq finds the '=' of the word the parser refused as an
// assignment with an invalid name (export A=1 -Dx=y), if that is the error.
func invalidVarNameEq(buf []byte, err error) (int, bool) {
	var pe syntax.ParseError
	if !errors.As(err, &pe) || pe.Text != "invalid var name" {
		return 0, false
	}
	for i := int(pe.Pos.Offset()); i < len(buf); i++ {
		switch c := buf[i]; c {
		case '=':
			return i, true
		case '\\':
			i++ // an escaped byte, or a line continuation
		case ' ', '\t', '\n', '"', '\'', '`', '$', ';', '&', '|', '<', '>', '(', ')', '{':
			return 0, false
		}
	}
	return 0, false
}

// pos converts a parser position; it trusts the offset only.
func (f *File) pos(p syntax.Pos) Pos {
	if !p.IsValid() {
		return Pos{Line: 1, Col: 1}
	}
	return f.PosAt(int(p.Offset()))
}

func (f *File) off(p syntax.Pos) int { return int(p.Offset()) }

// skipIgnored moves past what bash drops before it reads a word: line
// continuations (backslash-newline) and NUL bytes.
func (f *File) skipIgnored(i int) int {
	for i < len(f.src) {
		switch {
		case f.src[i] == 0:
			i++
		case f.src[i] == '\\' && i+1 < len(f.src) && f.src[i+1] == '\n':
			i += 2
		default:
			return i
		}
	}
	return i
}

// assignOffsets finds, in the source, where an assignment's name ends, where
// its operator (= or +=) starts and where its value starts. The parser
// computes these by counting bytes from the start of the word, which is wrong
// when a line continuation or a NUL byte sits inside the name or before the
// operator (A\<newline>S=1 assigns AS).
func (f *File) assignOffsets(as *syntax.Assign) (nameEnd, opOff, valOff int, ok bool) {
	if as.Name == nil || as.Naked {
		return 0, 0, 0, false
	}
	i := f.off(as.Name.Pos())
	for k := 0; k < len(as.Name.Value); k++ {
		i = f.skipIgnored(i)
		if i >= len(f.src) || f.src[i] != as.Name.Value[k] {
			return 0, 0, 0, false
		}
		i++
	}
	nameEnd = i
	if as.Index != nil {
		i = f.off(as.Index.End())
		for i < len(f.src) && f.src[i] != ']' {
			i++
		}
		if i >= len(f.src) {
			return 0, 0, 0, false
		}
		i++
	}
	i = f.skipIgnored(i)
	opOff = i
	if as.Append {
		if i >= len(f.src) || f.src[i] != '+' {
			return 0, 0, 0, false
		}
		i = f.skipIgnored(i + 1)
	}
	if i >= len(f.src) || f.src[i] != '=' {
		return 0, 0, 0, false
	}
	return nameEnd, opOff, i + 1, true
}

// fixAssignPos corrects the positions the parser derived by counting bytes
// (see assignOffsets), so that everything read from the source later (the
// value's text, the spans an edit replaces) starts where it really does.
func (f *File) fixAssignPos(as *syntax.Assign) {
	nameEnd, _, valOff, ok := f.assignOffsets(as)
	if !ok {
		return
	}
	at := func(off int) syntax.Pos {
		p := f.PosAt(off)
		return syntax.NewPos(uint(off), uint(p.Line), uint(p.Col))
	}
	as.Name.ValueEnd = at(nameEnd)
	if as.Value != nil && len(as.Value.Parts) > 0 {
		if lit, isLit := as.Value.Parts[0].(*syntax.Lit); isLit && f.off(lit.ValuePos) != valOff {
			lit.ValuePos = at(valOff)
		}
	}
}
