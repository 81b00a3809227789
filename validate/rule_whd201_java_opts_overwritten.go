package validate

import (
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD201",
		Name:     "JavaOptsOverwritten",
		Severity: finding.Error,
		Title:    "JAVA_OPTS assigned again without $JAVA_OPTS: the earlier flags are lost",
		Scope:    ScopeWhdConf,
		Detects: "A JAVA_OPTS assignment whose flags never reach Java because a later assignment\n" +
			"replaces the value without including $JAVA_OPTS. The finding names the lost flags.\n" +
			"Not reported when whdctl cannot work JAVA_OPTS out without running the file (WHD212):\n" +
			"a return or a condition between the lines may keep bash from reaching the later one.",
		Why: "The start script sources whd.conf with bash: each JAVA_OPTS=... replaces the previous\n" +
			"value. The vendor's own instructions add five JAVA_OPTS=\"-D...\" lines, which leaves only\n" +
			"the last one in effect: WHD starts without the other four Microsoft 365 settings.",
		Example: Example{
			Format: "whdconf",
			Bad: "DEFAULT_PORT=8081\n" +
				"JAVA_OPTS=\"-DExchangeServiceURL=https://outlook.office365.com/\"\n" +
				"JAVA_OPTS=\"-DAzureTokenURL=https://login.microsoftonline.com/\"\n",
			Good: "DEFAULT_PORT=8081\n" +
				"JAVA_OPTS=\"-DExchangeServiceURL=https://outlook.office365.com/\"\n" +
				"JAVA_OPTS=\"$JAVA_OPTS -DAzureTokenURL=https://login.microsoftonline.com/\"\n",
		},
		Fix: "Keep one JAVA_OPTS line with every flag, or add flags with JAVA_OPTS=\"$JAVA_OPTS -D...\".\n" +
			"whdctl patch-conf consolidates the Microsoft 365 lines this way.",
		whdconf: checkJavaOptsOverwritten,
	})
}

const fixJavaOpts = `Put every flag in one JAVA_OPTS="..." line, or write the later lines as JAVA_OPTS="$JAVA_OPTS -D..." (whdctl patch-conf does this for the Microsoft 365 settings).`

func checkJavaOptsOverwritten(d *whdDoc, r *report) {
	// When whdctl cannot work JAVA_OPTS out (WHD212: a return that may stop
	// the file, a function, a condition...), it cannot know that a later
	// assignment runs either: "never reaches Java" would be a guess, and
	// WHD212 says the JAVA_OPTS rules were not applied.
	if d.jo == nil || d.env.windows || !d.jo.Known {
		return
	}
	jo := d.jo
	var order []*whdconf.Assignment
	lost := map[*whdconf.Assignment][]string{}
	for _, fl := range jo.DeadFlags() {
		if lost[fl.Assignment] == nil {
			order = append(order, fl.Assignment)
		}
		lost[fl.Assignment] = append(lost[fl.Assignment], fl.Text)
	}
	for _, a := range order {
		how := overwriter(jo, a)
		r.add("", d.at(a.Pos), overwriteFix(how), "JAVA_OPTS %s, so %s set here never %s Java: %s",
			how, plural(len(lost[a]), "flag", "flags"), reachVerb(len(lost[a])), list(quoteAll(lost[a]), 6))
	}
}

// overwriter says what replaces a's value: "is assigned again at line N
// without $JAVA_OPTS" or "is unset at line N".
func overwriter(jo *whdconf.JavaOpts, a *whdconf.Assignment) string {
	for _, b := range jo.Assignments {
		if b.Pos.Offset <= a.Pos.Offset || b.Context != whdconf.TopLevel {
			continue
		}
		reads := false
		for _, ref := range b.Refs {
			if ref == "JAVA_OPTS" {
				reads = true
			}
		}
		if b.Op == "unset" {
			return fmt.Sprintf("is unset at line %d", b.Pos.Line)
		}
		if !reads {
			return fmt.Sprintf("is assigned again at line %d without $JAVA_OPTS", b.Pos.Line)
		}
	}
	return "is assigned again later without $JAVA_OPTS"
}

// overwriteFix is the fix for what overwriter found: an unset must go, or
// "$JAVA_OPTS" in the later lines has nothing to keep.
func overwriteFix(how string) string {
	if strings.HasPrefix(how, "is unset") {
		return "Remove the 'unset JAVA_OPTS' (" + strings.TrimPrefix(how, "is unset ") + "): every flag set before it is lost, even for later lines that add to $JAVA_OPTS."
	}
	return fixJavaOpts
}

func reachVerb(n int) string {
	if n == 1 {
		return "reaches"
	}
	return "reach"
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = show(s)
	}
	return out
}
