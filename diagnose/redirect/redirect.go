// Package redirect checks the redirect URI registered for WHD in Microsoft
// Entra ID against the one WHD sends: https://<Server DNS Name>[:<port>]/helpdesk/oauth-redirect.
// Microsoft compares the two exactly; any difference stops the Authorize
// round-trip on Microsoft's sign-in page with AADSTS50011. A URI that
// matches can still fail: a host only the WHD server reaches (localhost,
// a loopback address) sends other users' browsers nowhere.
//
// Check is pure (no I/O). Probe, in live.go, is the network edge.
package redirect

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/internal/lazyre"
	"github.com/whdctl/whdctl/internal/redact"
)

// Path is the path WHD's OAuth redirect handler listens on.
const Path = "/helpdesk/oauth-redirect"

// Rule IDs. They never change meaning.
const (
	RuleNotHTTPS      = "WHD401" // the redirect URI is not https
	RuleLocalHost     = "WHD402" // the host is localhost, a loopback or an IP address
	RuleHostMismatch  = "WHD403" // the host differs from WHD's Server DNS Name
	RulePortMismatch  = "WHD404" // the port differs from WHD's HTTPS port
	RulePathMismatch  = "WHD405" // the path is not exactly /helpdesk/oauth-redirect
	RuleQueryFragment = "WHD406" // the URI has a query or a fragment
	RuleNotFQDN       = "WHD407" // the Server DNS Name is not a fully qualified name
	RuleUnreachable   = "WHD408" // --live: WHD does not answer at the name and port
	RuleBadCert       = "WHD409" // --live: WHD's certificate is not valid for the name
	RuleBadConfPort   = "WHD410" // WHD's HTTPS port in whd.conf is not a port number
)

const (
	signIn    = "Microsoft's sign-in page will show AADSTS50011 (the redirect URI does not match) when you click Authorize"
	azureMenu = "Microsoft Entra admin center > Identity > Applications > App registrations > <WHD app> > Authentication > Web > Redirect URIs"
	whdMenu   = "WHD: Setup > General > Options > Server DNS Name"
)

// Input is what the check compares.
type Input struct {
	RedirectURI string // the URI registered in Azure; "" when not given
	DNSName     string // WHD's Server DNS Name
	Port        int    // the HTTPS port in the URLs WHD generates; 0 when WHD serves no HTTPS
}

// enableHTTPS is how to give WHD the HTTPS it needs for the OAuth redirect.
const enableHTTPS = "Set HTTPS_PORT=8443 (or 443) in <WHD home>/conf/whd.conf (the same file on Windows), make sure WHD's keystore " +
	"(KEYSTORE_FILE, default <WHD home>/conf/keystore.jks, alias tomcat) holds a certificate for the Server DNS Name, restart WHD, " +
	"then run this check again for the exact URI to register"

// Report is the result. Its JSON form is part of the interface contract.
type Report struct {
	RedirectURI string `json:"redirect_uri"`
	// ExpectedURI is the URI to register; "" when it cannot be known yet
	// (the Server DNS Name is not a host name, or WHD serves no HTTPS).
	ExpectedURI string            `json:"expected_uri"`
	OK          bool              `json:"ok"`
	Findings    []finding.Finding `json:"findings"`
}

// Expected is the URI WHD sends, hence the one to register: port 443 is
// left out, any other port is written.
func Expected(dnsName string, port int) string {
	host := strings.TrimSpace(dnsName)
	// Any IPv6 form is bracketed, ::ffff:10.0.0.5 too (To4 is not nil for it).
	if ip := net.ParseIP(host); ip != nil && strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != 0 && port != 443 {
		host += ":" + strconv.Itoa(port)
	}
	return "https://" + host + Path
}

// ParseError says why a redirect URI could not be read.
type ParseError struct {
	URI string
	Err error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("redirect URI %q is not a URL (%v); copy it from %s", Echo(e.URI), e.Err, azureMenu)
}

// Check compares in.RedirectURI with what WHD sends. It returns a
// *ParseError when the URI cannot be parsed at all; every other problem is
// a finding. DNSName must not be empty.
func Check(in Input) (Report, error) {
	dns := strings.TrimSpace(in.DNSName)
	// The URI is printed back: a password or an authorization code pasted
	// with it is masked wherever it appears.
	rep := Report{RedirectURI: Echo(in.RedirectURI), ExpectedURI: Expected(dns, in.Port), Findings: []finding.Finding{}}
	add := func(rule, msg, fix string) {
		rep.Findings = append(rep.Findings, finding.Finding{Rule: rule, Severity: finding.Error, Message: msg, Fix: fix})
	}
	register := fmt.Sprintf("Register %s as a Web redirect URI (%s) and delete the wrong one", rep.ExpectedURI, azureMenu)
	switch {
	case !hostLike(dns):
		register = "Fix the Server DNS Name first (" + whdMenu + "), then register https://<that name>[:<port>]" + Path + " as a Web redirect URI (" + azureMenu + ")"
	case in.Port == 0:
		register = "Enable HTTPS in WHD first (see WHD401), then register the URI this check prints as a Web redirect URI (" + azureMenu + ")"
	}

	if in.Port == 0 {
		add(RuleNotHTTPS, "WHD serves no HTTPS (neither URL_HTTPS_PORT nor HTTPS_PORT is set in whd.conf), and WHD needs HTTPS for the OAuth redirect: "+
			"Microsoft sends the browser back only to an https redirect URI (plain http is accepted for localhost alone), so there is no URI to register until WHD serves HTTPS",
			enableHTTPS)
	}
	if !hostLike(dns) || in.Port == 0 {
		rep.ExpectedURI = "" // not computable until the name is fixed and WHD serves HTTPS
	}
	// WHD407 says the DNS name is not fully qualified. A localhost,
	// loopback or IP-address name is said once, by the more specific
	// WHD402, when that finding is about this same host.
	notFQDN := func() {
		if msg := fqdnProblem(dns); msg != "" {
			add(RuleNotFQDN, fmt.Sprintf("Server DNS Name %q %s; Microsoft sends the browser back to that name, so it must be the fully qualified name users reach WHD by", dns, msg),
				"Set the full host name (for example helpdesk.example.com) in "+whdMenu+", save, and register the matching URI")
		}
	}
	// WHD402 is about the host that gets registered: the given URI's, or
	// the DNS name's when no URI was given.
	if in.RedirectURI == "" {
		if localHost(dns) == "" {
			notFQDN()
		}
		if why := localHost(dns); why != "" {
			add(RuleLocalHost, fmt.Sprintf("Server DNS Name %q is %s; %s", dns, why, unreachable(why)),
				"Set the fully qualified name users reach WHD by in "+whdMenu+", then register the matching URI")
		}
		finding.Sort(rep.Findings)
		rep.OK = len(rep.Findings) == 0
		return rep, nil
	}

	raw := Echo(strings.TrimSpace(in.RedirectURI))
	hasScheme := strings.Contains(raw, "://")
	u, err := parse(in.RedirectURI)
	if err != nil {
		return rep, err
	}
	if m := badSlashes().FindStringSubmatch(raw); m != nil {
		// "https:/host/..." or "https:host": the rest is checked as the
		// URI it was meant to be.
		hasScheme = true
		add(RuleNotHTTPS, fmt.Sprintf("redirect URI %q writes %q after the scheme, not \"://\"; Microsoft compares the URI as text and WHD sends %s://..., so %s",
			raw, m[2], strings.ToLower(m[1]), signIn), register)
	}
	host := u.Hostname()
	if localHost(host) == "" || !strings.EqualFold(strings.TrimSuffix(host, "."), strings.TrimSuffix(BareHost(dns), ".")) {
		notFQDN()
	}
	switch {
	case !hasScheme:
		add(RuleNotHTTPS, fmt.Sprintf("redirect URI %q has no scheme; WHD sends https://..., so %s", raw, signIn), register)
	case !strings.EqualFold(u.Scheme, "https"):
		add(RuleNotHTTPS, fmt.Sprintf("redirect URI %q uses %s, not https; WHD sends an https URI, so %s", raw, u.Scheme, signIn), register)
	}
	if why := localHost(host); why != "" {
		fix := "Use WHD's fully qualified name in " + whdMenu + ", then " + lowerFirst(register)
		if localHost(dns) != "" {
			// The name WHD has is no better: register the one it will have.
			fix = "Set the fully qualified name users reach WHD by in " + whdMenu + ", then register https://<that name>" + portSuffix(in.Port) + Path +
				" as a Web redirect URI (" + azureMenu + ") and delete this one"
		}
		add(RuleLocalHost, fmt.Sprintf("redirect URI host %q is %s; %s", host, why, unreachable(why)), fix)
	}
	if !strings.EqualFold(host, BareHost(dns)) { // u.Hostname() has no brackets around an IPv6 address
		add(RuleHostMismatch, fmt.Sprintf("redirect URI host %q differs from WHD's Server DNS Name %q; WHD sends its own name, so %s", host, dns, signIn),
			register+"; or, if the URI's host is the right name, set it in "+whdMenu)
	}
	if msg := portProblem(u, in.Port); msg != "" && in.Port != 0 {
		add(RulePortMismatch, fmt.Sprintf("redirect URI %q %s; %s", raw, msg, signIn), register)
	}
	if p := u.EscapedPath(); p != Path {
		add(RulePathMismatch, fmt.Sprintf("redirect URI path %q is not %q (%s); %s", p, Path, pathProblem(p), signIn), register)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		add(RuleQueryFragment, fmt.Sprintf("redirect URI %q has a query or fragment; WHD sends none and Microsoft compares the whole URI, so %s", raw, signIn), register)
	}
	if u.User != nil {
		add(RuleHostMismatch, fmt.Sprintf("redirect URI %q carries a user name before the host; WHD sends none, so %s", raw, signIn), register)
	}
	finding.Sort(rep.Findings)
	rep.OK = len(rep.Findings) == 0
	return rep, nil
}

// ParseURI reports whether a redirect URI can be read at all; the error is
// a *ParseError. Check returns the same error.
func ParseURI(uri string) error {
	_, err := parse(uri)
	return err
}

// parse reads a pasted redirect URI. Spaces around it are the paste's, not
// Azure's; a URI without a scheme ("helpdesk.example.com:8443/helpdesk/...")
// is read as https so that its other parts can still be checked.
func parse(uri string) (*url.URL, error) {
	raw := strings.TrimSpace(uri)
	if m := badSlashes().FindStringSubmatchIndex(raw); m != nil {
		raw = raw[m[2]:m[3]] + "://" + raw[m[5]:]
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return nil, &ParseError{URI: uri, Err: err}
	}
	return u, nil
}

// badSlashes matches an http(s) scheme followed by a colon and other than
// two slashes ("https:/host", "https:host", "https:///host"); a port
// ("https:443") is not taken for a host. Group 1 is the scheme, group 2
// what follows it.
var badSlashes = lazyre.New(`^(?i)(https?)(:/?|:/{3,})(?:[^/0-9]|$)`)

// queryValue is a parameter's value in a query or fragment.
var queryValue = lazyre.New(`([?&;#][^=&;#?]*=)[^&;#]+`)

// Echo is the URI as whdctl prints it back: credentials masked, and every
// query or fragment value too. A registered redirect URI has none (WHD406),
// and one pasted from a browser's address bar may carry the authorization
// code, a state or a token under any name.
func Echo(uri string) string {
	s := redact.String(uri)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i] + queryValue().ReplaceAllString(s[i:], "${1}"+redact.Mask)
	}
	return s
}

// portName is how a finding names the port WHD uses.
func portName(port int) string {
	if port == 443 {
		return "443 (written without a port)"
	}
	return "port " + strconv.Itoa(port)
}

// portSuffix is ":<port>" as WHD writes it in its URLs ("" for 443).
func portSuffix(port int) string {
	if port == 0 || port == 443 {
		return ""
	}
	return ":" + strconv.Itoa(port)
}

func portProblem(u *url.URL, want int) string {
	p := u.Port()
	switch {
	case p == "" && strings.HasSuffix(u.Host, ":"):
		// "host:/": Microsoft compares the URI as text.
		return fmt.Sprintf("has a colon with no port after the host; Microsoft compares the URI as text, and WHD writes %s", portName(want))
	case p == "" && want == 443:
		return ""
	case p == "":
		return fmt.Sprintf("has no port, which means 443, but WHD uses port %d", want)
	}
	got, err := strconv.Atoi(p)
	switch {
	case err != nil || got < 1 || got > 65535:
		return fmt.Sprintf("has port %s, which is not a port (1-65535); WHD uses %s", p, portName(want))
	case len(p) > 1 && p[0] == '0':
		// Microsoft compares the registered URI as text.
		return fmt.Sprintf("writes the port as %s, with a leading zero; Microsoft compares the URI as text, and WHD writes %s", p, portName(want))
	}
	if got != want {
		if want == 443 {
			return fmt.Sprintf("has port %s, but WHD uses 443 (write it without a port)", p)
		}
		return fmt.Sprintf("has port %s, but WHD uses port %d", p, want)
	}
	return ""
}

func pathProblem(p string) string {
	switch {
	case p == "" || p == "/":
		return "the path is missing"
	case strings.TrimRight(p, "/") == Path:
		return "a trailing slash counts"
	case strings.EqualFold(p, Path):
		return "the path is case-sensitive"
	case strings.EqualFold(strings.TrimRight(p, "/"), Path):
		return "the path is case-sensitive and a trailing slash counts"
	case strings.HasSuffix(p, "/oauth-redirect"):
		return "WHD's context path is /helpdesk"
	}
	return "WHD listens only on " + Path
}

// unreachable says what goes wrong with a redirect host that localHost
// names. Microsoft accepts such a URI when it is registered exactly (it
// allows http://localhost and loopback redirect URIs), so the sign-in page
// shows no error: the browser is then sent where other users cannot follow.
func unreachable(why string) string {
	if why == "an IP address" {
		return "after sign-in Microsoft sends each user's browser back to that address, which other users' browsers cannot reach " +
			"from outside its network, and the certificate WHD serves names a host, not the address, so browsers warn too. " +
			"The setup guide asks for WHD's fully qualified DNS name"
	}
	return "after sign-in Microsoft sends the browser back to it, and " + why + " is each user's own computer: only a browser " +
		"on the WHD server itself reaches WHD there. Other users' browsers cannot reach it, so for them Authorize ends with the " +
		"browser unable to connect. The setup guide forbids localhost as Server DNS Name"
}

// localHost says why host is not usable as a redirect host, or "".
func localHost(host string) string {
	h := strings.ToLower(strings.Trim(strings.TrimSuffix(host, "."), "[]"))
	switch {
	case h == "":
		return ""
	case h == "localhost" || strings.HasSuffix(h, ".localhost") || h == "localhost.localdomain":
		return "localhost"
	}
	if i := strings.IndexByte(h, '%'); i >= 0 { // fe80::1%eth0
		h = h[:i]
	}
	ip := net.ParseIP(h)
	if ip == nil {
		ip = shortIPv4(h)
	}
	if ip != nil {
		if ip.IsLoopback() {
			return "a loopback address"
		}
		return "an IP address"
	}
	return ""
}

// shortIPv4 reads the other ways browsers accept an IPv4 address as a
// host (the URL Standard's IPv4 parser, as inet_aton): fewer than four
// parts ("127.1", the last part filling the remaining bytes), and parts
// in hex ("0x7f000001") or octal ("0177.0.0.1"). It returns nil for
// anything else, dotted-quad decimal included (net.ParseIP reads that).
func shortIPv4(h string) net.IP {
	parts := strings.Split(h, ".")
	if len(parts) > 4 {
		return nil
	}
	var n []uint64
	for _, p := range parts {
		base := 10
		switch {
		case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
			p, base = p[2:], 16
			if p == "" {
				p = "0"
			}
		case len(p) >= 2 && p[0] == '0':
			p, base = p[1:], 8
		}
		v, err := strconv.ParseUint(p, base, 32)
		if err != nil || p == "" || p[0] == '+' {
			return nil
		}
		n = append(n, v)
	}
	var addr uint64
	for i, v := range n[:len(n)-1] {
		if v > 255 {
			return nil
		}
		addr |= v << (8 * (3 - i))
	}
	last := n[len(n)-1]
	if last >= 1<<(8*(5-len(n))) {
		return nil
	}
	addr |= last
	return net.IPv4(byte(addr>>24), byte(addr>>16), byte(addr>>8), byte(addr))
}

// BareHost is name without the brackets around an IPv6 address
// ("[2001:db8::5]" is "2001:db8::5"), as url.URL.Hostname gives a host.
func BareHost(name string) string {
	if strings.HasPrefix(name, "[") && strings.HasSuffix(name, "]") && net.ParseIP(name[1:len(name)-1]) != nil {
		return name[1 : len(name)-1]
	}
	return name
}

// hostLike reports whether name can stand as the host of a URL.
func hostLike(name string) bool {
	if name == "" || strings.ContainsAny(name, "/?#@ \t\r\n\\") {
		return false
	}
	return !strings.Contains(name, ":") || net.ParseIP(strings.Trim(name, "[]")) != nil
}

// fqdnProblem says why name is not a fully qualified DNS name, or "".
func fqdnProblem(name string) string {
	n := strings.TrimSuffix(name, ".")
	switch {
	case n == "":
		return "is empty"
	case strings.Contains(name, "://"):
		return "is a URL, not a host name"
	case localHost(n) != "": // before the colon test: IPv6 addresses have colons
		return "is " + localHost(n)
	case strings.ContainsAny(name, "/:?#@ \t"):
		if _, _, err := net.SplitHostPort(name); err == nil && net.ParseIP(strings.Trim(name, "[]")) == nil {
			return "includes a port (WHD adds its HTTPS port itself)"
		}
		return "contains characters a host name cannot have"
	case !strings.Contains(n, "."):
		return "is a single label, not a fully qualified name (it does not resolve outside the local network)"
	case len(n) > 253:
		return "is longer than 253 characters"
	}
	labels := strings.Split(n, ".")
	for _, l := range labels {
		if l == "" {
			return "has an empty label (two dots in a row)"
		}
		if len(l) > 63 {
			return "has a label longer than 63 characters"
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return "has a label that starts or ends with a hyphen"
		}
		for _, c := range []byte(l) {
			if !(c == '-' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c >= 0x80) {
				return fmt.Sprintf("contains %q, which a host name cannot have", c)
			}
		}
	}
	if tld := labels[len(labels)-1]; strings.Trim(tld, "0123456789") == "" {
		return "ends in a numeric label"
	}
	return ""
}

// PortFromConf picks the HTTPS port WHD puts in its URLs from whd.conf's
// values: URL_HTTPS_PORT, else HTTPS_PORT. It returns 0 when both are
// empty (WHD serves no HTTPS), and a *PortError naming the variable when a
// value is not a port number (a CRLF line ending leaves "8443\r" to bash).
func PortFromConf(urlHTTPSPort, httpsPort string) (port int, from string, err error) {
	for _, v := range []struct{ name, val string }{{"URL_HTTPS_PORT", urlHTTPSPort}, {"HTTPS_PORT", httpsPort}} {
		if v.val == "" {
			continue
		}
		p, err := strconv.Atoi(v.val)
		if err != nil || p < 1 || p > 65535 {
			return 0, v.name, &PortError{Var: v.name, Value: v.val}
		}
		return p, v.name, nil
	}
	return 0, "", nil
}

// PortError is a port variable of whd.conf whose value is not a port
// number: a problem of the install (WHD410), not of the redirect URI.
type PortError struct {
	Var   string // URL_HTTPS_PORT or HTTPS_PORT
	Value string // as WHD reads it
}

func (e *PortError) Error() string {
	return fmt.Sprintf("whd.conf: %s=%q is not a port number (1-65535)", e.Var, e.Value)
}

// Finding is the WHD410 finding for the value, on line of file (0 when
// unknown). The line-ending hint is given only when the value holds a CR.
func (e *PortError) Finding(file string, line int) finding.Finding {
	use, example := "listen for HTTPS on it", "HTTPS_PORT=8443"
	if e.Var == "URL_HTTPS_PORT" {
		use, example = "put it in the URLs it generates", "URL_HTTPS_PORT=443, or empty to use HTTPS_PORT"
	}
	msg := fmt.Sprintf("%s=%q is not a port number (1-65535): WHD cannot %s, and the redirect URI it sends cannot be worked out", e.Var, e.Value, use)
	fix := fmt.Sprintf("Write the port as digits only (for example %s), restart WHD, and run this check again; or pass --port N to check with another port", example)
	if strings.ContainsRune(e.Value, '\r') {
		msg += "; the line ends with a Windows line ending (CR LF), and bash, which reads whd.conf on Linux and macOS, keeps the CR in the value"
		fix = "Convert whd.conf to Unix line endings (dos2unix " + fileOr(file, "<WHD home>/conf/whd.conf") + ", or save it with LF line endings), restart WHD, and run this check again; or pass --port N"
	}
	return finding.Finding{Rule: RuleBadConfPort, Severity: finding.Error, File: file, Line: line, Message: msg, Fix: fix}
}

func fileOr(file, dflt string) string {
	if file == "" {
		return dflt
	}
	return file
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
