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
		Title:    "AzureAuthorizationScope without offline_access, not one Graph resource, with a literal space, or for another cloud",
		Scope:    ScopeBoth,
		Detects: "An AzureAuthorizationScope that lacks offline_access; names no resource\n" +
			"(https://graph.microsoft.com/.default); names two or more resources (for example Graph\n" +
			"and https://outlook.office365.com/.default); names one resource that is not Microsoft\n" +
			"Graph (the Exchange resource https://outlook.office365.com/.default alone); names a\n" +
			"resource of another cloud than the login URLs, or a resource host that is a typo of a\n" +
			"Microsoft host (errors); or that separates its parts with a literal space instead of\n" +
			"%20 (warning).",
		Why: "Without offline_access Microsoft returns no refresh token: mail stops when the access\n" +
			"token expires (about an hour) until someone clicks Authorize again. A token is issued\n" +
			"for one resource: a scope naming two (Graph and Exchange) is refused by Entra ID with\n" +
			"AADSTS700022, so Authorize fails. WHD's app registration is given the Microsoft Graph\n" +
			"permission Mail.Send (the vendor's procedure), which only a token for Graph carries: a\n" +
			"token for the Exchange resource does not let WHD send. A resource of another cloud is\n" +
			"refused by the login of this one. A literal space splits the value in whd.conf\n" +
			"(JAVA_OPTS is expanded unquoted), and the vendor writes it as %20 in both files.",
		Example: Example{
			Format: "wrapper",
			Bad:    "wrapper.java.additional.1=-DAzureAuthorizationScope=\"https://graph.microsoft.com/.default\"\n",
			Good:   "wrapper.java.additional.1=-DAzureAuthorizationScope=\"offline_access%20https://graph.microsoft.com/.default\"\n",
		},
		Fix: "Use the vendor's value for your cloud, with %20 between the parts and Graph as the only\n" +
			"resource: offline_access%20https://graph.microsoft.com/.default (GCC High:\n" +
			"graph.microsoft.us; DoD: dod-graph.microsoft.us; China: microsoftgraph.chinacloudapi.cn).",
		props: checkScope,
	})
}

// isGraphHost reports a Microsoft Graph host of any cloud.
func isGraphHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, c := range patcher.Clouds {
		if host == c.GraphHost {
			return true
		}
	}
	return false
}

// scopeClouds returns the clouds the URLs agree on (GCC High and DoD share
// the login host; the EWS host tells them apart), with the property they are
// compared with.
func scopeClouds(v *propView) (propSite, []string, bool) {
	ref, refClouds, haveRef := cloudRef(v)
	if !haveRef {
		return ref, nil, false
	}
	narrowed := refClouds
	for _, n := range urlProps {
		if p, ok := v.known(n); ok {
			if cs := cloudsOf(hostOf(p.Value)); len(cs) > 0 {
				if x := intersect(narrowed, cs); len(x) > 0 {
					narrowed = x
				}
			}
		}
	}
	return ref, narrowed, true
}

// graphScope is the vendor's scope for the cloud, when clouds names exactly one.
func graphScope(clouds []string) (string, bool) {
	if len(clouds) == 1 {
		if c, err := patcher.CloudByName(clouds[0]); err == nil {
			return "offline_access%20https://" + c.GraphHost + "/.default", true
		}
	}
	return "", false
}

func checkScope(v *propView, r *report) {
	p, ok := v.known("AzureAuthorizationScope")
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
	ref, refClouds, haveRef := scopeClouds(v)
	oneGraph := "Keep Microsoft Graph as the only resource: offline_access%20https://graph.microsoft.com/.default (with the Graph host of your cloud)."
	if s, ok := graphScope(refClouds); ok {
		oneGraph = "Use " + s + ", with Microsoft Graph of the URLs' cloud as the only resource."
	}
	switch {
	case len(resources) > 1:
		r.add("", p.At, oneGraph,
			"AzureAuthorizationScope names %d resources (%s): Entra ID issues a token for one resource only and refuses the request with AADSTS700022, so Authorize fails",
			len(resources), list(resources, 4))
	case !isGraphHost(hostOf(resources[0])) && len(cloudsOf(hostOf(resources[0]))) > 0:
		what := "a Microsoft login host"
		for _, c := range patcher.Clouds {
			if strings.EqualFold(hostOf(resources[0]), c.EWSHost) {
				what = "the Exchange (EWS) resource"
			}
		}
		r.add("", p.At, oneGraph,
			"AzureAuthorizationScope asks for %s, %s, not Microsoft Graph: WHD's app registration is given Graph's Mail.Send permission, which a token for this resource does not carry, so WHD cannot send with it",
			resources[0], what)
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
