package whdconf

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Context says when an assignment takes effect.
type Context int

// Assignment contexts.
const (
	// TopLevel: runs every time the file is sourced (it may still fail,
	// see Assignment.Failed).
	TopLevel Context = iota
	// Conditional: inside if/while/for/case, after && or ||, or in a
	// function body: it may or may not run, so the variable is unknown after it.
	Conditional
	// Prefix: "X=v cmd": the variable is set for cmd only. This is also
	// what an unquoted value with a blank gives: "X=a b" runs b.
	Prefix
	// Subshell: inside ( ), $( ), a pipeline or a background command: no effect.
	Subshell
	// NotRun: after a top-level return/exit: never runs.
	NotRun
)

func (c Context) String() string {
	switch c {
	case TopLevel:
		return "top-level"
	case Conditional:
		return "conditional"
	case Prefix:
		return "command prefix"
	case Subshell:
		return "subshell"
	case NotRun:
		return "not run"
	}
	return "?"
}

// Reason explains why a value is unknown.
type Reason struct {
	Pos Pos
	Msg string
	// Limit: the value is unknown because it passes one of whdctl's own
	// bounds (a value over MaxSize, a JAVA_OPTS of more than MaxWords
	// words), not because of what bash would do.
	Limit bool
}

func (r *Reason) String() string {
	if r == nil {
		return ""
	}
	return fmt.Sprintf("line %d: %s", r.Pos.Line, r.Msg)
}

// StopPoint is a place after which bash does not read the rest of the file.
type StopPoint struct {
	Reason *Reason // the command that stops (return, exit, exec, set -n) and why
	Start  Pos     // start of the top-level statement holding it (an if, a list...)
	Exits  bool    // exit or exec: the start script itself ends there, WHD included
}

// Statement is the statement an assignment belongs to.
type Statement struct {
	Start, End Pos // from its first byte to just after its last (a trailing ';' or '&' included)
	TopLevel   bool
	// Pure: only assignments (no command word, no redirection, not in the
	// background, not negated).
	Pure bool
	// OwnLines: only blanks before it on its first line, only blanks or a
	// comment after it on its last line.
	OwnLines bool
	// Assignments are the assignments of the statement, in order.
	Assignments []*Assignment
}

// FirstLine and LastLine are the lines the statement spans.
func (s *Statement) FirstLine() int { return s.Start.Line }

// LastLine is the line of the statement's last byte.
func (s *Statement) LastLine() int {
	if s.End.Offset > s.Start.Offset && s.End.Col == 1 {
		return s.End.Line - 1
	}
	return s.End.Line
}

// Assignment is one "NAME=value" or "NAME+=value" in the file (also
// "unset NAME", with Op "unset").
type Assignment struct {
	Name   string
	Op     string // "=", "+=" or "unset"
	Via    string // "", or the builtin: "export", "declare", "typeset", "readonly", "local"
	Pos    Pos    // the name
	OpPos  Pos    // just after the name: the '=' or "+="
	ValPos Pos    // the value as written (== ValEnd when empty)
	ValEnd Pos
	Raw    string // the value as written, quotes and all (Raw is "" for unset)

	Context Context
	Command string // Prefix: the command word the assignment prefixes ("b" in "X=a b")
	CmdPos  Pos    // Prefix: where that command word starts
	Stmt    *Statement

	// Known: the value of Name right after this assignment is known: see
	// Value (for "+=" the whole value, not just the appended part).
	Known  bool
	Reason *Reason // why not Known
	// Failed: the assignment does not take effect ("readonly variable",
	// "local outside a function").
	Failed string
	// ReadonlyAt: for Failed "readonly variable", where the file made the
	// variable read-only (readonly or declare -r); zero (Line 0) for a
	// variable bash itself makes read-only.
	ReadonlyAt Pos
	// Exports / Readonly: the statement also sets that attribute.
	Exports, Readonly bool

	Refs []string // variables the value reads ($X, ${X}), in order

	// Liveness: ReadBy lists the later assignments that read this value;
	// ReadByOther is set when anything else may read it (a command, a
	// condition, eval/source...). Dead: overwritten (or never run) without
	// being read by anything that itself matters.
	ReadBy      []*Assignment
	ReadByOther bool
	Dead        bool

	CommandSubsts []Pos // $(...) and `...` in the value
	Expansions    []Pos // $X, ${X}, ${X...} in the value
	// Parts is the value as written, part by part (quotes and expansions).
	Parts []Part

	val  *value // the value after this assignment, when Known
	root bool
}

// Value is the value of Name right after the assignment ("" when not Known).
func (a *Assignment) Value() string {
	if a.val == nil {
		return ""
	}
	return a.val.text()
}

// Line is the line of the variable name.
func (a *Assignment) Line() int { return a.Pos.Line }

// PartKind is the kind of one part of a value as written.
type PartKind int

// Part kinds.
const (
	PartLiteral  PartKind = iota // unquoted text (escapes included)
	PartSingle                   // '...'
	PartDouble                   // "..." (or $"...")
	PartANSIC                    // $'...'
	PartParam                    // $X, ${X}, ${X...}
	PartCmdSubst                 // $(...) or `...`
	PartArith                    // $((...))
	PartOther                    // anything else
)

// Part is one part of a value: Start and End are byte offsets of the part
// in the file, quotes and $ included.
type Part struct {
	Kind       PartKind
	Start, End int
	// Blanks: an unquoted literal part with a blank (space or tab) escaped by
	// a backslash, or a double/single-quoted part holding whitespace.
	Blanks bool
}

// Quote says how the characters of a span were written.
type Quote int

// Quoting of a span.
const (
	Unquoted     Quote = iota
	SingleQuoted       // '...'
	DoubleQuoted       // "..."
	ANSIC              // $'...'
	Environment        // from the value the variable had before the file
)

func (q Quote) String() string {
	return [...]string{"unquoted", "single-quoted", "double-quoted", "$'...'", "environment"}[q]
}

// Span is a run of characters of a value with the place it comes from.
type Span struct {
	Text       string
	Assignment *Assignment // whose literal text produced it; nil: the environment
	Start, End int         // byte range of the source that produced Text (-1, -1 if not mapped)
	Exact      bool        // the source bytes are exactly Text (no escapes, no NULs)
	Quote      Quote

	id, off int // identity of the characters, kept when the value is copied
}

// Word is one argument of an unquoted $JAVA_OPTS (after word splitting).
type Word struct {
	Text  string
	Line  int  // line of its first character's source (0: the environment)
	Glob  bool // has *, ? or [: the start script's unquoted $JAVA_OPTS may replace it with file names
	Spans []Span
}

// Flag is a word holding text written by one JAVA_OPTS assignment, as it
// is in the longest value built on that assignment (the effective JAVA_OPTS
// for a live flag; for a dead one, the last value before it was overwritten).
type Flag struct {
	Word
	Assignment *Assignment
	Live       bool // it reaches the effective JAVA_OPTS
}

// Value is what the file leaves in a variable.
type Value struct {
	Name   string
	Known  bool
	Set    bool   // false: unset (Text is "")
	Text   string // when Known
	Reason *Reason
	// Exported: bash exports the variable (export, declare -x, or an
	// assignment while set -a is on), so the programs the start script
	// runs (Java) get it in their environment.
	Exported bool
	// ExportUnknown: whdctl cannot tell whether bash exports the variable
	// (set -a inside an if or a function, code run by eval or source);
	// Exported is false then. nil when Exported is known.
	ExportUnknown *Reason
	Readonly      bool
	// Inherited: the value includes the value the variable had before the
	// file (from Options.Env) through $NAME.
	Inherited    bool
	Assignments  []*Assignment // every assignment of the name, in file order
	Contributing []*Assignment // assignments whose text is in the value (and the last one)
	Dead         []*Assignment
	Spans        []Span
}

// Lines returns the lines of a list of assignments.
func Lines(as []*Assignment) []int {
	out := make([]int, len(as))
	for i, a := range as {
		out[i] = a.Pos.Line
	}
	return out
}

// JavaOpts is the JVM arguments the start script takes from an unquoted
// $JAVA_OPTS after sourcing the file.
type JavaOpts struct {
	Known  bool
	Reason *Reason
	Words  []Word // the arguments, in order
	Value  Value  // JAVA_OPTS itself
	// Final is the assignment whose value is in effect (nil when the file
	// never sets JAVA_OPTS and it keeps its value from the environment).
	Final       *Assignment
	Assignments []*Assignment // every JAVA_OPTS assignment, in file order
	Flags       []Flag        // every word each top-level JAVA_OPTS assignment wrote, live or not
	IFS         string        // the IFS used for splitting
	DefaultIFS  bool          // IFS is space, tab, newline
	NoGlob      bool          // the file runs "set -f": no file-name expansion
}

// Props returns the -D system properties the JVM gets from the words, the
// last one winning as in the JVM ("-Dname" alone gives ""). nil when not Known.
func (j *JavaOpts) Props() map[string]string {
	if !j.Known {
		return nil
	}
	m := map[string]string{}
	for _, w := range j.Words {
		if name, val, ok := PropOf(w.Text); ok {
			m[name] = val
		}
	}
	return m
}

// PropOf splits a JVM argument "-Dname=value" (or "-Dname").
func PropOf(arg string) (name, value string, ok bool) {
	rest, ok := strings.CutPrefix(arg, "-D")
	if !ok || rest == "" {
		return "", "", false
	}
	name, value, _ = strings.Cut(rest, "=")
	return name, value, name != ""
}

// DeadFlags returns the flags that were overwritten before they took effect.
func (j *JavaOpts) DeadFlags() []Flag {
	var out []Flag
	for _, fl := range j.Flags {
		if !fl.Live {
			out = append(out, fl)
		}
	}
	return out
}

// ConstructKind names something in the file that runs a command or
// combines commands.
type ConstructKind string

// Construct kinds.
const (
	KindCommand      ConstructKind = "command"              // a simple command (not only assignments)
	KindCmdSubst     ConstructKind = "command-substitution" // $(...)
	KindBackquotes   ConstructKind = "backquotes"           // `...`
	KindProcSubst    ConstructKind = "process-substitution" // <(...) >(...)
	KindSemicolon    ConstructKind = "semicolon"            // ; between commands
	KindBackground   ConstructKind = "background"           // &
	KindPipe         ConstructKind = "pipe"                 // | or |&
	KindAndOr        ConstructKind = "and-or"               // && or ||
	KindSubshell     ConstructKind = "subshell"             // ( ... )
	KindCompound     ConstructKind = "compound"             // if, while, until, for, case, [[ ]], (( ))
	KindFunction     ConstructKind = "function"             // a function definition
	KindArithmetic   ConstructKind = "arithmetic"           // $(( ))
	KindRedirect     ConstructKind = "redirection"          // > < >> <<
	KindParamOperand ConstructKind = "parameter-operator"   // ${X:-..}, ${X/..} and the like
)

// Construct is one occurrence of a ConstructKind.
type Construct struct {
	Kind ConstructKind
	Pos  Pos
	End  Pos
	Name string // KindCommand: the command name when it is literal; KindCompound: the keyword
}

// Comment is a shell comment.
type Comment struct {
	Pos  Pos    // the '#'
	Text string // after the '#', up to the end of the line (a "\r" before the newline removed)
}

// TypographicQuote is a quote character bash does not treat as a quote
// (pasted from a web page or a word processor).
type TypographicQuote struct {
	Pos       Pos
	Rune      rune
	InComment bool // inside a comment (harmless)
	CP1252    bool // a Windows-1252 byte (0x91-0x94), not UTF-8
}

// FailedDecl is a declaration command (export, readonly, declare, typeset)
// that bash refuses as a whole, so that it sets nothing on its line: an
// option the builtin does not take (export -x), or declare -p NAME=value.
type FailedDecl struct {
	Pos, End Pos      // the command
	Via      string   // export, readonly, declare, typeset
	Option   string   // the option at fault: the one bash rejects ("-x"), or "-p"
	Why      string   // what bash does with it
	Names    []string // the variables the command was meant to set
}

// Attribute is a declare (typeset, local) option that changes every value
// later assigned to the variable: -l, -u, -c (case), -i (arithmetic), -a,
// -A (arrays). Values assigned after it are not worked out.
type Attribute struct {
	Pos    Pos    // the command
	Name   string // the variable
	Via    string // declare, typeset, local
	Option string // the option word as written ("-l", "-xl")
}

// RejectedArg is an argument of a declaration command that bash rejects as
// "not a valid identifier".
type RejectedArg struct {
	Pos, End Pos
	Text     string      // the argument as bash reports it (quotes removed)
	Via      string      // the command: export, declare, readonly, typeset, local
	After    *Assignment // the assignment of the same command just before it; nil if none
}

// QuotedDeclLine is the line that keeps a's command and quotes its value
// together with the rejected arguments after it, up to last (export
// NAME="a -Dx=y"). ok is false unless that is a plain rewrite: the arguments
// end the command, which has its lines to itself, and the text quoted has no
// quotes, backslashes, backquotes or tildes of its own and no line break.
func (f *File) QuotedDeclLine(a *Assignment, last RejectedArg) (line string, ok bool) {
	if a.Stmt == nil || !a.Stmt.OwnLines {
		return "", false
	}
	start, vs, ve, end := a.Stmt.Start.Offset, a.ValPos.Offset, last.End.Offset, a.Stmt.End.Offset
	if !(start <= vs && vs <= ve && ve <= end && end <= len(f.src)) {
		return "", false
	}
	rest := strings.TrimSpace(strings.TrimSuffix(strings.TrimRight(string(f.src[ve:end]), " \t"), ";"))
	lead, val := string(f.src[start:vs]), string(f.src[vs:ve])
	if rest != "" || strings.ContainsAny(lead+val, "\n\r\x00") || strings.ContainsAny(val, "\"'\\`~") || !utf8.ValidString(val) {
		return "", false
	}
	for _, r := range val {
		if IsTypographicQuote(r) {
			return "", false
		}
	}
	return lead + `"` + val + `"`, true
}
