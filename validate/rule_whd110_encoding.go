package validate

import (
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD110",
		Name:     "EncodingLine",
		Severity: finding.Info,
		Title:    "#encoding missing or not on line 1",
		Scope:    ScopeWrapper,
		Detects: "A wrapper configuration whose line 1 is not #encoding=<name> (info; warning when the\n" +
			"file holds non-ASCII characters, which are then read in the system's encoding), and an\n" +
			"#encoding line elsewhere or indented (info). A line 1 #encoding that names an encoding\n" +
			"the wrapper does not know is WHD112 (error).",
		Why: "The wrapper honours #encoding only at the very start of line 1 (a BOM before it is\n" +
			"fine); anywhere else it is an ordinary comment. Without it, the file is read in the\n" +
			"system's default code page, so a non-ASCII character (a path with an accent, a\n" +
			"password) reaches Java garbled.",
		Example: Example{
			Format: "wrapper",
			Bad:    "# WHD wrapper settings\n#encoding=UTF-8\nwrapper.java.additional.1=-Dfile.encoding=UTF-8\n",
			Good:   "#encoding=UTF-8\n# WHD wrapper settings\nwrapper.java.additional.1=-Dfile.encoding=UTF-8\n",
		},
		Fix: "Make line 1 exactly \"#encoding=UTF-8\" (the stock template's first line) and save the\n" +
			"file as UTF-8.",
		wrapper: checkEncoding,
	})
}

func checkEncoding(d *wrapperDoc, r *report) {
	f := d.f
	fix := "Make line 1 exactly #encoding=UTF-8 and save the file as UTF-8."
	if _, ok := wrapperconf.EncodingName(f.Src); ok {
		return // honoured; an unknown name is WHD112
	}
	for _, l := range f.Lines {
		t := strings.TrimLeft(f.Text(l), " \t\ufeff")
		if strings.HasPrefix(t, "#encoding=") {
			where := fmt.Sprintf("on line %d", l.Num)
			if l.Num == 1 {
				where = "indented on line 1"
			}
			r.add(finding.Info, loc{File: d.name, Line: l.Num, Col: 1}, fix,
				"#encoding is %s: the wrapper honours it only at the very start of line 1, so here it is an ordinary comment", where)
			return
		}
	}
	sev, more := finding.Info, ""
	for _, l := range f.Lines {
		start := l.Start
		if l.Num == 1 && f.BOM {
			start = min(start+3, l.End)
		}
		if indexNonASCII(f.Src[start:l.End]) >= 0 {
			sev = finding.Warning
			more = fmt.Sprintf("; the non-ASCII characters (first on line %d) may reach Java garbled", l.Num)
			break
		}
	}
	r.add(sev, loc{File: d.name, Line: 1}, fix,
		"line 1 is not #encoding=...: the wrapper reads the file in the system's default encoding%s", more)
}

func indexNonASCII(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return -1
}
