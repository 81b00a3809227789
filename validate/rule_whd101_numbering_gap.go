package validate

import (
	"fmt"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD101",
		Name:     "AdditionalNumberingGap",
		Severity: finding.Error,
		Title:    "gap in the wrapper.java.additional numbering: the entries after it are dead",
		Scope:    ScopeWrapper,
		Detects: "A missing number in the wrapper.java.additional.<n> list (for example 1, 2, 3, 5),\n" +
			"unless wrapper.ignore_sequence_gaps=TRUE. The finding names every entry after the gap.",
		Why: "The Java Service Wrapper builds the JVM's arguments by reading .1, .2, .3 ... and stops at\n" +
			"the first number that is missing. Every entry after the gap is silently dropped: the\n" +
			"Microsoft 365 settings added \"at the next number\" after a gap never reach Java, and WHD\n" +
			"keeps using its defaults (observed on the real wrapper 3.5.51).",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.1=-Dcatalina.base=../../bin/tomcat\n" +
				"wrapper.java.additional.2=-Dfile.encoding=UTF-8\n" +
				"wrapper.java.additional.4=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n",
			Good: "wrapper.java.additional.1=-Dcatalina.base=../../bin/tomcat\n" +
				"wrapper.java.additional.2=-Dfile.encoding=UTF-8\n" +
				"wrapper.java.additional.3=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n",
		},
		Fix: "Renumber the entries after the gap so that the list runs 1, 2, 3 ... without holes\n" +
			"(whdctl patch-conf --renumber does it and says which entries come alive), or add\n" +
			"wrapper.ignore_sequence_gaps=TRUE. Then restart WHD.",
		wrapper: checkNumberingGap,
	})
}

func checkNumberingGap(d *wrapperDoc, r *report) {
	b := d.add.Break
	if b == nil || b.Found == nil || b.Repeated || b.Expected == 1 {
		return
	}
	prev := d.add.Slots[b.Expected-2]
	r.add("", d.keyAt(b.Found.Def),
		"Number the entries after the gap from "+fmt.Sprint(b.Expected)+" on (whdctl patch-conf --renumber), or set wrapper.ignore_sequence_gaps=TRUE.",
		"wrapper.java.additional.%d is missing (the list stops after %s at %s): the wrapper never passes %s to Java: %s",
		b.Expected, slotName(prev), d.where(prev.Def), plural(len(d.add.Dead), "entry", "entries"), d.slotList(d.add.Dead, 8))
}

// slotList names slots with their place and value.
func (d *wrapperDoc) slotList(slots []*wrapperconf.Slot, max int) string {
	items := make([]string, 0, len(slots))
	for _, s := range slots {
		v := s.Def.Entry.Value
		if v == "" {
			v = "(empty)"
		}
		items = append(items, fmt.Sprintf("%s (%s: %s)", slotName(s), d.where(s.Def), clip(v, 48)))
	}
	return list(items, max)
}
