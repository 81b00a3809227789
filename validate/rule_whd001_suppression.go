package validate

import "github.com/whdctl/whdctl/finding"

// WHD001 is reported by the suppression code (suppress.go), not by a check.
func init() {
	register(&Rule{
		ID:       "WHD001",
		Name:     "InvalidSuppression",
		Severity: finding.Warning,
		Title:    "a whdctl:ignore comment that is not applied",
		Scope:    ScopeAny,
		Detects: "A \"# whdctl:ignore\" comment that gives no reason, names no rule or an unknown rule,\n" +
			"or sits at the end of a line instead of on its own line.",
		Why: "WHD itself does not care, but the finding the comment was meant to silence is still\n" +
			"reported, and a suppression without a reason cannot be judged by the next person who\n" +
			"edits the file. whdctl applies a suppression only when it says why.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\n# whdctl:ignore WHD205\nSTARTED=$(date +%s)\n",
			Good:   "DEFAULT_PORT=8081\n# whdctl:ignore WHD205 our monitoring reads STARTED; reviewed 2024-05\nSTARTED=$(date +%s)\n",
		},
		Fix: "Write \"# whdctl:ignore RULE[,RULE...] <reason>\" on its own line, right above the line it\n" +
			"silences. In the comment block at the top of the file (the first 10 lines, before any\n" +
			"setting) it silences the rules in the whole file. --no-ignore shows everything.",
	})
}
