// Package token checks an Entra ID app registration the way WHD will use
// it: a client-credentials request to the token endpoint proves that the
// tenant, the client ID and the client secret are valid, and Entra's
// errors are explained with the AADSTS decoder.
//
// Endpoint, Scope and the validators are pure; Check does the request.
package token

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/whdctl/whdctl/diagnose/aadsts"
	"github.com/whdctl/whdctl/internal/lazyre"
	"github.com/whdctl/whdctl/internal/redact"
	"github.com/whdctl/whdctl/patcher"
)

// MaxHeaderBytes bounds the token endpoint's response headers (the body is
// bounded by golang.org/x/oauth2 to 1 MiB).
const MaxHeaderBytes = 64 << 10

var (
	guidRE   = lazyre.New(`(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	domainRE = lazyre.New(`(?i)^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

// IsGUID reports whether s has the shape of a GUID.
func IsGUID(s string) bool { return guidRE().MatchString(s) }

// ValidateTenant accepts a tenant ID (GUID) or a verified domain
// (contoso.onmicrosoft.com).
func ValidateTenant(t string) error {
	switch strings.ToLower(t) {
	case "":
		return errors.New("empty tenant: give the Directory (tenant) ID from the app registration's Overview page")
	case "common", "organizations", "consumers":
		return fmt.Errorf("tenant %s is not a tenant: WHD's app is single-tenant and app-only tokens need the tenant ID (a GUID) or its domain", strconv.Quote(t))
	}
	if IsGUID(t) || domainRE().MatchString(t) {
		return nil
	}
	return fmt.Errorf("tenant %s is neither a tenant ID (GUID) nor a domain name such as contoso.onmicrosoft.com", Echo(t))
}

// ValidateClientID accepts the Application (client) ID, a GUID.
func ValidateClientID(c string) error {
	if IsGUID(c) {
		return nil
	}
	return fmt.Errorf("client ID %s is not a GUID: give the Application (client) ID from the app registration's Overview page", Echo(c))
}

// isLoopback reports whether host is this machine (an authorization URL,
// which carries no secret, may be plain http there).
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostnameRE is a DNS host name (letters, digits, hyphens, dots).
var hostnameRE = lazyre.New(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$`)

// Endpoint builds the token endpoint from an authority (AzureTokenURL,
// "https://login.microsoftonline.com/") and the tenant:
// <authority><tenant>/oauth2/v2.0/token. A URL that already ends in
// /oauth2/.../token is used as it is. Only https is accepted: the request
// carries the client secret.
func Endpoint(base, tenant string) (string, error) {
	base = strings.TrimSpace(base)
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("token URL %q is not an absolute URL such as https://login.microsoftonline.com/", base)
	}
	if u.User != nil {
		return "", errors.New("the token URL must not carry credentials")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		return "", fmt.Errorf("token URL %q is plain http: the client secret would travel in clear text; use https", base)
	default:
		return "", fmt.Errorf("token URL %q: want https://", base)
	}
	if h := u.Hostname(); net.ParseIP(h) == nil && !hostnameRE().MatchString(h) {
		return "", fmt.Errorf("token URL %q: %q is not a host name", base, h)
	}
	u.RawQuery, u.Fragment, u.ForceQuery = "", "", false
	p := strings.TrimRight(u.Path, "/")
	if strings.Contains(p, "/oauth2/") && strings.HasSuffix(p, "/token") {
		return u.String(), nil
	}
	u.Path = p + "/" + url.PathEscape(tenant) + "/oauth2/v2.0/token"
	u.RawPath = ""
	return u.String(), nil
}

// EndpointTenant is the tenant a full token endpoint names: the path
// segment before /oauth2/ ("" when the URL is an authority, which Endpoint
// completes with the tenant, or names none).
func EndpointTenant(endpoint string) string {
	u, err := url.Parse(strings.TrimSpace(endpoint))
	if err != nil {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	i := strings.LastIndex(p, "/oauth2/")
	if i <= 0 || !strings.HasSuffix(p, "/token") {
		return ""
	}
	seg := p[strings.LastIndex(p[:i], "/")+1 : i]
	if t, err := url.PathUnescape(seg); err == nil {
		seg = t
	}
	return seg
}

// CheckEndpointTenant compares the tenant named by a full token endpoint
// (--token-url or the install's AzureTokenURL) with --tenant: requests go
// to the endpoint's tenant, so a different one would check another
// tenant's app. Two tenant IDs, or two domains, that differ are an error,
// and so is a multi-tenant alias (common, organizations, consumers); an ID
// against a domain cannot be compared offline and gives a note.
func CheckEndpointTenant(endpoint, tenant string) (string, error) {
	named := EndpointTenant(endpoint)
	if named == "" || strings.EqualFold(named, tenant) {
		return "", nil
	}
	switch strings.ToLower(named) {
	case "common", "organizations", "consumers":
		return "", fmt.Errorf("the token endpoint %s names %q, not the tenant %s: WHD's app is single-tenant and app-only tokens need the tenant; give the authority (such as https://login.microsoftonline.com/) and --tenant", endpoint, named, tenant)
	}
	if IsGUID(named) == IsGUID(tenant) {
		return "", fmt.Errorf("the token endpoint %s names the tenant %q, but --tenant is %q: the request would go to the endpoint's tenant. Give the authority (such as https://login.microsoftonline.com/) instead of a full endpoint, or make the two agree", endpoint, named, tenant)
	}
	return fmt.Sprintf("the token endpoint names the tenant %q and --tenant is %q: the request goes to %q; whdctl cannot tell offline whether they are the same tenant (an ID and a domain)", named, tenant, named), nil
}

// Scope picks the scope of the app-only request: "https://<graph>/.default"
// of the install's AzureAuthorizationScope when it names one, else of the
// cloud (--cloud, else the cloud of the token endpoint's host, else the
// global cloud). Notes say what was assumed and what looks wrong.
func Scope(tokenURL, installScope, cloudName string) (string, []string, error) {
	var notes []string
	u, _ := url.Parse(tokenURL)
	host := ""
	if u != nil {
		host = u.Hostname()
	}
	tokenCloud, tokenCloudKnown := patcher.CloudOfHost(host)
	var scope string
	if installScope != "" {
		decoded, err := url.PathUnescape(installScope)
		if err != nil {
			decoded = installScope
		}
		for _, s := range strings.Fields(decoded) {
			if strings.HasSuffix(s, "/.default") {
				scope = s
			}
		}
		if scope == "" {
			notes = append(notes, fmt.Sprintf("AzureAuthorizationScope %q names no resource (https://graph.../.default); using the cloud's Graph", installScope))
		}
	}
	if scope == "" {
		var c patcher.Cloud
		switch {
		case cloudName != "":
			cc, err := patcher.CloudByName(cloudName)
			if err != nil {
				return "", nil, err
			}
			c = cc
		case tokenCloudKnown:
			c = tokenCloud
			if c.LoginHost == "login.microsoftonline.us" {
				notes = append(notes, "login.microsoftonline.us serves GCC High and DoD; assuming GCC High (graph.microsoft.us): use --cloud dod for DoD")
			}
		default:
			c, _ = patcher.CloudByName("global")
			notes = append(notes, fmt.Sprintf("%s is not a Microsoft sign-in host; assuming the global cloud's Graph (use --cloud)", host))
		}
		scope = "https://" + c.GraphHost + "/.default"
	}
	if su, err := url.Parse(scope); err == nil && tokenCloudKnown {
		if sc, ok := patcher.CloudOfHost(su.Hostname()); ok && sc.LoginHost != tokenCloud.LoginHost {
			notes = append(notes, fmt.Sprintf("the scope %s belongs to the %s cloud but the token endpoint %s to the %s cloud: tokens are not interchangeable across clouds (expect AADSTS500011 or 900439)", scope, sc.Name, host, tokenCloud.Name))
		}
	}
	return scope, notes, nil
}

// Config is one check.
type Config struct {
	TokenURL string
	Tenant   string
	ClientID string
	Secret   string
	Scope    string
}

// Report is the result of `whdctl diagnose token`. The fields up to Errors
// are the JSON interface contract; the others extend it.
type Report struct {
	TokenURL string          `json:"token_url"`
	Tenant   string          `json:"tenant"`
	ClientID string          `json:"client_id"`
	OK       bool            `json:"ok"`
	Errors   []aadsts.Result `json:"errors"`
	Scope    string          `json:"scope"`
	// Status is the token endpoint's HTTP status (0 without an answer).
	Status int `json:"status"`
	// Message says what happened, for people.
	Message string `json:"message"`
	// Location is where the token endpoint redirected to (a 3xx answer,
	// not followed).
	Location string `json:"location,omitempty"`
	// Notes: assumptions, and what this check cannot see.
	Notes []string `json:"notes"`
}

// CannotCheck lists what an app-only token does not prove.
var CannotCheck = []string{
	"the delegated permissions Mail.Send and Mail.Send.Shared and their admin consent (an app-only token does not use them)",
	"the mailbox account's own sign-in, MFA and Conditional Access (the Authorize step in WHD does that)",
	"the redirect URI (see 'whdctl diagnose authorize-url')",
}

// Check asks the token endpoint for an app-only token with the client
// secret in the request body (AuthStyleInParams: one request, the secret
// not URL-escaped into a header). client carries the timeouts and limits.
func Check(ctx context.Context, c Config, client *http.Client) *Report {
	r := &Report{TokenURL: c.TokenURL, Tenant: c.Tenant, ClientID: c.ClientID, Scope: c.Scope, Errors: []aadsts.Result{}, Notes: []string{}}
	if u, err := url.Parse(c.TokenURL); err != nil || !strings.EqualFold(u.Scheme, "https") {
		// Endpoint refuses these; a caller that skipped it still must not
		// send the secret in clear text.
		r.Message = "not sent: the token URL is not https, and the client secret must not travel in clear text"
		return r
	}
	if IsGUID(c.Secret) {
		r.Notes = append(r.Notes, "the client secret has the shape of a GUID: that is usually the secret's ID, not its value (AADSTS7000215); copy the Value column in Certificates & secrets")
	}
	cc := clientcredentials.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.Secret,
		TokenURL:     c.TokenURL,
		Scopes:       []string{c.Scope},
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, client)
	tok, err := cc.Token(ctx)
	var re *oauth2.RetrieveError
	switch {
	case err == nil && tok.AccessToken != "":
		r.OK = true
		r.Status = http.StatusOK
		r.Message = "Entra issued an app-only token: the tenant, the client ID and the client secret are valid."
	case err == nil:
		r.Message = "the token endpoint answered without an access token"
	case errors.As(err, &re):
		if re.Response != nil {
			r.Status = re.Response.StatusCode
		}
		// What the endpoint sent is masked whole, before anything is cut
		// short: a cut through an echoed secret would leave its first part
		// in a form that no longer matches.
		clean := redact.Secret(c.Secret)
		body := []byte(clean(string(re.Body)))
		if r.Status >= 300 && r.Status < 400 {
			r.Location = cut(printable([]byte(clean(re.Response.Header.Get("Location")))), 300)
			r.Message = redirectMessage(r.Status, r.Location)
		} else if rs := aadsts.DecodeBody(body); rs != nil {
			r.Errors = rs
			r.Message = fmt.Sprintf("Entra refused the request (HTTP %d): %s", r.Status, codesOf(rs))
		} else {
			r.Message = fmt.Sprintf("the token endpoint refused the request (HTTP %d) without an AADSTS code", r.Status)
			if re.ErrorCode != "" {
				r.Message += ": " + cut(clean(re.ErrorCode), 100)
				if re.ErrorDescription != "" {
					r.Message += ": " + cut(clean(re.ErrorDescription), 300)
				}
			} else if s := printable(body); s != "" {
				r.Message += ": " + cut(s, 200)
			}
		}
	default:
		r.Message = describeNetError(c.TokenURL, err)
	}
	r.Notes = append(r.Notes, "not checked: "+strings.Join(CannotCheck, "; "))
	Redact(r, c.Secret)
	return r
}

// redirectMessage explains a token endpoint that answered with a
// redirect: whdctl does not follow it (the client secret is in the request
// body), and Entra's token endpoint does not redirect, so the token URL is
// probably not the endpoint.
func redirectMessage(status int, location string) string {
	to := "without saying where (no Location header)"
	if location != "" {
		to = "to " + location
	}
	return fmt.Sprintf("the token endpoint redirected (HTTP %d) %s; whdctl does not follow a redirect, because the client secret is in the request body. "+
		"Entra ID's token endpoint answers without redirecting, so the token URL is probably wrong: "+
		"it should be the authority (https://login.microsoftonline.com/ for the global cloud) or <authority><tenant>/oauth2/v2.0/token", status, to)
}

func codesOf(rs []aadsts.Result) string {
	var parts []string
	for _, x := range rs {
		s := fmt.Sprintf("AADSTS%d", x.Code)
		if x.Summary != "" {
			s += " " + x.Summary
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func describeNetError(tokenURL string, err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return "no answer from the token endpoint in time: check the firewall and proxy between this machine and " + hostOf(tokenURL)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection to the token endpoint refused (" + hostOf(tokenURL) + ")"
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve %s: %v", hostOf(tokenURL), dnsErr.Err)
	case strings.Contains(err.Error(), "server response headers exceeded"):
		return fmt.Sprintf("the token endpoint's response headers are larger than %d KiB: not Entra ID", MaxHeaderBytes>>10)
	case strings.Contains(err.Error(), "x509:") || strings.Contains(err.Error(), "tls:"):
		return "TLS with the token endpoint failed: " + err.Error() + " (a TLS-inspecting proxy? check Java's view with 'whdctl diagnose truststore --host " + hostOf(tokenURL) + "')"
	}
	return "request to the token endpoint failed: " + err.Error()
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// printable keeps a short, one-line, printable excerpt of a body.
func printable(b []byte) string {
	if len(b) > 400 {
		b = b[:400]
	}
	s := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return ' '
		}
		return r
	}, string(b))
	return strings.Join(strings.Fields(s), " ")
}

// Redact removes the secret from every string of the report, in one pass,
// in any encoding an echoing or hostile endpoint may use: as sent, with any
// of its bytes percent-encoded (either case), '+' for a space, JSON-escaped
// or HTML-escaped. whdctl must never print it: it may also be in the token
// URL the admin gave, and in the notes made from that URL.
func Redact(r *Report, secret string) {
	if secret == "" {
		return
	}
	clean := redact.Secret(secret)
	r.TokenURL, r.Tenant, r.ClientID, r.Scope = clean(r.TokenURL), clean(r.Tenant), clean(r.ClientID), clean(r.Scope)
	r.Message = clean(r.Message)
	r.Location = clean(r.Location)
	for i := range r.Notes {
		r.Notes[i] = clean(r.Notes[i])
	}
	for i := range r.Errors {
		e := &r.Errors[i]
		for _, p := range []*string{&e.Error, &e.Name, &e.Summary, &e.Cause, &e.Fix, &e.TraceID, &e.CorrelationID, &e.Timestamp} {
			*p = clean(*p)
		}
		for k, v := range e.Details {
			e.Details[k] = clean(v)
		}
	}
}

// Masker returns a function that replaces the secret, in any of the
// encodings an echoing endpoint may use, by "[redacted]"; the identity for
// "".
func Masker(secret string) func(string) string { return redact.Secret(secret) }

// NewClient is the HTTP client for the token request: no redirects (the
// secret is in the body), bounded headers, no proxy from the environment
// (WHD's JVM does not use one either).
func NewClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                  nil,
			DialContext:            (&net.Dialer{}).DialContext,
			MaxResponseHeaderBytes: MaxHeaderBytes,
			DisableKeepAlives:      true,
			ForceAttemptHTTP2:      true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
