package validate

import (
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD108",
		Name:     "AdditionalArgumentForm",
		Severity: finding.Error,
		Title:    "a wrapper.java.additional value that is not one JVM option: no '-', quotes around it, several in one",
		Scope:    ScopeWrapper,
		Detects: "A wrapper.java.additional.<n> value that is not one JVM option: it does not start with\n" +
			"'-' or '\"-' (error); it holds several options (\"-Da=1\" \"-Db=2\", -Da=1 -Db=2: error); a\n" +
			"quote before the '-' that does not close at the end (\"-Da=1\"x: error); or the whole\n" +
			"argument is in double quotes, \"-Dname=value\" (warning; fine with\n" +
			"wrapper.java.additional.<n>.stripquotes=TRUE). An empty value is not reported.",
		Why: "The wrapper skips a value that does not start with '-' or '\"-' (\"is not a valid argument\n" +
			"to the JVM. Skipping.\"), so the setting is lost. Every other value is passed to the JVM\n" +
			"as ONE argument, whatever spaces and quotes it holds: -Da=1 -Db=2 sets a to \"1 -Db=2\"\n" +
			"and never sets b. On Linux quotes reach the JVM: an argument that starts with a quote is\n" +
			"not an option to the JVM, which takes it for the name of its main class (\"Could not find\n" +
			"or load main class\") and does not start, so WHD does not start. A whole argument in\n" +
			"quotes works on Windows, where the wrapper passes the quoted text as one argument (all\n" +
			"observed on wrapper 3.5.51). Quote the value, not the whole argument.",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.1=DExchangeServiceURL=https://outlook.office365.com/\n" +
				"wrapper.java.additional.2=\"-DAzureTokenURL=https://login.microsoftonline.com/\"\n",
			Good: "wrapper.java.additional.1=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
		},
		Fix: "Start the value with the option's '-' (-Dname=value, -Xmx2g, --add-opens=...), quote\n" +
			"only the part after '=' (-Dname=\"value\"), and put one option in each entry, numbered on\n" +
			"without gaps.",
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
		args := splitArgs(v)
		if len(args) == 1 && len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && !strings.Contains(v[1:len(v)-1], `"`) {
			// "-Da=1 -Db=2": options inside one pair of quotes are still
			// one argument (with or without stripquotes).
			if inner := splitArgs(args[0]); len(inner) >= 2 {
				args = inner
			}
		}
		several := len(args) >= 2
		for _, a := range args {
			several = several && strings.HasPrefix(a, "-")
		}
		// The wrapper passes a value that starts with '-' or with '"-' and
		// skips any other (observed on wrapper 3.5.51).
		if !strings.HasPrefix(v, "-") && !strings.HasPrefix(v, `"-`) {
			want := "-" + strings.TrimLeft(strings.Trim(v, `"' `), "-")
			if several {
				want = args[0]
			}
			r.add(finding.Error, at, "Start the value with the option's '-' (for example "+clip(want, 60)+").",
				"%s is %s, which does not start with '-': the wrapper skips it (\"not a valid argument to the JVM\"), so it never reaches Java",
				slotName(s), show(v))
			continue
		}
		if several {
			// One entry is one JVM argument, however many options it holds.
			arg := s.Arg
			if s.StripQuotes {
				arg = unquote(v)
			}
			fix := "Put one argument in each entry: " + oneEach(s, args) + "."
			if strings.HasPrefix(arg, `"`) {
				r.add(finding.Error, at, fix,
					"%s holds %d arguments (%s), but the wrapper passes its whole value to the JVM as one argument, quotes included (observed on Linux): the JVM takes %s for the name of its main class (\"Could not find or load main class\") and does not start, so WHD does not start",
					slotName(s), len(args), list(showAll(args), 4), show(arg))
				continue
			}
			verb := "reach"
			if len(args) == 2 {
				verb = "reaches"
			}
			if name, value, ok := strings.Cut(strings.TrimPrefix(arg, "-D"), "="); ok && strings.HasPrefix(arg, "-D") {
				r.add(finding.Error, at, fix,
					"%s holds %d arguments (%s), but the wrapper passes its whole value to the JVM as one argument, %s: Java sets %s to %s, so %s never %s Java",
					slotName(s), len(args), list(showAll(args), 4), show(arg), name, show(value), list(args[1:], 3), verb)
				continue
			}
			// Observed: "-Xmx2g -Xms1g" gives "Invalid maximum heap size".
			r.add(finding.Error, at, fix,
				"%s holds %d arguments (%s), but the wrapper passes its whole value to the JVM as one argument, %s, which the JVM reads as one option: it rejects that for most options (for example \"Invalid maximum heap size\") and does not start, so WHD does not start; at best %s never %s Java",
				slotName(s), len(args), list(showAll(args), 4), show(arg), list(args[1:], 3), verb)
			continue
		}
		if s.StripQuotes || !strings.HasPrefix(v, `"`) {
			continue
		}
		wholeQuoted := len(v) >= 2 && v[len(v)-1] == '"' && !strings.Contains(v[1:len(v)-1], `"`)
		if wholeQuoted {
			r.add(finding.Warning, at, "Quote only the value: "+quoteValue(v[1:len(v)-1])+".",
				"the whole argument of %s is in double quotes: on Windows the wrapper removes them, but on Linux the JVM gets %s and fails to start",
				slotName(s), show(v))
			continue
		}
		// "-Dq=1"x: passed with its quotes; the JVM takes it for a class name.
		r.add(finding.Error, at, "Quote only the value: "+quoteValue(unquote(v))+".",
			"%s is %s: the wrapper passes it to the JVM as one argument, quotes included (observed on Linux), which the JVM takes for the name of its main class (\"Could not find or load main class\") and does not start, so WHD does not start",
			slotName(s), show(v))
	}
}

// splitArgs splits a value into the JVM arguments it was meant to hold:
// words separated by blanks outside double quotes, the quotes removed.
func splitArgs(v string) []string {
	var args []string
	var cur strings.Builder
	inQuote, inWord := false, false
	for _, c := range v {
		switch {
		case c == '"':
			inQuote, inWord = !inQuote, true
		case (c == ' ' || c == '\t') && !inQuote:
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
			}
			inWord = false
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args
}

// showAll quotes every item for a message.
func showAll(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = show(s)
	}
	return out
}

// oneEach renders the entries that pass args one each, from the slot's
// number on: "wrapper.java.additional.2=-Dq=1 and
// wrapper.java.additional.3=-Dr=2 (move the entries after it up by 1)".
func oneEach(s *wrapperconf.Slot, args []string) string {
	prefix := strings.TrimSuffix(slotName(s), s.Digits)
	var entries []string
	for i, a := range args {
		if strings.ContainsAny(a, " \t") {
			a = quoteValue(a)
		}
		entries = append(entries, fmt.Sprintf("%s%d=%s", prefix, s.Index+int64(i), a))
	}
	return list(entries, len(entries)) + fmt.Sprintf(" (and renumber the entries after it: each moves up by %d)", len(args)-1)
}

// quoteValue turns -Dname=value into -Dname="value".
func quoteValue(arg string) string {
	if k, v, ok := strings.Cut(arg, "="); ok && strings.HasPrefix(k, "-D") {
		return k + `="` + v + `"`
	}
	return arg
}
