package truststore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/whdctl/whdctl/internal/lazyre"
)

// MaxStoreSize bounds the truststore file read (the JDK's cacerts is a few
// hundred KiB).
const MaxStoreSize = 32 << 20

var hostRE = lazyre.New(`^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$`)

// ParseTarget reads HOST, HOST:PORT, [IPv6]:PORT or an https:// URL.
func ParseTarget(s string, defaultPort int) (Target, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Target{}, errors.New("empty host")
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil {
			return Target{}, fmt.Errorf("%q is not a valid URL: %v", s, err)
		}
		if !strings.EqualFold(u.Scheme, "https") {
			return Target{}, fmt.Errorf("%q: only https:// has a certificate to check", s)
		}
		if u.User != nil {
			return Target{}, fmt.Errorf("do not put credentials in the URL")
		}
		s = u.Host
	}
	host, port := s, defaultPort
	if ip := net.ParseIP(s); ip != nil { // bare IPv6 such as ::1
		return Target{Host: ip.String(), Port: port}, nil
	}
	if h, p, err := net.SplitHostPort(s); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Target{}, fmt.Errorf("port %q in %q is not a number from 1 to 65535", p, s)
		}
		host, port = h, n
	} else if strings.Contains(s, ":") && !strings.HasPrefix(s, "[") {
		return Target{}, fmt.Errorf("%q: want HOST or HOST:PORT", s)
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if ip := net.ParseIP(host); ip != nil {
		return Target{Host: ip.String(), Port: port}, nil
	}
	if !hostRE().MatchString(host) {
		return Target{}, fmt.Errorf("%q is not a host name or address", host)
	}
	return Target{Host: host, Port: port}, nil
}

// Addr is host:port for dialling.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// ProbeError is a failure to obtain the server's chain.
type ProbeError struct {
	Failure Failure // FailConnect or FailHandshake
	Msg     string
	// Cause refines FailHandshake ("" otherwise).
	Cause Cause
}

func (e *ProbeError) Error() string { return e.Msg }

// DialFunc dials a TCP connection (net.Dialer.DialContext by default).
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// ClientConfig is the TLS client configuration used to look at a server the
// way Java does (TLS 1.2 and 1.3, SNI for names, every TLS 1.2 cipher suite
// of Java 17 that Go implements, including those Go leaves out by default),
// with verification left to Decide. verify, when not nil, is called with
// the chain. Nothing secret may be sent over it: see SecretClientConfig.
func ClientConfig(host string, verify func(tls.ConnectionState) error) *tls.Config {
	cfg := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		CipherSuites:       probeSuites(),
		InsecureSkipVerify: true, //nolint:gosec // the chain is judged by Decide, as Java would judge it.
		VerifyConnection:   verify,
	}
	if net.ParseIP(host) == nil {
		cfg.ServerName = host
	}
	return cfg
}

// SecretClientConfig is ClientConfig limited to the cipher suites of Java
// 17 that Go also calls secure, for connections that carry a password.
func SecretClientConfig(host string, verify func(tls.ConnectionState) error) *tls.Config {
	cfg := ClientConfig(host, verify)
	cfg.CipherSuites = secureSuites()
	return cfg
}

// Handshake is what a connection to a server showed of its TLS handshake.
type Handshake struct {
	Chain       []*x509.Certificate
	Version     uint16 // tls.VersionTLS12 or tls.VersionTLS13
	CipherSuite uint16
	// OCSP and SCTs stapled to the leaf (they count in a TLS 1.3
	// Certificate message's size).
	OCSP []byte
	SCTs [][]byte
	// GoErr is set when Go's crypto/tls did not complete the handshake;
	// Chain was then read before it failed, or by the scan.
	GoErr error
	// Scan is set when Go could not get the certificates and a TLS 1.2
	// handshake with Java 17's ClientHello did.
	Scan *Scan12
	// TLS13Only: Go completes the handshake limited to TLS 1.2, but not
	// with TLS 1.3 allowed, which the server picks (and Java 17 tries first).
	TLS13Only bool
}

// FetchChain connects to t, completes a TLS handshake and returns the
// certificates the server sent. ctx bounds the whole exchange.
func FetchChain(ctx context.Context, t Target, dial DialFunc) ([]*x509.Certificate, error) {
	h, err := Inspect(ctx, t, dial)
	if err != nil {
		return nil, err
	}
	return h.Chain, nil
}

// Inspect connects to t and reads the server's certificates the way Java
// 17 would receive them. When Go's crypto/tls cannot complete the handshake
// (a cipher suite Go lacks, such as DHE; a key Go refuses to verify with),
// the chain is still returned when Go saw it, or when a TLS 1.2 handshake
// opened with Java's own ClientHello (ScanTLS12) shows it; GoErr then says
// what Go could not do. Without any chain the error is a *ProbeError.
func Inspect(ctx context.Context, t Target, dial DialFunc) (*Handshake, error) {
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	h, err := goHandshake(ctx, t, dial, tls.VersionTLS13)
	if err == nil || (h != nil && len(h.Chain) > 0) {
		return h, nil
	}
	pe := ClassifyError(t, err, h != nil)
	if pe.Failure == FailConnect || pe.Cause == CauseNotTLS || ctx.Err() != nil {
		return nil, pe
	}
	scan, serr := ScanTLS12(ctx, t, dial)
	if serr != nil {
		return nil, scanRefused(t, pe, serr)
	}
	h = &Handshake{Chain: scan.Chain, Version: tls.VersionTLS12, CipherSuite: scan.Suite, GoErr: err, Scan: scan}
	if s, _ := javaSuite(scan.Suite); s.Go {
		// Go implements the suite the server chose: does Go's own TLS 1.2
		// handshake work? Then only TLS 1.3 fails.
		if h12, err12 := goHandshake(ctx, t, dial, tls.VersionTLS12); h12 != nil && len(h12.Chain) > 0 && err12 == nil {
			h.TLS13Only = true
		}
	}
	return h, nil
}

// goHandshake runs Go's TLS handshake up to maxVersion. The chain is
// captured as soon as the server's Certificate message is read, so it is
// returned with the error when the handshake fails later. h is nil when no
// TCP connection was made.
func goHandshake(ctx context.Context, t Target, dial DialFunc, maxVersion uint16) (*Handshake, error) {
	conn, err := dial(ctx, "tcp", t.Addr())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	h := &Handshake{}
	capture := func(cs tls.ConnectionState) error {
		h.Chain, h.Version, h.CipherSuite = cs.PeerCertificates, cs.Version, cs.CipherSuite
		h.OCSP, h.SCTs = cs.OCSPResponse, cs.SignedCertificateTimestamps
		return nil
	}
	cfg := ClientConfig(t.Host, capture)
	cfg.MaxVersion = maxVersion
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		h.GoErr = err
		return h, err
	}
	return h, nil
}

// scanRefused explains a handshake that neither Go nor Java's TLS 1.2
// ClientHello could complete.
func scanRefused(t Target, pe *ProbeError, serr error) *ProbeError {
	var alert ScanAlertError
	var ve *ScanVersionError
	switch {
	case errors.As(serr, &ve) && ve.Version < 0x0303:
		return &ProbeError{FailHandshake, fmt.Sprintf("%s offers only %s; Java 17 needs TLS 1.2 or 1.3", t.Addr(), versionName(ve.Version)), CauseProtocol}
	case errors.As(serr, &alert):
		return &ProbeError{FailHandshake, pe.Msg + fmt.Sprintf("; offered Java 17's TLS 1.2 cipher suites, the server refuses them too (alert %s)", alertName(alert.Code)), CauseProtocol}
	case errors.Is(serr, syscall.ECONNRESET), errors.Is(serr, io.EOF), errors.Is(serr, io.ErrUnexpectedEOF):
		return &ProbeError{FailHandshake, pe.Msg + "; offered Java 17's TLS 1.2 cipher suites, the server closes the connection too", CauseProtocol}
	}
	return pe
}

// ClassifyError turns a dial or handshake error into a ProbeError with a
// message for people. connected says the TCP connection was made.
func ClassifyError(t Target, err error, connected bool) *ProbeError {
	var pe *ProbeError
	if errors.As(err, &pe) {
		return pe
	}
	timeout := errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		timeout = true
	}
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return &ProbeError{FailConnect, fmt.Sprintf("cannot resolve %q: %v", t.Host, dnsErr.Err), ""}
	case timeout && !connected:
		return &ProbeError{FailConnect, fmt.Sprintf("no answer from %s: timed out connecting", t.Addr()), ""}
	case timeout:
		return &ProbeError{FailConnect, fmt.Sprintf("%s accepted the connection but did not answer the TLS handshake in time", t.Addr()), ""}
	case errors.Is(err, context.Canceled):
		return &ProbeError{FailConnect, "cancelled", ""}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &ProbeError{FailConnect, fmt.Sprintf("connection to %s refused: nothing listens there, or a firewall rejects it", t.Addr()), ""}
	case !connected:
		return &ProbeError{FailConnect, fmt.Sprintf("cannot connect to %s: %v", t.Addr(), err), ""}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &ProbeError{FailHandshake, fmt.Sprintf("%s closed the connection during the TLS handshake (not a TLS server, or no TLS version/cipher in common)", t.Addr()), CauseProtocol}
	}
	msg := err.Error()
	var ae tls.AlertError
	switch {
	case errors.As(err, &ae):
		return &ProbeError{FailHandshake, fmt.Sprintf("the TLS handshake with %s failed: the server sent alert %q", t.Addr(), ae.Error()), CauseProtocol}
	case strings.Contains(msg, "failed to parse certificate"):
		return &ProbeError{FailHandshake, fmt.Sprintf("%s sent a certificate that does not parse: %s", t.Addr(), strings.TrimPrefix(msg, "tls: ")), CauseProtocol}
	case strings.Contains(msg, "first record does not look like a TLS handshake"):
		return &ProbeError{FailHandshake, fmt.Sprintf("%s does not speak TLS on this port (plain HTTP?)", t.Addr()), CauseNotTLS}
	case strings.Contains(msg, "unsupported protocol version"), strings.Contains(msg, "protocol version not supported"):
		return &ProbeError{FailHandshake, fmt.Sprintf("%s offers only an old TLS version; Java 17 needs TLS 1.2 or 1.3", t.Addr()), CauseProtocol}
	}
	return &ProbeError{FailHandshake, fmt.Sprintf("the TLS handshake with %s failed: %s", t.Addr(), strings.TrimPrefix(msg, "tls: ")), CauseProtocol}
}

// UntrustedError is returned by a connection verifier when Java would
// refuse the server; it carries the verdict.
type UntrustedError struct {
	Chain   []*x509.Certificate
	Verdict Verdict
}

func (e *UntrustedError) Error() string {
	if e.Verdict.Failure == FailHandshake {
		return fmt.Sprintf("Java would not complete the TLS handshake: %s", e.Verdict.Detail)
	}
	return fmt.Sprintf("Java would not trust this server (%s): %s", e.Verdict.Failure, e.Verdict.Detail)
}

// Verifier returns a tls.Config.VerifyConnection function that accepts a
// server only when Judge says Java would.
func Verifier(anchors []*x509.Certificate, host string, now func() time.Time) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		h := &Handshake{Chain: cs.PeerCertificates, Version: cs.Version, CipherSuite: cs.CipherSuite, OCSP: cs.OCSPResponse, SCTs: cs.SignedCertificateTimestamps}
		v := Judge(h, anchors, host, now())
		if !v.OK() {
			return &UntrustedError{Chain: cs.PeerCertificates, Verdict: v}
		}
		return nil
	}
}

// ErrStoreMissing is LoadFile's error for a file that does not exist.
var ErrStoreMissing = errors.New("does not exist")

// LoadFile reads a truststore file, refusing what cannot be one.
func LoadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("truststore %s %w", path, ErrStoreMissing)
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("truststore %s is not readable by this user (run as the user WHD runs as, or as root)", path)
		}
		return nil, fmt.Errorf("truststore %s: %v", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("truststore %s: %v", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("truststore %s is a directory, not a file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxStoreSize+1))
	if err != nil {
		return nil, fmt.Errorf("truststore %s: %v", path, err)
	}
	if len(data) > MaxStoreSize {
		return nil, fmt.Errorf("truststore %s is larger than %d MiB: not a truststore", path, MaxStoreSize>>20)
	}
	return data, nil
}
