package patcher

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whdctl/whdctl/conf/whdconf"
)

// PatchWhdConf plans the edit of a whd.conf (sourced by bash on Linux and
// macOS). It is pure: bytes in, the new bytes and a report out.
//
// The result has one effective JAVA_OPTS holding every flag that was
// effective before plus the requested properties, each exactly once. The
// edit is as small as it can be: a value is updated where it is written,
// new flags go inside the quotes of the JAVA_OPTS assignment in effect (or
// on a new JAVA_OPTS="$JAVA_OPTS ..." line), and earlier JAVA_OPTS lines
// that a later one overwrote are commented out (their flags had no effect
// and are not revived, apart from the requested ones). Every plan is checked
// by reading the output again the way bash would; when that check fails the
// file is refused, never written half-right.
func PatchWhdConf(src []byte, req Request) (*Result, error) {
	sets, removes, warnings, err := whdConfRequest(req)
	if err != nil {
		return nil, err
	}
	f, err := whdconf.Parse(src)
	if err != nil {
		return nil, &ParseError{Msg: err.Error()}
	}
	p := &whdPlan{f: f, src: src, req: req, sets: sets, removes: removes, res: &Result{Warnings: warnings}}
	return p.run()
}

// whdConfRequest validates the request for whd.conf.
func whdConfRequest(req Request) ([]Property, []string, []string, error) {
	var sets []Property
	var warnings []string
	seen := map[string]string{}
	for _, s := range req.Set {
		if err := ValidateName(s.Name); err != nil {
			return nil, nil, nil, err
		}
		if err := checkWhdConfValue(s.Name, s.Value); err != nil {
			return nil, nil, nil, err
		}
		if v, ok := seen[s.Name]; ok {
			if v != s.Value {
				return nil, nil, nil, &InputError{Msg: fmt.Sprintf("%s is requested twice with different values (%q and %q); give it once", s.Name, v, s.Value)}
			}
			continue
		}
		seen[s.Name] = s.Value
		sets = append(sets, s)
		if strings.ContainsAny(s.Value, "*?[") {
			warnings = append(warnings, fmt.Sprintf("the value of %s has *, ? or [: the start script expands $JAVA_OPTS unquoted, so bash would replace -D%s=%s with matching file names if any exist", s.Name, s.Name, s.Value))
		}
	}
	var removes []string
	rseen := map[string]bool{}
	for _, name := range req.Remove {
		if err := ValidateName(name); err != nil {
			return nil, nil, nil, err
		}
		if _, ok := seen[name]; ok {
			return nil, nil, nil, &InputError{Msg: fmt.Sprintf("%s is both set and removed; choose one", name)}
		}
		if !rseen[name] {
			rseen[name] = true
			removes = append(removes, name)
		}
	}
	return sets, removes, warnings, nil
}

// checkWhdConfValue refuses a value that would not reach the JVM intact as
// part of JAVA_OPTS: the start script expands $JAVA_OPTS unquoted, so
// whitespace splits the argument, and inside the double quotes of the
// assignment $ ` \ " are special.
func checkWhdConfValue(name, v string) error {
	bad := func(what, why string) error {
		return &InputError{Msg: fmt.Sprintf("the value of %s %s: %s", name, what, why)}
	}
	if v == "" {
		return &InputError{Msg: fmt.Sprintf("empty value for %s; use --remove %s to remove a property", name, name)}
	}
	if !utf8.ValidString(v) {
		return bad("is not valid UTF-8", "type it again as plain text")
	}
	for i, r := range v {
		switch {
		case r == '\n' || r == '\r':
			return bad("contains a line break", "a value must fit on one line")
		case r == ' ' || r == '\t':
			return bad(fmt.Sprintf("contains whitespace (%U at byte %d)", r, i),
				"the start script expands $JAVA_OPTS unquoted, so bash splits the value there into two JVM arguments; write a space as %20, as the vendor's AzureAuthorizationScope value does")
		case r == '"' || r == '\'':
			return bad(fmt.Sprintf("contains a quote (%c)", r), "quotes are not part of a property value in whd.conf; give the value without them")
		case whdconf.IsTypographicQuote(r):
			return bad(fmt.Sprintf("contains a typographic quote (%c, pasted from a web page?)", r), "bash does not treat it as a quote, so it would become part of the value; give the value without it")
		case r == '`':
			return bad("contains a backquote", "bash would run the text between backquotes as a command")
		case r == '$':
			return bad("contains $", "bash would expand it as a variable")
		case r == '\\':
			return bad("contains a backslash", "bash treats it as an escape character")
		case unicode.IsControl(r):
			return bad(fmt.Sprintf("contains a control character (%U)", r), "remove it")
		}
		if err := checkInvisible(name, r); err != nil {
			return err
		}
	}
	return nil
}

// checkInvisible refuses a character that looks like a space or like
// nothing (a non-breaking space, a zero-width space, a byte order mark):
// pasted from a web page or a document along with a value, it reaches the
// JVM as part of the value in both formats (neither bash nor the wrapper
// splits on it), where it cannot be seen in the file.
func checkInvisible(name string, r rune) error {
	what := ""
	switch {
	case r > 0x7f && unicode.IsSpace(r):
		what = "a non-breaking or other Unicode space"
	case unicode.Is(unicode.Cf, r):
		what = "an invisible character"
	default:
		return nil
	}
	return &InputError{Msg: fmt.Sprintf("the value of %s contains %s (%U), probably pasted along with it: the JVM would get it as part of the value, where it cannot be seen; type the value again (a space in a URL or scope is written %%20)", name, what, r)}
}

type whdPlan struct {
	f       *whdconf.File
	src     []byte
	req     Request
	sets    []Property
	removes []string
	res     *Result

	jo     *whdconf.JavaOpts
	words  []whdconf.Word
	ops    []wordOp // one per word
	adds   []Property
	target []string
	// action index -> set name, for filling lines
	setAction map[string]int
}

type wordOp struct {
	drop    bool
	replace string // new text ("" = keep)
}

func (p *whdPlan) warn(format string, a ...any) {
	p.res.Warnings = append(p.res.Warnings, fmt.Sprintf(format, a...))
}

// whdProp splits a JVM argument -DName=value.
func whdProp(arg string) (name, value string, ok bool) { return whdconf.PropOf(arg) }

func (p *whdPlan) run() (*Result, error) {
	f := p.f
	if err := p.preconditions(); err != nil {
		return nil, err
	}
	p.generalWarnings()

	// Where each requested property is in the effective JAVA_OPTS.
	p.words = p.jo.Words
	p.ops = make([]wordOp, len(p.words))
	at := map[string][]int{}
	for i, w := range p.words {
		if name, _, ok := whdProp(w.Text); ok {
			at[name] = append(at[name], i)
		}
	}
	// Words that are not JVM options: the split-off rest of a requested
	// property's value goes with it; any other one is refused.
	rests, err := p.strayWords()
	if err != nil {
		return nil, err
	}
	var dupes []string
	for _, s := range p.sets {
		if idx := at[s.Name]; len(idx) > 1 && !p.req.Dedupe {
			for _, i := range idx {
				dupes = append(dupes, fmt.Sprintf("line %d: %s", p.words[i].Line, p.words[i].Text))
			}
		}
	}
	if len(dupes) > 0 {
		return nil, &RefusalError{
			Reason:  "a property whdctl manages is in the effective JAVA_OPTS more than once; the JVM keeps the last one",
			Details: dupes,
			Hint:    "Run again with --dedupe to keep only the one the JVM uses (the others are removed), or remove the extra ones by hand.",
		}
	}
	p.setAction = map[string]int{}
	for _, s := range p.sets {
		idx := at[s.Name]
		act := Action{Property: s.Name, Key: "JAVA_OPTS", NewValue: s.Value}
		if len(idx) == 0 {
			act.Action = ActionAdded
			p.adds = append(p.adds, s)
		} else {
			keep := idx[len(idx)-1]
			act.OldValue = p.meantValue(keep, rests[keep])
			act.Action = ActionUnchanged
			want := "-D" + s.Name + "=" + s.Value
			if p.words[keep].Text != want {
				p.ops[keep].replace = want
				act.Action = ActionUpdated
			}
			if len(rests[keep]) > 0 {
				p.dropRest(keep, rests[keep])
				act.Action = ActionUpdated
			}
			for _, i := range idx[:len(idx)-1] {
				// The value the JVM uses stays; dropping the dead
				// duplicates is told in a note, as for the wrapper.
				p.ops[i].drop = true
				p.warn("line %d: removed %s (a duplicate of -D%s; the JVM used the one on line %d)", p.words[i].Line, p.words[i].Text, s.Name, p.words[keep].Line)
				if len(rests[i]) > 0 {
					p.dropRest(i, rests[i])
				}
			}
			act.Line = p.words[keep].Line
		}
		p.setAction[s.Name] = len(p.res.Actions)
		p.res.Actions = append(p.res.Actions, act)
	}
	for _, name := range p.removes {
		idx := at[name]
		if len(idx) == 0 {
			p.res.Actions = append(p.res.Actions, Action{Property: name, Action: ActionAbsent})
			continue
		}
		for _, i := range idx {
			p.ops[i].drop = true
			if len(rests[i]) > 0 {
				p.dropRest(i, rests[i])
			}
			p.res.Actions = append(p.res.Actions, Action{Property: name, Action: ActionRemoved, Key: "JAVA_OPTS", OldValue: p.meantValue(i, rests[i])})
		}
	}
	for i, w := range p.words {
		switch {
		case p.ops[i].drop:
		case p.ops[i].replace != "":
			p.target = append(p.target, p.ops[i].replace)
		default:
			p.target = append(p.target, w.Text)
		}
	}
	for _, s := range p.adds {
		p.target = append(p.target, "-D"+s.Name+"="+s.Value)
	}

	dead := p.jo.DeadFlags()
	if whdSameStrings(p.target, whdWordTexts(p.words)) {
		// Nothing to change. Overwritten JAVA_OPTS lines are reported, not
		// touched: they do not affect the requested properties.
		if len(dead) > 0 {
			p.warn("%s", p.deadSummary(dead, false))
		}
		p.res.Output = append([]byte(nil), f.Bytes()...)
		p.res.Changed = false
		return p.res, nil
	}

	out, g, minimalErr := p.tryMinimal()
	if minimalErr != nil {
		var rebuildErr error
		out, g, rebuildErr = p.tryRebuild()
		if rebuildErr != nil {
			details := []string{"changing the flags where they are written: " + minimalErr.Error()}
			if rebuildErr.Error() != minimalErr.Error() {
				details = append(details, "writing all of JAVA_OPTS as one line: "+rebuildErr.Error())
			}
			return nil, &RefusalError{
				Reason:  "whdctl cannot make this change to whd.conf safely: no edit it can make gives WHD exactly the requested properties while keeping every other JVM option as it is, so it left the file unchanged",
				Details: details,
				Hint:    p.handEditHint(),
			}
		}
	}
	if len(dead) > 0 {
		p.warn("%s", p.deadSummary(dead, true))
	}
	p.res.Output = out
	p.res.Changed = string(out) != string(p.src)
	p.fillLines(g)
	return p.res, nil
}

// preconditions refuse the files whdctl cannot edit safely.
func (p *whdPlan) preconditions() error {
	f := p.f
	if e := f.SyntaxErr; e != nil && e.Unsupported {
		// bash reads the file; whdctl cannot follow it: a refusal (exit 1).
		return &RefusalError{
			Reason: fmt.Sprintf("line %d, column %d: %s", e.Pos.Line, e.Pos.Col, e.Msg),
			Hint:   "Edit JAVA_OPTS in whd.conf by hand.",
		}
	}
	if e := f.SyntaxErr; e != nil {
		// bash cannot read the file either; no option of whdctl can make it
		// editable, it needs fixing first (exit 1, as validate's WHD207).
		return &ParseError{Line: e.Pos.Line, Syntax: true, Msg: fmt.Sprintf("column %d: shell syntax error: %s. bash stops reading whd.conf there, so WHD does not get the settings after it; fix the line, then run whdctl again", e.Pos.Col, e.Msg)}
	}
	// The rest are RefusalErrors (exit 1): the file is valid shell and WHD
	// may run with it, but whdctl declines to edit it until the user decides
	// (fix the line endings, the quotes, or edit JAVA_OPTS by hand).
	// Exported also covers set -a (every later assignment exports); when
	// whdctl cannot tell (set -a inside an if), the file may export it.
	if v, _ := f.Var("_JAVA_OPTIONS"); v.Known && (v.Exported || v.ExportUnknown != nil) {
		if ns := PropertiesIn(v.Text, p.req.names()); len(ns) > 0 {
			if !v.Exported {
				return &RefusalError{
					Reason:  fmt.Sprintf("the file may export _JAVA_OPTIONS, which holds -D%s: if it does, Java reads _JAVA_OPTIONS after its command line, so that value wins over JAVA_OPTS", ns[0]),
					Details: []string{v.ExportUnknown.String()},
					Hint:    "Remove -D" + ns[0] + " from _JAVA_OPTIONS (whdctl writes it in JAVA_OPTS), then run whdctl again.",
				}
			}
			return &RefusalError{
				Reason: fmt.Sprintf("the file exports _JAVA_OPTIONS with -D%s: Java reads _JAVA_OPTIONS after its command line, so that value wins over JAVA_OPTS", ns[0]),
				Hint:   "Remove -D" + ns[0] + " from _JAVA_OPTIONS (whdctl writes it in JAVA_OPTS), then run whdctl again.",
			}
		}
	}
	for _, at := range f.Attributes {
		if at.Name == "JAVA_OPTS" {
			return &RefusalError{
				Reason: fmt.Sprintf("line %d: %s %s gives JAVA_OPTS an attribute that changes every value assigned to it later (declare -l lower-cases the flags, -i evaluates them as arithmetic), so any line whdctl adds would be changed too", at.Pos.Line, at.Via, at.Option),
				Hint:   fmt.Sprintf("Remove that option from line %d (JAVA_OPTS needs none), then run whdctl again.", at.Pos.Line),
			}
		}
	}
	for _, fd := range f.FailedDecls {
		if slices.Contains(fd.Names, "JAVA_OPTS") {
			// Whichever way the admin fixes that line, it changes
			// JAVA_OPTS: the patch waits for that decision.
			return &RefusalError{
				Reason: fmt.Sprintf("line %d: %s %s sets nothing: %s, so the JAVA_OPTS written there does not reach Java today, but would once the line is fixed", fd.Pos.Line, fd.Via, fd.Option, fd.Why),
				Hint:   fmt.Sprintf("Decide what line %d should do: remove %s to make it count, or delete the line; then run whdctl again.", fd.Pos.Line, fd.Option),
			}
		}
	}
	// Refused when carriage returns are at least as common as plain line
	// feeds. (whdctl only ever adds "\n", so a file it accepted stays
	// accepted on the next run.)
	cr := len(f.CRLFLines) + len(f.LoneCRs)
	lf := bytes.Count(p.src, []byte("\n")) - len(f.CRLFLines)
	if cr > 0 && cr >= lf {
		return &RefusalError{
			Reason: fmt.Sprintf("whd.conf has %s line endings: bash keeps the carriage return at the end of every value (MAXIMUM_MEMORY=2048 becomes \"2048\\r\"), so any JAVA_OPTS line whdctl wrote would end in a stray carriage return too", f.LineEnding),
			Hint:   "Convert the file to Unix (LF) line endings, for example: sed -i 's/\\r$//' whd.conf (or dos2unix whd.conf); check it, then run whdctl again.",
		}
	}
	jo := f.JavaOpts()
	p.jo = jo
	if !jo.Known {
		var details []string
		if jo.Reason != nil {
			details = append(details, jo.Reason.String())
		}
		for _, a := range jo.Assignments {
			if !a.Known && a.Reason != nil && a.Reason != jo.Reason {
				details = append(details, fmt.Sprintf("JAVA_OPTS on line %d: %s", a.Line(), a.Reason.Msg))
			}
		}
		return &RefusalError{
			Reason:  "whdctl cannot work out the effective JAVA_OPTS of this whd.conf without running it",
			Details: details,
			Hint:    p.handEditHint(),
		}
	}
	if !jo.DefaultIFS {
		return &RefusalError{
			Reason: fmt.Sprintf("whd.conf changes IFS (to %q): the start script splits $JAVA_OPTS with it, so flags separated by spaces would not be separate JVM arguments", jo.IFS),
			Hint:   "Remove the IFS assignment (or restore it before the end of the file), then run whdctl again.",
		}
	}
	if jo.Value.Readonly {
		return &RefusalError{
			Reason: "whd.conf makes JAVA_OPTS read-only (readonly or declare -r): later assignments fail",
			Hint:   "Remove the readonly attribute, then run whdctl again, or edit JAVA_OPTS by hand.",
		}
	}
	var details []string
	for _, w := range jo.Words {
		if strings.ContainsAny(w.Text, "\r") {
			details = append(details, fmt.Sprintf("line %d: %q ends in a carriage return", w.Line, w.Text))
		}
	}
	if len(details) > 0 {
		return &RefusalError{
			Reason:  "JAVA_OPTS carries carriage returns (Windows line endings on its lines): bash keeps them in the JVM arguments",
			Details: details,
			Hint:    "Convert the file to Unix (LF) line endings, for example: sed -i 's/\\r$//' whd.conf; then run whdctl again.",
		}
	}
	for _, q := range f.TypographicQuotes {
		if q.InComment {
			continue
		}
		for _, a := range jo.Assignments {
			if a.Stmt != nil && q.Pos.Offset >= a.Stmt.Start.Offset && q.Pos.Offset < a.Stmt.End.Offset {
				details = append(details, fmt.Sprintf("line %d, column %d: %c", q.Pos.Line, q.Pos.Col, q.Rune))
				break
			}
		}
	}
	for _, w := range jo.Words {
		for _, r := range w.Text {
			if whdconf.IsTypographicQuote(r) {
				details = append(details, fmt.Sprintf("line %d: %s", w.Line, w.Text))
				break
			}
		}
	}
	if len(details) > 0 {
		return &RefusalError{
			Reason:  "JAVA_OPTS has typographic quotes (“ ” ‘ ’, often pasted from a web page): bash does not treat them as quotes, so they become part of the JVM arguments",
			Details: details,
			Hint:    "Replace them with plain double quotes (\") or remove them, then run whdctl again.",
		}
	}
	return nil
}

// whdOptionsWithArgument are java launcher options whose value is the next
// word: that word does not start with '-' and is not stray.
var whdOptionsWithArgument = map[string]bool{
	"-cp": true, "-classpath": true, "--class-path": true, "-p": true, "--module-path": true,
	"--upgrade-module-path": true, "--add-modules": true, "--limit-modules": true, "-m": true, "--module": true,
	"--add-opens": true, "--add-exports": true, "--add-reads": true, "--patch-module": true,
	"--enable-native-access": true, "-jar": true, "--source": true, "--describe-module": true, "-d": true,
}

// strayWords finds the words of the effective JAVA_OPTS that are not JVM
// options (no leading '-', not the value of an option such as -cp): java
// takes the first of them for the class to run, so WHD does not start.
//
// The words right after the -D word of a requested property, written in
// the same JAVA_OPTS assignment, are the rest of its old value, cut off at a
// space: they are returned under the index of that -D word, to be removed
// with it. Any other stray word is refused: whdctl was not asked to change
// what it belongs to and does not guess.
func (p *whdPlan) strayWords() (map[int][]int, error) {
	requested := map[string]bool{}
	for _, s := range p.sets {
		requested[s.Name] = true
	}
	for _, n := range p.removes {
		requested[n] = true
	}
	words := p.words
	rests := map[int][]int{}
	var details, fixes []string
	for i := 0; i < len(words); i++ {
		if strings.HasPrefix(words[i].Text, "-") || (i > 0 && whdOptionsWithArgument[words[i-1].Text]) {
			continue
		}
		j := i + 1
		for j < len(words) && !strings.HasPrefix(words[j].Text, "-") {
			j++
		}
		owner := -1
		if i > 0 {
			if _, _, ok := whdProp(words[i-1].Text); ok {
				owner = i - 1
			}
		}
		// words[i:k] are the rest of the owner's value, to be removed with it.
		k := i
		var a *whdconf.Assignment
		if owner >= 0 {
			a = whdWordEnd(words[owner])
			if name, _, _ := whdProp(words[owner].Text); requested[name] {
				for k < j && a != nil && whdWordFrom(words[k], a) {
					rests[owner] = append(rests[owner], k)
					k++
				}
			}
		}
		if k < j {
			d, fix := p.strayRefusal(owner, a, k, j)
			details = append(details, d)
			fixes = append(fixes, fix)
		}
		i = j - 1
	}
	if len(details) > 0 {
		return nil, &RefusalError{
			Reason:  "JAVA_OPTS has words that are not JVM options, so WHD cannot start with this whd.conf (java takes such a word for the class to run); they are not part of a property whdctl was asked to change, so it left the file as it is",
			Details: details,
			Hint:    "Fix this by hand, then run whdctl again:\n  " + strings.Join(fixes, "\n  "),
		}
	}
	return rests, nil
}

// strayRefusal explains the stray words words[k:j] and gives the fix.
// owner is the -D word before the run (-1: none) and a the JAVA_OPTS
// assignment its text ends in.
func (p *whdPlan) strayRefusal(owner int, a *whdconf.Assignment, k, j int) (detail, fix string) {
	words := p.words
	run := words[k:j]
	list := whdQuotedWords(run)
	line := run[0].Line
	removeFix := fmt.Sprintf("line %d: remove %s", line, list)
	switch {
	case owner < 0 && k == 0:
		return fmt.Sprintf("line %d: %s at the start of JAVA_OPTS", line, list), removeFix
	case owner < 0:
		prev := words[k-1]
		return fmt.Sprintf("line %d: %s after %s, which is not a -D property", line, list, prev.Text),
			removeFix + fmt.Sprintf(" (or, if it is part of %s, join them without the space)", prev.Text)
	case k > owner+1 || a == nil || !whdWordFrom(run[0], a):
		// Not written with the -D word before it.
		name, _, _ := whdProp(words[owner].Text)
		return fmt.Sprintf("line %d: %s after -D%s (line %d), but not written in the same JAVA_OPTS assignment, so whdctl cannot tell whether it is part of that value", line, list, name, words[owner].Line), removeFix
	}
	name, val, _ := whdProp(words[owner].Text)
	joined := words[owner].Text
	for _, w := range run {
		joined += "%20" + w.Text
	}
	return fmt.Sprintf("line %d: %s after -D%s=%s: a space cut the value of %s, which whdctl was not asked to change", line, list, name, val, name),
		fmt.Sprintf("line %d: write the space before %s as %%20 (%s), or remove %s", line, list, joined, list)
}

// meantValue is the value of the property of words[i] as the admin meant
// it: with the rest cut off at a space joined back with a space.
func (p *whdPlan) meantValue(i int, rest []int) string {
	_, v, _ := whdProp(p.words[i].Text)
	for _, k := range rest {
		v += " " + p.words[k].Text
	}
	return v
}

// dropRest removes the stray words that are the rest of the value of the
// property of words[i], and says so.
func (p *whdPlan) dropRest(i int, rest []int) {
	run := make([]whdconf.Word, len(rest))
	for n, k := range rest {
		p.ops[k].drop = true
		run[n] = p.words[k]
	}
	name, _, _ := whdProp(p.words[i].Text)
	p.warn("line %d: removed %s after -D%s: the old value %q was cut at a space, and java took %q for the class to run, so WHD could not start",
		run[0].Line, whdQuotedWords(run), name, p.meantValue(i, rest), run[0].Text)
}

// whdWordEnd is the JAVA_OPTS assignment whose literal text ends the word
// (nil when it does not come from one).
func whdWordEnd(w whdconf.Word) *whdconf.Assignment {
	if len(w.Spans) == 0 {
		return nil
	}
	a := w.Spans[len(w.Spans)-1].Assignment
	if a == nil || a.Name != "JAVA_OPTS" {
		return nil
	}
	return a
}

// whdWordFrom: all the text of the word is written in assignment a.
func whdWordFrom(w whdconf.Word, a *whdconf.Assignment) bool {
	if len(w.Spans) == 0 {
		return false
	}
	for _, s := range w.Spans {
		if s.Assignment != a {
			return false
		}
	}
	return true
}

// whdQuotedWords lists words for a message: "a", "a" and "b", with the
// line of each when they are not all on one line.
func whdQuotedWords(ws []whdconf.Word) string {
	sameLine := true
	for _, w := range ws {
		sameLine = sameLine && w.Line == ws[0].Line
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmt.Sprintf("%q", w.Text)
		if !sameLine {
			parts[i] += fmt.Sprintf(" (line %d)", w.Line)
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func (p *whdPlan) generalWarnings() {
	f := p.f
	if f.LostToBOM != "" {
		p.warn("line 1: the file starts with a UTF-8 byte order mark glued to %s=...: bash runs that line as a command and does not set %s (left as it is; remove the byte order mark to make it count)", f.LostToBOM, f.LostToBOM)
	}
	if len(f.CRLFLines) > 0 {
		p.warn("lines %s end with CRLF: bash keeps a carriage return at the end of the values on those lines", whdIntList(f.CRLFLines, 10))
	}
	for _, w := range p.jo.Words {
		if w.Glob {
			p.warn("line %d: %s has *, ? or [: the start script expands $JAVA_OPTS unquoted, so bash replaces it with matching file names if any exist", w.Line, w.Text)
		}
	}
	for _, a := range p.jo.Assignments {
		if a.Context == whdconf.Prefix && a.Op != "unset" {
			// JAVA_OPTS=-Xmx2g -Dx=y: the unquoted space ends the value,
			// and bash runs -Dx=y as a command with JAVA_OPTS set for it
			// alone. Left as it is: what was meant is for the admin to say.
			fix := fmt.Sprintf("quote the whole value: JAVA_OPTS=\"%s %s ...\"", a.Raw, a.Command)
			if strings.ContainsAny(a.Raw+a.Command, "\"'`\\") {
				// Quoting it again would make its own quotes part of the value.
				fix = "write the whole value inside one pair of double quotes"
			}
			p.warn("line %d: JAVA_OPTS=%s %s...: bash runs %s as a command with JAVA_OPTS set for that command alone (the unquoted space ends the value), so this line sets nothing for WHD and %s does not reach Java (left as it is; if it was meant, %s)",
				a.Line(), a.Raw, a.Command, a.Command, a.Raw, fix)
		}
	}
	for i := 0; i < len(f.Rejected); {
		r := f.Rejected[i]
		j := i + 1
		for j < len(f.Rejected) && f.Rejected[j].After == r.After {
			j++
		}
		run := f.Rejected[i:j]
		i = j
		a := r.After
		if a == nil || a.Name != "JAVA_OPTS" || a.Context != whdconf.TopLevel || a.Failed != "" {
			continue
		}
		// export JAVA_OPTS=-Xmx2g -Dx=y: the unquoted space ends the value,
		// and export rejects -Dx=y as a variable name.
		words := make([]string, 0, len(run))
		for _, x := range run {
			w := x.Text
			if strings.ContainsFunc(w, unicode.IsControl) {
				w = strconv.Quote(w)
			}
			words = append(words, w)
		}
		what, reach := "as a variable name", "it does not reach"
		if len(run) > 1 {
			what, reach = "each as a variable name", "they do not reach"
		}
		fix := "write the whole value inside one pair of double quotes"
		if line, ok := f.QuotedDeclLine(a, run[len(run)-1]); ok {
			fix = "quote the whole value: " + line
		}
		p.warn("line %d: JAVA_OPTS ends at an unquoted space, and %s rejects %s %s (bash prints \"not a valid identifier\"), so %s Java (left as it is; if it was meant, %s)",
			a.Line(), r.Via, strings.Join(words, " "), what, reach, fix)
	}
	for _, q := range f.TypographicQuotes {
		if !q.InComment {
			p.warn("line %d, column %d: typographic quote %c: bash does not treat it as a quote", q.Pos.Line, q.Pos.Col, q.Rune)
		}
	}
}

func (p *whdPlan) deadSummary(dead []whdconf.Flag, changed bool) string {
	var lost, revived []string
	requested := map[string]bool{}
	for _, s := range p.sets {
		requested[s.Name] = true
	}
	for _, fl := range dead {
		item := fmt.Sprintf("%s (line %d)", fl.Text, fl.Line)
		if name, _, ok := whdProp(fl.Text); ok && requested[name] {
			// Its old value may differ from the one requested: name it only.
			revived = append(revived, fmt.Sprintf("-D%s (line %d)", name, fl.Line))
		} else {
			lost = append(lost, item)
		}
	}
	final := 0
	if p.jo.Final != nil {
		final = p.jo.Final.Line()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "JAVA_OPTS is assigned more than once and a later assignment overwrote earlier flags; only what reaches line %d takes effect.", final)
	if len(lost) > 0 {
		fmt.Fprintf(&b, " These flags had no effect and still have none (whdctl never revives a flag that was overwritten; add it to line %d yourself if you want it): %s.", final, strings.Join(lost, ", "))
	}
	if len(revived) > 0 {
		if changed {
			fmt.Fprintf(&b, " These requested properties were also set on overwritten lines, with no effect there; the effective JAVA_OPTS now has them with the requested values: %s.", strings.Join(revived, ", "))
		} else {
			fmt.Fprintf(&b, " These requested properties were also set on overwritten lines, with no effect there; the effective JAVA_OPTS already has them with the requested values: %s.", strings.Join(revived, ", "))
		}
	}
	return b.String()
}

// handEditHint tells how to make the requested change by hand. The line it
// suggests adding goes where bash reads it last: at the end of the file, or
// just before the line where bash stops reading the file (return).
func (p *whdPlan) handEditHint() string {
	st := p.f.Stop
	if ms := p.f.MaybeStop; ms != nil && (st == nil || ms.Start.Offset < st.Start.Offset) {
		st = ms
	}
	if st != nil && st.Exits {
		return fmt.Sprintf("Line %d ends the start script itself (%s), so nothing after it runs and WHD is not started with this file: remove that line (or use return there if only the rest of whd.conf is to be skipped), then run whdctl again.",
			st.Reason.Pos.Line, whdStopWord(st))
	}
	var flags []string
	for _, s := range p.sets {
		flags = append(flags, "-D"+s.Name+"="+s.Value)
	}
	if len(flags) == 0 {
		return "Edit JAVA_OPTS in whd.conf by hand."
	}
	line := "\n  JAVA_OPTS=\"$JAVA_OPTS " + strings.Join(flags, " ") + "\""
	const noOther = "make sure JAVA_OPTS has no other value for these properties"
	if st == nil {
		return "Edit whd.conf by hand: " + noOther + ", then add this line at the end of the file:" + line
	}
	// Where the JAVA_OPTS assignments that may run are, against the stop.
	lineStart := p.f.LineStart(st.Start.Line)
	after, sameLine := 0, false
	for _, a := range p.jo.Assignments {
		switch {
		case a.Context == whdconf.NotRun || a.Context == whdconf.Subshell || a.Context == whdconf.Prefix:
		case a.Pos.Offset >= st.Start.Offset:
			if after == 0 {
				after = a.Line()
			}
		case a.Stmt != nil && a.Stmt.End.Offset > lineStart:
			sameLine = true
		}
	}
	word := whdStopWord(st)
	stop := fmt.Sprintf("line %d (%s)", st.Start.Line, word)
	if l := st.Reason.Pos.Line; l != st.Start.Line {
		stop = fmt.Sprintf("line %d (the statement holding the %s of line %d)", st.Start.Line, word, l)
	}
	stops := "stops"
	if st != p.f.Stop {
		stops = "may stop"
	}
	switch {
	case after > 0:
		// No place is sure to be read last: no line to add.
		return fmt.Sprintf("Edit whd.conf by hand so that WHD gets these flags in JAVA_OPTS, with no other value for these properties, whether or not bash stops reading the file at %s; JAVA_OPTS is set again on line %d, so no single added line is sure to take effect. The flags:\n  %s",
			stop, after, strings.Join(flags, " "))
	case sameLine:
		return fmt.Sprintf("Edit whd.conf by hand: %s, then split line %d so that the statement with the %s starts a line of its own, after the JAVA_OPTS assignment, and add this line just before it (bash %s reading the file there, so a line added at the end would never be read):%s",
			noOther, st.Start.Line, word, stops, line)
	}
	return fmt.Sprintf("Edit whd.conf by hand: %s, then add this line just before %s, where bash %s reading the file (a line added at the end of the file would not be read):%s",
		noOther, stop, stops, line)
}

// whdStopWord names the command that stops the reading of the file.
func whdStopWord(st *whdconf.StopPoint) string {
	msg := st.Reason.Msg
	if strings.HasPrefix(msg, "set -n") {
		return "set -n"
	}
	w, _, _ := strings.Cut(msg, " ")
	return w
}

// whdEdit replaces src[start:end] with text.
type whdEdit struct {
	start, end int
	text       string
	seq        int
}

func applyWhdEdits(src []byte, edits []whdEdit) ([]byte, error) {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		// An insertion goes before a replacement starting at the same
		// place (an opening quote before an unquoted word that changes).
		if zi, zj := edits[i].start == edits[i].end, edits[j].start == edits[j].end; zi != zj {
			return zi
		}
		return edits[i].seq < edits[j].seq
	})
	var b []byte
	pos := 0
	for _, e := range edits {
		if e.start < pos || e.end < e.start || e.end > len(src) {
			return nil, fmt.Errorf("two of the changes would touch the same text on line %d", 1+bytes.Count(src[:min(max(e.start, 0), len(src))], []byte("\n")))
		}
		b = append(b, src[pos:e.start]...)
		b = append(b, e.text...)
		pos = e.end
	}
	return append(b, src[pos:]...), nil
}

// whdWordRange returns the source range of a word written as one plain run of
// text inside one JAVA_OPTS assignment (no escapes, no quote boundaries).
func whdWordRange(w whdconf.Word) (start, end int, q whdconf.Quote, ok bool) {
	if len(w.Spans) == 0 {
		return 0, 0, 0, false
	}
	a := w.Spans[0].Assignment
	q = w.Spans[0].Quote
	if a == nil || a.Name != "JAVA_OPTS" || a.Context != whdconf.TopLevel || q == whdconf.Environment {
		return 0, 0, 0, false
	}
	start, end = w.Spans[0].Start, w.Spans[0].Start
	for _, s := range w.Spans {
		if !s.Exact || s.Assignment != a || s.Quote != q || s.Start != end || s.Start < 0 {
			return 0, 0, 0, false
		}
		end = s.End
	}
	return start, end, q, true
}

// whdSafeUnquoted: characters that mean themselves in an unquoted assignment value.
func whdSafeUnquoted(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("%+,-./:=@_", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// tryMinimal edits the words where they are written and inserts new flags
// into the JAVA_OPTS assignment in effect.
func (p *whdPlan) tryMinimal() ([]byte, *whdconf.File, error) {
	src := p.src
	var edits []whdEdit
	add := func(start, end int, text string) {
		edits = append(edits, whdEdit{start, end, text, len(edits)})
	}
	type dropRange struct {
		start, end int
		q          whdconf.Quote
	}
	var drops []dropRange
	for i, op := range p.ops {
		if !op.drop && op.replace == "" {
			continue
		}
		w := p.words[i]
		start, end, q, ok := whdWordRange(w)
		if !ok {
			return nil, nil, fmt.Errorf("line %d: %s is written in pieces (quotes, escapes or other variables), so whdctl cannot edit it where it is", w.Line, w.Text)
		}
		if op.replace != "" {
			if q == whdconf.Unquoted && !whdSafeUnquoted(op.replace) {
				return nil, nil, fmt.Errorf("line %d: %s is written without quotes and the new value would need them", w.Line, w.Text)
			}
			add(start, end, op.replace)
			continue
		}
		drops = append(drops, dropRange{start, end, q})
	}
	// Words removed together (a property and the rest of its value) go as
	// one piece when only blanks separate them.
	sort.SliceStable(drops, func(i, j int) bool { return drops[i].start < drops[j].start })
	var merged []dropRange
	for _, d := range drops {
		if n := len(merged); n > 0 && merged[n-1].q == d.q && d.start >= merged[n-1].end &&
			strings.Trim(string(src[merged[n-1].end:d.start]), " \t") == "" {
			merged[n-1].end = d.end
			continue
		}
		merged = append(merged, d)
	}
	claimed := map[int]bool{}
	for _, d := range merged {
		start, end, q := d.start, d.end, d.q
		// Drop the words and one run of blanks next to them (inside the quotes).
		s, e := start, end
		if q != whdconf.Unquoted {
			j := e
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') && !claimed[j] {
				j++
			}
			if j > e {
				e = j
			} else {
				k := s
				for k > 0 && (src[k-1] == ' ' || src[k-1] == '\t') && !claimed[k-1] {
					k--
				}
				s = k
			}
		}
		for k := s; k < e; k++ {
			claimed[k] = true
		}
		add(s, e, "")
	}
	if len(p.adds) > 0 {
		ins, err := p.insertion()
		if err != nil {
			return nil, nil, err
		}
		edits = append(edits, ins...)
	}
	cons, commented := p.consolidation(nil)
	edits = append(edits, cons...)
	out, err := applyWhdEdits(src, edits)
	if err != nil {
		return nil, nil, err
	}
	g, err := p.verify(out)
	if err != nil {
		return nil, nil, err
	}
	p.warnCommented(commented, "a later JAVA_OPTS assignment overwrote them, so they had no effect")
	return out, g, nil
}

func (p *whdPlan) addedFlags() string {
	var flags []string
	for _, s := range p.adds {
		flags = append(flags, "-D"+s.Name+"="+s.Value)
	}
	return strings.Join(flags, " ")
}

// insertion places the new flags at the end of the effective JAVA_OPTS.
func (p *whdPlan) insertion() ([]whdEdit, error) {
	src := p.src
	flags := p.addedFlags()
	a := p.jo.Final
	if a != nil && a.Op != "unset" && a.Context == whdconf.TopLevel && a.Failed == "" {
		parts := a.Parts
		switch {
		case len(parts) > 0 && (parts[len(parts)-1].Kind == whdconf.PartDouble || parts[len(parts)-1].Kind == whdconf.PartSingle):
			last := parts[len(parts)-1]
			closing := last.End - 1
			open := last.Start + 1
			if src[last.Start] == '$' {
				open++
			}
			text := " " + flags
			switch {
			case closing == open:
				text = flags
			case src[closing-1] == ' ' || src[closing-1] == '\t' || src[closing-1] == '\n':
				text = flags + string(src[closing-1])
			}
			return []whdEdit{{closing, closing, text, 1000}}, nil
		case len(parts) == 1 && parts[0].Kind == whdconf.PartLiteral && whdSafeUnquoted(string(src[parts[0].Start:parts[0].End])):
			return []whdEdit{
				{parts[0].Start, parts[0].Start, `"`, 1000},
				{parts[0].End, parts[0].End, " " + flags + `"`, 1001},
			}, nil
		case len(parts) == 0 && a.ValPos.Offset == a.ValEnd.Offset:
			return []whdEdit{{a.ValPos.Offset, a.ValPos.Offset, `"` + flags + `"`, 1000}}, nil
		}
		// A line of its own right after the assignment in effect.
		if a.Stmt != nil && a.Stmt.OwnLines && a.Stmt.TopLevel {
			next := p.f.LineStart(a.Stmt.LastLine() + 1)
			line := `JAVA_OPTS="$JAVA_OPTS ` + flags + `"`
			if next > 0 && src[next-1] == '\n' {
				return []whdEdit{{next, next, line + "\n", 1000}}, nil
			}
			if next == len(src) {
				if err := p.openContinuation(); err != nil {
					return nil, err
				}
				return []whdEdit{{next, next, "\n" + line, 1000}}, nil
			}
		}
	}
	// No usable JAVA_OPTS assignment: a new line at the end of the file.
	// It appends to $JAVA_OPTS rather than setting it, so nothing the start
	// script put in JAVA_OPTS before sourcing whd.conf is lost.
	line := `JAVA_OPTS="$JAVA_OPTS ` + flags + `"`
	if st := p.f.Stop; st != nil {
		// bash never reads past a return: the line goes just before the
		// line where it stops, when the assignment in effect ends before it.
		at := p.f.LineStart(st.Start.Line)
		if a != nil && a.Stmt != nil && a.Stmt.End.Offset > at {
			return nil, fmt.Errorf("bash stops reading the file at the %s on line %d, right after the JAVA_OPTS assignment there, so there is no place for a new line", whdStopWord(st), st.Reason.Pos.Line)
		}
		if at == 0 && p.f.BOM {
			at = 3
		}
		return []whdEdit{{at, at, line + "\n", 1000}}, nil
	}
	n := len(src)
	switch {
	case n == 0:
		return []whdEdit{{0, 0, line + "\n", 1000}}, nil
	case src[n-1] == '\n':
		return []whdEdit{{n, n, line + "\n", 1000}}, nil
	default: // keep the file without a final newline
		if err := p.openContinuation(); err != nil {
			return nil, err
		}
		return []whdEdit{{n, n, "\n" + line, 1000}}, nil
	}
}

// openContinuation refuses a new line after a last line that ends in a
// lone backslash with no newline after it: the newline would make the
// backslash a line continuation and glue the new line onto that one,
// changing what both do.
func (p *whdPlan) openContinuation() error {
	if n := p.f.OpenContinuation(); n > 0 {
		return &RefusalError{
			Reason: fmt.Sprintf("line %d, the last line of the file, ends in a backslash with no newline after it: a line added after it would be joined onto it (bash reads a backslash before a newline as a line continuation)", n),
			Hint:   fmt.Sprintf("Remove the backslash at the end of line %d if it is not meant to be there, or finish that line by hand; then run whdctl again.", n),
		}
	}
	return nil
}

// consolidation comments out the top-level JAVA_OPTS statements whose value
// was overwritten before it was used (and, for the rebuild, extra ones).
// Statements that share a line with something else, export JAVA_OPTS or run
// something are left alone.
func (p *whdPlan) consolidation(also map[*whdconf.Assignment]bool) ([]whdEdit, []int) {
	var edits []whdEdit
	done := map[*whdconf.Statement]bool{}
	var commented []int
	for _, a := range p.jo.Assignments {
		if a == p.jo.Final || a.Stmt == nil || done[a.Stmt] {
			continue
		}
		if !(a.Dead || also[a]) || !p.commentable(a.Stmt) {
			continue
		}
		done[a.Stmt] = true
		for l := a.Stmt.FirstLine(); l <= a.Stmt.LastLine(); l++ {
			at := p.f.LineStart(l)
			edits = append(edits, whdEdit{at, at, "#", len(edits)})
		}
		commented = append(commented, a.Line())
	}
	return edits, commented
}

func (p *whdPlan) warnCommented(lines []int, why string) {
	if len(lines) > 0 {
		p.warn("commented out the JAVA_OPTS assignment(s) on line(s) %s: %s", whdIntList(lines, 20), why)
	}
}

// commentable: a statement of whole lines made only of top-level JAVA_OPTS
// assignments that are known, do not export and run nothing.
func (p *whdPlan) commentable(st *whdconf.Statement) bool {
	if !st.Pure || !st.OwnLines || !st.TopLevel {
		return false
	}
	for _, a := range st.Assignments {
		if a.Name != "JAVA_OPTS" || a.Context != whdconf.TopLevel || !a.Known || a.Exports || a.Readonly ||
			a.Via != "" || len(a.CommandSubsts) > 0 || a.Op == "unset" {
			return false
		}
	}
	return true
}

// tryRebuild writes the whole effective JAVA_OPTS into the assignment in
// effect and comments out the other JAVA_OPTS assignments. Only for files
// where JAVA_OPTS is made of JAVA_OPTS's own literal text.
func (p *whdPlan) tryRebuild() ([]byte, *whdconf.File, error) {
	a := p.jo.Final
	if a == nil || a.Op == "unset" || a.Context != whdconf.TopLevel || a.Failed != "" {
		return nil, nil, fmt.Errorf("no JAVA_OPTS assignment in effect can be rewritten")
	}
	inherited := p.jo.Value.Inherited
	for i, s := range p.jo.Value.Spans {
		if s.Quote == whdconf.Environment {
			if i != 0 {
				return nil, nil, fmt.Errorf("JAVA_OPTS puts its earlier value ($JAVA_OPTS) after other flags")
			}
			continue
		}
		if s.Assignment == nil || s.Assignment.Name != "JAVA_OPTS" {
			return nil, nil, fmt.Errorf("part of JAVA_OPTS (%q) comes from another variable%s", s.Text, whdSpanOrigin(s))
		}
	}
	others := map[*whdconf.Assignment]bool{}
	for _, b := range p.jo.Assignments {
		if b.ReadByOther {
			return nil, nil, fmt.Errorf("the JAVA_OPTS of line %d is also used by a command or a condition, which a rewrite would change", b.Line())
		}
		for _, r := range b.ReadBy {
			if r.Name != "JAVA_OPTS" {
				return nil, nil, fmt.Errorf("%s on line %d is built from the JAVA_OPTS of line %d, so a rewrite would change it too", r.Name, r.Line(), b.Line())
			}
		}
		if b == a || b.Context != whdconf.TopLevel {
			continue
		}
		if inherited && !p.commentable(b.Stmt) {
			return nil, nil, fmt.Errorf("the JAVA_OPTS assignment on line %d cannot be commented out on its own (it shares its line with other commands, exports JAVA_OPTS or runs a command)", b.Line())
		}
		others[b] = true
	}
	var b strings.Builder
	b.WriteString(`="`)
	if inherited {
		b.WriteString("$JAVA_OPTS")
	}
	for i, w := range p.target {
		if i > 0 || inherited {
			b.WriteByte(' ')
		}
		for _, r := range w {
			if r == '\\' || r == '"' || r == '$' || r == '`' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
	}
	b.WriteString(`"`)
	edits := []whdEdit{{a.OpPos.Offset, a.ValEnd.Offset, b.String(), 0}}
	cons, commented := p.consolidation(others)
	edits = append(edits, cons...)
	out, err := applyWhdEdits(p.src, edits)
	if err != nil {
		return nil, nil, err
	}
	g, err := p.verify(out)
	if err != nil {
		return nil, nil, err
	}
	p.warn("rewrote the JAVA_OPTS assignment on line %d as one double-quoted value holding every effective flag", a.Line())
	p.warnCommented(commented, fmt.Sprintf("their effective flags are now written out on line %d", a.Line()))
	return out, g, nil
}

// whdSpanOrigin names the variable and line a span of text comes from.
func whdSpanOrigin(s whdconf.Span) string {
	if s.Assignment != nil {
		return fmt.Sprintf(" (%s, line %d)", s.Assignment.Name, s.Assignment.Line())
	}
	return ""
}

// verify reads the output as bash would and checks that it does exactly
// what was planned: the target JAVA_OPTS words, the same value for every
// other variable whdctl knows (apart from those built from JAVA_OPTS).
func (p *whdPlan) verify(out []byte) (*whdconf.File, error) {
	g, err := whdconf.Parse(out)
	if err != nil {
		return nil, err
	}
	if g.SyntaxErr != nil {
		return nil, fmt.Errorf("the change would leave a shell syntax error on line %d", g.SyntaxErr.Pos.Line)
	}
	jo := g.JavaOpts()
	if !jo.Known || !jo.DefaultIFS {
		return nil, fmt.Errorf("after the change, what WHD gets in JAVA_OPTS could no longer be worked out from the file")
	}
	if got := whdWordTexts(jo.Words); !whdSameStrings(got, p.target) {
		return nil, p.mismatch(got)
	}
	if jo.Value.Exported != p.jo.Value.Exported || (jo.Value.ExportUnknown == nil) != (p.jo.Value.ExportUnknown == nil) {
		return nil, fmt.Errorf("the change would change whether JAVA_OPTS is exported to the programs the start script runs")
	}
	if jo.Value.Inherited != p.jo.Value.Inherited {
		return nil, fmt.Errorf("the change would change whether JAVA_OPTS keeps the value the start script gave it before reading whd.conf")
	}
	seen := map[string]bool{"JAVA_OPTS": true}
	for _, a := range p.f.Assignments {
		if seen[a.Name] {
			continue
		}
		seen[a.Name] = true
		before, _ := p.f.Var(a.Name)
		if !before.Known || whdFromJavaOpts(before) {
			continue
		}
		after, _ := g.Var(a.Name)
		if !after.Known || after.Text != before.Text || after.Set != before.Set || after.Exported != before.Exported ||
			(after.ExportUnknown == nil) != (before.ExportUnknown == nil) {
			return nil, fmt.Errorf("the change would also change %s", a.Name)
		}
	}
	return g, nil
}

// mismatch says, in terms of JVM options, how the words a change would give
// (got) differ from the planned ones.
func (p *whdPlan) mismatch(got []string) error {
	count := map[string]int{}
	for _, w := range got {
		count[w]++
	}
	var missing []string
	for _, w := range p.target {
		if count[w] > 0 {
			count[w]--
		} else {
			missing = append(missing, w)
		}
	}
	var extra []string
	for _, w := range got {
		if count[w] > 0 {
			count[w]--
			extra = append(extra, w)
		}
	}
	switch {
	case len(missing) > 0:
		return fmt.Errorf("with that change WHD would not get %s", whdFlagList(missing))
	case len(extra) > 0:
		return fmt.Errorf("with that change WHD would also get %s", whdFlagList(extra))
	}
	return fmt.Errorf("with that change WHD would get its JVM options in another order, which matters when one is given twice")
}

func whdFlagList(ws []string) string {
	if len(ws) > 3 {
		return strings.Join(ws[:3], ", ") + fmt.Sprintf(" and %d more", len(ws)-3)
	}
	return strings.Join(ws, ", ")
}

func whdFromJavaOpts(v whdconf.Value) bool {
	for _, s := range v.Spans {
		if s.Assignment != nil && s.Assignment.Name == "JAVA_OPTS" {
			return true
		}
	}
	for _, a := range v.Contributing {
		for _, r := range a.Refs {
			if r == "JAVA_OPTS" {
				return true
			}
		}
	}
	return false
}

// fillLines sets the output line of each requested property.
func (p *whdPlan) fillLines(g *whdconf.File) {
	for _, w := range g.JavaOpts().Words {
		name, _, ok := whdProp(w.Text)
		if !ok {
			continue
		}
		if i, ok := p.setAction[name]; ok {
			p.res.Actions[i].Line = w.Line
		}
	}
}

func whdWordTexts(ws []whdconf.Word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Text
	}
	return out
}

func whdSameStrings(a, b []string) bool {
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

func whdIntList(xs []int, max int) string {
	var parts []string
	for i, x := range xs {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(xs)-max))
			break
		}
		parts = append(parts, fmt.Sprint(x))
	}
	return strings.Join(parts, ", ")
}
