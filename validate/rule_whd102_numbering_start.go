package validate

import (
	"fmt"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD102",
		Name:     "AdditionalNumberingStart",
		Severity: finding.Error,
		Title:    "wrapper.java.additional numbering does not start at 1: no entry is passed",
		Scope:    ScopeWrapper,
		Detects: "A wrapper.java.additional.<n> list whose lowest number is not 1 (it starts at 2, at 19,\n" +
			"or uses index 0), unless wrapper.ignore_sequence_gaps=TRUE.",
		Why: "The wrapper looks for wrapper.java.additional.1 first. When there is none, the list is\n" +
			"empty: not one of the entries reaches Java, so Tomcat starts without the settings WHD\n" +
			"needs (observed on the real wrapper 3.5.51). Index 0 breaks the list the same way.",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.19=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n" +
				"wrapper.java.additional.20=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
			Good: "wrapper.java.additional.1=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
		},
		Fix: "Number the entries from 1 without holes (whdctl patch-conf --renumber), or set\n" +
			"wrapper.ignore_sequence_gaps=TRUE. Never use index 0.",
		wrapper: checkNumberingStart,
	})
}

func checkNumberingStart(d *wrapperDoc, r *report) {
	b := d.add.Break
	if b == nil || b.Found == nil || b.Repeated || b.Expected != 1 {
		return
	}
	fix := "Renumber the list from wrapper.java.additional.1 (whdctl patch-conf --renumber), or set wrapper.ignore_sequence_gaps=TRUE."
	if b.Found.Index == 0 {
		r.add("", d.keyAt(b.Found.Def), fix+" Do not use index 0.",
			"%s uses index 0: the list must start at 1, so the wrapper passes %s to Java: %s",
			slotName(b.Found), noneOf(len(d.add.Slots)), d.slotList(d.add.Dead, 8))
		return
	}
	r.add("", d.keyAt(b.Found.Def), fix,
		"the wrapper.java.additional list starts at %d, not 1: the wrapper passes %s to Java: %s",
		b.Found.Index, noneOf(len(d.add.Slots)), d.slotList(d.add.Dead, 8))
}

func noneOf(n int) string {
	if n == 1 {
		return "not even its only entry"
	}
	return fmt.Sprintf("none of its %d entries", n)
}
