package validate

import (
	"fmt"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD210",
		Name:     "DeclarationRefused",
		Severity: finding.Error,
		Title:    "an export, readonly or declare that bash refuses, or an assignment to a read-only variable: nothing is set",
		Scope:    ScopeWhdConf,
		Detects: "A declaration command that bash refuses as a whole: an option the builtin does not take\n" +
			"(export takes only -f, -n and -p, readonly only -a, -A, -f and -p, so export -x and\n" +
			"readonly -x fail), or declare -p (typeset -p) given NAME=value, which only prints. Also an\n" +
			"assignment (or unset) of a variable that an earlier readonly or declare -r made read-only.",
		Why: "bash checks the options before anything else: with one it does not know, it prints its\n" +
			"usage at every start and sets none of the variables on the line, so WHD runs with their\n" +
			"earlier values (JAVA_OPTS without the flags written there). With set -e in the file,\n" +
			"the start script exits there and WHD does not start. An assignment to a read-only\n" +
			"variable is refused the same way: bash prints \"NAME: readonly variable\" at every start\n" +
			"and the variable keeps its earlier value.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nexport -x JAVA_OPTS=\"-Xmx2g\"\n",
			Good:   "DEFAULT_PORT=8081\nexport JAVA_OPTS=\"-Xmx2g\"\n",
		},
		Fix: "Remove the option: export NAME=value both sets and exports the variable (declare -x\n" +
			"NAME=value does too). Remove -p from declare -p NAME=value. For a read-only variable,\n" +
			"remove the readonly (declare -r) or move it after the last assignment of the variable.",
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
	checkReadonlyAssignments(d, r)
}

// checkReadonlyAssignments reports the top-level assignments (and unsets)
// of a variable that is read-only by then: bash refuses them.
func checkReadonlyAssignments(d *whdDoc, r *report) {
	for _, a := range d.f.Assignments {
		if a.Context != whdconf.TopLevel || a.Failed != "readonly variable" {
			continue
		}
		made := fmt.Sprintf("bash makes %s read-only", a.Name)
		fix := fmt.Sprintf("Assign %s elsewhere: bash does not let a script change it.", a.Name)
		if at := a.ReadonlyAt; at.Line > 0 {
			made = fmt.Sprintf("%s is read-only since line %d", a.Name, at.Line)
			fix = fmt.Sprintf("Remove the readonly (or declare -r) of %s at line %d, or move it after the last line that sets %s.", a.Name, at.Line, a.Name)
		}
		prints, what, keeps := a.Name+": readonly variable", "this assignment", "its earlier value"
		if a.Via == "declare" || a.Via == "typeset" || a.Via == "local" {
			prints = a.Via + ": " + prints
		}
		if a.Op == "unset" {
			prints, what, keeps = "unset: "+a.Name+": cannot unset: readonly variable", "this unset", "its value"
		}
		msg := fmt.Sprintf("%s, so bash refuses %s: it prints %q at every start and %s keeps %s", made, what, prints, a.Name, keeps)
		if st := d.f.Stop; st != nil && st.Exits && st.Reason.Pos.Offset == a.Pos.Offset {
			msg += ", and with set -e the start script exits here: WHD does not start"
		} else if jo := d.jo; jo != nil && !jo.Known && jo.Reason != nil && jo.Reason.Pos.Offset == a.Pos.Offset {
			msg += "; whdctl does not work out JAVA_OPTS past this line, so the JAVA_OPTS and Microsoft 365 rules were not applied"
		}
		r.add("", d.at(a.Pos), fix, "%s", msg)
	}
}

func optionLetters(via string) string {
	if via == "export" {
		return "-f, -n and -p"
	}
	return "-a, -A, -f, -F, -g, -i, -I, -l, -n, -p, -r, -t, -u and -x"
}
