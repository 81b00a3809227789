package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD108",
		Name:     "AdditionalArgumentForm",
		Severity: finding.Error,
		Title:    "a wrapper.java.additional value that does not start with '-', or is entirely in quotes",
		Scope:    ScopeWrapper,
		Detects: "A wrapper.java.additional.<n> value that is not a JVM option: it does not start with '-'\n" +
			"(error), or the whole argument is in double quotes, \"-Dname=value\" (warning; fine with\n" +
			"wrapper.java.additional.<n>.stripquotes=TRUE). An empty value is not reported.",
		Why: "The wrapper skips a value that does not start with '-' (\"is not a valid argument to the\n" +
			"JVM. Skipping.\"), so the setting is lost. A whole argument in quotes works on Windows,\n" +
			"where the wrapper passes the quoted text as one argument, but on Linux the quotes reach\n" +
			"the JVM, which then takes the argument for a class name and does not start (both\n" +
			"observed on wrapper 3.5.51). Quote the value, not the whole argument.",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.1=DExchangeServiceURL=https://outlook.office365.com/\n" +
				"wrapper.java.additional.2=\"-DAzureTokenURL=https://login.microsoftonline.com/\"\n",
			Good: "wrapper.java.additional.1=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
		},
		Fix: "Start the value with the option's '-' (-Dname=value, -Xmx2g, --add-opens=...), and quote\n" +
			"only the part after '=': -Dname=\"value\".",
		wrapper: checkArgumentForm,
	})
}

func checkArgumentForm(d *wrapperDoc, r *report) {
	for _, s := range d.add.Slots {
		v := s.Def.Entry.Value
		if v == "" {
			continue
		}
		at := d.valueAt(s.Def)
		wholeQuoted := len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && !strings.Contains(v[1:len(v)-1], `"`)
		inner := v
		if wholeQuoted {
			inner = v[1 : len(v)-1]
		}
		if !strings.HasPrefix(inner, "-") {
			r.add(finding.Error, at, "Start the value with the option's '-' (for example "+clip("-"+unquote(v), 60)+").",
				"%s is %s, which does not start with '-': the wrapper skips it (\"not a valid argument to the JVM\"), so it never reaches Java",
				slotName(s), show(v))
			continue
		}
		if wholeQuoted && !s.StripQuotes {
			fix := "Quote only the value: " + quoteValue(inner) + "."
			r.add(finding.Warning, at, fix,
				"the whole argument of %s is in double quotes: on Windows the wrapper removes them, but on Linux the JVM gets %s and fails to start",
				slotName(s), show(v))
		}
	}
}

// quoteValue turns -Dname=value into -Dname="value".
func quoteValue(arg string) string {
	if k, v, ok := strings.Cut(arg, "="); ok && strings.HasPrefix(k, "-D") {
		return k + `="` + v + `"`
	}
	return arg
}
