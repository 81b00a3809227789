package validate

import (
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD105",
		Name:     "IgnoredLine",
		Severity: finding.Error,
		Title:    "a line the wrapper ignores",
		Scope:    ScopeWrapper,
		Detects: "A line that looks like a setting but that the wrapper never uses:\n" +
			"  - a wrapper.java.additional key whose number is not all digits (.abc, .3x, .5 with a\n" +
			"    space, or more than 15 digits); auto_bits and <n>.stripquotes are real settings;\n" +
			"  - ':' instead of '=' (wrapper.java.additional.5: -Dx=1);\n" +
			"  - no '=' at all, or nothing before the '='.\n" +
			"Error when the line names a wrapper.* key, warning for other text.",
		Why: "The wrapper takes the first '=' as the separator, silently skips lines without one, and\n" +
			"passes to Java only the entries whose number is all digits (observed on wrapper 3.5.51).\n" +
			"The setting on such a line does nothing, and nothing in WHD's logs says so.",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.1=-Dfile.encoding=UTF-8\n" +
				"wrapper.java.additional.2: -DIsGcchAzureAccount=true\n",
			Good: "wrapper.java.additional.1=-Dfile.encoding=UTF-8\n" +
				"wrapper.java.additional.2=-DIsGcchAzureAccount=true\n",
		},
		Fix: "Write the setting as key=value, with an all-digit number for wrapper.java.additional\n" +
			"entries (the next free one), or turn the text into a comment with '#'.",
		wrapper: checkIgnoredLine,
	})
}

func checkIgnoredLine(d *wrapperDoc, r *report) {
	for _, s := range d.cfg.Sources {
		for _, ig := range s.File.Ignored {
			if strings.HasPrefix(ig.Text, "#") {
				continue // "##include.debug" and the like: a comment to people
			}
			sev := finding.Warning
			fix := "Write it as key=value, or make it a comment with '#'."
			if strings.Contains(strings.ToLower(ig.Text), "wrapper.") {
				sev = finding.Error
				fix = "Write it as key=value (the first '=' separates them), for example " + suggestEquals(ig.Text) + "."
			}
			r.add(sev, d.at(s, ig.Line, s.File.Lines[ig.Line-1].Start), fix,
				"%s: %s", show(clip(ig.Text, 80)), ig.Reason)
		}
	}
	for _, def := range d.cfg.Defs {
		e := def.Entry
		if e.LostToBOM || !strings.HasPrefix(e.Key, wrapperconf.AdditionalPrefix) {
			continue
		}
		if _, _, ok := wrapperconf.SlotIndex(e.Key); ok || knownAdditionalSubkey(e.Key) {
			continue
		}
		suffix := e.RawKey[len(wrapperconf.AdditionalPrefix):]
		if strings.ContainsAny(suffix, ": \t") {
			what := "a space"
			if strings.Contains(suffix, ":") {
				what = "':', which is not a separator for the wrapper"
			}
			r.add(finding.Error, d.keyAt(def), "Write it as "+suggestEquals(e.RawKey+"="+e.RawValue)+".",
				"the key has %s: the wrapper reads everything up to the first '=' as the key (%s), which is no wrapper.java.additional slot, so the line does nothing",
				what, show(e.RawKey))
			continue
		}
		why := fmt.Sprintf("only an all-digit number makes a JVM argument, and %q is not one", suffix)
		if allDigits(suffix) {
			why = fmt.Sprintf("the wrapper reads numbers of at most 15 digits, and this one has %d", len(suffix))
		}
		r.add(finding.Error, d.keyAt(def),
			"Use the next free all-digit number: wrapper.java.additional.<n>=...",
			"%s is never passed to Java: %s", e.RawKey, why)
	}
}

// knownAdditionalSubkey reports the settings under wrapper.java.additional.
// that are not arguments but real wrapper settings.
func knownAdditionalSubkey(key string) bool {
	rest := strings.TrimPrefix(key, wrapperconf.AdditionalPrefix)
	switch {
	case rest == "auto_bits", strings.HasPrefix(rest, "auto_bits."):
		return true
	case rest == "default.stripquotes":
		return true
	case strings.HasSuffix(rest, ".stripquotes"):
		return allDigits(strings.TrimSuffix(rest, ".stripquotes"))
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// suggestEquals rewrites "key: value" or "key value" as "key=value".
func suggestEquals(text string) string {
	if k, v, ok := strings.Cut(text, ":"); ok && !strings.Contains(k, " ") {
		return strings.TrimSpace(k) + "=" + strings.TrimSpace(v)
	}
	if k, v, ok := strings.Cut(strings.TrimSpace(text), " "); ok {
		return k + "=" + strings.TrimSpace(v)
	}
	return strings.TrimSpace(text) + "=<value>"
}
