package truststore

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"strings"
	"time"
)

// Judge decides what Java 17 would make of a handshake: first the limits
// its TLS layer puts on the server's Certificate message (size, number of
// certificates), then the chain (Decide), then what Go could not do that
// Java can, or may.
func Judge(h *Handshake, anchors []*x509.Certificate, host string, now time.Time) Verdict {
	v := Decide(h.Chain, anchors, host, now)
	if len(h.Chain) == 0 {
		return v
	}
	if lim := javaLimit(h); lim.Failure != FailNone {
		lim.Path, lim.Warnings, lim.HostnameOK = v.Path, v.Warnings, v.HostnameOK
		return lim
	}
	if h.Scan != nil && h.Scan.DHBits > 0 && h.Scan.DHBits < javaMinDHBits {
		return Verdict{Failure: FailHandshake, Cause: CauseProtocol, Path: v.Path, Warnings: v.Warnings, HostnameOK: v.HostnameOK,
			Detail: fmt.Sprintf("the server chose %s with a %d-bit Diffie-Hellman group; Java refuses groups under %d bits (\"DH ServerKeyExchange does not comply to algorithm constraints\")",
				SuiteName(h.Scan.Suite), h.Scan.DHBits, javaMinDHBits)}
	}
	switch {
	case h.GoErr == nil:
		return v
	case h.Scan != nil && h.TLS13Only:
		// TLS 1.2 works, TLS 1.3 (which the server prefers) does not: Java
		// 17 tries TLS 1.3 first and does not fall back.
		d := fmt.Sprintf("the TLS 1.3 handshake fails (%s); limited to TLS 1.2 it works, but Java 17 tries TLS 1.3 first, as the server prefers, and does not fall back",
			goErrText(h.GoErr))
		if !v.OK() {
			d += "; over TLS 1.2 the certificates would not do either: " + v.Detail
		}
		return Verdict{Failure: FailHandshake, Cause: CauseProtocol, Path: v.Path, Warnings: v.Warnings, HostnameOK: v.HostnameOK, Detail: d}
	case h.Scan != nil:
		s, _ := javaSuite(h.Scan.Suite)
		if !v.OK() {
			return v // Java negotiates TLS 1.2 as the scan did, and refuses the certificates
		}
		if s.Go {
			// Go implements the suite, yet its handshake fails: a group or
			// signature scheme Java offers and Go does not.
			return whdctlCannot(v, fmt.Sprintf("whdctl could not complete the TLS handshake (%s), although the server answers Java 17's TLS 1.2 offer with %s: "+
				"a key-exchange group or signature scheme Go does not support; Java may still connect", goErrText(h.GoErr), s.Name))
		}
		v.Warnings = append(v.Warnings, fmt.Sprintf("the server chose %s, a cipher suite Java 17 offers and whdctl's TLS library (Go) does not support; "+
			"the certificates were read from that TLS 1.2 handshake", s.Name))
		return v
	case !v.OK():
		// Java judges the certificates as soon as they arrive: a refusal
		// there is final, whatever happens after.
		return v
	}
	return whdctlCannot(v, fmt.Sprintf("whdctl could not complete the TLS handshake after the server's certificates (%s); "+
		"the certificates are trusted and name the host, so Java may still connect", goErrText(h.GoErr)))
}

// whdctlCannot is the verdict when Go's TLS failed where Java's may not.
func whdctlCannot(v Verdict, detail string) Verdict {
	v.Failure, v.Cause, v.Detail = FailHandshake, CauseWhdctl, detail
	v.Subject = nil
	return v
}

func goErrText(err error) string {
	return strings.TrimPrefix(err.Error(), "tls: ")
}

// CertMsgSize is the size of the body of the Certificate handshake message
// that carried the chain, as Java compares it with
// jdk.tls.maxHandshakeMessageSize: measured by the scan, else computed
// from the certificates (TLS 1.3 adds a request context and per-entry
// extensions, with the leaf's stapled OCSP response and SCTs).
func CertMsgSize(h *Handshake) int {
	if h.Scan != nil && h.Scan.CertMsgSize > 0 {
		return h.Scan.CertMsgSize
	}
	n := 3 // certificate_list length
	if h.Version == tls.VersionTLS13 {
		n++ // certificate_request_context, empty
	}
	for i, c := range h.Chain {
		n += 3 + len(c.Raw)
		if h.Version != tls.VersionTLS13 {
			continue
		}
		n += 2 // extensions length
		if i > 0 {
			continue
		}
		if len(h.OCSP) > 0 {
			n += 4 + 1 + 3 + len(h.OCSP) // status_request: type, length, status_type, response
		}
		if len(h.SCTs) > 0 {
			n += 4 + 2 // signed_certificate_timestamp: type, length, list length
			for _, s := range h.SCTs {
				n += 2 + len(s)
			}
		}
	}
	return n
}

// javaLimit checks the Certificate message against Java's limits, in the
// order Java applies them.
func javaLimit(h *Handshake) Verdict {
	size, count := CertMsgSize(h), len(h.Chain)
	distinct := map[[32]byte]bool{}
	for _, c := range h.Chain {
		distinct[sha256.Sum256(c.Raw)] = true
	}
	dup := ""
	if d := count - len(distinct); d > 0 {
		dup = fmt.Sprintf(", %d of them repeated", d)
	}
	switch {
	case size > JavaMaxHandshakeMessage:
		return Verdict{Failure: FailHandshake, Cause: CauseMessageSize,
			Detail: fmt.Sprintf("the server's Certificate message is %d bytes (%d certificates%s); Java refuses handshake messages over %d bytes "+
				"(jdk.tls.maxHandshakeMessageSize): \"The size of the handshake message (%d) exceeds the maximum allowed size (%d)\"",
				size, count, dup, JavaMaxHandshakeMessage, size, JavaMaxHandshakeMessage)}
	case count > JavaMaxChainLength:
		return Verdict{Failure: FailHandshake, Cause: CauseChainLength,
			Detail: fmt.Sprintf("the server sends %d certificates%s; Java refuses more than %d (jdk.tls.maxCertificateChainLength): "+
				"\"The certificate chain length (...) exceeds the maximum allowed length (%d)\"", count, dup, JavaMaxChainLength, JavaMaxChainLength)}
	}
	return Verdict{}
}
