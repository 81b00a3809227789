package truststore

import (
	"bytes"
	"crypto/dsa" //nolint:staticcheck // Java still accepts DSA keys; their size is a constraint to check.
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"strings"
	"time"
)

// Failure names why Java would refuse a server. The values are part of the
// JSON interface contract.
type Failure string

const (
	FailNone                Failure = ""
	FailConnect             Failure = "connect"
	FailHandshake           Failure = "handshake"
	FailUntrustedRoot       Failure = "untrusted-root"
	FailMissingIntermediate Failure = "missing-intermediate"
	FailSelfSigned          Failure = "self-signed"
	FailExpired             Failure = "expired"
	FailNotYetValid         Failure = "not-yet-valid"
	FailHostname            Failure = "hostname-mismatch"
	FailWeak                Failure = "weak-algorithm"
	// FailStorePassword: the install's own -Djavax.net.ssl.trustStorePassword
	// does not open its truststore, so Java fails every TLS connection.
	FailStorePassword Failure = "store-password"
)

// Cause refines FailHandshake: what to do differs. The values are part of
// the JSON output (handshake_cause).
type Cause string

const (
	CauseNone Cause = ""
	// CauseNotTLS: the port does not speak TLS (plain HTTP, another protocol).
	CauseNotTLS Cause = "not-tls"
	// CauseProtocol: no TLS version or cipher suite in common with Java 17,
	// or the server breaks the handshake off.
	CauseProtocol Cause = "protocol"
	// CauseMessageSize: the server's Certificate message is larger than
	// Java accepts (jdk.tls.maxHandshakeMessageSize).
	CauseMessageSize Cause = "message-size"
	// CauseChainLength: the server sends more certificates than Java
	// accepts (jdk.tls.maxCertificateChainLength).
	CauseChainLength Cause = "chain-length"
	// CauseWhdctl: whdctl's TLS library (Go) could not complete a handshake
	// that Java may complete; Java's verdict is not known.
	CauseWhdctl Cause = "whdctl"
)

// ExpiryWarning is how close to its end a certificate must be to be warned about.
const ExpiryWarning = 30 * 24 * time.Hour

// maxPathLen bounds path building (depth) and maxChain the certificates a
// server may send that are considered, so a hostile chain costs little.
const (
	maxPathLen = 10
	maxChain   = 20
	// maxSteps bounds the signature checks of a path search: a hostile
	// server can send certificates that all cross-sign each other.
	maxSteps = 2000
)

// Verdict is what Java would decide about a server's chain.
type Verdict struct {
	// Trusted: Java's PKIX trust manager accepts the chain.
	Trusted bool
	// HostnameOK: the leaf matches the host name as HTTPS clients check it.
	HostnameOK bool
	// Failure is the first reason Java refuses: a chain failure, or
	// FailHostname when the chain is trusted but the name does not match.
	Failure Failure
	// Path runs from the leaf to the anchor when trusted (a pinned leaf is
	// its own anchor); otherwise it is the longest chain that could be built.
	Path []*x509.Certificate
	// Anchor is the trust anchor used (nil when not trusted).
	Anchor *x509.Certificate
	// Subject is the certificate the failure is about (nil when trusted).
	Subject *x509.Certificate
	// Detail explains the verdict for people.
	Detail string
	// Warnings: certificates near their end, and other notes.
	Warnings []string
	// Cause refines FailHandshake.
	Cause Cause

	// badLink is the index in Path of a certificate whose signature its
	// issuer above did not verify (-1 when none; set by validate, which is
	// the only source of the verdicts that look at it).
	badLink int
}

// OK is true when Java would connect: chain trusted, name matching, and
// nothing else in the handshake refused.
func (v Verdict) OK() bool { return v.Trusted && v.HostnameOK && v.Failure == FailNone }

// Decide decides as Java's PKIX trust manager with default settings (JDK
// 11-21): no fetching of missing intermediates (AIA), no revocation checks,
// the dates of a trust anchor not checked, a leaf that is itself in the
// truststore accepted as it is, the default jdk.certpath.disabledAlgorithms
// (MD2, MD5; RSA and DSA keys under 1024 bits; EC keys under 224 bits), and
// the host name checked after the chain, as HTTPS clients do.
func Decide(chain []*x509.Certificate, anchors []*x509.Certificate, host string, now time.Time) Verdict {
	if len(chain) == 0 {
		return Verdict{Failure: FailHandshake, Cause: CauseProtocol, Detail: "the server sent no certificate"}
	}
	if len(chain) > maxChain {
		chain = chain[:maxChain]
	}
	d := decider{anchors: newAnchorIndex(anchors), chain: chain, now: now}
	v := d.chainVerdict()
	v.HostnameOK = MatchHostname(chain[0], host)
	if v.Trusted && !v.HostnameOK {
		v.Failure = FailHostname
		v.Subject = chain[0]
		v.Detail = fmt.Sprintf("the certificate is trusted but is not for %q: it names %s", host, describeNames(chain[0]))
	}
	v.Warnings = append(v.Warnings, d.expiryWarnings(v)...)
	return v
}

type decider struct {
	anchors anchorIndex
	chain   []*x509.Certificate
	now     time.Time
	steps   int
}

// chainVerdict follows sun.security.validator.PKIXValidator: first the
// chain as sent, if it is ordered; else a path search.
func (d *decider) chainVerdict() Verdict {
	chain := d.chain
	ordered := true
	for i, c := range chain {
		if i > 0 && !sameName(c.RawSubject, chain[i-1].RawIssuer) {
			ordered = false
			break
		}
		if d.anchors.trusts(c) {
			if i == 0 {
				return Verdict{Trusted: true, Path: []*x509.Certificate{c}, Anchor: c,
					Detail: "the server's own certificate is in the truststore"}
			}
			return d.validate(chain[:i], c)
		}
	}
	if ordered {
		// Java: a chain whose last certificate names an anchor as its
		// issuer is validated against the anchors of that name, and that
		// is final (no path search), even when no signature matches.
		last := chain[len(chain)-1]
		var first *Verdict
		for _, a := range d.anchors.issuersOf(last) {
			v := d.validate(chain, a)
			if v.Trusted {
				return v
			}
			if first == nil {
				first = &v
			}
		}
		if first != nil {
			if first.badLink == len(chain)-1 {
				// The anchor of that name did not sign it: name the cause
				// as for a chain that reaches no anchor.
				return d.noPath(chain)
			}
			return *first
		}
	}
	return d.build()
}

// build searches every path from the leaf through the certificates the
// server sent to an anchor, as Java's path builder does when the chain is
// not usable as sent.
func (d *decider) build() Verdict {
	var best *Verdict
	var longest []*x509.Certificate
	var walk func(path []*x509.Certificate) *Verdict
	walk = func(path []*x509.Certificate) *Verdict {
		if len(path) > len(longest) {
			longest = append([]*x509.Certificate(nil), path...)
		}
		top := path[len(path)-1]
		for _, a := range d.anchors.issuersOf(top) {
			if !signedBy(top, a) {
				continue
			}
			v := d.validate(path, a)
			if v.Trusted {
				return &v
			}
			if best == nil {
				best = &v
			}
		}
		if len(path) >= maxPathLen {
			return nil
		}
		for _, c := range d.chain {
			if d.steps >= maxSteps {
				return nil
			}
			if inPath(path, c) || !sameName(c.RawSubject, top.RawIssuer) {
				continue
			}
			d.steps++
			if !signedBy(top, c) {
				continue
			}
			if d.anchors.trusts(c) {
				v := d.validate(path, c)
				if v.Trusted {
					return &v
				}
				if best == nil {
					best = &v
				}
				continue
			}
			if v := walk(append(path[:len(path):len(path)], c)); v != nil {
				return v
			}
		}
		return nil
	}
	if v := walk([]*x509.Certificate{d.chain[0]}); v != nil {
		return *v
	}
	if best != nil {
		return *best
	}
	return d.noPath(longest)
}

// noPath classifies a chain that reaches no anchor.
func (d *decider) noPath(path []*x509.Certificate) Verdict {
	leaf, top := path[0], path[len(path)-1]
	v := Verdict{Path: path, Subject: top}
	switch {
	case selfSigned(top) && top == leaf:
		v.Failure = FailSelfSigned
		v.Detail = fmt.Sprintf("the server's certificate %q is self-signed and not in the truststore", name(leaf))
	case selfSigned(top):
		v.Failure = FailUntrustedRoot
		v.Detail = fmt.Sprintf("the chain ends at the root %q, which is not in the truststore", name(top))
	case top == leaf:
		v.Failure = FailMissingIntermediate
		v.Detail = fmt.Sprintf("the server sent only its own certificate, and its issuer %q is neither sent nor in the truststore; "+
			"Java does not download missing intermediates (browsers do)", issuerName(leaf))
		if len(leaf.IssuingCertificateURL) > 0 {
			v.Detail += "; the certificate says its issuer is at " + strings.Join(leaf.IssuingCertificateURL, ", ")
		}
	default:
		v.Failure = FailUntrustedRoot
		v.Detail = fmt.Sprintf("the chain stops at %q, whose issuer %q is not in the truststore (the server does not send its root)", name(top), issuerName(top))
	}
	switch {
	case d.anchors.hasName(top.RawIssuer) && selfSigned(top):
		v.Detail += fmt.Sprintf("; the truststore holds a different certificate with the same name %q (an old copy? was the server's certificate renewed?)", name(top))
	case d.anchors.hasName(top.RawIssuer):
		v.Detail += fmt.Sprintf("; the truststore has a certificate named %q, but it did not sign %q (renewed or re-keyed CA?)", issuerName(top), name(top))
	}
	return v
}

// validate checks path (leaf first) under anchor as Java's PKIX validator
// does, from the anchor down: algorithm constraints, CA constraints, then
// signature and validity of each certificate. The anchor's own dates and
// signature are not checked.
func (d *decider) validate(path []*x509.Certificate, anchor *x509.Certificate) Verdict {
	fail := func(f Failure, c *x509.Certificate, detail string) Verdict {
		return Verdict{Path: append(append([]*x509.Certificate(nil), path...), anchor), Failure: f, Subject: c, Detail: detail, badLink: -1}
	}
	if weak := weakKey(anchor); weak != "" {
		return fail(FailWeak, anchor, fmt.Sprintf("the trust anchor %q has a %s, which Java refuses", name(anchor), weak))
	}
	issuer := anchor
	for i := len(path) - 1; i >= 0; i-- {
		c := path[i]
		if weak := weakSignature(c); weak != "" {
			return fail(FailWeak, c, fmt.Sprintf("%q is signed with %s, which Java refuses", name(c), weak))
		}
		if weak := weakKey(c); weak != "" {
			return fail(FailWeak, c, fmt.Sprintf("%q has a %s, which Java refuses", name(c), weak))
		}
		if i > 0 {
			if msg := caProblem(c, i-1, path); msg != "" {
				return fail(FailUntrustedRoot, c, msg)
			}
		}
		if !signedBy(c, issuer) {
			v := fail(FailMissingIntermediate, c, fmt.Sprintf("%q was not signed by the certificate %q that comes above it (an outdated intermediate?)", name(c), name(issuer)))
			v.badLink = i
			return v
		}
		switch {
		case d.now.After(c.NotAfter):
			return fail(FailExpired, c, fmt.Sprintf("%q expired on %s", name(c), day(c.NotAfter)))
		case d.now.Before(c.NotBefore):
			return fail(FailNotYetValid, c, fmt.Sprintf("%q is not valid before %s (check this machine's clock too)", name(c), day(c.NotBefore)))
		}
		issuer = c
	}
	return Verdict{Trusted: true, Path: append(append([]*x509.Certificate(nil), path...), anchor), Anchor: anchor,
		Detail: fmt.Sprintf("the chain leads to %q in the truststore", name(anchor)), badLink: -1}
}

// caProblem checks that c, used to sign path[below], may sign certificates:
// a v3 CA with keyCertSign when key usage is present, within its pathLen.
func caProblem(c *x509.Certificate, below int, path []*x509.Certificate) string {
	if !c.BasicConstraintsValid || !c.IsCA {
		return fmt.Sprintf("%q signs other certificates but is not a CA certificate (basic constraints)", name(c))
	}
	if c.KeyUsage != 0 && c.KeyUsage&x509.KeyUsageCertSign == 0 {
		return fmt.Sprintf("%q signs other certificates but its key usage does not allow it", name(c))
	}
	if c.MaxPathLen >= 0 && !(c.MaxPathLen == 0 && !c.MaxPathLenZero) {
		n := 0 // non-self-issued intermediates between c and the leaf
		for j := 1; j <= below; j++ {
			if !sameName(path[j].RawSubject, path[j].RawIssuer) {
				n++
			}
		}
		if n > c.MaxPathLen {
			return fmt.Sprintf("%q allows %d intermediate certificates below it, the chain has %d", name(c), c.MaxPathLen, n)
		}
	}
	return ""
}

// weakSignature names a signature algorithm Java's default
// jdk.certpath.disabledAlgorithms refuses ("" when acceptable).
func weakSignature(c *x509.Certificate) string {
	switch c.SignatureAlgorithm {
	case x509.MD2WithRSA:
		return "MD2withRSA"
	case x509.MD5WithRSA:
		return "MD5withRSA"
	}
	return ""
}

// weakKey names a public key Java's defaults refuse ("" when acceptable).
func weakKey(c *x509.Certificate) string {
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		if n := k.N.BitLen(); n < 1024 {
			return fmt.Sprintf("%d-bit RSA key", n)
		}
	case *dsa.PublicKey:
		if n := k.P.BitLen(); n < 1024 {
			return fmt.Sprintf("%d-bit DSA key", n)
		}
	case *ecdsa.PublicKey:
		if n := k.Curve.Params().BitSize; n < 224 {
			return fmt.Sprintf("%d-bit EC key", n)
		}
	}
	return ""
}

// signedBy reports whether parent's key verifies child's signature. SHA-1
// signatures are accepted, as Java accepts them under private roots.
func signedBy(child, parent *x509.Certificate) bool {
	if weakSignature(child) != "" || weakKey(parent) != "" {
		// Java refuses the algorithm or the key (and Go may not verify it),
		// but the link is real: validate reports it as weak-algorithm,
		// which is always a refusal, instead of as a missing link.
		return sameName(child.RawIssuer, parent.RawSubject) && keyPlausible(child, parent)
	}
	return parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature) == nil
}

// keyPlausible links a certificate whose signature cannot be verified (a
// refused algorithm) to its issuer by the key identifiers, when present.
func keyPlausible(child, parent *x509.Certificate) bool {
	if len(child.AuthorityKeyId) > 0 && len(parent.SubjectKeyId) > 0 {
		return bytes.Equal(child.AuthorityKeyId, parent.SubjectKeyId)
	}
	return true
}

func selfSigned(c *x509.Certificate) bool {
	return sameName(c.RawSubject, c.RawIssuer) && signedBy(c, c)
}

func inPath(path []*x509.Certificate, c *x509.Certificate) bool {
	for _, p := range path {
		if p.Equal(c) {
			return true
		}
	}
	return false
}

// sameName compares two encoded names: byte-equal, or equal once each
// attribute value is compared without case and surrounding spaces (as
// X500Principal.equals canonicalises).
func sameName(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	ca, oka := canonicalName(a)
	cb, okb := canonicalName(b)
	return oka && okb && ca == cb
}

// anchorIndex finds trust anchors by name, by content, and by name and key
// (Java also trusts a certificate with an anchor's name and public key).
type anchorIndex struct {
	byName map[string][]*x509.Certificate
	exact  map[[32]byte]bool
}

func newAnchorIndex(anchors []*x509.Certificate) anchorIndex {
	ix := anchorIndex{byName: map[string][]*x509.Certificate{}, exact: map[[32]byte]bool{}}
	for _, a := range anchors {
		if a == nil {
			continue
		}
		ix.exact[sha256.Sum256(a.Raw)] = true
		k := nameKey(a.RawSubject)
		ix.byName[k] = append(ix.byName[k], a)
	}
	return ix
}

func nameKey(raw []byte) string {
	if c, ok := canonicalName(raw); ok {
		return c
	}
	return string(raw)
}

func (ix anchorIndex) trusts(c *x509.Certificate) bool {
	if ix.exact[sha256.Sum256(c.Raw)] {
		return true
	}
	for _, a := range ix.byName[nameKey(c.RawSubject)] {
		if bytes.Equal(a.RawSubjectPublicKeyInfo, c.RawSubjectPublicKeyInfo) {
			return true
		}
	}
	return false
}

func (ix anchorIndex) issuersOf(c *x509.Certificate) []*x509.Certificate {
	return ix.byName[nameKey(c.RawIssuer)]
}

func (ix anchorIndex) hasName(raw []byte) bool { return len(ix.byName[nameKey(raw)]) > 0 }

// expiryWarnings warns about certificates Java checks that end within
// ExpiryWarning, and notes a pinned leaf past its dates.
func (d *decider) expiryWarnings(v Verdict) []string {
	var out []string
	certs := v.Path
	if !v.Trusted {
		certs = d.chain
	}
	for _, c := range certs {
		if v.Anchor != nil && c == v.Anchor && c != d.chain[0] {
			continue
		}
		left := c.NotAfter.Sub(d.now)
		switch {
		case v.Anchor == c && left < 0:
			out = append(out, fmt.Sprintf("%q expired on %s; Java still trusts it because it is in the truststore itself, other clients will not", name(c), day(c.NotAfter)))
		case left >= 0 && left < ExpiryWarning:
			out = append(out, fmt.Sprintf("%q expires on %s, in %d days", name(c), day(c.NotAfter), int(left.Hours()/24)))
		}
	}
	return out
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// name is a certificate's subject for messages.
func name(c *x509.Certificate) string {
	if s := c.Subject.String(); s != "" {
		return s
	}
	return "(empty subject)"
}

func issuerName(c *x509.Certificate) string {
	if s := c.Issuer.String(); s != "" {
		return s
	}
	return "(empty issuer)"
}

// describeNames lists the names a certificate is valid for.
func describeNames(c *x509.Certificate) string {
	var names []string
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(c.DNSNames) == 0 && c.Subject.CommonName != "" {
		names = append(names, c.Subject.CommonName+" (common name)")
	}
	if len(names) == 0 {
		return "no name at all"
	}
	return strings.Join(names, ", ")
}
