package validate

import (
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD302",
		Name:     "M365MixedClouds",
		Severity: finding.Error,
		Title:    "Microsoft 365 URLs from different clouds",
		Scope:    ScopeBoth,
		Detects: "ExchangeServiceURL, AzureTokenURL and AzureAuthorizationURL whose hosts belong to\n" +
			"different Microsoft clouds (global, GCC High, DoD, China), and a host that is not a\n" +
			"Microsoft host but is one or two letters away from one (a typo). The scope's resource\n" +
			"is compared with them by WHD304.",
		Why: "Tokens are issued per cloud and are not accepted across clouds: a global login with a\n" +
			"GCC High mailbox (or the reverse) fails at Authorize or at the first mail, with an\n" +
			"AADSTS error about the tenant or the resource.",
		Example: Example{
			Format: "wrapper",
			Bad: "wrapper.java.additional.1=-DExchangeServiceURL=\"https://outlook.office365.us/\"\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
			Good: "wrapper.java.additional.1=-DExchangeServiceURL=\"https://outlook.office365.com/\"\n" +
				"wrapper.java.additional.2=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
		},
		Fix: "Use the hosts of one cloud: global outlook.office365.com + login.microsoftonline.com;\n" +
			"GCC High outlook.office365.us + login.microsoftonline.us; DoD outlook-dod.office365.us +\n" +
			"login.microsoftonline.us; China partner.outlook.cn + login.partner.microsoftonline.cn.\n" +
			"whdctl patch-conf --cloud NAME writes them.",
		props: checkMixedClouds,
	})
}

// cloudRef is the property the others are compared with: the token URL
// (the authority) when its host is known, else the first known one.
func cloudRef(v *propView) (propSite, []string, bool) {
	for _, n := range []string{"AzureTokenURL", "AzureAuthorizationURL", "ExchangeServiceURL"} {
		if p, ok := v.known(n); ok {
			if cs := cloudsOf(hostOf(p.Value)); len(cs) > 0 {
				return p, cs, true
			}
		}
	}
	return propSite{}, nil, false
}

func checkMixedClouds(v *propView, r *report) {
	ref, refClouds, haveRef := cloudRef(v)
	for _, n := range urlProps {
		p, ok := v.known(n)
		if !ok {
			continue
		}
		host := hostOf(p.Value)
		if host == "" {
			continue // WHD303
		}
		clouds := cloudsOf(host)
		if len(clouds) == 0 {
			if near, ok := nearHost(host); ok {
				r.add("", p.At, "Correct the host to "+near+".",
					"%s points to %s, which is not a Microsoft host: did you mean %s?", n, host, near)
			}
			continue
		}
		if !haveRef || n == ref.Name || len(intersect(clouds, refClouds)) > 0 {
			continue
		}
		r.add("", p.At, "Use the hosts of one cloud for all five properties (whdctl patch-conf --cloud NAME writes them).",
			"%s is a host of the %s cloud (%s) but %s is of the %s cloud (%s): tokens are not accepted across clouds",
			n, cloudNames(clouds), host, ref.Name, cloudNames(refClouds), hostOf(ref.Value))
	}
}
