package patcher

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const (
	splitScope = "-DAzureAuthorizationScope=offline_access https://graph.microsoft.com/.default"
	seedScope  = "-DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default"
)

var scopeOnly = Request{Set: []Property{{PropAzureAuthorizationScope, "offline_access%20https://graph.microsoft.com/.default"}}}

// TestWhdConfSplitValue: a requested property whose old value was split by
// a space. bash confirms the split-off words are JVM arguments of their own
// before, and that after patching no such word is left, every other flag is
// kept and a second run changes nothing.
func TestWhdConfSplitValue(t *testing.T) {
	type tc struct {
		name    string
		in      string
		req     Request
		out     string // "" = not checked
		prop    string // the action checked
		action  string
		old     string // its OldValue
		warn    string // a substring of one warning
		strayed []string
	}
	cases := []tc{
		{
			name: "QA report: the rest of the scope after the update",
			in:   "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Da=1 " + splitScope + "\"\n",
			req:  Request{Set: seedWhd},
			out: "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Da=1 " + seedScope + " -DExchangeServiceURL=https://outlook.office365.com/ -DAzureTokenURL=https://login.microsoftonline.com/" +
				" -DAzureAuthorizationURL=https://login.microsoftonline.com/ -DIsGcchAzureAccount=true\"\n",
			prop: PropAzureAuthorizationScope, action: ActionUpdated, old: "offline_access https://graph.microsoft.com/.default",
			warn:    `line 2: removed "https://graph.microsoft.com/.default" after -DAzureAuthorizationScope`,
			strayed: []string{"https://graph.microsoft.com/.default"},
		},
		{
			name: "flags after it are kept",
			in:   "JAVA_OPTS=\"-Da=1 " + splitScope + " -Db=2\"\n",
			req:  scopeOnly,
			out:  "JAVA_OPTS=\"-Da=1 " + seedScope + " -Db=2\"\n",
			prop: PropAzureAuthorizationScope, action: ActionUpdated, old: "offline_access https://graph.microsoft.com/.default",
			warn:    `line 1: removed "https://graph.microsoft.com/.default"`,
			strayed: []string{"https://graph.microsoft.com/.default"},
		},
		{
			name: "removed with the property",
			in:   "JAVA_OPTS=\"-Da=1 " + splitScope + "\"\n",
			req:  Request{Remove: []string{PropAzureAuthorizationScope}},
			out:  "JAVA_OPTS=\"-Da=1\"\n",
			prop: PropAzureAuthorizationScope, action: ActionRemoved, old: "offline_access https://graph.microsoft.com/.default",
			warn:    `removed "https://graph.microsoft.com/.default"`,
			strayed: []string{"https://graph.microsoft.com/.default"},
		},
		{
			name: "several words, joined with a space in OldValue",
			in:   "JAVA_OPTS=\"-Xmx2g -DAzureTokenURL=https://login.microsoftonline.com/ common v2 -Da=1\"\n",
			req:  Request{Set: []Property{{PropAzureTokenURL, "https://login.microsoftonline.com/"}}},
			out:  "JAVA_OPTS=\"-Xmx2g -DAzureTokenURL=https://login.microsoftonline.com/ -Da=1\"\n",
			prop: PropAzureTokenURL, action: ActionUpdated, old: "https://login.microsoftonline.com/ common v2",
			warn:    `line 1: removed "common" and "v2" after -DAzureTokenURL`,
			strayed: []string{"common", "v2"},
		},
		{
			name: "the value was right apart from the stray word",
			in:   "JAVA_OPTS='-DIsGcchAzureAccount=true yes -Xmx2g'\n",
			req:  Request{Set: []Property{{PropIsGcchAzureAccount, "true"}}},
			out:  "JAVA_OPTS='-DIsGcchAzureAccount=true -Xmx2g'\n",
			prop: PropIsGcchAzureAccount, action: ActionUpdated, old: "true yes",
			warn:    `removed "yes"`,
			strayed: []string{"yes"},
		},
		{
			name: "split over two lines of one value",
			in:   "JAVA_OPTS=\"-DAzureAuthorizationScope=offline_access\n  https://graph.microsoft.com/.default -Xmx2g\"\n",
			req:  scopeOnly,
			out:  "JAVA_OPTS=\"" + seedScope + "\n  -Xmx2g\"\n",
			prop: PropAzureAuthorizationScope, action: ActionUpdated, old: "offline_access https://graph.microsoft.com/.default",
			warn:    `line 2: removed "https://graph.microsoft.com/.default"`,
			strayed: []string{"https://graph.microsoft.com/.default"},
		},
		{
			name:   "in an append line",
			in:     "JAVA_OPTS=\"-Xmx2g\"\nJAVA_OPTS=\"$JAVA_OPTS " + splitScope + "\"\n",
			req:    scopeOnly,
			out:    "JAVA_OPTS=\"-Xmx2g\"\nJAVA_OPTS=\"$JAVA_OPTS " + seedScope + "\"\n",
			prop:   PropAzureAuthorizationScope,
			action: ActionUpdated, old: "offline_access https://graph.microsoft.com/.default",
			strayed: []string{"https://graph.microsoft.com/.default"},
		},
		{
			name:   "the stray word in its own quotes",
			in:     "JAVA_OPTS=\"-Xmx2g -DAzureAuthorizationScope=offline_access \"'https://graph.microsoft.com/.default'\n",
			req:    scopeOnly,
			prop:   PropAzureAuthorizationScope,
			action: ActionUpdated, old: "offline_access https://graph.microsoft.com/.default",
			strayed: []string{"https://graph.microsoft.com/.default"},
		},
		{
			name:   "--dedupe: the rest of the dropped duplicate goes too",
			in:     "JAVA_OPTS=\"-DAzureAuthorizationScope=offline_access https://graph.microsoft.us/.default -Xmx2g " + splitScope + "\"\n",
			req:    Request{Set: scopeOnly.Set, Dedupe: true},
			out:    "JAVA_OPTS=\"-Xmx2g " + seedScope + "\"\n",
			prop:   PropAzureAuthorizationScope,
			action: ActionUpdated, old: "offline_access https://graph.microsoft.com/.default",
			strayed: []string{"https://graph.microsoft.us/.default", "https://graph.microsoft.com/.default"},
		},
		{
			name:   "the value of -cp is not a stray word",
			in:     "JAVA_OPTS=\"-cp /opt/x.jar -Xmx2g\"\n",
			req:    scopeOnly,
			out:    "JAVA_OPTS=\"-cp /opt/x.jar -Xmx2g " + seedScope + "\"\n",
			prop:   PropAzureAuthorizationScope,
			action: ActionAdded,
		},
	}
	srcs := make([][]byte, len(cases))
	results := make([]*Result, len(cases))
	var outs [][]byte
	for i, c := range cases {
		srcs[i] = []byte(c.in)
		res, err := PatchWhdConf(srcs[i], c.req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		results[i] = res
		outs = append(outs, res.Output)
	}
	before := whdOracleBatch(t, srcs)
	after := whdOracleBatch(t, outs)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := results[i]
			// bash: the words whdctl calls stray are JVM arguments of their own.
			if got := strayWords(before[i]); !whdSameStrings(got, c.strayed) {
				t.Errorf("bash sees the stray words %q before, want %q", got, c.strayed)
			}
			if err := checkPatchedWords(before[i], after[i], c.req); err != nil {
				t.Errorf("bash on the output: %v\n%s", err, res.Output)
			}
			if c.out != "" && string(res.Output) != c.out {
				t.Errorf("output:\n%q\nwant:\n%q", res.Output, c.out)
			}
			found := false
			for _, a := range res.Actions {
				if a.Property == c.prop {
					found = true
					if a.Action != c.action || a.OldValue != c.old {
						t.Errorf("action %+v, want %s with OldValue %q", a, c.action, c.old)
					}
				}
			}
			if !found {
				t.Errorf("no action for %s: %+v", c.prop, res.Actions)
			}
			warns := strings.Join(res.Warnings, "\n")
			if c.warn != "" && !strings.Contains(warns, c.warn) {
				t.Errorf("no warning mentions %q: %q", c.warn, res.Warnings)
			}
			for _, w := range c.strayed {
				if !strings.Contains(warns, fmt.Sprintf("%q", w)) {
					t.Errorf("no warning names the removed word %q: %q", w, res.Warnings)
				}
			}
			checkSecondRun(t, c.name, res.Output, c.req)
		})
	}
}

// TestWhdConfStrayRefused: a word that is not a JVM option and not the rest
// of a requested property's value is refused, with the word, its line and
// the fix. bash confirms the word is a JVM argument of its own, and that the
// fix the refusal gives leaves none; whdctl then patches the fixed file.
func TestWhdConfStrayRefused(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		req   Request
		word  string
		line  int
		fix   string // a substring of the hint
		fixed string // the file after the fix the hint gives
	}{
		{
			name: "after a property that is not requested",
			in:   "A=1\nJAVA_OPTS=\"-Dwhd.admin=John Smith -Xmx2g\"\n",
			req:  Request{Set: seedWhd},
			word: "Smith", line: 2,
			fix:   `line 2: write the space before "Smith" as %20 (-Dwhd.admin=John%20Smith), or remove "Smith"`,
			fixed: "A=1\nJAVA_OPTS=\"-Dwhd.admin=John%20Smith -Xmx2g\"\n",
		},
		{
			name: "nothing to change, but the file cannot start",
			in:   "JAVA_OPTS=\"" + seedFlags + " -Dwhd.admin=John Smith\"\n",
			req:  Request{Set: seedWhd},
			word: "Smith", line: 1,
			fix:   "%20 (-Dwhd.admin=John%20Smith)",
			fixed: "JAVA_OPTS=\"" + seedFlags + " -Dwhd.admin=John%20Smith\"\n",
		},
		{
			name: "after an option that is not a -D property",
			in:   "JAVA_OPTS=\"-Xmx 2048m\"\n",
			req:  Request{Set: seedWhd},
			word: "2048m", line: 1,
			fix:   `line 1: remove "2048m" (or, if it is part of -Xmx, join them without the space)`,
			fixed: "JAVA_OPTS=\"-Xmx2048m\"\n",
		},
		{
			name: "first word",
			in:   "JAVA_OPTS=\"hello -Xmx2g\"\n",
			req:  Request{Set: seedWhd},
			word: "hello", line: 1,
			fix:   `line 1: remove "hello"`,
			fixed: "JAVA_OPTS=\"-Xmx2g\"\n",
		},
		{
			name: "after a requested property, but written in another assignment",
			in:   "JAVA_OPTS=\"-DAzureAuthorizationScope=offline_access\"\nJAVA_OPTS=\"$JAVA_OPTS https://graph.microsoft.com/.default\"\n",
			req:  Request{Set: seedWhd},
			word: "https://graph.microsoft.com/.default", line: 2,
			fix:   `line 2: remove "https://graph.microsoft.com/.default"`,
			fixed: "JAVA_OPTS=\"-DAzureAuthorizationScope=offline_access\"\nJAVA_OPTS=\"$JAVA_OPTS\"\n",
		},
		{
			name: "removing another property does not make it go",
			in:   "JAVA_OPTS=\"-DAzureTokenURL=x " + splitScope + "\"\n",
			req:  Request{Remove: []string{PropAzureTokenURL}},
			word: "https://graph.microsoft.com/.default", line: 1,
			fix:   "(" + seedScope + ")",
			fixed: "JAVA_OPTS=\"-DAzureTokenURL=x " + seedScope + "\"\n",
		},
	}
	var srcs [][]byte
	for _, c := range cases {
		srcs = append(srcs, []byte(c.in), []byte(c.fixed))
	}
	bash := whdOracleBatch(t, srcs)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, fixed := bash[2*i], bash[2*i+1]
			if !slicesContain(strayWords(before), c.word) {
				t.Fatalf("bash does not see %q as a word of its own: %q", c.word, before)
			}
			res, err := PatchWhdConf([]byte(c.in), c.req)
			var re *RefusalError
			if !errors.As(err, &re) {
				t.Fatalf("want a RefusalError, got %v (%+v)", err, res)
			}
			msg := err.Error()
			for _, want := range []string{fmt.Sprintf("line %d: %q", c.line, c.word), c.fix, "not JVM options", "WHD cannot start"} {
				if !strings.Contains(msg, want) {
					t.Errorf("the refusal does not say %q:\n%s", want, msg)
				}
			}
			if !strings.Contains(re.Hint, c.fix) {
				t.Errorf("the hint does not give the fix %q: %q", c.fix, re.Hint)
			}
			// The fix works: no stray word for bash, and whdctl patches the file.
			if st := strayWords(fixed); len(st) > 0 {
				t.Errorf("after the fix bash still sees %q", st)
			}
			if _, err := PatchWhdConf([]byte(c.fixed), c.req); err != nil {
				t.Errorf("the fixed file is refused too: %v", err)
			}
		})
	}
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var beforeLineRE = regexp.MustCompile(`just before line (\d+)`)

// insertBeforeLine puts line before line n (1-based) of src.
func insertBeforeLine(src, line string, n int) string {
	lines := strings.SplitAfter(src, "\n")
	return strings.Join(lines[:n-1], "") + line + "\n" + strings.Join(lines[n-1:], "")
}

// hintLine is the line a refusal's hint says to add.
func hintLine(t *testing.T, hint string) string {
	t.Helper()
	_, line, ok := strings.Cut(hint, "\n  ")
	if !ok || !strings.HasPrefix(line, `JAVA_OPTS="$JAVA_OPTS `) {
		t.Fatalf("hint has no line to add: %q", hint)
	}
	return line
}

// TestWhdConfStopHint: when bash stops reading whd.conf early (return), a
// refusal's hint puts the line where bash reads it. bash confirms the line
// takes effect there and that at the end of the file it would not.
func TestWhdConfStopHint(t *testing.T) {
	seedWords := strings.Fields(seedFlags)
	cases := []struct {
		name   string
		in     string
		before int    // the line the hint must name
		manual string // for the same-line case: the file after the edit the hint describes
		kept   []string
	}{
		{
			name:   "return",
			in:     "A=1\nJAVA_OPTS=\"-Xmx2g $(echo -Da=1)\"\nreturn 0\nB=2\n",
			before: 3,
			kept:   []string{"-Xmx2g", "-Da=1"},
		},
		{
			name:   "return inside an if",
			in:     "JAVA_OPTS=\"-Xmx2g $(echo -Da=1)\"\nif [ -z \"$WHD_FULL\" ]; then\n  return 0\nfi\nB=2\n",
			before: 2,
			kept:   []string{"-Xmx2g", "-Da=1"},
		},
		{
			name:   "return on the line of the JAVA_OPTS assignment",
			in:     "A=-Da\nJAVA_OPTS=$JAVA_OPTS$A;return\n",
			manual: "A=-Da\nJAVA_OPTS=$JAVA_OPTS$A\n%s\nreturn\n",
			kept:   []string{"-Da"},
		},
	}
	var srcs [][]byte
	for _, c := range cases {
		_, err := PatchWhdConf([]byte(c.in), Request{Set: seedWhd})
		var re *RefusalError
		if !errors.As(err, &re) {
			t.Fatalf("%s: want a RefusalError, got %v", c.name, err)
		}
		if strings.Contains(re.Hint, "at the end of the file:") {
			t.Errorf("%s: the hint still says to add the line at the end: %q", c.name, re.Hint)
		}
		line := hintLine(t, re.Hint)
		var edited string
		if c.manual != "" {
			if !strings.Contains(re.Hint, "split line 2 so that the statement with the return starts a line of its own, after the JAVA_OPTS assignment, and add this line just before it") {
				t.Errorf("%s: hint %q", c.name, re.Hint)
			}
			edited = fmt.Sprintf(c.manual, line)
		} else {
			m := beforeLineRE.FindStringSubmatch(re.Hint)
			if m == nil {
				t.Fatalf("%s: the hint names no line: %q", c.name, re.Hint)
			}
			if n, _ := strconv.Atoi(m[1]); n != c.before {
				t.Errorf("%s: the hint says before line %d, want %d", c.name, n, c.before)
			}
			edited = insertBeforeLine(c.in, line, c.before)
		}
		atEnd := c.in + line + "\n"
		srcs = append(srcs, []byte(edited), []byte(atEnd))
	}
	bash := whdOracleBatch(t, srcs)
	for i, c := range cases {
		edited, atEnd := bash[2*i], bash[2*i+1]
		want := append(append([]string(nil), c.kept...), seedWords...)
		if !sameSet(edited, want) {
			t.Errorf("%s: following the hint, bash sees %q, want %q", c.name, edited, want)
		}
		if sameSet(atEnd, want) {
			t.Errorf("%s: bash takes the line at the end of the file too (%q): the hint's claim is wrong", c.name, atEnd)
		}
	}
}

// sameSet: the same words, in any order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, w := range a {
		count[w]++
	}
	for _, w := range b {
		count[w]--
		if count[w] < 0 {
			return false
		}
	}
	return true
}

// TestWhdConfStopPatched: with no JAVA_OPTS in effect and a return in the
// middle, the new line goes before the return (bash confirms it counts).
func TestWhdConfStopPatched(t *testing.T) {
	in := "A=1\nreturn 0\nJAVA_OPTS=\"-Dnever=1\"\n"
	res, err := PatchWhdConf([]byte(in), Request{Set: seedWhd})
	if err != nil {
		t.Fatal(err)
	}
	want := "A=1\nJAVA_OPTS=\"$JAVA_OPTS " + seedFlags + "\"\nreturn 0\nJAVA_OPTS=\"-Dnever=1\"\n"
	if string(res.Output) != want {
		t.Fatalf("output %q\nwant %q", res.Output, want)
	}
	bash := whdOracleBatch(t, [][]byte{[]byte(in), res.Output})
	if err := checkPatchedWords(bash[0], bash[1], Request{Set: seedWhd}); err != nil {
		t.Fatal(err)
	}
	checkSecondRun(t, "return", res.Output, Request{Set: seedWhd})
}

// TestWhdConfExitHint: an exit in whd.conf ends the start script: bash shows
// no JVM argument at all, with or without a line added anywhere after it.
// The hint says to remove it, not where to add a line.
func TestWhdConfExitHint(t *testing.T) {
	in := "JAVA_OPTS=\"-Xmx2g\"\nexit 0\n"
	_, err := PatchWhdConf([]byte(in), Request{Set: seedWhd})
	var re *RefusalError
	if !errors.As(err, &re) {
		t.Fatalf("want a RefusalError, got %v", err)
	}
	if !strings.Contains(re.Hint, "Line 2 ends the start script") || !strings.Contains(re.Hint, "remove that line") || strings.Contains(re.Hint, "add this line") {
		t.Errorf("hint %q", re.Hint)
	}
	fixed := "JAVA_OPTS=\"-Xmx2g\"\n"
	bash := whdOracleBatch(t, [][]byte{[]byte(in), []byte(in + `JAVA_OPTS="$JAVA_OPTS -Da=1"` + "\n"), []byte(fixed)})
	if len(bash[0]) != 0 || len(bash[1]) != 0 {
		t.Errorf("bash gets JVM arguments past the exit: %q %q", bash[0], bash[1])
	}
	if len(bash[2]) != 1 {
		t.Errorf("without the exit bash sees %q", bash[2])
	}
	if _, err := PatchWhdConf([]byte(fixed), Request{Set: seedWhd}); err != nil {
		t.Errorf("without the exit: %v", err)
	}
}

// whdInternals are phrases of whdctl's internal checks that a refusal must
// not show to an admin.
var whdInternals = []string{"instead of", "edited file", "overlapping", "at byte", "prove correct", "in effect to rewrite", `JAVA_OPTS ""`}

// TestWhdConfRefusalWording: refusals say in admin terms what cannot be done
// and what to do by hand.
func TestWhdConfRefusalWording(t *testing.T) {
	for _, in := range []string{
		"A=-Da\nJAVA_OPTS=$JAVA_OPTS$A;return\n",
		"X=-DAzureTokenURL=old\nJAVA_OPTS=\"$X -Xmx2g\"\n",
		"JAVA_OPTS=\"-DAzureTokenURL=a\\\\b\"\necho \"$JAVA_OPTS\"\n",
		"JAVA_OPTS=\"-DAzureTokenURL=a\\\\b\"\nX=\"$JAVA_OPTS\"\n",
		"A=1; JAVA_OPTS=\"$JAVA_OPTS -Xmx1g\"\nJAVA_OPTS=\"$JAVA_OPTS -DAzureTokenURL=a\\\\b\"\n",
		"JAVA_OPTS=\"-Da $JAVA_OPTS -DAzureTokenURL=a\\\\b\"\n",
		"JAVA_OPTS=\"$(cat /etc/opts)\"\n",
	} {
		_, err := PatchWhdConf([]byte(in), Request{Set: seedWhd})
		var re *RefusalError
		if !errors.As(err, &re) {
			t.Errorf("%q: want a RefusalError, got %v", in, err)
			continue
		}
		for _, bad := range whdInternals {
			if strings.Contains(err.Error(), bad) {
				t.Errorf("%q: the refusal shows %q:\n%s", in, bad, err)
			}
		}
		if !strings.Contains(re.Hint, "by hand") {
			t.Errorf("%q: the hint does not say what to do by hand: %q", in, re.Hint)
		}
	}
	// The QA case: the reason and what whdctl could not do, without the
	// JAVA_OPTS it computed.
	_, err := PatchWhdConf([]byte("A=-Da\nJAVA_OPTS=$JAVA_OPTS$A;return\n"), Request{Set: seedWhd})
	msg := err.Error()
	for _, want := range []string{"cannot make this change to whd.conf safely", "left the file unchanged", `comes from another variable (A, line 1)`} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, msg)
		}
	}
}
