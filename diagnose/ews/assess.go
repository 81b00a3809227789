package ews

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Path is the EWS endpoint's path on Exchange.
const Path = "/EWS/Exchange.asmx"

// NormalizeURL turns what an admin types into the EWS URL to probe: a bare
// host gets https:// and Path; "https://host/" and ".../EWS" get Path; a
// URL with another path is kept as given. A query string is refused (it
// would change what is probed); a fragment, never sent to a server, is
// dropped.
func NormalizeURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, errors.New("empty URL")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL: %v", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("%q: the EWS URL must be https:// (or http://)", raw)
	}
	if u.User != nil {
		return nil, errors.New("do not put credentials in the URL: give --username, and the password through WHDCTL_EWS_PASSWORD, --password-file or the prompt")
	}
	if u.RawQuery != "" || u.ForceQuery {
		return nil, fmt.Errorf("%q has a query string (?...): the EWS endpoint takes none, and WHD's ExchangeServiceURL should not carry one; give the URL without it", raw)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("%q has no host", raw)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("port %q in %q is not a number from 1 to 65535", p, raw)
		}
	}
	switch p := strings.TrimRight(u.Path, "/"); {
	case p == "":
		u.Path = Path
	case strings.EqualFold(p, "/EWS"):
		u.Path = p + "/Exchange.asmx"
	}
	u.RawPath, u.RawQuery, u.Fragment, u.RawFragment = "", "", "", ""
	return u, nil
}

// Assessment is the meaning of the unauthenticated answer for WHD.
type Assessment struct {
	OK     bool
	Advice string
}

// Assess explains an unauthenticated answer: status, challenges, kind.
// location is the Location header of a redirect.
func Assess(scheme string, status int, challenges []Challenge, kind Kind, location string) Assessment {
	basic, _ := basicOf(challenges)
	bearer := false
	var offered []string
	for _, c := range challenges {
		offered = append(offered, c.Scheme)
		if c.Is("Bearer") {
			bearer = true
		}
	}
	var a Assessment
	switch {
	case status == 401 && len(challenges) == 0:
		a.Advice = "The server answered 401 without any WWW-Authenticate challenge: a proxy or load balancer in front of Exchange may be rewriting the answer. Point WHD at the Exchange server, or configure the proxy to pass challenges through."
	case status == 401 && kind == ExchangeOnline:
		// Basic is not usable here even when challenged: WHD's EWS account
		// with a username and password cannot sign in.
		a.Advice = "Exchange Online: Basic authentication for EWS was turned off in October 2022 and cannot be turned back on"
		if basic {
			a.Advice += "; the Basic challenge it still sends is not usable"
		}
		a.Advice += ". A username and password will not work: in WHD use the Exchange/Office 365 (OAuth) account type, and check the app registration with 'whdctl diagnose token'."
		if !bearer {
			a.Advice += " The server did not offer Bearer (OAuth) either: check the URL."
		}
	case status == 401 && basic:
		a.OK = true
		a.Advice = "Basic authentication is offered: WHD can sign in to this EWS with a username and password. Check the account with --username."
		if kind == OnPremisesHybrid {
			a.Advice += " The Bearer challenge shows Hybrid Modern Authentication is set up; WHD's on-premises Exchange account still signs in with Basic."
		}
	case status == 401:
		a.Advice = fmt.Sprintf("Basic authentication is not offered (the server offers %s). WHD signs in to on-premises EWS with Basic: on the Exchange server open IIS Manager, Sites > Default Web Site > EWS > Authentication, enable Basic Authentication, then run iisreset.", strings.Join(offered, ", "))
	case status >= 200 && status < 300:
		a.Advice = fmt.Sprintf("The server answered %d without asking for credentials: this does not look like Exchange's EWS endpoint. Check the URL (it should end in %s).", status, Path)
	case status >= 300 && status < 400:
		a.Advice = fmt.Sprintf("The server redirects (%d) to %s. ", status, cut(location, 200))
		if strings.Contains(strings.ToLower(location), "/owa/auth") || strings.Contains(strings.ToLower(location), "logon") {
			a.Advice += "That is a forms-based sign-in page: a reverse proxy or forms authentication stands in front of EWS, and WHD cannot sign in through it. Publish EWS with Basic (or pass-through) authentication."
		} else {
			a.Advice += "WHD does not follow redirects for EWS: use the final URL."
		}
	case status == 403:
		a.Advice = "Forbidden before any sign-in: IIS may require SSL or a client certificate on the EWS folder, or an IP restriction blocks this machine."
	case status == 404:
		a.Advice = fmt.Sprintf("There is no EWS at this URL (404). Exchange serves it at %s on the mail server's host name.", Path)
	case status >= 500:
		a.Advice = fmt.Sprintf("The server failed (%d): check the health of the Exchange server (MSExchangeServicesAppPool in IIS).", status)
	default:
		a.Advice = fmt.Sprintf("Unexpected answer %d to an unauthenticated request.", status)
	}
	if scheme == "http" && a.OK {
		// Basic over plain http sends the mailbox password readable by
		// anyone on the path, at every connection WHD makes: not usable.
		a.OK = false
		a.Advice = "Basic authentication is offered, but this URL is plain http: WHD would send the mailbox password unencrypted (Basic is only base64) at every connection. " +
			"Use the https:// URL of this EWS (https://<mail server>" + Path + ") in WHD's EWS settings (-DExchangeServiceURL, or the mail account's EWS URL), and check it with 'whdctl diagnose ews --url https://...'."
	}
	return a
}

// basicOf finds a Basic challenge and its realm.
func basicOf(challenges []Challenge) (bool, string) {
	for _, c := range challenges {
		if c.Is("Basic") {
			return true, c.Params["realm"]
		}
	}
	return false, ""
}

// AssessBasic explains the answer to a request with Basic credentials.
func AssessBasic(status int, kind Kind, location string) Assessment {
	switch {
	case status >= 200 && status < 300, status == 405:
		return Assessment{true, "The username and password work with Basic authentication: WHD can use this account."}
	case status >= 300 && status < 400 && strings.HasSuffix(strings.ToLower(location), "services.wsdl"):
		return Assessment{true, "The username and password work with Basic authentication (the server sent its WSDL)."}
	case status == 401 && kind == ExchangeOnline:
		return Assessment{false, "Exchange Online refuses Basic authentication for every account. Use the Exchange/Office 365 (OAuth) account type in WHD."}
	case status == 401:
		return Assessment{false, `The sign-in was refused: wrong username or password, a locked or disabled account, or Basic authentication disabled on EWS. On-premises Exchange accepts "DOMAIN\user" or "user@domain" (the UPN) as the username.`}
	case status == 403:
		return Assessment{false, "The account signed in but may not use EWS: EWS may be disabled for the mailbox (Get-CASMailbox -Identity <user> | fl EwsEnabled), or an EWS access policy blocks the client."}
	case status == 440:
		return Assessment{false, "Login timeout (440): forms-based authentication is in front of EWS; WHD needs Basic authentication on EWS itself."}
	case status >= 300 && status < 400:
		return Assessment{false, fmt.Sprintf("The server redirects (%d) to %s instead of answering: a sign-in page or a different URL; WHD does not follow it.", status, cut(location, 200))}
	case status >= 500:
		return Assessment{false, fmt.Sprintf("The server failed (%d) after sign-in: check the Exchange server's health.", status)}
	}
	return Assessment{false, fmt.Sprintf("Unexpected answer %d to the signed-in request.", status)}
}
