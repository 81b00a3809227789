package validate

import (
	"net/url"
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD303",
		Name:     "M365URLForm",
		Severity: finding.Warning,
		Title:    "a Microsoft 365 URL that is not https, has a path, or lacks the trailing slash",
		Scope:    ScopeBoth,
		Detects: "ExchangeServiceURL, AzureTokenURL or AzureAuthorizationURL that is not an https URL of\n" +
			"the form https://host/ as the vendor writes it: http, a path (/common/, /EWS/...), a\n" +
			"query or fragment, no trailing slash, quote characters inside the value, or not a URL.\n" +
			"In wrapper_template.conf a %NAME% in the value is first expanded from the set.NAME\n" +
			"entries, as the wrapper does; a value with a %NAME% that no set. entry defines is not\n" +
			"judged (WHD307). A value Java cannot use as a URL at all (quote characters, whitespace,\n" +
			"empty, not a URL) is an error; the other forms are warnings.",
		Why: "WHD builds the endpoint URLs it calls from these values; the vendor's values are the\n" +
			"bare host with a trailing slash (https://login.microsoftonline.com/). A path, a missing\n" +
			"slash or stray quotes give URLs that Microsoft answers with 404 or a sign-in error, and\n" +
			"Microsoft's endpoints accept only https.",
		Example: Example{
			Format: "wrapper",
			Bad:    "wrapper.java.additional.1=-DAzureTokenURL=\"https://login.microsoftonline.com/common/oauth2/v2.0/token\"\n",
			Good:   "wrapper.java.additional.1=-DAzureTokenURL=\"https://login.microsoftonline.com/\"\n",
		},
		Fix: "Use exactly https://<host>/ as the vendor does, for example\n" +
			"-DAzureTokenURL=\"https://login.microsoftonline.com/\" (whdctl patch-conf writes them).",
		props: checkURLForm,
	})
}

func checkURLForm(v *propView, r *report) {
	for _, n := range urlProps {
		p, ok := v.known(n)
		if !ok {
			continue
		}
		problems, broken := urlProblems(p.Value)
		if len(problems) == 0 {
			continue
		}
		want := "https://<host>/"
		if u, err := url.Parse(strings.Trim(p.Value, `"'“”‘’ `)); err == nil && u.Host != "" {
			want = "https://" + u.Host + "/" // a port, when there is one, stays
		}
		sev := finding.Severity("")
		if broken {
			sev = finding.Error
		}
		r.add(sev, p.At, "Write it as "+want+", the form of the vendor's value.",
			"%s is %s: %s", n, p.shown(), strings.Join(problems, "; "))
	}
}

// urlProblems lists how v differs from https://host/; broken is true when
// Java cannot use v as a URL at all (quote characters, whitespace, empty,
// not a URL).
func urlProblems(v string) (out []string, broken bool) {
	if v == "" {
		return []string{"it is empty"}, true
	}
	if strings.ContainsAny(v, `"'“”‘’`) {
		out = append(out, "it contains quote characters, which reach Java as part of the URL")
		v = strings.Trim(v, `"'“”‘’`)
		broken = true
	}
	if strings.ContainsAny(v, " \t\r") {
		return append(out, "it contains whitespace or a carriage return"), true
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return append(out, "it is not a URL of the form https://host/"), true
	}
	if !strings.EqualFold(u.Scheme, "https") {
		out = append(out, "it is "+u.Scheme+", not https (Microsoft's endpoints accept only https)")
	}
	switch {
	case u.Path == "" && u.RawQuery == "" && u.Fragment == "":
		out = append(out, "it lacks the trailing slash of the vendor's value")
	case u.Path != "" && u.Path != "/":
		out = append(out, "it has a path ("+u.Path+"), but WHD appends its own")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		out = append(out, "it has a query or fragment")
	}
	if u.User != nil {
		out = append(out, "it has user information")
	}
	return out, broken
}
