package validate

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/internal/lazyre"
)

// HeaderLines is how far from the top of a file a whdctl:ignore comment can
// be and still silence a rule in the whole file (it must also be in the
// comment block that starts the file, before any setting).
const HeaderLines = 10

const ignoreWord = "whdctl:ignore"

// suppression is one "# whdctl:ignore RULE... reason" comment.
type suppression struct {
	line     int
	rules    map[string]bool
	fileWide bool
	target   int // the line it silences when not file-wide
}

var ruleIDRE = lazyre.New(`^(?i)WHD[0-9]{3}$`)

// nearMissRE matches a comment body that was meant as a suppression but is
// not spelled "whdctl:ignore" (case, spaces, another separator).
var nearMissRE = lazyre.New(`^(?i)whdctl\s*[:_-]?\s*ignore[\s:_-]*`)

// scanSuppressions reads the whdctl:ignore comments of a file. It returns
// the valid ones and a WHD001 finding for each one it cannot apply.
func scanSuppressions(file string, src []byte) ([]suppression, []finding.Finding) {
	var (
		sups []suppression
		bad  []finding.Finding
	)
	// A fast path for the files without any (near-miss included: any case).
	if !bytes.Contains(bytes.ToLower(src), []byte("whdctl")) {
		return nil, nil
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	lines := bytes.Split(src, []byte("\n"))
	header := true
	isDirective := map[int]bool{}
	for i, raw := range lines {
		num := i + 1
		text := string(raw)
		if j := strings.IndexByte(text, '\r'); j >= 0 {
			text = text[:j]
		}
		trimmed := strings.TrimLeft(text, " \t")
		isComment := strings.HasPrefix(trimmed, "#")
		if header && (num > HeaderLines || (trimmed != "" && !isComment)) {
			header = false
		}
		if isComment {
			body := strings.TrimLeft(trimmed, "# \t")
			if m := nearMissRE().FindString(body); m != "" && !strings.HasPrefix(body, ignoreWord) {
				at := loc{File: file, Line: num, Col: utf8.RuneCountInString(text[:len(text)-len(body)]) + 1}
				want := strings.TrimSpace("# " + ignoreWord + " " + body[len(m):])
				bad = append(bad, badSuppression(at, fmt.Sprintf("%s is not read as a suppression: the marker is %s, lower case, with no space", show(clip(body, 60)), ignoreWord),
					fmt.Sprintf("Write it as '%s'.", clip(want, 80))))
				continue
			}
		}
		if !strings.Contains(text, ignoreWord) {
			continue
		}
		at := loc{File: file, Line: num, Col: utf8.RuneCountInString(text[:strings.Index(text, ignoreWord)]) + 1}
		if !isComment {
			if k := strings.Index(text, "#"); k >= 0 && strings.HasPrefix(strings.TrimLeft(text[k+1:], " \t#"), ignoreWord) {
				bad = append(bad, badSuppression(at, "a whdctl:ignore comment at the end of a line is not applied",
					"Put the comment on its own line, right above the line it silences."))
			}
			continue
		}
		body := strings.TrimLeft(trimmed, "# \t")
		if !strings.HasPrefix(body, ignoreWord) {
			continue // prose that mentions the word
		}
		rest := body[len(ignoreWord):]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			bad = append(bad, badSuppression(at, fmt.Sprintf("cannot read the suppression %s", show(clip(body, 60))),
				fmt.Sprintf("Write it as '# whdctl:ignore %s'.", clip(suggestSuppression(rest), 80))))
			continue
		}
		fields := strings.Fields(rest)
		s := suppression{line: num, rules: map[string]bool{}, fileWide: header}
		k := 0
		var unknown []string
	ids:
		for ; k < len(fields); k++ {
			parts := strings.Split(strings.Trim(fields[k], ","), ",")
			for _, p := range parts {
				if !ruleIDRE().MatchString(p) {
					break ids
				}
			}
			for _, p := range parts {
				id := strings.ToUpper(p)
				if _, ok := Lookup(id); ok {
					s.rules[id] = true
				} else {
					unknown = append(unknown, id)
				}
			}
		}
		reason := strings.Join(fields[k:], " ")
		switch {
		case len(s.rules) == 0 && len(unknown) == 0:
			bad = append(bad, badSuppression(at, "a whdctl:ignore comment names no rule, so it silences nothing",
				"Name the rules and give the reason: '# whdctl:ignore WHD<nnn> <reason>' (see 'whdctl explain' for the rules)."))
			continue
		case len(unknown) > 0:
			bad = append(bad, badSuppression(at, fmt.Sprintf("whdctl:ignore names %s, which %s not a rule", list(unknown, 5), isAre(len(unknown))),
				"Check the ID with 'whdctl explain'; rule IDs never change."))
		}
		if reason == "" {
			ids := make([]string, 0, len(s.rules))
			for _, r := range Rules() {
				if s.rules[r.ID] {
					ids = append(ids, r.ID)
				}
			}
			bad = append(bad, badSuppression(at, fmt.Sprintf("the suppression of %s gives no reason, so it is not applied", list(ids, 5)),
				"Say why the finding does not apply after the rule IDs: '# whdctl:ignore "+strings.Join(ids, ",")+" <reason>'."))
			continue
		}
		if len(s.rules) > 0 {
			isDirective[num] = true
			sups = append(sups, s)
		}
	}
	// A line-scoped suppression silences the next line; stacked suppression
	// comments all silence the first line after the stack.
	for i := len(sups) - 1; i >= 0; i-- {
		t := sups[i].line + 1
		for isDirective[t] {
			t++
		}
		sups[i].target = t
	}
	return sups, bad
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func badSuppression(at loc, msg, fix string) finding.Finding {
	return finding.Finding{Rule: "WHD001", Severity: finding.Warning, File: at.File, Line: at.Line, Column: at.Col, Message: msg, Fix: fix}
}

// applySuppressions removes the findings silenced by whdctl:ignore comments
// (unless noIgnore) and adds a WHD001 finding for each comment that is not
// valid, and (unless noIgnore) for each rule a valid comment names that it
// silences nothing of. sources holds the bytes of every file the findings may
// name. unchecked are rules that did not run on these files (a suppression of
// them is not reported as matching nothing); skipUnused lists files whose
// unmatched suppressions are not reported at all.
func applySuppressions(fs []finding.Finding, sources map[string][]byte, noIgnore bool, unchecked map[string]bool, skipUnused map[string]bool) ([]finding.Finding, int) {
	sups := map[string][]suppression{}
	var out []finding.Finding
	for name, src := range sources {
		s, bad := scanSuppressions(name, src)
		sups[name] = s
		out = append(out, bad...)
	}
	type use struct {
		file string
		i    int
		rule string
	}
	used := map[use]bool{}
	suppressed := 0
	for _, f := range fs {
		if noIgnore {
			out = append(out, f)
			continue
		}
		hit := false
		for i, s := range sups[f.File] {
			if s.rules[f.Rule] && (s.fileWide || (f.Line > 0 && f.Line == s.target)) {
				used[use{f.File, i, f.Rule}] = true
				hit = true
			}
		}
		if hit {
			suppressed++
			continue
		}
		out = append(out, f)
	}
	if noIgnore {
		return out, suppressed
	}
	for name, ss := range sups {
		if skipUnused[name] {
			continue
		}
		for i, s := range ss {
			var idle []string
			for _, r := range Rules() {
				if s.rules[r.ID] && !used[use{name, i, r.ID}] && !unchecked[r.ID] {
					idle = append(idle, r.ID)
				}
			}
			if len(idle) == 0 {
				continue
			}
			out = append(out, unusedSuppression(name, sources[name], s, idle))
		}
	}
	return out, suppressed
}

// unusedSuppression is the WHD001 finding of a suppression whose rules
// (idle) have no finding where it applies.
func unusedSuppression(file string, src []byte, s suppression, idle []string) finding.Finding {
	lines := strings.Split(strings.TrimPrefix(string(src), "\ufeff"), "\n")
	text := ""
	if s.line-1 < len(lines) {
		text = strings.TrimRight(lines[s.line-1], "\r")
	}
	at := loc{File: file, Line: s.line, Col: utf8.RuneCountInString(text[:max(0, strings.Index(text, ignoreWord))]) + 1}
	what := fmt.Sprintf("%s %s", list(idle, 5), isAre(len(idle)))
	var msg, fix string
	switch {
	case s.fileWide:
		msg = fmt.Sprintf("this suppression matches nothing: %s not reported anywhere in this file", what)
		fix = "Remove the suppression (or the rule IDs that no longer apply): it would silence a new finding nobody has seen."
	case s.target > len(lines) || (s.target == len(lines) && lines[s.target-1] == ""):
		msg = fmt.Sprintf("this suppression matches nothing: there is no line after it for %s to silence", list(idle, 5))
		fix = "Put the comment right above the line it is meant for, or remove it."
	case strings.TrimSpace(lines[s.target-1]) == "":
		msg = fmt.Sprintf("this suppression matches nothing: it applies only to the next line, %d, which is blank", s.target)
		fix = "Remove the blank line between the comment and the line it is meant for (a suppression silences the line right below it), or remove the comment."
	default:
		msg = fmt.Sprintf("this suppression matches nothing: %s not reported on line %d, the line it applies to", what, s.target)
		fix = "Remove the suppression (or the rule IDs that do not apply), or move it right above the line it is meant for."
	}
	return badSuppression(at, msg, fix)
}

// suggestSuppression rewrites what followed a garbled marker as rule IDs and
// a reason: the IDs it names (or a placeholder), then the words after the
// last of them (or a placeholder for the reason).
func suggestSuppression(rest string) string {
	fields := strings.Fields(strings.NewReplacer(":", " ", "=", " ", ",", " ").Replace(rest))
	var ids []string
	last := -1
	for i, f := range fields {
		if f = strings.TrimLeft(f, "-_"); ruleIDRE().MatchString(f) {
			ids = append(ids, strings.ToUpper(f))
			last = i
		}
	}
	if len(ids) == 0 {
		ids = []string{"WHD<nnn>"}
	}
	reason := "<reason>"
	if last >= 0 && last+1 < len(fields) {
		reason = strings.Join(fields[last+1:], " ")
	}
	return strings.Join(ids, ",") + " " + reason
}
