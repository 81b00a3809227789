package validate

import (
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD306",
		Name:     "M365SettingsNotSet",
		Severity: finding.Info,
		Title:    "the Microsoft 365 properties are not set",
		Scope:    ScopeBoth,
		Detects: "A configuration in which none of the five Microsoft 365 properties (ExchangeServiceURL,\n" +
			"AzureTokenURL, AzureAuthorizationURL, IsGcchAzureAccount, AzureAuthorizationScope)\n" +
			"reaches Java: not written at all, or written only where the program drops them (the\n" +
			"finding says where). Info: a WHD that does not send mail through Microsoft 365 needs\n" +
			"none of them. Not reported on the whd.conf of a Windows install (the settings belong in\n" +
			"wrapper_template.conf there), when JAVA_OPTS cannot be worked out without running\n" +
			"whd.conf, nor when whd.conf changes IFS (WHD213: fix that first; patch-conf refuses it).",
		Why: "WHD's Microsoft 365 (OAuth) mail needs all five, as the vendor's procedure sets them.\n" +
			"Without them the Authorize button of an Exchange/Office 365 (OAuth) mail account and\n" +
			"sending through it fail. When some but not all are set, WHD301 reports it instead.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Dfile.encoding=UTF-8\"\n",
			Good: "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Dfile.encoding=UTF-8 -DExchangeServiceURL=https://outlook.office365.com/" +
				" -DAzureTokenURL=https://login.microsoftonline.com/ -DAzureAuthorizationURL=https://login.microsoftonline.com/" +
				" -DIsGcchAzureAccount=true -DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default\"\n",
		},
		Fix: "If WHD sends mail through Microsoft 365, run whdctl patch-conf --whd-home DIR (--cloud for\n" +
			"GCC High, DoD or China), which adds the vendor's values, then restart WHD. Otherwise this\n" +
			"note does not concern you (silence it with # whdctl:ignore WHD306 <reason> in the\n" +
			"comment block at the top of the file).",
		props: checkM365NotSet,
	})
}

func checkM365NotSet(v *propView, r *report) {
	for _, f := range r.findings {
		switch f.Rule {
		case "WHD213":
			return // JAVA_OPTS is not split as written, and patch-conf refuses the file until IFS is fixed
		case "WHD112", "WHD113":
			return // the wrapper does not load the file at all, and patch-conf refuses it until its encoding is fixed
		}
	}
	var lost []string
	for _, n := range m365Props {
		if _, ok := v.get(n); ok {
			return // WHD301 when some are missing
		}
		if v.lost[n] != "" {
			lost = append(lost, n)
		}
	}
	msg := "the Microsoft 365 properties are not set: none of " + strings.Join(m365Props, ", ") +
		" reaches Java, so WHD's Microsoft 365 (OAuth) mail cannot work"
	if len(lost) > 0 {
		msg += fmt.Sprintf("; %s %s written but dropped before Java (see the other findings)", list(lost, 5), isAre(len(lost)))
	}
	r.add("", v.at, "If WHD sends mail through Microsoft 365, run whdctl patch-conf --whd-home DIR (--cloud for GCC High, DoD or China), then restart WHD.", "%s", msg)
}
