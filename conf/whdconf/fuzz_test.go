package whdconf

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzWhdConfParse: any bytes parse without panicking, render unchanged,
// and every position and source mapping the reader reports is true of the
// bytes.
func FuzzWhdConfParse(f *testing.F) {
	for _, tc := range evalCases {
		f.Add([]byte(tc.src))
	}
	for _, s := range []string{
		"\xEF\xBB\xBF", "\r", "\r\n\r\n", "JAVA_OPTS='", "JAVA_OPTS=\"$(\"", "\x00\x01\xff", "X=$'\\u'",
		"JAVA_OPTS=“-Da”\n", "f() { X=1; }; f\n", "case $x in a) J=1;; esac\n", "for i in 1; do J=$i; done\n",
		"set -a\n_JAVA_OPTIONS=-Da\nset +a\n", "if x; then set -o allexport; fi\nX=1\n", "shopt -so allexport\nexport -n X=1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := Parse(src)
		if lerr := CheckLimits(src); lerr != nil {
			// Shapes that would exhaust the shell parser are refused.
			if err == nil || err.Error() != lerr.Error() {
				t.Fatalf("CheckLimits says %v, Parse says %v", lerr, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(file.Bytes(), src) {
			t.Fatal("Bytes() differs from the input")
		}
		if file.BOM != bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
			t.Fatal("BOM")
		}
		if len(src) > 0 && file.TrailingNewline != (src[len(src)-1] == '\n' || src[len(src)-1] == '\r') {
			t.Fatal("TrailingNewline")
		}
		hasCRLF := bytes.Contains(src, []byte("\r\n"))
		if hasCRLF != (len(file.CRLFLines) > 0) || (file.LineEnding == LF && bytes.Contains(src, []byte("\r"))) {
			t.Fatalf("line endings: %v %v", file.LineEnding, file.CRLFLines)
		}
		if file.SyntaxErr != nil {
			if file.SyntaxErr.Pos.Line < 1 {
				t.Fatalf("syntax error without a line: %+v", file.SyntaxErr)
			}
			if jo := file.JavaOpts(); jo.Known {
				t.Fatal("JAVA_OPTS known in a file with a syntax error")
			}
			return
		}
		for _, a := range file.Assignments {
			if got := file.PosAt(a.Pos.Offset); got != a.Pos {
				t.Fatalf("assignment %s: Pos %+v, PosAt %+v", a.Name, a.Pos, got)
			}
			// bash (and the parser) ignore NUL bytes and line continuations,
			// even inside a name.
			if a.Op != "unset" && !strings.HasPrefix(dropIgnored(string(src[a.Pos.Offset:])), a.Name) {
				t.Fatalf("assignment %s is not at %d", a.Name, a.Pos.Offset)
			}
			if a.Op != "unset" {
				// The operator is where the source has it, and the value
				// starts right after it (past what bash ignores there).
				op := dropIgnored(string(src[a.OpPos.Offset:a.ValPos.Offset]))
				if op != a.Op {
					t.Fatalf("assignment %s: operator %q in the source, want %q", a.Name, op, a.Op)
				}
			}
			if a.Raw != string(src[a.ValPos.Offset:a.ValEnd.Offset]) {
				t.Fatalf("Raw of %s", a.Name)
			}
			if v, _ := file.Var(a.Name); v.Exported && v.ExportUnknown != nil {
				t.Fatalf("%s: both exported and maybe exported (%v)", a.Name, v.ExportUnknown)
			}
		}
		checkSpans := func(what string, spans []Span, text string) {
			var b strings.Builder
			for _, s := range spans {
				b.WriteString(s.Text)
				if s.Exact && string(src[s.Start:s.End]) != s.Text {
					t.Fatalf("%s: exact span %q maps to %q", what, s.Text, src[s.Start:s.End])
				}
			}
			if b.String() != text {
				t.Fatalf("%s: spans %q do not make %q", what, b.String(), text)
			}
		}
		jo := file.JavaOpts()
		if jo.Known {
			checkSpans("JAVA_OPTS", jo.Value.Spans, jo.Value.Text)
			for _, w := range jo.Words {
				checkSpans("word", w.Spans, w.Text)
				if w.Text == "" && jo.DefaultIFS {
					t.Fatal("empty word with the default IFS")
				}
				if jo.DefaultIFS && strings.ContainsAny(w.Text, " \t\n") {
					t.Fatalf("word %q has a blank", w.Text)
				}
			}
			if got := strings.Join(Split(jo.Value.Text, jo.IFS), "\x00"); got != strings.Join(wordTexts(jo.Words), "\x00") {
				t.Fatal("Words differ from Split of the value")
			}
		} else if jo.Reason == nil {
			t.Fatal("unknown JAVA_OPTS without a reason")
		}
	})
}

// dropIgnored removes what bash drops before reading a word: NUL bytes and
// line continuations.
func dropIgnored(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\x00", ""), "\\\n", "")
}
