package patcher

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/internal/lazyre"
)

// WrapperInput is a wrapper configuration file with what is needed to read
// its includes.
type WrapperInput struct {
	Src      []byte
	ConfPath string               // where the file is; used for WorkDir when that is empty
	WorkDir  string               // the wrapper's working directory, for relative #include paths
	Read     wrapperconf.ReadFunc // reads included files; nil: includes are not read
}

// PatchWrapper plans the edit of a wrapper configuration file. It is pure
// apart from in.Read, which reads included files (never edited).
func PatchWrapper(in WrapperInput, req Request) (*Result, error) {
	f := wrapperconf.Parse(in.Src)
	if len(f.CRInside) > 0 {
		return nil, &RefusalError{
			Reason: fmt.Sprintf("the file has carriage returns that are not followed by a newline (line %d): the wrapper reads only the text before each one, so lines after it may be lost", f.CRInside[0]),
			Hint:   "Convert the file to CRLF (Windows) or LF line endings, check it, then run whdctl again.",
		}
	}
	wd := in.WorkDir
	if wd == "" && in.ConfPath != "" {
		wd = WrapperWorkDir(in.ConfPath)
	}
	cfg := wrapperconf.Load(f, wd, in.Read)
	p := &wrapperPlan{f: f, cfg: cfg, req: req, res: &Result{}, workDir: wd, read: in.Read}
	return p.run()
}

type wrapperPlan struct {
	f   *wrapperconf.File
	cfg *wrapperconf.Config
	req Request
	res *Result
	ed  *lineEditor
	add *wrapperconf.Additional
	// renumbering: line index -> new digits for the key
	renumber map[*wrapperconf.Slot]int64
	refs     []lineRef
	workDir  string
	read     wrapperconf.ReadFunc
}

func (p *wrapperPlan) warn(format string, a ...any) {
	p.res.Warnings = append(p.res.Warnings, fmt.Sprintf(format, a...))
}

func (p *wrapperPlan) run() (*Result, error) {
	lines := make([]edLine, len(p.f.Lines))
	for i, l := range p.f.Lines {
		lines[i] = edLine{l.Start, l.End, l.EOL}
	}
	p.ed = newLineEditor(p.f.Src, lines, p.f.LineEnding())
	p.add = p.cfg.Additional()

	for _, inc := range p.cfg.Includes {
		switch {
		case inc.Unresolved && len(inc.Matched) > 0:
			if matter := inc.Settings(); len(matter) > 0 {
				return nil, &RefusalError{
					Reason:  fmt.Sprintf("line %d: #include %s names a variable that whdctl cannot resolve (the wrapper takes it from the service's environment), and files that match it set what the JVM gets, so whdctl cannot tell which entries the JVM gets", inc.Line, inc.Path),
					Details: matter,
					Hint:    "Move the settings of the file the wrapper reads into the template (or write its path without the variable), then run whdctl again.",
				}
			}
			p.warn("line %d: #include %s names a variable from the service's environment; the files it may be (%s) set nothing that reaches the JVM's options, so they do not change what whdctl writes", inc.Line, inc.Path, strings.Join(inc.MatchPaths(), ", "))
		case inc.Found:
			p.warn("read included file %s (line %d); whdctl never edits included files", inc.Resolved, inc.Line)
		case inc.Err != "":
			return nil, &ParseError{Line: inc.Line, Msg: fmt.Sprintf("cannot read included file %s: %s", inc.Resolved, inc.Err)}
		case inc.Required && p.canLookUp(inc):
			return nil, &RefusalError{
				Reason: fmt.Sprintf("line %d: #include.required %s: the file does not exist (looked for %s), so the wrapper stops and WHD does not start, with or without the Microsoft 365 settings", inc.Line, inc.Path, inc.Resolved),
				Hint:   "Fix the path (relative to the folder of the wrapper binary, bin/wrapper/bin) or create the file, then run whdctl again (whdctl explain WHD111).",
			}
		}
	}
	if err := p.laterArguments(); err != nil {
		return nil, err
	}
	for _, e := range p.f.Entries {
		if e.LostToBOM {
			p.warn("line 1: a UTF-8 byte order mark comes before the key %q, so the wrapper does not recognise it (left as it is)", e.RawKey)
		}
	}
	if err := p.checkEncoding(); err != nil {
		return nil, err
	}

	// 1. Gaps: never silently change which entries are live.
	if p.add.Break != nil {
		if !p.req.Renumber {
			return nil, p.gapRefusal()
		}
	}
	needRenumber := p.req.Renumber && (p.add.Break != nil || p.anyOverridden())
	// 2. Which live slots hold each requested property.
	props := p.add.Props()
	if p.req.Renumber {
		props = p.allProps()
	}
	var dupes []string
	for _, name := range p.req.names() {
		if ps := props[name]; len(ps) > 1 && !p.req.Dedupe {
			for _, x := range ps {
				dupes = append(dupes, fmt.Sprintf("%s: %s=%s (-D%s=%s)", x.Slot.Where(), x.Slot.Def.Entry.RawKey, x.Slot.Def.Entry.RawValue, x.Name, x.Value))
			}
		}
	}
	if len(dupes) > 0 {
		return nil, &RefusalError{
			Reason:  "a property whdctl manages is set in several live entries; the JVM keeps the one with the highest index",
			Details: dupes,
			Hint:    "Run again with --dedupe to keep only the entry the JVM uses (the others are removed and the list is renumbered), or remove the extra entries by hand.",
		}
	}

	removedSlots := map[*wrapperconf.Slot]bool{}
	var pending []Property // to be added
	for _, prop := range p.req.Set {
		ps := props[prop.Name]
		if len(ps) == 0 {
			pending = append(pending, prop)
			continue
		}
		keep := ps[len(ps)-1]
		for _, x := range ps {
			if err := sharedEntry(x); err != nil {
				return nil, err
			}
		}
		for _, x := range ps[:len(ps)-1] {
			if err := p.mustBeMain(x.Slot, "remove a duplicate of "+prop.Name); err != nil {
				return nil, err
			}
			removedSlots[x.Slot] = true
			p.warn("%s: removed %s (a duplicate of -D%s; the JVM used %s)", x.Slot.Where(), x.Slot.Def.Entry.RawKey, prop.Name, keep.Slot.Where())
		}
		act := Action{Property: prop.Name, Key: keep.Slot.Def.Entry.RawKey, OldValue: keep.Value, NewValue: prop.Value}
		if keep.Value == prop.Value || p.expand(keep.Value) == prop.Value {
			act.Action = ActionUnchanged
		} else {
			if err := p.mustBeMain(keep.Slot, "update "+prop.Name); err != nil {
				return nil, err
			}
			text, err := renderArg(prop)
			if err != nil {
				return nil, err
			}
			e := keep.Slot.Def.Entry
			p.ed.replace(e.Line-1, e.ValueStart, e.ValueEnd, text)
			act.Action = ActionUpdated
		}
		if inc := keep.Slot.Def.Src.Path; inc != "" {
			// Unchanged in an included file (mustBeMain refused the rest).
			act.File, act.Line = inc, keep.Slot.Def.Entry.Line
			p.res.Actions = append(p.res.Actions, act)
			continue
		}
		p.res.Actions = append(p.res.Actions, act)
		p.trackLine(len(p.res.Actions)-1, keep.Slot.Def.Entry.Line-1)
	}
	for _, name := range p.req.Remove {
		ps := props[name]
		if len(ps) == 0 {
			p.res.Actions = append(p.res.Actions, Action{Property: name, Action: ActionAbsent})
			continue
		}
		for _, x := range ps {
			if err := sharedEntry(x); err != nil {
				return nil, err
			}
			if err := p.mustBeMain(x.Slot, "remove "+name); err != nil {
				return nil, err
			}
			removedSlots[x.Slot] = true
			p.res.Actions = append(p.res.Actions, Action{Property: name, Action: ActionRemoved, Key: x.Slot.Def.Entry.RawKey, OldValue: x.Value})
		}
	}
	for s := range removedSlots {
		p.removeSlot(s)
	}
	// Removing a slot leaves a gap unless gaps are allowed: close it.
	if len(removedSlots) > 0 && !p.add.IgnoreGaps {
		needRenumber = true
	}
	next := p.add.MaxIndex() + 1
	if needRenumber {
		if err := p.planRenumber(removedSlots); err != nil {
			return nil, err
		}
		next = int64(len(p.renumber)) + 1
	}
	// 3. New entries go in the next slot the wrapper will read.
	at := p.insertPoint()
	for _, prop := range pending {
		text, err := renderArg(prop)
		if err != nil {
			return nil, err
		}
		key := wrapperconf.AdditionalPrefix + strconv.FormatInt(next, 10)
		if len(strconv.FormatInt(next, 10)) > 15 {
			return nil, &RefusalError{Reason: "the next index would have more than 15 digits, which the wrapper ignores", Hint: "Renumber the list with --renumber."}
		}
		next++
		line := key + "=" + text
		p.ed.insertAfter(at, line)
		p.res.Actions = append(p.res.Actions, Action{Property: prop.Name, Action: ActionAdded, Key: key, NewValue: prop.Value})
		p.trackNew(len(p.res.Actions)-1, line)
	}
	p.res.Output = p.ed.render()
	p.fillLines()
	p.res.Changed = string(p.res.Output) != string(p.f.Src)
	return p.res, nil
}

// names returns every property name the request touches.
func (r Request) names() []string {
	var out []string
	for _, s := range r.Set {
		out = append(out, s.Name)
	}
	return append(out, r.Remove...)
}

func (p *wrapperPlan) anyOverridden() bool {
	for _, s := range p.add.Slots {
		if len(s.Overridden) > 0 && s.Def.Src == p.cfg.Main {
			return true
		}
	}
	return false
}

// allProps is Props() as it will be after renumbering: every slot counts.
func (p *wrapperPlan) allProps() map[string][]wrapperconf.Prop {
	m := map[string][]wrapperconf.Prop{}
	for _, s := range p.add.Slots {
		if s.Arg == "" {
			continue
		}
		if n, v, ok := wrapperconf.ParseProp(s.Arg); ok {
			m[n] = append(m[n], wrapperconf.Prop{Name: n, Value: v, Slot: s})
		}
	}
	return m
}

func (p *wrapperPlan) mustBeMain(s *wrapperconf.Slot, what string) error {
	if s.Def.Src == p.cfg.Main {
		return nil
	}
	return &RefusalError{
		Reason: fmt.Sprintf("to %s whdctl would have to edit %s, which is an included file", what, s.Where()),
		Hint:   "whdctl never edits included files: change that entry by hand, or move it into the main file.",
	}
}

func (p *wrapperPlan) gapRefusal() error {
	b := p.add.Break
	var details []string
	for _, s := range p.add.Dead {
		state := "dead: not passed to the JVM today"
		if b.Repeated && s.Index == b.Found.Index {
			state = "same index as another key: the wrapper passes only one of them, and which one is not predictable"
		}
		details = append(details, fmt.Sprintf("%s: %s=%s (%s)", s.Where(), s.Def.Entry.RawKey, s.Def.Entry.RawValue, state))
	}
	for _, e := range p.f.Entries {
		if e.LostToBOM {
			details = append([]string{fmt.Sprintf("line 1: %s=%s is lost: a UTF-8 byte order mark is glued to the key (save the file without a BOM, or start it with #encoding=UTF-8)", e.RawKey, e.RawValue)}, details...)
		}
	}
	return &RefusalError{
		Reason:  "the wrapper.java.additional numbering has a gap: " + b.String() + ", so the entries after it are dead and a new entry there would be dead too",
		Details: details,
		Hint:    "Run again with --renumber to renumber the list contiguously from 1 (the dead entries above come alive: check them first), or fix the numbering by hand. Setting wrapper.ignore_sequence_gaps=TRUE also brings them alive.",
	}
}

func (p *wrapperPlan) removeSlot(s *wrapperconf.Slot) {
	p.ed.remove(s.Def.Entry.Line - 1)
	for _, o := range s.Overridden {
		if o.Src == p.cfg.Main {
			p.ed.remove(o.Entry.Line - 1)
		}
	}
	for _, e := range p.subKeys(s) {
		p.ed.remove(e.Line - 1)
	}
}

// subKeys returns the main-file entries wrapper.java.additional.<digits>.<x>
// (for example .stripquotes) that belong to slot s.
func (p *wrapperPlan) subKeys(s *wrapperconf.Slot) []*wrapperconf.Entry {
	var out []*wrapperconf.Entry
	prefix := s.Key + "."
	for i := range p.f.Entries {
		if strings.HasPrefix(p.f.Entries[i].Key, prefix) {
			out = append(out, &p.f.Entries[i])
		}
	}
	return out
}

// planRenumber numbers the remaining slots 1..n in the wrapper's order,
// rewriting only the digits of their keys, and comments out definitions that
// were overridden by a later one (they would otherwise take a new meaning).
func (p *wrapperPlan) planRenumber(removed map[*wrapperconf.Slot]bool) error {
	p.renumber = map[*wrapperconf.Slot]int64{}
	var n int64
	for _, s := range p.add.Slots {
		if removed[s] {
			continue
		}
		if s.Def.Src != p.cfg.Main {
			return &RefusalError{
				Reason: fmt.Sprintf("renumbering needs to change %s, which is in an included file", s.Where()),
				Hint:   "whdctl never edits included files: renumber by hand, or move the entries into the main file.",
			}
		}
		n++
		p.renumber[s] = n
		if n == s.Index && strconv.FormatInt(n, 10) == s.Digits {
			continue
		}
		e := s.Def.Entry
		p.ed.replace(e.Line-1, e.KeyEnd-len(s.Digits), e.KeyEnd, strconv.FormatInt(n, 10))
		for _, sub := range p.subKeys(s) {
			start := sub.KeyStart + len(s.Key) - len(s.Digits)
			p.ed.replace(sub.Line-1, start, start+len(s.Digits), strconv.FormatInt(n, 10))
		}
		if !s.Live {
			p.warn("%s: %s comes alive as %s%d: -> %s", s.Where(), e.RawKey, wrapperconf.AdditionalPrefix, n, s.Arg)
		} else {
			p.warn("%s: %s renumbered to %s%d", s.Where(), e.RawKey, wrapperconf.AdditionalPrefix, n)
		}
		for _, o := range s.Overridden {
			if o.Src != p.cfg.Main {
				continue
			}
			l := p.f.Lines[o.Entry.Line-1]
			p.ed.replace(o.Entry.Line-1, l.Start, l.Start, "#")
			p.warn("line %d: commented out %s=%s, which line %d redefined (only the last definition counts)", o.Entry.Line, o.Entry.RawKey, o.Entry.RawValue, e.Line)
		}
	}
	return nil
}

// insertPoint is the line index after which new entries go: after the last
// wrapper.java.additional.<n> line of the main file; else after the last
// wrapper.java.additional.* or wrapper.java.* line; else at the end.
func (p *wrapperPlan) insertPoint() int {
	last := func(pred func(e *wrapperconf.Entry) bool) int {
		at := -1
		for i := range p.f.Entries {
			e := &p.f.Entries[i]
			if pred(e) && !e.LostToBOM {
				at = e.Line - 1
			}
		}
		return at
	}
	if at := last(func(e *wrapperconf.Entry) bool { _, _, ok := wrapperconf.SlotIndex(e.Key); return ok }); at >= 0 {
		return at
	}
	if at := last(func(e *wrapperconf.Entry) bool { return strings.HasPrefix(e.Key, wrapperconf.AdditionalPrefix) }); at >= 0 {
		return at
	}
	if at := last(func(e *wrapperconf.Entry) bool { return strings.HasPrefix(e.Key, "wrapper.java.") }); at >= 0 {
		return at
	}
	return len(p.f.Lines) - 1
}

// Line tracking: actions learn their output line after rendering.
type lineRef struct {
	action  int
	oldLine int    // line index in the input, or -1
	newText string // inserted line text
}

func (p *wrapperPlan) trackLine(action, lineIdx int) {
	p.refs = append(p.refs, lineRef{action: action, oldLine: lineIdx})
}
func (p *wrapperPlan) trackNew(action int, text string) {
	p.refs = append(p.refs, lineRef{action: action, oldLine: -1, newText: text})
}
func (p *wrapperPlan) fillLines() {
	for _, r := range p.refs {
		if r.oldLine >= 0 {
			p.res.Actions[r.action].Line = p.ed.outLine[r.oldLine]
		} else {
			p.res.Actions[r.action].Line = p.ed.newLine[r.newText]
		}
	}
	// Keys after renumbering.
	for i := range p.res.Actions {
		a := &p.res.Actions[i]
		if a.Action == ActionAdded || a.Action == ActionRemoved {
			continue
		}
		for s, n := range p.renumber {
			if s.Def.Entry.RawKey == a.Key && s.Def.Src == p.cfg.Main {
				a.Key = a.Key[:len(a.Key)-len(s.Digits)] + strconv.FormatInt(n, 10)
				break
			}
		}
	}
}

// expand replaces the %NAME% references that set.NAME entries define, as
// the wrapper does (references to the service's environment stay as they are).
func (p *wrapperPlan) expand(v string) string { return p.cfg.ExpandSetVars(v) }

// canLookUp reports whether a missing include was really looked for: the
// file is read from disk and its path is absolute, or relative to a wrapper
// binary folder that exists (bin/wrapper/bin of an install; a template
// copied out of its install has none).
func (p *wrapperPlan) canLookUp(inc wrapperconf.IncludeStatus) bool {
	if p.read == nil || strings.Contains(inc.Resolved, "%") {
		return false
	}
	if filepath.IsAbs(inc.Path) {
		return true
	}
	// The binary's folder of a WHD install: bin/wrapper/bin.
	if filepath.Base(filepath.Dir(filepath.Clean(p.workDir))) != "wrapper" {
		return false
	}
	st, err := os.Stat(p.workDir)
	return err == nil && st.IsDir()
}

// checkEncoding refuses a file the wrapper will not load because of its
// encoding (WHD112, WHD113): WHD does not start with it, patched or not,
// and whdctl would be reporting entries that never reach Java.
func (p *wrapperPlan) checkEncoding() error {
	src := p.f.Src
	name, declared := wrapperconf.EncodingName(src)
	if declared && !wrapperconf.KnownEncoding(name) {
		return &RefusalError{
			Reason: fmt.Sprintf("line 1: #encoding=%s names an encoding the wrapper does not know: it refuses to load the file (\"Failed to load configuration\") and stops, so WHD does not start, with or without the Microsoft 365 settings", name),
			Hint:   "Make line 1 exactly #encoding=UTF-8 (the stock template's first line), save the file as UTF-8, and run whdctl again (whdctl explain WHD112).",
		}
	}
	for _, bf := range p.cfg.BadEncodings() {
		bad := bf.Bad
		if bf.Include == nil {
			return &RefusalError{
				Reason: fmt.Sprintf("line %d: %s %s not UTF-8, and line 1 says #encoding=UTF-8: the wrapper refuses to load the file (\"Invalid multibyte sequence\", \"Failed to load configuration\") and stops, so WHD does not start, with or without the Microsoft 365 settings", bad.Line, bad.Words(), bad.Verb()),
				Hint:   "Convert the file to UTF-8 (a character saved as Windows-1252 by an older editor is the usual cause; retype it), save it as UTF-8, and run whdctl again (whdctl explain WHD113).",
			}
		}
		return &RefusalError{
			Reason: fmt.Sprintf("line %d: #include %s reads %s, whose line 1 says #encoding=UTF-8 and whose line %d has %s, not UTF-8: the wrapper refuses the whole configuration and stops, so WHD does not start, with or without the Microsoft 365 settings", bf.Include.Line, bf.Include.Path, bf.Path, bad.Line, bad.Words()),
			Hint:   "Convert " + bf.Path + " to UTF-8 (retype the character on that line), save it as UTF-8, and run whdctl again (whdctl explain WHD113).",
		}
	}
	if !wrapperconf.DeclaresUTF8(src) {
		// whdctl writes UTF-8; the wrapper would read those bytes in
		// another encoding and Java would get other characters.
		in := "the system's default encoding (line 1 is not #encoding=...)"
		if declared {
			in = name
		}
		for _, prop := range p.req.Set {
			if _, err := renderArg(prop); err != nil {
				return err // the value's own problem says more
			}
			if i := strings.IndexFunc(prop.Value, func(r rune) bool { return r > 0x7f }); i >= 0 {
				r, _ := utf8.DecodeRuneInString(prop.Value[i:])
				return &InputError{Msg: fmt.Sprintf("the value of %s contains %q (%U), and the wrapper reads this file in %s, not UTF-8, so Java would get other characters: write the value in ASCII (percent-encode it in a URL), or make line 1 #encoding=UTF-8 and save the file as UTF-8 first", prop.Name, r, r, in)}
			}
		}
	}
	return nil
}

// simpleValue: values written without quotes, as the seed writes "true".
var simpleValue = lazyre.New(`^[A-Za-z0-9._\-]+$`)

// renderArg writes -DName=value in the vendor's style: quoted unless the
// value is a plain token. Inside double quotes the wrapper takes '#' and
// "##" literally, so no escaping is needed there (observed on the real wrapper).
func renderArg(prop Property) (string, error) {
	if err := ValidateName(prop.Name); err != nil {
		return "", err
	}
	v := prop.Value
	if v == "" {
		return "", &InputError{Msg: fmt.Sprintf("empty value for %s", prop.Name)}
	}
	if !utf8.ValidString(v) {
		return "", &InputError{Msg: fmt.Sprintf("the value of %s is not valid UTF-8, and the wrapper refuses to load a file with such bytes (WHD113): type it again as plain text", prop.Name)}
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return "", &InputError{Msg: fmt.Sprintf("the value of %s contains a control character (such as a newline or tab), which cannot be written to wrapper_template.conf", prop.Name)}
		}
		if err := checkInvisible(prop.Name, r); err != nil {
			return "", err
		}
	}
	if strings.HasSuffix(v, `\`) && !simpleValue().MatchString(v) {
		return "", &InputError{Msg: fmt.Sprintf("the value of %s ends with a backslash: written in quotes, it ends in \\\", which Java's launcher on Windows reads as a quote inside the value, so the value would run into the next arguments; write it without the trailing backslash (a folder path works without it)", prop.Name)}
	}
	if strings.ContainsAny(v, "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb") {
		return "", &InputError{Msg: fmt.Sprintf("the value of %s contains typographic quotes (“ ” ‘ ’), often pasted from a web page; the JVM would get them as part of the value: type plain characters instead", prop.Name)}
	}
	if m := wrapperconf.PercentRef().FindString(v); m != "" {
		return "", &InputError{Msg: fmt.Sprintf("the value of %s contains %s, which the wrapper replaces with an environment variable; write the value it should have instead", prop.Name, m)}
	}
	if strings.Contains(v, `"`) {
		return "", &InputError{Msg: fmt.Sprintf("the value of %s contains a double quote, which the wrapper cannot carry inside a quoted value", prop.Name)}
	}
	if strings.TrimSpace(v) != v {
		return "", &InputError{Msg: fmt.Sprintf("the value of %s starts or ends with spaces, which the wrapper would trim", prop.Name)}
	}
	var s string
	if simpleValue().MatchString(v) {
		s = "-D" + prop.Name + "=" + v
	} else {
		s = "-D" + prop.Name + `="` + v + `"`
	}
	if len(s) > wrapperconf.MaxValueLen {
		return "", &InputError{Msg: fmt.Sprintf("the value of %s is longer than the wrapper's limit of %d characters", prop.Name, wrapperconf.MaxValueLen)}
	}
	return s, nil
}

// WrapperWorkDir is the folder the wrapper resolves relative #include paths
// against: the folder of the wrapper binary, which in a WHD install is the
// "bin" folder beside the template's "conf" folder (bin/wrapper/bin).
// Not wrapper.working.dir: the wrapper reads its configuration from the
// folder of its binary and changes to wrapper.working.dir only after
// (observed with the real wrapper 3.5.51: an #include relative to
// wrapper.working.dir is not read), so the file's content does not matter.
func WrapperWorkDir(confPath string) string {
	return filepath.Join(filepath.Dir(confPath), "..", "bin")
}

// sharedEntry refuses to rewrite or remove an entry whose value holds other
// options after the property (-DName="v" -Dfoo=1): the Windows wrapper
// passes them as arguments of their own (WHD108), and the edit would drop
// them without a word.
func sharedEntry(x wrapperconf.Prop) error {
	v := x.Value
	for i := 1; i < len(v); i++ {
		if v[i] == '-' && (v[i-1] == ' ' || v[i-1] == '\t') {
			e := x.Slot.Def.Entry
			return &RefusalError{
				Reason: fmt.Sprintf("%s: %s holds -D%s and more options after it (%q): rewriting or removing the entry would drop them", x.Slot.Where(), e.RawKey, x.Name, strings.TrimSpace(v[i-1:])),
				Hint:   "Split the entry, one option per wrapper.java.additional.<n> (whdctl validate shows how, WHD108), then run whdctl again.",
			}
		}
	}
	return nil
}

// laterArguments refuses when a managed property is also set where the JVM
// reads it after the numbered entries, so that it would win over them: the
// arguments file of wrapper.java.additional_file (the wrapper appends its
// lines) and set._JAVA_OPTIONS (the JVM reads that variable after its
// command line). Both observed with the real wrapper 3.5.51 and Java 17.
func (p *wrapperPlan) laterArguments() error {
	mentions := func(text string) string {
		if ns := PropertiesIn(text, p.req.names()); len(ns) > 0 {
			return ns[0]
		}
		return ""
	}
	if v, ok := p.cfg.SetVar("_JAVA_OPTIONS"); ok {
		if n := mentions(v); n != "" {
			return &RefusalError{
				Reason: fmt.Sprintf("set._JAVA_OPTIONS sets -D%s: Java reads _JAVA_OPTIONS after its command line, so that value wins over any wrapper.java.additional entry", n),
				Hint:   "Remove -D" + n + " from set._JAVA_OPTIONS (whdctl writes it as an entry), then run whdctl again.",
			}
		}
	}
	_, v, path, ok := p.cfg.AdditionalFile(p.workDir)
	if !ok {
		return nil
	}
	if p.read == nil {
		p.warn("wrapper.java.additional_file=%s: the wrapper adds the arguments of that file after the numbered entries; whdctl did not read it, so check that it sets none of the Microsoft 365 properties", v)
		return nil
	}
	b, err := p.read(path)
	if err != nil {
		return &RefusalError{
			Reason: fmt.Sprintf("wrapper.java.additional_file=%s: whdctl cannot read %s (%v); the wrapper adds its arguments after the numbered entries, so whdctl cannot tell what the JVM gets (the wrapper refuses to start without it)", v, path, err),
			Hint:   "Fix the path or make the file readable, then run whdctl again.",
		}
	}
	if n := mentions(string(b)); n != "" {
		return &RefusalError{
			Reason: fmt.Sprintf("the arguments file %s (wrapper.java.additional_file) sets -D%s: the wrapper passes its lines after the numbered entries, so that value wins over any entry whdctl writes", path, n),
			Hint:   "Remove -D" + n + " from that file (whdctl writes it as an entry), then run whdctl again.",
		}
	}
	p.warn("read the arguments file %s (wrapper.java.additional_file); it sets none of the properties whdctl manages", path)
	return nil
}
