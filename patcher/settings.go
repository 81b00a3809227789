package patcher

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/whdctl/whdctl/internal/lazyre"
)

// The five properties of the vendor's procedure, in the vendor's order.
const (
	PropExchangeServiceURL      = "ExchangeServiceURL"
	PropAzureTokenURL           = "AzureTokenURL"
	PropAzureAuthorizationURL   = "AzureAuthorizationURL"
	PropIsGcchAzureAccount      = "IsGcchAzureAccount"
	PropAzureAuthorizationScope = "AzureAuthorizationScope"
)

// ManagedProperties are the properties whdctl manages (and --remove accepts).
var ManagedProperties = []string{
	PropExchangeServiceURL, PropAzureTokenURL, PropAzureAuthorizationURL,
	PropIsGcchAzureAccount, PropAzureAuthorizationScope,
}

// Cloud is a Microsoft cloud: its EWS host, login (authority) host and Graph host.
type Cloud struct {
	Name      string
	EWSHost   string
	LoginHost string
	GraphHost string
}

// Clouds known to whdctl. Authority, scope host and EWS host must belong to
// one cloud: tokens are not interchangeable across clouds.
var Clouds = []Cloud{
	{Name: "global", EWSHost: "outlook.office365.com", LoginHost: "login.microsoftonline.com", GraphHost: "graph.microsoft.com"},
	{Name: "gcch", EWSHost: "outlook.office365.us", LoginHost: "login.microsoftonline.us", GraphHost: "graph.microsoft.us"},
	{Name: "dod", EWSHost: "outlook-dod.office365.us", LoginHost: "login.microsoftonline.us", GraphHost: "dod-graph.microsoft.us"},
	{Name: "china", EWSHost: "partner.outlook.cn", LoginHost: "login.partner.microsoftonline.cn", GraphHost: "microsoftgraph.chinacloudapi.cn"},
}

// CloudByName finds a cloud by name (case-insensitive).
func CloudByName(name string) (Cloud, error) {
	for _, c := range Clouds {
		if strings.EqualFold(c.Name, name) {
			return c, nil
		}
	}
	names := make([]string, len(Clouds))
	for i, c := range Clouds {
		names[i] = c.Name
	}
	return Cloud{}, fmt.Errorf("unknown cloud %q (want one of %s)", name, strings.Join(names, ", "))
}

// CloudOfHost returns the first cloud a host belongs to, if any (for the
// login host GCC High and DoD share: GCC High; CloudsOfHost gives both).
func CloudOfHost(host string) (Cloud, bool) {
	if cs := CloudsOfHost(host); len(cs) > 0 {
		return cs[0], true
	}
	return Cloud{}, false
}

// CloudsOfHost returns every cloud a host belongs to: GCC High and DoD
// share their login host.
func CloudsOfHost(host string) []Cloud {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	var out []Cloud
	for _, c := range Clouds {
		if host == c.EWSHost || host == c.LoginHost || host == c.GraphHost {
			out = append(out, c)
		}
	}
	return out
}

// SetsProperty reports whether text (JVM options) holds -Dname as a whole
// option name: followed by '=', a blank, a quote or the end, so that
// -DAzureTokenURLs is not -DAzureTokenURL.
func SetsProperty(text, name string) bool {
	for rest := text; ; {
		i := strings.Index(rest, "-D"+name)
		if i < 0 {
			return false
		}
		rest = rest[i+2+len(name):]
		if rest == "" || strings.ContainsAny(rest[:1], "= \t\r\n\"") {
			return true
		}
	}
}

// PropertiesIn returns the names of names that text sets (see SetsProperty).
func PropertiesIn(text string, names []string) []string {
	var out []string
	for _, n := range names {
		if SetsProperty(text, n) {
			out = append(out, n)
		}
	}
	return out
}

// CloudsOfValues returns the clouds that every Microsoft host named in
// values (URLs, or a scope such as "offline_access%20https://graph.../.default")
// belongs to, and the hosts it recognised. No host: nil, nil. Hosts of
// different clouds: no cloud, and the hosts say which.
func CloudsOfValues(values []string) (clouds []Cloud, hosts []string) {
	var cand map[string]bool
	for _, v := range values {
		// %20 between scopes, and a URL written percent-encoded
		// (https%3A%2F%2Fgraph.microsoft.us%2F.default) names its host too.
		if d, err := url.PathUnescape(v); err == nil {
			v = d
		} else {
			v = strings.ReplaceAll(v, "%20", " ")
		}
		for _, w := range strings.Fields(v) {
			u, err := url.Parse(w)
			if err != nil || u.Host == "" {
				continue
			}
			cs := CloudsOfHost(u.Hostname())
			if len(cs) == 0 {
				continue
			}
			hosts = append(hosts, strings.ToLower(u.Hostname()))
			these := map[string]bool{}
			for _, c := range cs {
				these[c.Name] = true
			}
			if cand == nil {
				cand = these
				continue
			}
			for n := range cand {
				if !these[n] {
					delete(cand, n)
				}
			}
		}
	}
	for _, c := range Clouds {
		if cand[c.Name] {
			clouds = append(clouds, c)
		}
	}
	return clouds, hosts
}

// Settings returns the five properties for a cloud, with the seed's exact
// values for the global cloud. IsGcchAzureAccount is "true" as in the
// vendor's page (which sets it for the global tenant too).
func (c Cloud) Settings() []Property {
	return []Property{
		{PropExchangeServiceURL, "https://" + c.EWSHost + "/"},
		{PropAzureTokenURL, "https://" + c.LoginHost + "/"},
		{PropAzureAuthorizationURL, "https://" + c.LoginHost + "/"},
		{PropIsGcchAzureAccount, "true"},
		{PropAzureAuthorizationScope, "offline_access%20https://" + c.GraphHost + "/.default"},
	}
}

var propNameRE = lazyre.New(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)

// ValidateName checks that name can be written as -D<name>=... in both
// formats: letters, digits, '_', '.', '-', not starting with a digit, '.' or '-'.
func ValidateName(name string) error {
	if name == "" {
		return &InputError{Msg: "empty property name"}
	}
	if !propNameRE().MatchString(name) {
		return &InputError{Msg: fmt.Sprintf("property name %q is not valid: use letters, digits, '_', '.' and '-' (for example AzureTokenURL)", name)}
	}
	return nil
}

// ParseSet parses a --set argument "Name=Value". A leading "-D" is accepted.
func ParseSet(arg string) (Property, error) {
	s := strings.TrimPrefix(arg, "-D")
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return Property{}, &InputError{Msg: fmt.Sprintf("--set %q: want Name=Value (for example --set AzureTokenURL=https://login.microsoftonline.com/)", arg)}
	}
	if err := ValidateName(name); err != nil {
		return Property{}, &InputError{Msg: "--set " + arg + ": " + err.Error()}
	}
	if value == "" {
		return Property{}, &InputError{Msg: fmt.Sprintf("--set %s: empty value; use --remove %s to remove a property", arg, name)}
	}
	return Property{Name: name, Value: value}, nil
}

// Merge applies overrides to base by name (case-sensitive, as Java property
// names are), keeping base order and appending new names.
func Merge(base, overrides []Property) []Property {
	out := append([]Property(nil), base...)
	for _, o := range overrides {
		found := false
		for i := range out {
			if out[i].Name == o.Name {
				out[i].Value = o.Value
				found = true
			}
		}
		if !found {
			out = append(out, o)
		}
	}
	return out
}
