package validate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/patcher"
)

// Options control a validation.
type Options struct {
	// NoIgnore: do not honour "# whdctl:ignore" comments.
	NoIgnore bool
	// Workers is how many files Files and Install check at the same time
	// (0: the number of CPUs).
	Workers int
}

// FileResult is what Check found in one file.
type FileResult struct {
	File       string
	Format     patcher.Format
	Findings   []finding.Finding // sorted, suppressed ones removed
	Suppressed int               // findings silenced by whdctl:ignore comments
}

// Check validates the bytes of one file: name is how findings name the file,
// format is patcher.FormatWrapper or patcher.FormatWhdConf. Check reads
// nothing from disk: the files a wrapper configuration #includes are not
// read (Files and Install read them), so WHD111 is not checked.
func Check(name string, format patcher.Format, src []byte, opts Options) (*FileResult, error) {
	switch format {
	case patcher.FormatWrapper, patcher.FormatWhdConf:
	default:
		return nil, fmt.Errorf("unknown format %q (want %s or %s)", format, patcher.FormatWrapper, patcher.FormatWhdConf)
	}
	if fe := shapeError(name, format, src); fe != nil {
		return nil, fe
	}
	res, ferr := check(name, format, src, opts, checkEnv{})
	if ferr != nil {
		return nil, ferr
	}
	return res, nil
}

// checkEnv is what a check may know about the world around the file.
type checkEnv struct {
	// read reads an included file; nil: includes are not followed.
	read wrapperconf.ReadFunc
	// workDir is the wrapper's working directory (relative includes);
	// workDirKnown is false when that folder does not exist, so that a
	// relative include cannot be looked up.
	workDir      string
	workDirKnown bool
	// exists reports whether a file exists (nil: unknown).
	exists func(string) bool
	// windows: a whd.conf of a Windows install, which bash never sources.
	windows bool
}

// check checks one file. A whd.conf whose JAVA_OPTS passes whdctl's own
// bounds (whdconf.MaxWords words) is not checked but reported as a
// FileError: no finding would mean nothing, as it is not what was checked.
func check(name string, format patcher.Format, src []byte, opts Options, env checkEnv) (*FileResult, *FileError) {
	rep := &report{}
	sources := map[string][]byte{name: src}
	switch format {
	case patcher.FormatWrapper:
		d := newWrapperDoc(name, src, env)
		for _, s := range d.cfg.Sources[1:] {
			sources[d.file(s)] = s.File.Src
		}
		for _, r := range Rules() {
			if r.wrapper != nil {
				rep.rule = r
				r.wrapper(d, rep)
			}
		}
		runProps(d.props(), rep)
	case patcher.FormatWhdConf:
		d := newWhdDoc(name, src, env)
		if d.jo != nil && d.jo.Reason != nil && d.jo.Reason.Limit && !env.windows {
			return nil, &FileError{File: name, Message: fmt.Sprintf("cannot be checked: line %d: %s (a real one holds a few dozen)", d.jo.Reason.Pos.Line, d.jo.Reason.Msg)}
		}
		for _, r := range Rules() {
			if r.whdconf != nil {
				rep.rule = r
				r.whdconf(d, rep)
			}
		}
		if !env.windows {
			runProps(d.props(), rep)
		}
	}
	// Rules that did not run here cannot show that a suppression of them is
	// idle; nor can the rules about bash on a whd.conf bash never reads.
	unchecked := map[string]bool{}
	if env.read == nil {
		unchecked["WHD111"] = true // includes are not followed
	}
	skipUnused := map[string]bool{}
	if format == patcher.FormatWhdConf && env.windows {
		skipUnused[name] = true
	}
	res := &FileResult{File: name, Format: format}
	res.Findings, res.Suppressed = applySuppressions(rep.findings, sources, opts.NoIgnore, unchecked, skipUnused)
	finding.Sort(res.Findings)
	return res, nil
}

func runProps(v *propView, rep *report) {
	if v == nil {
		return
	}
	for _, r := range Rules() {
		if r.props != nil {
			rep.rule = r
			r.props(v, rep)
		}
	}
}

// loc is where a finding is: a file, a line and a column (in characters,
// 1-based; 0 when unknown).
type loc struct {
	File      string
	Line, Col int
}

// report collects the findings of the rule that is running.
type report struct {
	rule     *Rule
	findings []finding.Finding
}

// add records a finding of the running rule; sev "" is the rule's default.
func (r *report) add(sev finding.Severity, at loc, fix, format string, a ...any) {
	if sev == "" {
		sev = r.rule.Severity
	}
	r.findings = append(r.findings, finding.Finding{
		Rule: r.rule.ID, Severity: sev, File: at.File, Line: at.Line, Column: at.Col,
		Message: fmt.Sprintf(format, a...), Fix: fix,
	})
}

// column converts a byte offset to a 1-based character column, given the
// offset where its line starts. A byte order mark at the start of the file
// is not counted (editors do not show it).
func column(src []byte, lineStart, off int) int {
	if off < lineStart || off > len(src) {
		return 0
	}
	if lineStart == 0 && len(src) >= 3 && string(src[:3]) == "\ufeff" && off >= 3 {
		lineStart = 3
	}
	return utf8.RuneCount(src[lineStart:off]) + 1
}

// list renders items as "a, b and c", keeping at most max of them.
func list(items []string, max int) string {
	if len(items) > max {
		rest := len(items) - max
		items = append(items[:max:max], fmt.Sprintf("%d more", rest))
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// plural returns "1 entry" / "2 entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// clip shortens s for a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "..."
}

// show quotes a value for a message, making a carriage return, a tab or
// another control character visible.
func show(s string) string {
	return fmt.Sprintf("%q", clip(s, 120))
}

// ---- wrapper_template.conf ----

type wrapperDoc struct {
	name string
	f    *wrapperconf.File
	cfg  *wrapperconf.Config
	add  *wrapperconf.Additional
	env  checkEnv
}

func newWrapperDoc(name string, src []byte, env checkEnv) *wrapperDoc {
	d := &wrapperDoc{name: name, f: wrapperconf.Parse(src), env: env}
	d.cfg = wrapperconf.Load(d.f, env.workDir, env.read)
	d.add = d.cfg.Additional()
	return d
}

// file names the file a source comes from.
func (d *wrapperDoc) file(s *wrapperconf.Source) string {
	if s == nil || s.Path == "" {
		return d.name
	}
	return s.Path
}

// at locates byte offset off (or only the line when off < 0) in source s.
func (d *wrapperDoc) at(s *wrapperconf.Source, line, off int) loc {
	l := loc{File: d.file(s), Line: line}
	f := d.f
	if s != nil {
		f = s.File
	}
	if off >= 0 && line >= 1 && line <= len(f.Lines) {
		l.Col = column(f.Src, f.Lines[line-1].Start, off)
	}
	return l
}

// keyAt and valueAt locate a definition's key and value.
func (d *wrapperDoc) keyAt(def wrapperconf.Def) loc {
	return d.at(def.Src, def.Entry.Line, def.Entry.KeyStart)
}

func (d *wrapperDoc) valueAt(def wrapperconf.Def) loc {
	return d.at(def.Src, def.Entry.Line, def.Entry.ValueStart)
}

// where renders "line N" (main file) or "FILE:N" (an included file).
func (d *wrapperDoc) where(def wrapperconf.Def) string {
	if def.Src == nil || def.Src.Path == "" {
		return fmt.Sprintf("line %d", def.Entry.Line)
	}
	return fmt.Sprintf("%s:%d", def.Src.Path, def.Entry.Line)
}

// slotName renders a slot key as written ("wrapper.java.additional.07").
func slotName(s *wrapperconf.Slot) string { return s.Def.Entry.RawKey }

// ---- whd.conf ----

type whdDoc struct {
	name string
	f    *whdconf.File
	jo   *whdconf.JavaOpts // nil when the file does not parse
	env  checkEnv
	// The last column worked out: the words of a long JAVA_OPTS line are
	// located one after another, and counting each from the start of the
	// line made a line of n words cost O(n²).
	colLine, colOff, col int
}

func newWhdDoc(name string, src []byte, env checkEnv) *whdDoc {
	d := &whdDoc{name: name, env: env}
	f, err := whdconf.Parse(src)
	if err != nil {
		// Only inputs over whdconf.MaxSize fail; they are refused before.
		f, _ = whdconf.Parse(nil)
	}
	d.f = f
	if f.SyntaxErr == nil {
		d.jo = f.JavaOpts()
	}
	return d
}

// at locates a parser position.
func (d *whdDoc) at(p whdconf.Pos) loc {
	if p.Line == 0 {
		return loc{File: d.name}
	}
	src, start := d.f.Bytes(), d.f.LineStart(p.Line)
	if p.Line == d.colLine && p.Offset >= d.colOff && d.colOff > start && p.Offset <= len(src) {
		d.col += utf8.RuneCount(src[d.colOff:p.Offset])
	} else {
		d.col = column(src, start, p.Offset)
	}
	d.colLine, d.colOff = p.Line, p.Offset
	if d.col == 0 {
		d.colLine = 0 // not a position on the line: nothing to count from
	}
	return loc{File: d.name, Line: p.Line, Col: d.col}
}

// atOff locates a byte offset.
func (d *whdDoc) atOff(off int) loc { return d.at(d.f.PosAt(off)) }

// wordAt locates a word of JAVA_OPTS.
func (d *whdDoc) wordAt(w whdconf.Word) loc {
	for _, s := range w.Spans {
		if s.Start >= 0 {
			return d.atOff(s.Start)
		}
	}
	if w.Line > 0 {
		return loc{File: d.name, Line: w.Line}
	}
	return loc{File: d.name}
}
