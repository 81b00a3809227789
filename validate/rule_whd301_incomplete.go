package validate

import (
	"fmt"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD301",
		Name:     "M365SettingsIncomplete",
		Severity: finding.Error,
		Title:    "some but not all of the five Microsoft 365 properties reach Java",
		Scope:    ScopeBoth,
		Detects: "ExchangeServiceURL, AzureTokenURL, AzureAuthorizationURL, IsGcchAzureAccount and\n" +
			"AzureAuthorizationScope, as the JVM finally gets them (live wrapper entries, or the\n" +
			"effective JAVA_OPTS): some are there and some are not. The finding says where a missing\n" +
			"one is written but lost (after a numbering gap, or in an overwritten JAVA_OPTS line).",
		Why: "WHD's Microsoft 365 (OAuth) mail needs all five, as the vendor's procedure sets them.\n" +
			"With some missing, WHD falls back to its defaults for those and the Authorize button or\n" +
			"sending fails, often with an error that does not name the missing setting.",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.1=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
			Good: "wrapper.java.additional.1=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n" +
				"wrapper.java.additional.3=-DAzureAuthorizationURL=\"https://login.microsoftonline.com/\"\n" +
				"wrapper.java.additional.4=-DIsGcchAzureAccount=true\n" +
				"wrapper.java.additional.5=-DAzureAuthorizationScope=\"offline_access%20https://graph.microsoft.com/.default\"\n",
		},
		Fix: "Add the missing properties with the values for your cloud: whdctl patch-conf --whd-home\n" +
			"DIR adds exactly the vendor's values (--cloud for GCC High, DoD or China).",
		props: checkIncomplete,
	})
}

func checkIncomplete(v *propView, r *report) {
	var present, missing []string
	var first *propSite
	for _, n := range m365Props {
		p, ok := v.get(n)
		if !ok {
			if where := v.lost[n]; where != "" {
				n += " (written " + where + ")"
			}
			missing = append(missing, n)
			continue
		}
		present = append(present, n)
		if first == nil || p.At.Line < first.At.Line {
			first = &p
		}
	}
	if len(present) == 0 || len(missing) == 0 {
		return
	}
	r.add("", first.At, "Add the missing properties for your cloud (whdctl patch-conf adds the vendor's values).",
		"%s of the five Microsoft 365 properties reach Java (%s); missing: %s",
		fmt.Sprint(len(present)), list(present, 5), list(missing, 5))
}
