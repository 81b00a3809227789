package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD103",
		Name:     "AdditionalSlotRedefined",
		Severity: finding.Error,
		Title:    "the same wrapper.java.additional slot is defined more than once",
		Scope:    ScopeWrapper,
		Detects: "A wrapper.java.additional.<n> key written twice (keys are case-insensitive, so\n" +
			"WRAPPER.JAVA.ADDITIONAL.5 is .5 again), also across #include files; and two keys with the\n" +
			"same number written differently (.1 and .01, or .7 and .07).\n" +
			"Error when the values differ (a setting is lost), warning when they are equal.",
		Why: "Only the last definition of a key counts: the wrapper drops the earlier value and logs\n" +
			"\"property was redefined\" (with #properties.on_overwrite.exit=TRUE it refuses to start).\n" +
			".1 and .01 are two keys with the same number: with default settings the repeated number\n" +
			"ends the list, so it and every entry after it are not passed; with gaps allowed both\n" +
			"are passed, in an order the wrapper does not guarantee (observed on wrapper 3.5.51).",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.1=-Dfile.encoding=UTF-8\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.us/\"\n" +
				"WRAPPER.JAVA.ADDITIONAL.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
			Good: "wrapper.java.additional.1=-Dfile.encoding=UTF-8\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
		},
		Fix:     "Keep one definition per slot and give every entry its own number, without leading zeros.",
		wrapper: checkRedefinedSlot,
	})
}

func checkRedefinedSlot(d *wrapperDoc, r *report) {
	fatal := false
	for _, s := range d.cfg.Sources {
		for _, dir := range s.File.Directives {
			if dir.Name == "properties.on_overwrite.exit" && strings.EqualFold(dir.Arg, "true") {
				fatal = true
			}
		}
	}
	for _, s := range d.add.Slots {
		for _, old := range s.Overridden {
			sev := finding.Warning
			effect := "the value is the same, so nothing is lost today"
			if unquote(old.Entry.Value) != unquote(s.Def.Entry.Value) {
				sev = finding.Error
				effect = "this value (" + show(old.Entry.Value) + ") is dropped"
			}
			if fatal {
				sev = finding.Error
				effect = "with #properties.on_overwrite.exit=TRUE the wrapper refuses to start"
			}
			r.add(sev, d.keyAt(old), "Delete one of the two definitions; if both values are needed, give the other one the next free number.",
				"%s is defined again at %s (as %s): only the last definition counts, and %s",
				old.Entry.RawKey, d.where(s.Def), s.Def.Entry.RawKey, effect)
		}
	}
	for i := 1; i < len(d.add.Slots); i++ {
		a, s := d.add.Slots[i-1], d.add.Slots[i]
		if a.Index != s.Index {
			continue
		}
		fix := "Give each entry its own number, written without leading zeros."
		b := d.add.Break
		switch {
		case b != nil && b.Repeated && b.Found == s:
			r.add(finding.Error, d.keyAt(s.Def), fix,
				"%s (%s) and %s (%s) are both number %d: the repeated number ends the list, so one of them and every entry after it (%s) are not passed to Java",
				slotName(a), d.where(a.Def), slotName(s), d.where(s.Def), s.Index, plural(len(d.add.Dead)-1, "more entry", "more entries"))
		case d.add.IgnoreGaps:
			r.add(finding.Warning, d.keyAt(s.Def), fix,
				"%s (%s) and %s (%s) are both number %d: both are passed, in an order the wrapper does not guarantee",
				slotName(a), d.where(a.Def), slotName(s), d.where(s.Def), s.Index)
		default:
			r.add(finding.Warning, d.keyAt(s.Def), fix,
				"%s (%s) and %s (%s) are both number %d (both are after the end of the list already)",
				slotName(a), d.where(a.Def), slotName(s), d.where(s.Def), s.Index)
		}
	}
}

// unquote removes double quotes, for comparing wrapper values quotes aside
// (the wrapper removes them on Windows).
func unquote(s string) string { return strings.ReplaceAll(s, `"`, "") }
