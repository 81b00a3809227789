package validate

import (
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD202",
		Name:     "WhdConfCarriageReturns",
		Severity: finding.Error,
		Title:    "CRLF (or CR) line endings in whd.conf: every value carries a carriage return",
		Scope:    ScopeWhdConf,
		Detects: "Lines of whd.conf that end in CRLF (Windows line endings), and carriage returns not\n" +
			"followed by a line feed (CR-only line endings). Warning when only comment or blank\n" +
			"lines are affected. Not checked on the whd.conf of a Windows install (one with\n" +
			"bin/wrapper/conf/wrapper_template.conf), which bash never reads.",
		Why: "bash treats the CR as an ordinary character: MAXIMUM_MEMORY=2048<CR> sets \"2048\\r\", so\n" +
			"-Xmx2048\\r is refused by Java, a port becomes \"8081\\r\", and the last flag of JAVA_OPTS\n" +
			"ends in \\r. A blank line is a command named \\r, which bash tries to run (\"command not\n" +
			"found\" at every start; reported here, once, not as WHD205). With CR-only line endings\n" +
			"bash sees one single line.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\r\nMAXIMUM_MEMORY=2048\r\n",
			Good:   "DEFAULT_PORT=8081\nMAXIMUM_MEMORY=2048\n",
		},
		Fix: "Convert the file to LF line endings (dos2unix conf/whd.conf; Notepad++: Edit > EOL\n" +
			"Conversion > Unix). In git, \"whd.conf text eol=lf\" in .gitattributes keeps them.",
		whdconf: checkWhdConfCR,
	})
}

const fixCRLF = "Convert the file to LF line endings: dos2unix FILE (or Notepad++: Edit > EOL Conversion > Unix)."

func checkWhdConfCR(d *whdDoc, r *report) {
	f := d.f
	if d.env.windows {
		return
	}
	if n := len(f.LoneCRs); n > 0 {
		msg := fmt.Sprintf("%s not followed by a line feed: bash does not end a line there, so the text after it joins the line", plural(n, "carriage return is", "carriage returns are"))
		if n > 1 && len(f.CRLFLines) == 0 && strings.Count(string(f.Bytes()), "\n") <= 1 {
			msg = fmt.Sprintf("the file uses CR-only line endings (%d carriage returns, no line feeds): bash reads it as one single line, so the settings after the first line are not set", n)
		}
		r.add(finding.Error, d.at(f.LoneCRs[0]), fixCRLF, "%s", msg)
	}
	if len(f.CRLFLines) == 0 {
		return
	}
	// Does a CR end something other than a comment or a blank line?
	matters, blank := 0, 0
	for _, n := range f.CRLFLines {
		t := strings.TrimLeft(strings.TrimSuffix(f.Line(n), "\r"), " \t")
		if t == "" {
			blank++
		}
		if t != "" && !strings.HasPrefix(t, "#") {
			if matters == 0 {
				matters = n
			}
		}
	}
	blanks := ""
	if blank > 0 {
		blanks = fmt.Sprintf("; bash also runs each of the %s as a command named \\r (\"command not found\" in the start log)",
			plural(blank, "blank line", "blank lines"))
		if blank == 1 {
			blanks = "; bash also runs the blank line as a command named \\r (\"command not found\" in the start log)"
		}
	}
	// The values bash leaves, in the order the file first sets them.
	var hit []string
	seen := map[string]bool{}
	for _, a := range f.Assignments {
		if a.Context != whdconf.TopLevel || seen[a.Name] {
			continue
		}
		seen[a.Name] = true
		if v, _ := f.Var(a.Name); v.Known && strings.HasSuffix(v.Text, "\r") {
			hit = append(hit, a.Name+"="+show(v.Text))
		}
	}
	first := f.CRLFLines[0]
	if matters == 0 {
		r.add(finding.Warning, loc{File: d.name, Line: first}, fixCRLF,
			"%s in CRLF (Windows line endings); only comments and blank lines so far, but a setting added in the same editor will end in a carriage return%s",
			plural(len(f.CRLFLines), "line ends", "lines end"), blanks)
		return
	}
	effect := "bash keeps the carriage return at the end of each value"
	if len(hit) > 0 {
		effect += ": " + list(hit, 4)
	}
	r.add(finding.Error, loc{File: d.name, Line: matters}, fixCRLF,
		"%s in CRLF (Windows line endings): %s%s", plural(len(f.CRLFLines), "line ends", "lines end"), effect, blanks)
}
