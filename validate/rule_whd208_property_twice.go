package validate

import (
	"fmt"
	"sort"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD208",
		Name:     "PropertyTwiceInJavaOpts",
		Severity: finding.Error,
		Title:    "the same -D property more than once in JAVA_OPTS",
		Scope:    ScopeWhdConf,
		Detects: "One -D property (for example -DExchangeServiceURL) more than once in the JAVA_OPTS that\n" +
			"bash leaves after sourcing whd.conf, in one assignment or across assignments that add\n" +
			"to $JAVA_OPTS. Error when the values differ, warning when they are equal. (Flags that an\n" +
			"overwritten JAVA_OPTS loses are WHD201.)",
		Why: "The start script passes every word of $JAVA_OPTS to Java, and the JVM keeps the last\n" +
			"-D of a name. Editing the first one, as people do, changes nothing; when the values\n" +
			"differ, the value WHD uses is not the one you read first. whdctl patch-conf refuses such\n" +
			"a file for the Microsoft 365 properties until the duplicates are removed.",
		Example: Example{
			Format: "whdconf",
			Bad: "DEFAULT_PORT=8081\n" +
				"JAVA_OPTS=\"-DExchangeServiceURL=https://outlook.office365.us/ -Dfile.encoding=UTF-8 -DExchangeServiceURL=https://outlook.office365.com/\"\n",
			Good: "DEFAULT_PORT=8081\n" +
				"JAVA_OPTS=\"-Dfile.encoding=UTF-8 -DExchangeServiceURL=https://outlook.office365.com/\"\n",
		},
		Fix: "Keep one -D of each name, with the value WHD should use (whdctl patch-conf --dedupe keeps\n" +
			"the one the JVM uses for the Microsoft 365 properties).",
		whdconf: checkPropertyTwice,
	})
}

func checkPropertyTwice(d *whdDoc, r *report) {
	if d.jo == nil || !d.jo.Known || d.env.windows {
		return
	}
	type occ struct {
		w     whdconf.Word
		value string
	}
	byName := map[string][]occ{}
	for _, w := range d.jo.Words {
		if name, value, ok := whdconf.PropOf(w.Text); ok {
			byName[name] = append(byName[name], occ{w, value})
		}
	}
	names := make([]string, 0, len(byName))
	for n, os := range byName {
		if len(os) > 1 {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		os := byName[n]
		last := os[len(os)-1]
		where := "later"
		if at := d.wordAt(last.w); at.Line > 0 {
			where = fmt.Sprintf("at line %d", at.Line)
			if at.Col > 0 {
				where += fmt.Sprintf(", column %d", at.Col)
			}
		}
		for _, o := range os[:len(os)-1] {
			sev, what := finding.Warning, "with the same value"
			if o.value != last.value {
				sev, what = finding.Error, "so this value ("+show(o.value)+") is ignored"
			}
			r.add(sev, d.wordAt(o.w),
				"Remove -D"+n+" here or "+where+", keeping the value WHD should use (whdctl patch-conf --dedupe does it for the Microsoft 365 properties).",
				"-D%s is in JAVA_OPTS again %s: Java gets both and keeps the last one (%s), %s",
				n, where, show(last.value), what)
		}
	}
}
