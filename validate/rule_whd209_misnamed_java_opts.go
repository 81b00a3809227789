package validate

import (
	"strings"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD209",
		Name:     "JavaOptsMisnamed",
		Severity: finding.Error,
		Title:    "JVM flags in a variable that is not JAVA_OPTS (java_opts, JAVA_OPT...)",
		Scope:    ScopeWhdConf,
		Detects: "An assignment of JVM options (-D..., -X...) to a variable whose name is JAVA_OPTS in\n" +
			"another letter case (java_opts, Java_Opts) or one letter away from it (JAVA_OPT,\n" +
			"JAVAOPTS, JAVA_OPS), when no later assignment reads that variable.",
		Why: "Variable names are case-sensitive in bash, and the start script reads only $JAVA_OPTS:\n" +
			"flags in java_opts or JAVA_OPT never reach Java, without a message. With the\n" +
			"Microsoft 365 properties there, WHD starts without them.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\njava_opts=\"-DExchangeServiceURL=https://outlook.office365.com/\"\n",
			Good:   "DEFAULT_PORT=8081\nJAVA_OPTS=\"-DExchangeServiceURL=https://outlook.office365.com/\"\n",
		},
		Fix: "Rename the variable to JAVA_OPTS. If the file also sets JAVA_OPTS, add the flags to it\n" +
			"instead: JAVA_OPTS=\"$JAVA_OPTS -D...\" (a second plain JAVA_OPTS= would replace the first,\n" +
			"WHD201).",
		whdconf: checkMisnamedJavaOpts,
	})
}

// misnamed is an assignment of JVM flags to a look-alike of JAVA_OPTS.
type misnamed struct {
	a     *whdconf.Assignment
	flags []string
}

// looksLikeJavaOpts reports a name that is JAVA_OPTS in another letter case
// or one letter away from it (underscores aside).
func looksLikeJavaOpts(name string) bool {
	if name == "JAVA_OPTS" {
		return false
	}
	upper := strings.ToUpper(name)
	if upper == "JAVA_OPTS" {
		return true
	}
	compact := strings.ReplaceAll(upper, "_", "")
	return len(compact) >= 6 && editDistance(compact, "JAVAOPTS") <= 1
}

// misnamedJavaOpts lists the assignments WHD209 reports.
func (d *whdDoc) misnamedJavaOpts() []misnamed {
	if d.env.windows || d.f.SyntaxErr != nil {
		return nil
	}
	var out []misnamed
	for _, a := range d.f.Assignments {
		if a.Op == "unset" || !looksLikeJavaOpts(a.Name) || readOnward(a, map[*whdconf.Assignment]bool{}) {
			continue
		}
		if a.Context != whdconf.TopLevel && a.Context != whdconf.Conditional {
			continue
		}
		text := a.Raw
		if a.Known {
			text = a.Value()
		}
		var flags []string
		for _, w := range strings.Fields(strings.NewReplacer(`"`, " ", `'`, " ").Replace(text)) {
			if strings.HasPrefix(w, "-D") || strings.HasPrefix(w, "-X") {
				flags = append(flags, w)
			}
		}
		if len(flags) > 0 {
			out = append(out, misnamed{a: a, flags: flags})
		}
	}
	return out
}

// readOnward reports a value that a later assignment takes on towards
// JAVA_OPTS, or into another look-alike (which is reported instead).
func readOnward(a *whdconf.Assignment, seen map[*whdconf.Assignment]bool) bool {
	if seen[a] {
		return false
	}
	seen[a] = true
	for _, r := range a.ReadBy {
		if r.Name == "JAVA_OPTS" || looksLikeJavaOpts(r.Name) || readOnward(r, seen) {
			return true
		}
	}
	return false
}

func checkMisnamedJavaOpts(d *whdDoc, r *report) {
	for _, m := range d.misnamedJavaOpts() {
		why := "the start script reads only $JAVA_OPTS"
		if strings.EqualFold(m.a.Name, "JAVA_OPTS") {
			why = "bash variable names are case-sensitive and the start script reads only $JAVA_OPTS"
		}
		r.add("", d.at(m.a.Pos), "Rename it to JAVA_OPTS, or, if the file also sets JAVA_OPTS, add the flags there: JAVA_OPTS=\"$JAVA_OPTS ...\".",
			"%s is not JAVA_OPTS: %s, so %s set here never %s Java: %s",
			m.a.Name, why, plural(len(m.flags), "flag", "flags"), reachVerb(len(m.flags)), list(quoteAll(m.flags), 6))
	}
}
