package truststore

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"net"
	"strings"
)

// MatchHostname checks the leaf against host as Java's HTTPS endpoint
// identification does (sun.security.util.HostnameChecker, type HTTPS):
//   - an IP address must be among the IP subject alternative names; the
//     common name is never used for it;
//   - a DNS name is matched against the DNS subject alternative names; only
//     when there is none, against the most specific common name;
//   - a wildcard may only stand in the left-most label ("*.example.com",
//     "w*.example.com") and never covers a dot; comparison ignores case.
func MatchHostname(leaf *x509.Certificate, host string) bool {
	if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1] // a bracketed IPv6 address
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return false
	}
	if ip := net.ParseIP(host); ip != nil {
		for _, a := range leaf.IPAddresses {
			if a.Equal(ip) {
				return true
			}
		}
		return false
	}
	if len(leaf.DNSNames) > 0 {
		for _, n := range leaf.DNSNames {
			if matchDNSName(host, n) {
				return true
			}
		}
		return false
	}
	return leaf.Subject.CommonName != "" && matchDNSName(host, leaf.Subject.CommonName)
}

// matchDNSName matches a host (its one trailing dot already removed by
// MatchHostname) against one name from a certificate.
func matchDNSName(host, template string) bool {
	host = strings.ToLower(host)
	template = strings.ToLower(strings.TrimSuffix(template, "."))
	if template == "" {
		return false
	}
	if !strings.Contains(template, "*") {
		return host == template
	}
	if illegalWildcard(template) {
		return false
	}
	hFirst, hRest, hok := strings.Cut(host, ".")
	tFirst, tRest, tok := strings.Cut(template, ".")
	if !hok || !tok || hRest != tRest {
		return false
	}
	return globLabel(hFirst, tFirst)
}

// illegalWildcard mirrors Java: "*", "*." and a wildcard in the last label
// ("example.*") never match; a wildcard outside the left-most label cannot
// match either, since the rest is compared literally.
func illegalWildcard(t string) bool {
	if t == "*" || t == "*." {
		return true
	}
	after := t[strings.LastIndex(t, "*"):]
	if !strings.Contains(after, ".") {
		return true
	}
	_, rest, _ := strings.Cut(t, ".")
	return strings.Contains(rest, "*")
}

// globLabel matches a label against a pattern where '*' stands for any run
// of characters (the label has no dots).
func globLabel(s, pattern string) bool {
	// Iterative glob with backtracking to the last star: linear enough for
	// labels (at most 63 characters in DNS; bounded by input length anyway).
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(pattern) && pattern[pi] == s[si]:
			si++
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}

// canonicalName renders an encoded X.500 name for comparison: attribute
// types with their values lower-cased, spaces trimmed and runs of spaces
// collapsed, in order. ok is false when raw does not parse.
func canonicalName(raw []byte) (string, bool) {
	var seq pkix.RDNSequence
	rest, err := asn1.Unmarshal(raw, &seq)
	if err != nil || len(rest) != 0 {
		return "", false
	}
	var b strings.Builder
	for _, rdn := range seq {
		b.WriteByte('/')
		for j, atv := range rdn {
			if j > 0 {
				b.WriteByte('+')
			}
			b.WriteString(atv.Type.String())
			b.WriteByte('=')
			switch v := atv.Value.(type) {
			case string:
				b.WriteString(strings.Join(strings.Fields(strings.ToLower(v)), " "))
			default:
				b.WriteString(strings.ToLower(strings.TrimSpace(anyString(v))))
			}
		}
	}
	return b.String(), true
}

func anyString(v any) string {
	if s, ok := v.(interface{ String() string }); ok {
		return s.String()
	}
	if b, err := asn1.Marshal(v); err == nil {
		return string(b)
	}
	return ""
}
