package validate

import (
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD211",
		Name:     "ValueChangingAttribute",
		Severity: finding.Error,
		Title:    "declare -l, -u, -c, -i, -a or -A: bash changes every value assigned to the variable",
		Scope:    ScopeWhdConf,
		Detects: "A declare (or typeset, local) option that gives a variable an attribute changing the\n" +
			"values assigned to it from then on: -l (lower case), -u (upper case), -c (capital first\n" +
			"letter), -i (arithmetic), -a or -A (array). An error on JAVA_OPTS, a warning on another\n" +
			"variable. whdctl does not work out the values assigned after it.",
		Why: "The attribute stays with the variable: a later plain JAVA_OPTS=\"-Xmx2g -DAzureTokenURL=...\"\n" +
			"reaches Java as -xmx2g -dazuretokenurl=... under declare -l. The JVM refuses -xmx2g, and\n" +
			"Java property names are case-sensitive, so WHD does not find its settings. Under -i the\n" +
			"value is evaluated as arithmetic (and a flag list is a syntax error).",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\ndeclare -l JAVA_OPTS\nJAVA_OPTS=\"-Xmx2g\"\n",
			Good:   "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Xmx2g\"\n",
		},
		Fix:     "Remove the option (or the whole declare line): WHD's settings are plain text values.",
		whdconf: checkValueAttribute,
	})
}

func checkValueAttribute(d *whdDoc, r *report) {
	if d.f.SyntaxErr != nil || d.env.windows {
		return
	}
	for _, at := range d.f.Attributes {
		sev := finding.Warning
		what := "the values later assigned to it"
		if at.Name == "JAVA_OPTS" {
			sev = finding.Error
			what = "the JVM flags later assigned to it"
		}
		fix := fmt.Sprintf("Remove %s (or the whole line): %s needs no attribute.", at.Option, at.Name)
		if kept := strings.Map(func(c rune) rune {
			if strings.ContainsRune("lucaAi", c) {
				return -1
			}
			return c
		}, at.Option); kept != "-" {
			fix = fmt.Sprintf("Write %s instead of %s: %s needs no attribute that changes its value.", kept, at.Option, at.Name)
		}
		r.add(sev, d.at(at.Pos), fix,
			"%s %s %s: %s, so %s do not reach WHD as written; whdctl does not work them out", at.Via, at.Option, at.Name, attrEffect(at.Option, at.Name), what)
	}
}

// attrEffect says what an attribute option does to the values assigned.
func attrEffect(opt, name string) string {
	var parts []string
	for _, c := range opt {
		switch c {
		case 'l':
			parts = append(parts, "bash lower-cases every value assigned to "+name)
		case 'u':
			parts = append(parts, "bash upper-cases every value assigned to "+name)
		case 'c':
			parts = append(parts, "bash capitalises the first letter of every value assigned to "+name)
		case 'i':
			parts = append(parts, "bash evaluates every value assigned to "+name+" as arithmetic")
		case 'a', 'A':
			parts = append(parts, "makes "+name+" an array")
		}
	}
	return strings.Join(parts, " and ")
}
