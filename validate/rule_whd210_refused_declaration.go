package validate

import (
	"fmt"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD210",
		Name:     "DeclarationRefused",
		Severity: finding.Error,
		Title:    "an export, readonly or declare that bash refuses: nothing on the line is set",
		Scope:    ScopeWhdConf,
		Detects: "A declaration command that bash refuses as a whole: an option the builtin does not take\n" +
			"(export takes only -f, -n and -p, readonly only -a, -A, -f and -p, so export -x and\n" +
			"readonly -x fail), or declare -p (typeset -p) given NAME=value, which only prints.",
		Why: "bash checks the options before anything else: with one it does not know, it prints its\n" +
			"usage at every start and sets none of the variables on the line, so WHD runs with their\n" +
			"earlier values (JAVA_OPTS without the flags written there). With set -e in the file,\n" +
			"the start script exits there and WHD does not start.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nexport -x JAVA_OPTS=\"-Xmx2g\"\n",
			Good:   "DEFAULT_PORT=8081\nexport JAVA_OPTS=\"-Xmx2g\"\n",
		},
		Fix: "Remove the option: export NAME=value both sets and exports the variable (declare -x\n" +
			"NAME=value does too). Remove -p from declare -p NAME=value.",
		whdconf: checkRefusedDeclaration,
	})
}

func checkRefusedDeclaration(d *whdDoc, r *report) {
	if d.f.SyntaxErr != nil || d.env.windows {
		return
	}
	for _, fd := range d.f.FailedDecls {
		what := "no variable is set here"
		if n := len(fd.Names); n > 0 {
			what = fmt.Sprintf("%s %s not set here", list(fd.Names, 4), isAre(n))
		}
		if st := d.f.Stop; st != nil && st.Exits && st.Reason.Pos.Offset == fd.Pos.Offset {
			what += ", and with set -e the start script exits here: WHD does not start"
		}
		msg := fmt.Sprintf("%s %s: %s", fd.Via, fd.Option, fd.Why)
		var fix string
		switch {
		case fd.Option == "-p":
			msg = fd.Why
			fix = fmt.Sprintf("Remove -p: %s NAME=value sets the variable.", fd.Via)
		case fd.Via == "export":
			fix = fmt.Sprintf("Remove %s: export NAME=value both sets and exports the variable.", fd.Option)
		case fd.Via == "readonly":
			fix = fmt.Sprintf("Remove %s: readonly NAME=value sets the variable and makes it read-only (declare -rx NAME=value also exports it).", fd.Option)
		default:
			fix = fmt.Sprintf("Remove %s (%s takes %s).", fd.Option, fd.Via, optionLetters(fd.Via))
		}
		r.add("", d.at(fd.Pos), fix, "%s, so %s", msg, what)
	}
}

func optionLetters(via string) string {
	if via == "export" {
		return "-f, -n and -p"
	}
	return "-a, -A, -f, -F, -g, -i, -I, -l, -n, -p, -r, -t, -u and -x"
}
