package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/patcher"
)

func init() {
	register(&Rule{
		ID:       "WHD304",
		Name:     "M365Scope",
		Severity: finding.Error,
		Title:    "AzureAuthorizationScope without offline_access, with a literal space, or for another cloud",
		Scope:    ScopeBoth,
		Detects: "An AzureAuthorizationScope that lacks offline_access, names no resource\n" +
			"(https://graph.microsoft.com/.default), names a resource of another cloud than the\n" +
			"login URLs, or a resource host that is a typo of a Microsoft host (errors); or that\n" +
			"separates its parts with a literal space instead of %20 (warning).",
		Why: "Without offline_access Microsoft returns no refresh token: mail stops when the access\n" +
			"token expires (about an hour) until someone clicks Authorize again. A resource of\n" +
			"another cloud is refused by the login of this one. A literal space splits the value in\n" +
			"whd.conf (JAVA_OPTS is expanded unquoted), and the vendor writes it as %20 in both files.",
		Example: Example{
			Format: "wrapper",
			Bad:    "wrapper.java.additional.1=-DAzureAuthorizationScope=\"https://graph.microsoft.com/.default\"\n",
			Good:   "wrapper.java.additional.1=-DAzureAuthorizationScope=\"offline_access%20https://graph.microsoft.com/.default\"\n",
		},
		Fix: "Use the vendor's value for your cloud, with %20 between the parts:\n" +
			"offline_access%20https://graph.microsoft.com/.default (GCC High: graph.microsoft.us;\n" +
			"DoD: dod-graph.microsoft.us; China: microsoftgraph.chinacloudapi.cn).",
		props: checkScope,
	})
}

func checkScope(v *propView, r *report) {
	p, ok := v.get("AzureAuthorizationScope")
	if !ok {
		return
	}
	val := strings.Trim(p.Value, `"`)
	fix := "Use offline_access%20https://graph.microsoft.com/.default (with the Graph host of your cloud)."
	if strings.ContainsAny(val, " \t") {
		r.add(finding.Warning, p.At, "Write the space as %20: "+strings.Join(strings.Fields(val), "%20")+".",
			"AzureAuthorizationScope has a literal space; the vendor writes it as %%20 (a space splits the value in whd.conf)")
	}
	parts := strings.Fields(strings.NewReplacer("%20", " ", "+", " ").Replace(val))
	offline := false
	var resources []string
	for _, t := range parts {
		if strings.EqualFold(t, "offline_access") {
			offline = true
		}
		if strings.Contains(t, "://") {
			resources = append(resources, t)
		}
	}
	if !offline {
		r.add("", p.At, fix,
			"AzureAuthorizationScope %s has no offline_access: Microsoft returns no refresh token, so mail stops when the access token expires (about an hour) until someone clicks Authorize again",
			show(val))
	}
	if len(resources) == 0 {
		r.add("", p.At, fix, "AzureAuthorizationScope %s names no resource (the vendor's is https://graph.microsoft.com/.default): the token would not allow sending mail", show(val))
		return
	}
	ref, refClouds, haveRef := cloudRef(v)
	// Narrow to the clouds every URL agrees on (GCC High and DoD share the
	// login host; the EWS host tells them apart).
	if haveRef {
		narrowed := refClouds
		for _, n := range urlProps {
			if p, ok := v.get(n); ok {
				if cs := cloudsOf(hostOf(p.Value)); len(cs) > 0 {
					if x := intersect(narrowed, cs); len(x) > 0 {
						narrowed = x
					}
				}
			}
		}
		refClouds = narrowed
	}
	for _, res := range resources {
		host := hostOf(res)
		clouds := cloudsOf(host)
		if len(clouds) == 0 {
			if near, ok := nearHost(host); ok {
				r.add("", p.At, "Correct the host to "+near+".", "AzureAuthorizationScope names %s, which is not a Microsoft host: did you mean %s?", host, near)
			}
			continue
		}
		if haveRef && len(intersect(clouds, refClouds)) == 0 {
			fix := fix
			if c, err := patcher.CloudByName(refClouds[0]); err == nil && len(refClouds) == 1 {
				fix = "Use offline_access%20https://" + c.GraphHost + "/.default, the resource of the URLs' cloud."
			}
			r.add("", p.At, fix,
				"AzureAuthorizationScope asks for %s, a resource of the %s cloud, but the URLs are of the %s cloud (%s %s): the login refuses a resource of another cloud",
				host, cloudNames(clouds), cloudNames(refClouds), ref.Name, hostOf(ref.Value))
		}
	}
}
