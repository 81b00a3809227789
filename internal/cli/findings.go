package cli

import (
	"fmt"
	"io"

	"github.com/whdctl/whdctl/finding"
)

// printFindings renders findings for people: one block per finding,
// "location: severity RULE: message" then an indented "fix:" line.
func printFindings(p painter, w io.Writer, fs []finding.Finding) {
	for _, f := range fs {
		loc := f.Location()
		if loc != "" {
			loc += ": "
		}
		fmt.Fprintf(w, "%s%s %s: %s\n", loc, p.severity(f.Severity), p.bold(f.Rule), f.Message)
		if f.Fix != "" {
			fmt.Fprintf(w, "    fix: %s\n", f.Fix)
		}
	}
}

func (p painter) severity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return p.red(string(s))
	case finding.Warning:
		return p.yellow(string(s))
	}
	return p.cyan(string(s))
}
