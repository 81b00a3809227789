package validate

import (
	"sort"
	"strings"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD205",
		Name:     "CommandsInWhdConf",
		Severity: finding.Warning,
		Title:    "commands that run at every start",
		Scope:    ScopeWhdConf,
		Detects: "Anything in whd.conf that runs a command when the file is sourced: $(...), backquotes,\n" +
			"';' between commands, pipes, &&/||, a command in the background, a subshell, a\n" +
			"redirection, process substitution, or a plain command line. One finding per line. (A\n" +
			"command that an unquoted space creates is WHD204; the carriage return that bash runs as\n" +
			"a command on a blank line of a CRLF file is WHD202's.)",
		Why: "The start script sources whd.conf with bash, as root, at every start of WHD. Whatever\n" +
			"the file runs, runs then: a slow or failing command delays or breaks the start, output\n" +
			"lands in the start log, and a file meant to hold settings becomes a script that anyone\n" +
			"who can edit it can use to run commands as root.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nKEYSTORE_PASSWORD=$(cat /root/keystore.pass)\n",
			Good:   "DEFAULT_PORT=8081\nKEYSTORE_PASSWORD=changeit\n",
		},
		Fix: "Keep whd.conf to plain NAME=value lines. Put a computed value in the file itself, or\n" +
			"compute it in your deployment tooling. If a command is really wanted, say why in a\n" +
			"suppression: # whdctl:ignore WHD205 <reason>.",
		whdconf: checkCommands,
	})
}

var constructNames = map[whdconf.ConstructKind]string{
	whdconf.KindCmdSubst:   "command substitution $(...)",
	whdconf.KindBackquotes: "command substitution in backquotes `...`",
	whdconf.KindProcSubst:  "process substitution",
	whdconf.KindSemicolon:  "';' between commands",
	whdconf.KindBackground: "a command in the background '&'",
	whdconf.KindPipe:       "a pipe '|'",
	whdconf.KindAndOr:      "'&&' or '||'",
	whdconf.KindSubshell:   "a subshell ( ... )",
	whdconf.KindRedirect:   "a redirection",
}

func checkCommands(d *whdDoc, r *report) {
	if d.jo == nil || d.env.windows {
		return
	}
	// Commands created by an unquoted space are WHD204's.
	prefixCmd := map[int]bool{}
	for _, a := range d.f.Assignments {
		if a.Context == whdconf.Prefix && a.Command != "" {
			prefixCmd[a.CmdPos.Offset] = true
		}
	}
	type lineInfo struct {
		first whdconf.Pos
		what  []string
		seen  map[string]bool
	}
	lines := map[int]*lineInfo{}
	for _, c := range d.f.Constructs {
		var what string
		switch c.Kind {
		case whdconf.KindCommand:
			if prefixCmd[c.Pos.Offset] || (d.f.BOM && c.Pos.Offset == 0) {
				continue // WHD204's, or the byte order mark's (WHD106)
			}
			if c.Name == "\r" && strings.Trim(d.f.Line(c.Pos.Line), " \t") == "\r" {
				continue // a blank line of a CRLF file: WHD202 reports the line endings once
			}
			what = "the command " + show(c.Name)
			if c.Name == "" {
				what = "a command"
			}
		default:
			name, ok := constructNames[c.Kind]
			if !ok {
				continue
			}
			what = name
		}
		li := lines[c.Pos.Line]
		if li == nil {
			li = &lineInfo{first: c.Pos, seen: map[string]bool{}}
			lines[c.Pos.Line] = li
		}
		if !li.seen[what] {
			li.seen[what] = true
			li.what = append(li.what, what)
		}
	}
	nums := make([]int, 0, len(lines))
	for n := range lines {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		li := lines[n]
		r.add("", d.at(li.first), "Keep whd.conf to plain NAME=value lines; if the command is needed, add '# whdctl:ignore WHD205 <reason>' above it.",
			"this line has %s: %s each time WHD starts (bash sources whd.conf as root)", strings.TrimSpace(list(li.what, 4)), runVerb(len(li.what)))
	}
}

func runVerb(n int) string {
	if n == 1 {
		return "it runs"
	}
	return "they run"
}
