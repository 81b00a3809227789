package whdconf

import (
	"slices"
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLayout(t *testing.T) {
	cases := []struct {
		src      string
		bom      bool
		ending   LineEnding
		trailing bool
		crlf     []int
		newline  string
		lines    int
	}{
		{"", false, NoLineBreak, false, nil, "\n", 0},
		{"A=1", false, NoLineBreak, false, nil, "\n", 1},
		{"A=1\nB=2\n", false, LF, true, nil, "\n", 2},
		{"A=1\r\nB=2\r\n", false, CRLF, true, []int{1, 2}, "\r\n", 2},
		{"A=1\rB=2\r", false, CR, true, nil, "\r", 1},
		{"\xEF\xBB\xBFA=1\nB=2\r\nC=3\n", true, Mixed, true, []int{2}, "\n", 3},
		{"A=1\r\nB=2", false, CRLF, false, []int{1}, "\r\n", 2},
	}
	for _, tc := range cases {
		f := mustParse(t, tc.src)
		if f.BOM != tc.bom || f.LineEnding != tc.ending || f.TrailingNewline != tc.trailing ||
			!equalInts(f.CRLFLines, tc.crlf) || f.Newline() != tc.newline || f.LineCount() != tc.lines {
			t.Errorf("%q: BOM=%v ending=%v trailing=%v crlf=%v newline=%q lines=%d", tc.src, f.BOM, f.LineEnding, f.TrailingNewline, f.CRLFLines, f.Newline(), f.LineCount())
		}
		if string(f.Bytes()) != tc.src {
			t.Errorf("%q: Bytes() changed", tc.src)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSyntaxError(t *testing.T) {
	f := mustParse(t, "A=1\nJAVA_OPTS=\"-Da\nB=2\n")
	if f.SyntaxErr == nil || f.SyntaxErr.Pos.Line != 2 || f.SyntaxErr.Pos.Col != 11 || !f.SyntaxErr.Incomplete {
		t.Fatalf("SyntaxErr = %+v", f.SyntaxErr)
	}
	if string(f.Bytes()) != "A=1\nJAVA_OPTS=\"-Da\nB=2\n" {
		t.Fatal("bytes not kept")
	}
	if v, _ := f.Var("A"); v.Known {
		t.Fatal("values are not known in a file bash cannot read to the end")
	}
	// CRLF breaks keywords for bash ("then\r" is not "then"): a syntax error.
	if f := mustParse(t, "if true; then\r\nA=1\r\nfi\r\n"); f.SyntaxErr == nil {
		t.Fatal("if/then with CRLF should not parse")
	}
	// Accepted by the parser for other shells, rejected by bash.
	if f := mustParse(t, "()0\n"); f.SyntaxErr == nil {
		t.Fatal("()0 should be a syntax error")
	}
}

func TestVar(t *testing.T) {
	src := "" +
		"A=1\n" + // 1: dead (overwritten unread)
		"A=2\n" + // 2: read by B
		"B=\"x$A\"\n" + // 3
		"A=3\n" + // 4: final
		"export C='c d'\n" + // 5
		"D=old\n" + // 6: read by a conditional
		"if true; then D=new; fi\n" + // 7
		"E=1 true\n" + // 8: prefix only
		"F=1\nunset F\n" + // 9, 10
		"G=$(date)\n" + // 11
		"readonly H=1\nH=2\n" // 12, 13
	f := mustParse(t, src)
	check := func(name string, known bool, text string) Value {
		t.Helper()
		v, ok := f.Var(name)
		if !ok {
			t.Fatalf("%s: not assigned?", name)
		}
		if v.Known != known || (known && v.Text != text) {
			t.Fatalf("%s: known=%v text=%q reason=%v", name, v.Known, v.Text, v.Reason)
		}
		return v
	}
	a := check("A", true, "3")
	if !equalInts(Lines(a.Assignments), []int{1, 2, 4}) || !equalInts(Lines(a.Dead), []int{1}) || !equalInts(Lines(a.Contributing), []int{4}) {
		t.Fatalf("A: assignments %v dead %v contributing %v", Lines(a.Assignments), Lines(a.Dead), Lines(a.Contributing))
	}
	if a2 := a.Assignments[1]; len(a2.ReadBy) != 1 || a2.ReadBy[0].Name != "B" {
		t.Fatalf("A on line 2 should be read by B: %+v", a2.ReadBy)
	}
	b := check("B", true, "x2")
	if !equalStrings(b.Assignments[0].Refs, []string{"A"}) {
		t.Fatalf("B refs %v", b.Assignments[0].Refs)
	}
	if c := check("C", true, "c d"); !c.Exported {
		t.Fatal("C not exported")
	}
	d := check("D", false, "")
	if !strings.Contains(d.Reason.Msg, "inside an if") || d.Reason.Pos.Line != 7 {
		t.Fatalf("D reason %v", d.Reason)
	}
	if d.Assignments[0].Dead {
		t.Fatal("D=old may be the value in effect: not dead")
	}
	e, _ := f.Var("E")
	if e.Known || e.Assignments[0].Context != Prefix || e.Assignments[0].Command != "true" {
		t.Fatalf("E: %+v / %+v", e, e.Assignments[0])
	}
	if fv := check("F", true, ""); fv.Set {
		t.Fatal("F should be unset")
	}
	g := check("G", false, "")
	if len(g.Assignments[0].CommandSubsts) != 1 || g.Assignments[0].CommandSubsts[0].Line != 11 {
		t.Fatalf("G command substitutions %v", g.Assignments[0].CommandSubsts)
	}
	h := check("H", true, "1")
	if h.Assignments[1].Failed != "readonly variable" || !h.Readonly {
		t.Fatalf("H: %+v", h.Assignments[1])
	}
	if _, ok := f.Var("NOPE"); ok {
		t.Fatal("NOPE is not assigned")
	}
	// The values agree with bash.
	for _, name := range []string{"A", "B", "C", "F", "H"} {
		v, _ := f.Var(name)
		got, set := bashVar(t, []byte(src), name)
		if got != v.Text || set != v.Set {
			t.Errorf("%s: bash %q (set=%v), whdctl %q (set=%v)", name, got, set, v.Text, v.Set)
		}
	}
}

func TestAssignmentPositions(t *testing.T) {
	src := "X=1\n  export JAVA_OPTS+=\"-Da b\" # c\nY=a b\n"
	f := mustParse(t, src)
	jo := f.Assignments[1]
	if jo.Name != "JAVA_OPTS" || jo.Op != "+=" || jo.Via != "export" || jo.Pos != (Pos{Offset: 13, Line: 2, Col: 10}) ||
		jo.OpPos.Offset != 22 || jo.Raw != `"-Da b"` || jo.ValPos.Col != 21 || !jo.Exports {
		t.Fatalf("%+v", jo)
	}
	if len(jo.Parts) != 1 || jo.Parts[0].Kind != PartDouble || !jo.Parts[0].Blanks {
		t.Fatalf("parts %+v", jo.Parts)
	}
	if !jo.Stmt.Pure || !jo.Stmt.OwnLines || jo.Stmt.FirstLine() != 2 || jo.Stmt.LastLine() != 2 {
		t.Fatalf("stmt %+v", jo.Stmt)
	}
	y := f.Assignments[2]
	if y.Context != Prefix || y.Command != "b" || y.CmdPos != (Pos{Offset: 40, Line: 3, Col: 5}) {
		t.Fatalf("unquoted blank: %+v", y)
	}
}

func TestJavaOptsFlags(t *testing.T) {
	src := "JAVA_OPTS=\"-Xmx1g -Da\"\n" +
		"JAVA_OPTS=\"-Db\"\n" +
		"JAVA_OPTS=\"$JAVA_OPTS -Dc\"\n" +
		"JAVA_OPTS=\"-Dd $JAVA_OPTS\"\n"
	f := mustParse(t, src)
	jo := f.JavaOpts()
	if !jo.Known || !equalStrings(wordTexts(jo.Words), []string{"-Dd", "-Db", "-Dc"}) {
		t.Fatalf("words %q (%v)", wordTexts(jo.Words), jo.Reason)
	}
	lines := []int{}
	for _, w := range jo.Words {
		lines = append(lines, w.Line)
	}
	if !equalInts(lines, []int{4, 2, 3}) {
		t.Fatalf("word lines %v", lines)
	}
	var dead []string
	for _, fl := range jo.DeadFlags() {
		dead = append(dead, fl.Text)
	}
	if !equalStrings(dead, []string{"-Xmx1g", "-Da"}) || jo.Final.Line() != 4 {
		t.Fatalf("dead %q final %d", dead, jo.Final.Line())
	}
	if !jo.Assignments[0].Dead || jo.Assignments[1].Dead {
		t.Fatal("dead assignments")
	}
	if jo.Value.Inherited {
		t.Fatal("not inherited: line 1 set JAVA_OPTS")
	}
	if p := jo.Props(); len(p) != 3 || p["d"] != "" || p["c"] != "" {
		t.Fatalf("props %v", p)
	}
	if p := mustParse(t, "JAVA_OPTS=\"-Da=1 -Xmx1g -Da=2=3 -D\"\n").JavaOpts().Props(); len(p) != 1 || p["a"] != "2=3" {
		t.Fatalf("props %v", p)
	}
	if f := mustParse(t, "JAVA_OPTS=\"$JAVA_OPTS -Da\"\n"); !f.JavaOpts().Value.Inherited {
		t.Fatal("inherited")
	}
	// Globbing is reported, not done.
	if f := mustParse(t, "JAVA_OPTS='-Da=* -Db'\n"); !f.JavaOpts().Words[0].Glob || f.JavaOpts().Words[1].Glob {
		t.Fatal("glob")
	}
	if f := mustParse(t, "set -f\nJAVA_OPTS='-Da=*'\n"); f.JavaOpts().Words[0].Glob {
		t.Fatal("set -f turns globbing off")
	}
}

func TestConstructsAndComments(t *testing.T) {
	src := "A=$(id -u); B=`date`\n" +
		"echo hi | cat && true\n" +
		"sleep 1 &\n" +
		"# whdctl:ignore WHD205 reason\n" +
		"C=1 # trailing\r\n"
	f := mustParse(t, src)
	kinds := map[ConstructKind]int{}
	for _, c := range f.Constructs {
		kinds[c.Kind]++
	}
	want := map[ConstructKind]int{KindCmdSubst: 1, KindBackquotes: 1, KindSemicolon: 1, KindPipe: 1, KindAndOr: 1, KindBackground: 1, KindCommand: 6}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%s: %d, want %d (%+v)", k, kinds[k], n, f.Constructs)
		}
	}
	for _, c := range f.Constructs {
		if c.Kind == KindSemicolon && (c.Pos.Line != 1 || c.Pos.Col != 11) {
			t.Errorf("semicolon at %v", c.Pos)
		}
		if c.Kind == KindPipe && (c.Pos.Line != 2 || c.Pos.Col != 9) {
			t.Errorf("pipe at %v", c.Pos)
		}
	}
	if len(f.Comments) != 2 || f.Comments[0].Text != " whdctl:ignore WHD205 reason" || f.Comments[0].Pos.Line != 4 || f.Comments[1].Text != " trailing" {
		t.Fatalf("comments %+v", f.Comments)
	}
}

func TestTypographicQuotes(t *testing.T) {
	f := mustParse(t, "# “fine” here\nJAVA_OPTS=“-Da”\nX=\x93cp\x94\n")
	var got []string
	for _, q := range f.TypographicQuotes {
		got = append(got, string(q.Rune)+":"+q.Pos.String())
		if q.InComment != (q.Pos.Line == 1) || q.CP1252 != (q.Pos.Line == 3) {
			t.Errorf("%+v", q)
		}
	}
	if !equalStrings(got, []string{"“:1:3", "”:1:10", "“:2:11", "”:2:17", "“:3:3", "”:3:6"}) {
		t.Fatalf("%q", got)
	}
}

func TestLostToBOM(t *testing.T) {
	if f := mustParse(t, "\xEF\xBB\xBFJAVA_OPTS=\"-Da\"\n"); f.LostToBOM != "JAVA_OPTS" {
		t.Fatalf("LostToBOM = %q", f.LostToBOM)
	}
	// bash joins a continued line before it reads the word.
	if f := mustParse(t, "\xEF\xBB\xBFJAVA\\\n_OPTS+=\"-Da\"\n"); f.LostToBOM != "JAVA_OPTS" {
		t.Fatalf("LostToBOM = %q", f.LostToBOM)
	}
	if f := mustParse(t, "\xEF\xBB\xBF# c\nJAVA_OPTS=\"-Da\"\n"); f.LostToBOM != "" {
		t.Fatalf("LostToBOM = %q", f.LostToBOM)
	}
}

func TestSplit(t *testing.T) {
	cases := []struct {
		s, ifs string
		want   []string
	}{
		{"  a \t b\n", DefaultIFS, []string{"a", "b"}},
		{"", DefaultIFS, nil},
		{"a b", "", []string{"a b"}},
		{" : a::b: ", " :", []string{"", "a", "", "b"}},
		{"a:b:", ":", []string{"a", "b"}},
	}
	for _, tc := range cases {
		if got := Split(tc.s, tc.ifs); !equalStrings(got, tc.want) {
			t.Errorf("Split(%q, %q) = %q, want %q", tc.s, tc.ifs, got, tc.want)
		}
	}
}

func TestParseTooLarge(t *testing.T) {
	if _, err := Parse(make([]byte, MaxSize+1)); err == nil {
		t.Fatal("no error for a file over MaxSize")
	}
}

func TestStop(t *testing.T) {
	cases := []struct {
		src             string
		stop, maybe     int // line of the statement holding it, 0: none
		stopWord, exits int // line of the stopping command; exits: 1 when it ends the script
	}{
		{"A=1\nB=2\n", 0, 0, 0, 0},
		{"A=1\nreturn 0\nB=2\nreturn\n", 2, 0, 2, 0},
		{"A=1; exit 0\n", 1, 0, 1, 1},
		{"exec /bin/true\n", 1, 0, 1, 1},
		{"exec >/dev/null\nA=1\n", 0, 0, 0, 0},
		{"set -n\nA=1\n", 1, 0, 1, 0},
		{"A=1\nif [ -n \"$X\" ]; then\n  return\nfi\nreturn\n", 5, 2, 5, 0},
		{"[ -f x ] && return\n", 0, 1, 0, 0},
		{"{\n  A=1\n  return\n}\n", 1, 0, 3, 0},
		{"[ -f x ] && exit 1\nA=1\n", 0, 0, 0, 0},
	}
	for _, tc := range cases {
		f := mustParse(t, tc.src)
		line := func(s *StopPoint) int {
			if s == nil {
				return 0
			}
			return s.Start.Line
		}
		if line(f.Stop) != tc.stop || line(f.MaybeStop) != tc.maybe {
			t.Errorf("%q: Stop at line %d, MaybeStop at line %d; want %d and %d", tc.src, line(f.Stop), line(f.MaybeStop), tc.stop, tc.maybe)
			continue
		}
		if f.Stop != nil {
			if f.Stop.Reason.Pos.Line != tc.stopWord || f.Stop.Exits != (tc.exits == 1) {
				t.Errorf("%q: Stop %+v (reason %v)", tc.src, f.Stop, f.Stop.Reason)
			}
		}
	}
}

// TestLongValue: a value as large as the file is evaluated (a JAVA_OPTS line
// over 1 MiB used to be unknown, so that its checks were silently skipped);
// a JAVA_OPTS of more than MaxWords words is unknown with a Limit reason.
func TestLongValue(t *testing.T) {
	for _, n := range []int{1 << 20, 15 << 20} {
		long := strings.Repeat("a", n)
		f := mustParse(t, "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Dlong="+long+" -Dlong=2\"\n")
		jo := f.JavaOpts()
		if !jo.Known || len(jo.Words) != 2 || jo.Words[0].Text != "-Dlong="+long || jo.Words[1].Text != "-Dlong=2" {
			t.Fatalf("%d bytes: known %v (%v), %d words", n, jo.Known, jo.Reason, len(jo.Words))
		}
	}
	f := mustParse(t, "JAVA_OPTS=\""+strings.Repeat("-Da=1 ", MaxWords)+"\"\n")
	if jo := f.JavaOpts(); !jo.Known || len(jo.Words) != MaxWords {
		t.Fatalf("%d words: known %v (%v), %d words", MaxWords, jo.Known, jo.Reason, len(jo.Words))
	}
	f = mustParse(t, "JAVA_OPTS=\""+strings.Repeat("-Da=1 ", MaxWords+1)+"\"\n")
	if jo := f.JavaOpts(); jo.Known || jo.Reason == nil || !jo.Reason.Limit || jo.Reason.Pos.Line != 1 {
		t.Fatalf("%d words: known %v, reason %+v", MaxWords+1, jo.Known, jo.Reason)
	}
	// Doubling stays bounded, and says it is whdctl's bound.
	f = mustParse(t, "JAVA_OPTS=-Dx"+strings.Repeat("\nJAVA_OPTS=\"$JAVA_OPTS $JAVA_OPTS\"", 30)+"\n")
	if jo := f.JavaOpts(); jo.Known || jo.Reason == nil || !jo.Reason.Limit {
		t.Fatalf("doubling: known %v, reason %+v", jo.Known, jo.Reason)
	}
}

// TestRejectedDeclarationArgs: bash reads export A=1 -Dx=y (the parser
// alone refuses it) and rejects -Dx=y as "not a valid identifier".
func TestRejectedDeclarationArgs(t *testing.T) {
	cases := []struct {
		src   string
		want  []string // Text of each rejected argument
		after []string // the name of the assignment before it ("" for none)
	}{
		{"export JAVA_OPTS=-Xmx2g -Dfoo=bar\n", []string{"-Dfoo=bar"}, []string{"JAVA_OPTS"}},
		{"declare -x JAVA_OPTS=-Xmx2g -Dfoo=bar -Dz 2x=3\n", []string{"-Dfoo=bar", "-Dz", "2x=3"}, []string{"JAVA_OPTS", "JAVA_OPTS", "JAVA_OPTS"}},
		{"export A=1 -n\n", []string{"-n"}, []string{"A"}},
		{"export JAVA_OPTS -Dx=1\n", []string{"-Dx=1"}, []string{""}},
		{"export -n A\n", nil, nil},
		{"export -- -Dx\n", []string{"-Dx"}, []string{""}},
		{"local JAVA_OPTS=-Da -Db=c\n", nil, nil}, // bash stops at "local" outside a function
		{"export JAVA_OPTS=-Da \"-Db=x y\" -D'c'\n", []string{"-Db=x y", "-Dc"}, []string{"JAVA_OPTS", "JAVA_OPTS"}},
		{"export J=1 " + strings.Repeat("-Dx=1 ", 100) + "\n", slices.Repeat([]string{"-Dx=1"}, 100), slices.Repeat([]string{"J"}, 100)},
		{strings.Repeat("export J=1 -Dx=1\n", 100), slices.Repeat([]string{"-Dx=1"}, 100), slices.Repeat([]string{"J"}, 100)},
	}
	for _, tc := range cases {
		f := mustParse(t, tc.src)
		if f.SyntaxErr != nil {
			t.Errorf("%q: syntax error %v", tc.src, f.SyntaxErr)
			continue
		}
		var got, after []string
		for _, r := range f.Rejected {
			got = append(got, r.Text)
			if raw := strings.NewReplacer(`"`, "", `'`, "").Replace(string(f.Bytes()[r.Pos.Offset:r.End.Offset])); raw != r.Text {
				t.Errorf("%q: %q is not at %d-%d (%q)", tc.src, r.Text, r.Pos.Offset, r.End.Offset, raw)
			}
			name := ""
			if r.After != nil {
				name = r.After.Name
			}
			after = append(after, name)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || strings.Join(after, "|") != strings.Join(tc.after, "|") {
			t.Errorf("%q: rejected %q after %q, want %q after %q", tc.src, got, after, tc.want, tc.after)
		}
	}
	// Past the bound, whdctl says it does not follow the file (bash reads it).
	line := "export J=1 -Dx=1 #" + strings.Repeat("x", 10000) + "\n"
	src := strings.Repeat(line, 64)
	f := mustParse(t, src)
	if e := f.SyntaxErr; e == nil || !e.Unsupported || !strings.Contains(e.Msg, "bash reads it") {
		t.Fatalf("%d KiB with a rejected argument on every line: %+v", len(src)>>10, e)
	}
}

// TestDeclarationArgsNotFollowed: arguments that bash may turn into
// assignments, and failures that stop the start script, leave the value
// unknown rather than wrong.
func TestDeclarationArgsNotFollowed(t *testing.T) {
	for _, src := range []string{
		"JAVA_OPTS=-Da\nexport JAVA_OPTS=-Xmx2g {-Dfoo=1,JAVA_OPTS=-Dy}\n",
		"JAVA_OPTS=-Da\ndeclare B=1 \"JAVA_OPTS[0]=-Dx\"\n",
		"JAVA_OPTS=-Da\ndeclare B=1 JAVA_OPTS\\[0]=-Dx\n",
		"JAVA_OPTS=-Da\nexport B=1 \"JAVA_OPTS+= -Dx\"\n",
		"JAVA_OPTS=-Da\nexport B=1 -D*=1\n",
		"export JAVA_OPTS=-Xmx2g JAVA_OPTS+=\" -Dz\"\n",
		"set -o errexit\nexport JAVA_OPTS=-Da -Dx\n",
		"set -e\nexport JAVA_OPTS=-Da -Dx=1\n",
	} {
		f := mustParse(t, src)
		if f.SyntaxErr != nil {
			t.Errorf("%q: syntax error %v", src, f.SyntaxErr)
			continue
		}
		if jo := f.JavaOpts(); jo.Known {
			t.Errorf("%q: JAVA_OPTS known as %q", src, wordTexts(jo.Words))
		}
	}
}

// TestQuotedDeclLine: the line is offered only when quoting is a plain
// rewrite of what follows the name, up to the end of the command.
func TestQuotedDeclLine(t *testing.T) {
	cases := []struct {
		src  string
		want []string // per run of rejected arguments: the line, or "" for none
	}{
		{"export JAVA_OPTS=-Xmx2g -Dfoo=bar\n", []string{`export JAVA_OPTS="-Xmx2g -Dfoo=bar"`}},
		{"typeset -x JAVA_OPTS=$JAVA_OPTS -Da -Db ; # c\n", []string{`typeset -x JAVA_OPTS="$JAVA_OPTS -Da -Db"`}},
		{"export JAVA_OPTS=-Xmx2g -Dx JAVA_OPTS=-Dy -Dx\n", []string{"", `export JAVA_OPTS=-Xmx2g -Dx JAVA_OPTS="-Dy -Dx"`}},
		{"export B=1 -Dx JAVA_OPTS=-Da -Dx\n", []string{"", `export B=1 -Dx JAVA_OPTS="-Da -Dx"`}},
		{"export JAVA_OPTS=-Xmx2g \"-Dfoo=a b\"\n", []string{""}},
		{"export JAVA_OPTS='-Xmx2g' -Dx=1\n", []string{""}},
		{"export JAVA_OPTS=-Xmx2g -Dx=1\\ 2\n", []string{""}},
		{"export JAVA_OPTS=-Xmx2g -Dfo\\\no=1\n", []string{""}},
		{"export JAVA_OPTS=-Xmx2g -Dx=\u201ca\u201d\n", []string{""}},
		{"export JAVA_OPTS=-Xmx2g -Dx >/dev/null\n", []string{""}},
		{"export JAVA_OPTS=~/x -Dx\n", []string{""}},
		{"export JAVA_OPTS=-Da:~/x -Dx\n", []string{""}},
		{"A=1; export JAVA_OPTS=-Xmx2g -Dx\n", []string{""}},
		{"export JAVA_OPTS=-Xmx2g -Dx; B=1\n", []string{""}},
	}
	for _, tc := range cases {
		f := mustParse(t, tc.src)
		var got []string
		for i := 0; i < len(f.Rejected); {
			j := i + 1
			for j < len(f.Rejected) && f.Rejected[j].After == f.Rejected[i].After {
				j++
			}
			line, ok := f.QuotedDeclLine(f.Rejected[i].After, f.Rejected[j-1])
			if !ok {
				line = ""
			}
			got = append(got, line)
			i = j
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.src, got, tc.want)
		}
	}
}

// TestFailedDecls: declaration commands bash refuses as a whole are listed,
// set nothing, and end the start script under set -e.
func TestFailedDecls(t *testing.T) {
	cases := []struct {
		src, via, why string
		names         []string
		stops         bool
	}{
		{"export -x JAVA_OPTS=-Da B=1\n", "export", "option -x (export takes only -f, -n and -p)", []string{"JAVA_OPTS", "B"}, false},
		{"readonly -rx B=1\n", "readonly", "option -r (readonly takes only -a, -A, -f and -p)", []string{"B"}, false},
		{"declare -xp JAVA_OPTS=-Da\n", "declare", "declare -p only prints", []string{"JAVA_OPTS"}, false},
		{"set -e\nexport -x JAVA_OPTS=-Da\n", "export", "option -x", []string{"JAVA_OPTS"}, true},
		{"set -e\nexport -x JAVA_OPTS=-Da || :\n", "export", "option -x", []string{"JAVA_OPTS"}, false},
	}
	for _, tc := range cases {
		f := mustParse(t, tc.src)
		if len(f.FailedDecls) != 1 {
			t.Errorf("%q: FailedDecls %+v", tc.src, f.FailedDecls)
			continue
		}
		fd := f.FailedDecls[0]
		if fd.Via != tc.via || !strings.Contains(fd.Why, tc.why) || !slices.Equal(fd.Names, tc.names) {
			t.Errorf("%q: %+v", tc.src, fd)
		}
		if (f.Stop != nil) != tc.stops {
			t.Errorf("%q: Stop = %+v", tc.src, f.Stop)
		}
		if v, _ := f.Var("JAVA_OPTS"); !v.Known || v.Text != "" {
			t.Errorf("%q: JAVA_OPTS %+v", tc.src, v)
		}
	}
	for _, src := range []string{"export -np A=1\n", "readonly -p A=1\n", "declare -p A\n", "export -- -x\n", "declare +x A=1\n"} {
		if f := mustParse(t, src); len(f.FailedDecls) != 0 {
			t.Errorf("%q: %+v", src, f.FailedDecls)
		}
	}
}
