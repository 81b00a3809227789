package redirect

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/whdctl/whdctl/finding"
)

// Live is what the live probe saw. Its JSON form is part of the
// `whdctl diagnose redirect --live --output json` contract.
type Live struct {
	URL        string   `json:"url"`
	Addresses  []string `json:"addresses"`   // what the DNS name resolved to
	Answered   bool     `json:"answered"`    // an HTTP response came back over TLS
	Status     int      `json:"status"`      // its HTTP status (0 when none)
	CertValid  bool     `json:"cert_valid"`  // the certificate chains to a trusted root and covers the name
	CertError  string   `json:"cert_error"`  // why it does not
	Error      string   `json:"error"`       // why the probe did not get an answer
	CertExpiry string   `json:"cert_expiry"` // the leaf certificate's NotAfter, RFC 3339
	// certIssue classifies CertError for the finding's wording.
	certIssue certIssue
}

// certIssue is why a certificate was refused, as the finding words it.
type certIssue int

const (
	certOther     certIssue = iota
	certName                // not valid for the name (checked first, so the others imply a right name)
	certUntrusted           // no trusted root: unknown authority
	certTime                // expired or not yet valid
)

func classifyCertError(err error) certIssue {
	var he x509.HostnameError
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(err, &he):
		return certName
	case errors.As(err, &ua):
		return certUntrusted
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		return certTime
	}
	return certOther
}

// Prober runs the live probe. The zero value uses the system resolver,
// a plain TCP dialer and the system roots.
type Prober struct {
	// LookupHost resolves the DNS name (nil: net.DefaultResolver).
	LookupHost func(ctx context.Context, host string) ([]string, error)
	// DialContext opens the TCP connection (nil: net.Dialer).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// RootCAs verifies the certificate (nil: the system roots).
	RootCAs *x509.CertPool
	// Timeout bounds the whole probe (0: 10 seconds).
	Timeout time.Duration
}

// Probe resolves dnsName, requests https://dnsName:port/helpdesk/ and
// checks WHD's certificate against the name. It never sends credentials.
func (p Prober) Probe(ctx context.Context, dnsName string, port int) Live {
	if port == 0 {
		port = 443
	}
	dnsName = BareHost(dnsName)
	hostPort := net.JoinHostPort(dnsName, strconv.Itoa(port))
	res := Live{URL: "https://" + hostPort + "/helpdesk/", Addresses: []string{}}
	timeout := p.Timeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	lookup := p.LookupHost
	if lookup == nil {
		lookup = net.DefaultResolver.LookupHost
	}
	addrs, err := lookup(ctx, dnsName)
	if err != nil {
		res.Error = fmt.Sprintf("cannot resolve %s: %v", dnsName, unwrapDNS(err))
		return res
	}
	res.Addresses = addrs

	dial := p.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	var verifyErr error
	var leafExpiry time.Time
	tr := &http.Transport{
		DialContext: dial,
		// The chain is checked by hand below so that an untrusted
		// certificate is reported, not just refused. Nothing secret is
		// sent on this connection.
		TLSClientConfig: &tls.Config{
			InsecureSkipVerify: true, //nolint:gosec // verified in VerifyConnection
			ServerName:         dnsName,
			MinVersion:         tls.VersionTLS12,
			VerifyConnection: func(cs tls.ConnectionState) error {
				if len(cs.PeerCertificates) == 0 {
					verifyErr = errors.New("the server sent no certificate")
					return nil
				}
				leafExpiry = cs.PeerCertificates[0].NotAfter
				inter := x509.NewCertPool()
				for _, c := range cs.PeerCertificates[1:] {
					inter.AddCert(c)
				}
				_, verifyErr = cs.PeerCertificates[0].Verify(x509.VerifyOptions{
					DNSName: dnsName, Roots: p.RootCAs, Intermediates: inter,
				})
				return nil
			},
		},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		DisableKeepAlives:     true,
		Proxy:                 nil,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, res.URL, nil)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	resp, err := client.Do(req)
	if !leafExpiry.IsZero() {
		res.CertExpiry = leafExpiry.UTC().Format(time.RFC3339)
		res.CertValid = verifyErr == nil
		if verifyErr != nil {
			res.CertError, res.certIssue = verifyErr.Error(), classifyCertError(verifyErr)
		}
	}
	if err != nil {
		res.Error = fmt.Sprintf("no HTTPS answer from %s: %v", hostPort, unwrapURL(err))
		return res
	}
	resp.Body.Close()
	res.Answered, res.Status = true, resp.StatusCode
	return res
}

func unwrapDNS(err error) error {
	var de *net.DNSError
	if errors.As(err, &de) {
		if de.IsNotFound {
			return errors.New("no such host")
		}
		return errors.New(de.Err)
	}
	return err
}

func unwrapURL(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		var op *net.OpError
		if errors.As(err, &op) {
			return op
		}
		err = u
	}
}

// LiveFindings turns a probe result into findings (WHD408, WHD409).
func LiveFindings(l Live, dnsName string) []finding.Finding {
	var out []finding.Finding
	if l.Error != "" && !l.Answered {
		out = append(out, finding.Finding{Rule: RuleUnreachable, Severity: finding.Error,
			Message: fmt.Sprintf("%s did not answer: %s; after sign-in Microsoft sends the browser there, so the Authorize round-trip cannot finish", l.URL, l.Error),
			Fix:     "Check that WHD runs with HTTPS on that port, that " + dnsName + " resolves to it from users' machines (not only from the server), and that no firewall blocks the port"})
	}
	if l.CertExpiry != "" && !l.CertValid {
		what := "is not valid for " + dnsName
		switch l.certIssue {
		case certUntrusted:
			// The name was checked first and is right.
			what = "is not trusted: no root CA of this system vouches for it (unknown authority; self-signed, a private CA, or intermediates not sent)"
		case certTime:
			what = "is outside its validity period"
		case certOther:
			what = "is refused"
		}
		out = append(out, finding.Finding{Rule: RuleBadCert, Severity: finding.Error,
			Message: fmt.Sprintf("WHD's certificate at %s %s: %s; browsers warn or refuse on the way back from Microsoft's sign-in", l.URL, what, l.CertError),
			Fix:     "Install a certificate issued for " + dnsName + " by a CA users' browsers trust, with its intermediates, in WHD's keystore (KEYSTORE_FILE in whd.conf), then restart WHD"})
	}
	return out
}
