package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD212",
		Name:     "JavaOptsNotCheckable",
		Severity: finding.Warning,
		Title:    "whdctl cannot work out JAVA_OPTS without running whd.conf",
		Scope:    ScopeWhdConf,
		Detects: "A whd.conf whose effective JAVA_OPTS depends on what whdctl does not evaluate without\n" +
			"running the file: an expansion with an operator (${JAVA_OPTS/-Dx/}, ${X:-...}), a\n" +
			"function that may assign it, a condition or loop around it, a command substitution, eval\n" +
			"or source. The finding names the first line that makes it unknown. The rules that judge\n" +
			"JAVA_OPTS (WHD201, WHD208, WHD301 to WHD306, WHD308) are then not applied, so without this\n" +
			"warning the file would pass unchecked. (A syntax error is WHD207 instead; a declaration\n" +
			"that bash refuses or that changes values, WHD210 and WHD211.)",
		Why: "WHD's start script sources whd.conf with bash and passes $JAVA_OPTS to Java. Whatever\n" +
			"that line does decides which properties WHD gets (a ${JAVA_OPTS/pattern/} can remove a\n" +
			"Microsoft 365 property; a function can replace the whole value), and a linter that reads\n" +
			"the file without running it cannot see the result. whdctl patch-conf refuses such a file\n" +
			"for the same reason and prints the line to add by hand.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Dfile.encoding=UTF-8 -DIsGcchAzureAccount=true\"\nJAVA_OPTS=\"${JAVA_OPTS/-DIsGcchAzureAccount=true/}\"\n",
			Good:   "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Dfile.encoding=UTF-8\"\n",
		},
		Fix: "Write JAVA_OPTS as plain assignments at the top level of the file (JAVA_OPTS=\"...\" or\n" +
			"JAVA_OPTS=\"$JAVA_OPTS ...\"). To see what WHD gets today, run\n" +
			"bash -c 'source conf/whd.conf; printf \"%s\\n\" \"$JAVA_OPTS\"'.",
		whdconf: checkJavaOptsUnknown,
	})
}

func checkJavaOptsUnknown(d *whdDoc, r *report) {
	if d.env.windows || d.jo == nil || d.jo.Known || d.jo.Reason == nil || d.jo.Reason.Limit {
		return
	}
	if e := d.f.SyntaxErr; e != nil && !strings.Contains(e.Msg, "invalid UTF-8") {
		return // WHD207
	}
	for _, f := range r.findings {
		if f.Rule == "WHD211" || (f.Rule == "WHD210" && f.Line == d.jo.Reason.Pos.Line) {
			return // they say why, and that whdctl does not work the value out
		}
	}
	r.add("", d.at(d.jo.Reason.Pos), "Write JAVA_OPTS as plain top-level assignments (JAVA_OPTS=\"...\" or JAVA_OPTS=\"$JAVA_OPTS ...\"); "+
		"bash -c 'source whd.conf; printf \"%s\\n\" \"$JAVA_OPTS\"' shows what WHD gets today.",
		"whdctl cannot work out the JAVA_OPTS that bash leaves without running the file: %s; the Microsoft 365 and JAVA_OPTS rules were not applied",
		d.jo.Reason.Msg)
}
