package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD307",
		Name:     "M365ValueFromEnvironment",
		Severity: finding.Info,
		Title:    "a Microsoft 365 value uses a %VAR% that the configuration does not define",
		Scope:    ScopeWrapper,
		Detects: "A Microsoft 365 property whose value refers to %NAME% when no set.NAME (or\n" +
			"set.default.NAME) entry of the wrapper configuration or its includes defines NAME. The\n" +
			"other Microsoft 365 rules do not judge such a value. References that set.NAME entries\n" +
			"resolve are expanded first, as the wrapper does, and checked like any value.",
		Why: "The wrapper replaces %NAME% with the environment variable NAME of the service, or with a\n" +
			"set.NAME entry; when neither exists it passes %NAME% as written, and WHD gets a value\n" +
			"that is no URL. Names are case-sensitive for the wrapper (observed on Linux with wrapper\n" +
			"3.5.51: set.authurl does not define %AUTHURL%). whdctl cannot see the service's\n" +
			"environment, so it cannot check the value.",
		Example: Example{
			Format: "wrapper",
			Bad:    "wrapper.java.additional.1=-DAzureAuthorizationURL=%AUTHURL%\n",
			Good:   "set.AUTHURL=https://login.microsoftonline.com/\nwrapper.java.additional.1=-DAzureAuthorizationURL=%AUTHURL%\n",
		},
		Fix: "Define the variable in the file (set.AUTHURL=https://login.microsoftonline.com/) or write\n" +
			"the value itself, so that it can be checked. If the service's environment sets it on\n" +
			"purpose, check the value there and silence this note with a reason.",
		props: checkUnresolvedVar,
	})
}

func checkUnresolvedVar(v *propView, r *report) {
	for _, n := range m365Props {
		p, ok := v.get(n)
		if !ok || len(p.Unresolved) == 0 {
			continue
		}
		var refs, hints []string
		seen := map[string]bool{}
		for _, name := range p.Unresolved {
			if seen[name] {
				continue
			}
			seen[name] = true
			refs = append(refs, "%"+name+"%")
			if other, ok := v.setVars[strings.ToLower(name)]; ok {
				hints = append(hints, "set."+other+" differs in letter case, which the wrapper does not ignore")
			}
		}
		msg := "%s is %s: no set. entry defines %s, so the wrapper takes %s from the service's environment or passes %s as written; whdctl cannot check the value"
		if len(hints) > 0 {
			msg += " (" + strings.Join(hints, "; ") + ")"
		}
		it := "it"
		if len(refs) > 1 {
			it = "them"
		}
		r.add("", p.At, "Define the variable with a set. entry in the file, or write the value itself, so that whdctl can check it.",
			msg, n, show(p.Value), list(refs, 4), it, it)
	}
}
