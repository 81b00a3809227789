package ews

import (
	"net/http"
	"strings"

	"github.com/whdctl/whdctl/internal/lazyre"
)

// Kind is the kind of Exchange server behind an EWS URL. The values are
// part of the JSON interface contract.
type Kind string

const (
	ExchangeOnline   Kind = "exchange-online"
	OnPremises       Kind = "on-premises"
	OnPremisesHybrid Kind = "on-premises-hybrid"
	Unknown          Kind = "unknown"
)

// onlineHosts are the EWS hosts of Microsoft's clouds.
var onlineHosts = []string{
	"outlook.office365.com", "outlook.office.com", "outlook.office365.us",
	"outlook-dod.office365.us", "partner.outlook.cn", "outlook.live.com",
}

// Microsoft's back-end domains, named by Exchange Online's proxy headers.
var onlineBackends = lazyre.New(`(?i)(?:^|[.\s])(?:outlook\.com|exchangelabs\.com|office365\.com|office365\.us|partner\.outlook\.cn)\.?(?:$|[\s;:,])`)

var guid = lazyre.New(`(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Classify decides the server kind from the challenges, the response
// headers and the URL's host, and returns the evidence it used.
//
// Exchange Online: a Bearer challenge whose trusted_issuers end in "@*"
// (any tenant), proxy headers naming outlook.com / exchangelabs.com, or a
// Microsoft EWS host. Hybrid: a Bearer challenge trusting one tenant
// ("...@<tenant-guid>") on a server that is not Exchange Online. On-premises:
// IIS or Exchange front-end headers, or Negotiate/NTLM challenges.
func Classify(challenges []Challenge, h http.Header, host string) (Kind, []string) {
	var online, hybrid, onprem []string
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, oh := range onlineHosts {
		if host == oh {
			online = append(online, "host "+host+" is Microsoft's")
		}
	}
	for _, c := range challenges {
		if !c.Is("Bearer") {
			continue
		}
		for _, issuer := range strings.Split(c.Params["trusted_issuers"], ",") {
			issuer = strings.TrimSpace(issuer)
			_, tenant, ok := strings.Cut(issuer, "@")
			switch {
			case !ok:
			case tenant == "*":
				online = append(online, `Bearer trusted_issuers="`+issuer+`" (any tenant)`)
			case guid().MatchString(tenant):
				hybrid = append(hybrid, `Bearer trusted_issuers="`+issuer+`" (one tenant: Hybrid Modern Authentication)`)
			}
		}
	}
	for _, name := range []string{"X-FEProxyInfo", "X-CalculatedBETarget", "X-BEServer", "X-FEEFZInfo"} {
		for _, v := range h.Values(name) {
			if onlineBackends().MatchString(v) {
				online = append(online, name+": "+cut(v, 80))
			}
		}
	}
	if v := h.Get("X-FEServer"); v != "" {
		onprem = append(onprem, "X-FEServer: "+cut(v, 60))
	}
	if v := h.Get("X-OWA-Version"); v != "" {
		onprem = append(onprem, "X-OWA-Version: "+cut(v, 40))
	}
	if v := h.Get("Server"); strings.Contains(strings.ToLower(v), "microsoft-iis") {
		onprem = append(onprem, "Server: "+cut(v, 60))
	}
	for _, c := range challenges {
		if c.Is("Negotiate") || c.Is("NTLM") {
			onprem = append(onprem, c.Scheme+" offered (Windows authentication)")
		}
	}
	switch {
	case len(online) > 0:
		return ExchangeOnline, online
	case len(hybrid) > 0:
		return OnPremisesHybrid, append(hybrid, onprem...)
	case len(onprem) > 0:
		return OnPremises, onprem
	}
	return Unknown, []string{}
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
