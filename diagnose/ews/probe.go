package ews

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/whdctl/whdctl/diagnose/truststore"
	"github.com/whdctl/whdctl/internal/redact"
)

// Limits on what a server may make whdctl read.
const (
	MaxHeaderBytes = 64 << 10
	MaxBodyBytes   = 64 << 10
)

// Report is the result of `whdctl diagnose ews`. The fields up to Advice
// are the JSON interface contract; the others extend it.
type Report struct {
	URL          string      `json:"url"`
	Status       int         `json:"status"`
	Challenges   []Challenge `json:"challenges"`
	BasicOffered bool        `json:"basic_offered"`
	BasicRealm   string      `json:"basic_realm"`
	ServerKind   Kind        `json:"server_kind"`
	OK           bool        `json:"ok"`
	Advice       string      `json:"advice"`
	// BasicUsable: Basic is offered and the server can accept it (not
	// Exchange Online, which challenges with Basic but refuses it).
	BasicUsable bool `json:"basic_usable"`
	// Evidence lists what the server kind was decided from.
	Evidence []string `json:"evidence"`
	// Error is why no answer could be had ("" when there was one).
	Error string `json:"error,omitempty"`
	// TLS is the truststore check when the TLS connection failed.
	TLS *truststore.Report `json:"tls,omitempty"`
	// Basic is the result of the signed-in request (with --username).
	Basic *BasicResult `json:"basic_auth,omitempty"`
	// Warnings: challenges that did not parse, and the like.
	Warnings []string `json:"warnings"`
}

// BasicResult is the answer to a request with Basic credentials.
type BasicResult struct {
	Username string `json:"username"`
	Status   int    `json:"status"`
	OK       bool   `json:"ok"`
	Meaning  string `json:"meaning"`
}

// TLSOptions says how to judge the server's certificate: as Java would with
// this truststore.
type TLSOptions struct {
	Anchors []*x509.Certificate
	Store   truststore.StoreRef
	Source  string
	Now     func() time.Time
}

// Options configure a probe.
type Options struct {
	URL      *url.URL
	Username string
	// Password is used only with Username, only over https.
	Password string
	TLS      TLSOptions
	Dial     truststore.DialFunc
	// UserAgent identifies whdctl in the server's logs.
	UserAgent string
	// CertFile is the file the keytool command of a TLS fix imports
	// (--export-cert; whdctl-import.pem when empty).
	CertFile string
}

// DefaultCertFile is the certificate file the fix names without --export-cert.
const DefaultCertFile = "whdctl-import.pem"

// ErrCredentialsOverHTTP refuses to send a password in clear text.
var ErrCredentialsOverHTTP = errors.New("refusing to send credentials over plain http: use an https:// EWS URL")

// Probe asks the EWS endpoint for its challenges, and with a username
// tries Basic authentication. ctx bounds everything.
func Probe(ctx context.Context, o Options) (*Report, error) {
	if o.Username != "" && o.URL.Scheme != "https" {
		return nil, ErrCredentialsOverHTTP
	}
	r := &Report{URL: o.URL.String(), Challenges: []Challenge{}, ServerKind: Unknown, Evidence: []string{}, Warnings: []string{}}
	client := newClient(o, false)
	defer client.CloseIdleConnections()

	resp, err := do(ctx, client, o, false)
	if err != nil {
		describeFailure(ctx, r, o, err)
		return r, nil
	}
	r.Status = resp.status
	cs, perr := ParseChallenges(resp.header.Values("WWW-Authenticate"))
	if perr != nil {
		r.Warnings = append(r.Warnings, "a challenge did not parse: "+perr.Error())
	}
	if cs != nil {
		r.Challenges = cs
	}
	r.BasicOffered, r.BasicRealm = basicOf(cs)
	r.ServerKind, r.Evidence = Classify(cs, resp.header, o.URL.Hostname())
	r.BasicUsable = r.BasicOffered && r.ServerKind != ExchangeOnline
	a := Assess(o.URL.Scheme, resp.status, cs, r.ServerKind, resp.header.Get("Location"))
	r.OK, r.Advice = a.OK, a.Advice

	if o.Username == "" {
		return r, nil
	}
	if r.ServerKind == ExchangeOnline {
		// Exchange Online refuses Basic for every account: the password
		// would only travel for nothing.
		r.OK = false
		r.Warnings = append(r.Warnings, "--username: the password was not sent: Exchange Online does not accept Basic authentication for EWS")
		return r, nil
	}
	if r.Status != 401 || !r.BasicOffered {
		// Only a server that asked for Basic gets the password: another
		// answer means a wrong URL, a proxy or a sign-in page, and the
		// password must not travel to it.
		r.OK = false
		r.Warnings = append(r.Warnings, fmt.Sprintf("--username: the password was not sent: the server did not ask for Basic authentication (it answered %d%s), so the account cannot be checked here", r.Status, offeredNote(cs)))
		return r, nil
	}
	secret := newClient(o, true)
	defer secret.CloseIdleConnections()
	resp, err = do(ctx, secret, o, true)
	if err != nil {
		var ue *truststore.UntrustedError
		if o.URL.Scheme == "https" && !errors.As(err, &ue) && !isTimeout(err) && isTLSError(err) {
			r.OK = false
			r.Error = fmt.Sprintf("the request with the password failed in the TLS handshake (%s): whdctl sends a password only with cipher suites its TLS library calls secure, and the server offers none of them; Java would use the server's",
				strings.TrimPrefix(unwrapURLError(err).Error(), "tls: "))
			r.Advice = "Offer an ECDHE cipher suite with AES-GCM on the server (it is what Java prefers too)."
			return r, nil
		}
		describeFailure(ctx, r, o, err)
		r.OK = false
		return r, nil
	}
	// The server now has the password and may echo it (a sign-in page's
	// redirect): mask it whole before anything is cut short.
	b := AssessBasic(resp.status, r.ServerKind, credentialMasker(o)(resp.header.Get("Location")))
	r.Basic = &BasicResult{Username: o.Username, Status: resp.status, OK: b.OK, Meaning: b.Advice}
	r.OK = b.OK
	r.Advice = b.Advice
	return r, nil
}

// offeredNote names the challenges of an answer for a message.
func offeredNote(cs []Challenge) string {
	if len(cs) == 0 {
		return " with no challenge"
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Scheme
	}
	return " offering " + strings.Join(names, ", ")
}

type answer struct {
	status int
	header http.Header
}

// newClient makes the HTTP client; secret says it carries the password,
// and then uses only the cipher suites Go calls secure.
func newClient(o Options, secret bool) *http.Client {
	dial := o.Dial
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	now := o.TLS.Now
	if now == nil {
		now = time.Now
	}
	config := truststore.ClientConfig
	if secret {
		config = truststore.SecretClientConfig
	}
	tr := &http.Transport{
		Proxy:                  nil, // WHD's JVM does not use HTTPS_PROXY either
		DialContext:            dial,
		TLSClientConfig:        config(o.URL.Hostname(), truststore.Verifier(o.TLS.Anchors, o.URL.Hostname(), now)),
		MaxResponseHeaderBytes: MaxHeaderBytes,
		DisableKeepAlives:      true,
		DisableCompression:     true,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // report redirects, never follow them with credentials
		},
	}
}

func do(ctx context.Context, client *http.Client, o Options, withPassword bool) (*answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.URL.String(), nil)
	if err != nil {
		return nil, err
	}
	ua := o.UserAgent
	if ua == "" {
		ua = "whdctl"
	}
	req.Header.Set("User-Agent", ua)
	if withPassword {
		req.SetBasicAuth(o.Username, o.Password)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxBodyBytes))
	return &answer{status: resp.StatusCode, header: resp.Header}, nil
}

// describeFailure fills the report for a request that got no answer.
func describeFailure(ctx context.Context, r *Report, o Options, err error) {
	r.OK = false
	target := truststore.Target{Host: o.URL.Hostname(), Port: port(o.URL)}
	certFile := o.CertFile
	if certFile == "" {
		certFile = DefaultCertFile
	}
	var ue *truststore.UntrustedError
	if errors.As(err, &ue) {
		r.TLS = truststore.NewReport(target, o.TLS.Store, o.TLS.Source, ue.Chain, ue.Verdict, certFile)
		r.Error = verdictError(ue.Verdict)
		r.Advice = r.TLS.Fix + " See 'whdctl diagnose truststore --host " + target.Addr() + "'."
		return
	}
	var opErr *net.OpError
	dialFailed := errors.As(err, &opErr) && opErr.Op == "dial"
	msg := err.Error()
	switch {
	case o.URL.Scheme == "https" && isPlainHTTPAnswer(err):
		// Go's HTTP client says "server gave HTTP response to HTTPS
		// client": the port answered the TLS hello in plain HTTP.
		describeNotTLS(r, o, target)
		return
	case strings.Contains(msg, "server response headers exceeded"):
		r.Error = fmt.Sprintf("the server's response headers are larger than %d KiB: not an Exchange server, or a broken proxy", MaxHeaderBytes>>10)
		r.Advice = "Check the URL and what answers on it."
		return
	case o.URL.Scheme == "https" && !dialFailed && !isTimeout(err) && isTLSError(err):
		describeTLSFailure(ctx, r, o, target, certFile, err)
		return
	}
	switch {
	case isTimeout(err) && dialFailed:
		r.Error = fmt.Sprintf("no answer from %s: timed out connecting", target.Addr())
	case isTimeout(err):
		r.Error = fmt.Sprintf("%s accepted the connection but did not answer in time", target.Addr())
	case errors.Is(err, syscall.ECONNREFUSED):
		r.Error = fmt.Sprintf("connection to %s refused: nothing listens there, or a firewall rejects it", target.Addr())
	case errors.Is(err, syscall.ECONNRESET):
		r.Error = fmt.Sprintf("%s reset the connection", target.Addr())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		r.Error = fmt.Sprintf("%s closed the connection without an answer", target.Addr())
	default:
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			r.Error = fmt.Sprintf("cannot resolve %q: %v", target.Host, dnsErr.Err)
		} else {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			r.Error = fmt.Sprintf("request to %s failed: %v", target.Addr(), err)
		}
	}
	r.Advice = "Check the host name and port, DNS, and firewalls between this machine and the server; run whdctl on the WHD server to see what WHD sees."
}

// describeTLSFailure explains a TLS handshake that Go's HTTP client could
// not complete: the server is examined again as Java 17 would see it
// (truststore.Inspect), since Java may connect where Go cannot.
func describeTLSFailure(ctx context.Context, r *Report, o Options, target truststore.Target, certFile string, err error) {
	now := o.TLS.Now
	if now == nil {
		now = time.Now
	}
	h, ierr := truststore.Inspect(ctx, target, o.Dial)
	if ierr != nil {
		pe := truststore.ClassifyError(target, ierr, true)
		if pe.Failure == truststore.FailConnect {
			pe = truststore.ClassifyError(target, unwrapURLError(err), true)
		}
		if pe.Cause == truststore.CauseNotTLS {
			describeNotTLS(r, o, target)
			return
		}
		r.TLS = truststore.ConnectReport(target, o.TLS.Store, o.TLS.Source, pe)
		r.Error = pe.Msg
		r.Advice = r.TLS.Fix
		return
	}
	v := truststore.Judge(h, o.TLS.Anchors, target.Host, now())
	r.TLS = truststore.NewReport(target, o.TLS.Store, o.TLS.Source, h.Chain, v, certFile)
	if !v.OK() {
		r.Error = verdictError(v)
		r.Advice = r.TLS.Fix
		if v.Cause != truststore.CauseWhdctl {
			r.Advice += " See 'whdctl diagnose truststore --host " + target.Addr() + "'."
		}
		return
	}
	// Java would connect and trust the server; Go cannot talk to it.
	suite := truststore.SuiteName(h.CipherSuite)
	r.Error = fmt.Sprintf("whdctl could not complete the TLS handshake with %s: the server chose %s, which whdctl's TLS library (Go) does not support; "+
		"Java may still connect (it would trust the certificate), but the EWS answer could not be checked from here", target.Addr(), suite)
	r.Advice = "Offer an ECDHE cipher suite with AES-GCM on the server (Java prefers it too), then run this check again; or check EWS from the WHD server with a client that speaks " + suite + "."
}

// isPlainHTTPAnswer reports whether the HTTPS request got a plain HTTP
// answer. net/http has no error value for it, only this text (it replaces
// the TLS record header error whose first bytes are "HTTP/").
func isPlainHTTPAnswer(err error) bool {
	return strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// describeNotTLS explains an https:// EWS URL whose port speaks plain HTTP
// (or another protocol), not TLS: the URL names the wrong port. There is
// no certificate to judge, so the report has no TLS check.
func describeNotTLS(r *Report, o Options, target truststore.Target) {
	r.Error = fmt.Sprintf("%s speaks plain HTTP, not TLS: this is not an HTTPS port", target.Addr())
	if target.Port == 443 {
		r.Advice = "Port 443 of this server answers in plain HTTP: the Default Web Site in IIS on the Exchange server needs an https binding on 443 " +
			"with its certificate (IIS Manager > Sites > Default Web Site > Bindings), or a load balancer in front of it serves plain HTTP there. "
	} else {
		host := o.URL.Hostname()
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		ex := url.URL{Scheme: "https", Host: host, Path: o.URL.Path}
		r.Advice = fmt.Sprintf("Give the port where Exchange serves HTTPS: 443 (%s) unless the https binding of the Default Web Site in IIS "+
			"on the Exchange server names another (IIS Manager > Sites > Default Web Site > Bindings). ", ex.String())
	}
	r.Advice += "Do not switch WHD's EWS URL to http://: it would send the password in clear text."
}

// verdictError says why the TLS check failed, for the report's error.
func verdictError(v truststore.Verdict) string {
	switch {
	case v.Failure == truststore.FailHandshake && v.Cause == truststore.CauseWhdctl:
		return v.Detail
	case v.Failure == truststore.FailHandshake:
		return "Java would not complete the TLS handshake: " + v.Detail
	}
	return "Java would not trust the server's certificate: " + v.Detail
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// isTLSError reports whether err comes from the TLS layer.
func isTLSError(err error) bool {
	var rh tls.RecordHeaderError
	var alert tls.AlertError
	return errors.As(err, &rh) || errors.As(err, &alert) || strings.Contains(err.Error(), "tls: ")
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func port(u *url.URL) int {
	if p := u.Port(); p != "" {
		n, _ := strconv.Atoi(p)
		return n
	}
	if u.Scheme == "http" {
		return 80
	}
	return 443
}

// credentialMasker replaces the password, in the encodings redact.Secret
// knows, and the Basic credentials as sent (base64 of "user:password"), by
// "[redacted]".
func credentialMasker(o Options) func(string) string {
	pw := redact.Secret(o.Password)
	creds := base64.StdEncoding.EncodeToString([]byte(o.Username + ":" + o.Password))
	both := strings.NewReplacer(creds, "[redacted]", url.QueryEscape(creds), "[redacted]")
	return func(s string) string { return pw(both.Replace(s)) }
}
