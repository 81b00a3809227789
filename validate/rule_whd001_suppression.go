package validate

import "github.com/whdctl/whdctl/finding"

// WHD001 is reported by the suppression code (suppress.go), not by a check.
func init() {
	register(&Rule{
		ID:       "WHD001",
		Name:     "InvalidSuppression",
		Severity: finding.Warning,
		Title:    "a whdctl:ignore comment that is not applied, or that matches nothing",
		Scope:    ScopeAny,
		Detects: "A \"# whdctl:ignore\" comment that gives no reason, names no rule or an unknown rule,\n" +
			"or sits at the end of a line instead of on its own line; and a valid one that matches\n" +
			"nothing: a rule it names has no finding on the line it applies to (for example because\n" +
			"a blank line separates it from its target), or, in the header, in the whole file. An\n" +
			"idle suppression is not reported with --no-ignore, which applies none. A WHD001\n" +
			"finding cannot be silenced.",
		Why: "WHD itself does not care, but the finding the comment was meant to silence is still\n" +
			"reported, and a suppression without a reason cannot be judged by the next person who\n" +
			"edits the file. whdctl applies a suppression only when it says why. One that matches\n" +
			"nothing is either misplaced (the finding it was written for is still reported) or\n" +
			"stale, and would silence a new finding on that line that nobody has seen.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\n# whdctl:ignore WHD205\nSTARTED=$(date +%s)\n",
			Good:   "DEFAULT_PORT=8081\n# whdctl:ignore WHD205 our monitoring reads STARTED; reviewed 2024-05\nSTARTED=$(date +%s)\n",
		},
		Fix: "Write \"# whdctl:ignore RULE[,RULE...] <reason>\" on its own line, right above the line it\n" +
			"silences (no blank line between). In the comment block at the top of the file (the\n" +
			"first 10 lines, before any setting) it silences the rules in the whole file. Remove a\n" +
			"suppression, or the rule IDs of it, that no longer matches anything. --no-ignore shows\n" +
			"everything.",
	})
}
