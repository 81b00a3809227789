package validate

import (
	"github.com/whdctl/whdctl/patcher"
	"slices"
	"sort"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD104",
		Name:     "PropertyInSeveralSlots",
		Severity: finding.Error,
		Title:    "the same -D property is set in several live slots",
		Scope:    ScopeWrapper,
		Detects: "One -D property (for example -DAzureTokenURL) in more than one wrapper.java.additional\n" +
			"entry that the wrapper passes to Java. Error when the values differ, warning when they\n" +
			"are equal (quotes aside).",
		Why: "The wrapper passes both arguments, in number order, and the JVM keeps the one with the\n" +
			"higher number (observed on wrapper 3.5.51). Editing the first one, as people do, changes\n" +
			"nothing; when the values differ, the value WHD uses is not the one you read first.",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.1=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n" +
				"wrapper.java.additional.2=-Dfile.encoding=UTF-8\n" +
				"wrapper.java.additional.3=-DAzureTokenURL=\"https://login.microsoftonline.us/\"\n",
			Good: "wrapper.java.additional.1=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n" +
				"wrapper.java.additional.2=-Dfile.encoding=UTF-8\n",
		},
		Fix: "Keep the property in one entry (whdctl patch-conf --dedupe keeps the one the JVM uses),\n" +
			"and renumber so the list has no gap.",
		wrapper: checkPropertyInSeveralSlots,
	})
}

func checkPropertyInSeveralSlots(d *wrapperDoc, r *report) {
	props := d.add.Props()
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ps := props[n]
		if len(ps) < 2 {
			continue
		}
		last := ps[len(ps)-1]
		for _, p := range ps[:len(ps)-1] {
			sev, what := finding.Warning, "with the same value"
			if p.Value != last.Value {
				sev, what = finding.Error, "so this value ("+show(p.Value)+") is ignored"
			}
			fix := "Remove -D" + n + " from " + slotName(p.Slot) + " (or from " + slotName(last.Slot) + "), keeping the value WHD should use"
			if slices.Contains(patcher.ManagedProperties, n) {
				fix += "; whdctl patch-conf --dedupe does it."
			} else {
				fix += "."
			}
			r.add(sev, d.valueAt(p.Slot.Def), fix,
				"-D%s is set again in %s (%s): the JVM keeps the last one (%s), %s",
				n, slotName(last.Slot), d.where(last.Slot.Def), show(last.Value), what)
		}
	}
}
