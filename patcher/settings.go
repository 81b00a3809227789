package patcher

import (
	"fmt"
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

// CloudOfHost returns the cloud a host belongs to, if any.
func CloudOfHost(host string) (Cloud, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, c := range Clouds {
		for _, h := range []string{c.EWSHost, c.LoginHost, c.GraphHost} {
			if host == h {
				return c, true
			}
		}
	}
	return Cloud{}, false
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
