package truststore

import (
	"crypto/x509"
	"strings"
	"testing"
)

func TestDecide(t *testing.T) {
	p := testPKI(t)
	host := "mail.example.test"
	weakLeaf := mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}, key: rsaKey(t, 512)}, p.root)
	tests := []struct {
		name       string
		chain      []*x509.Certificate
		anchors    []*x509.Certificate
		host       string
		trusted    bool
		hostnameOK bool
		failure    Failure
		subject    *x509.Certificate // the certificate the failure is about
		anchor     *x509.Certificate
		warn       string
	}{
		{name: "leaf and intermediate under a trusted root", chain: certs(p.leaf, p.inter), anchors: certs(p.root),
			trusted: true, hostnameOK: true, anchor: p.root.cert},
		{name: "root sent too", chain: certs(p.leaf, p.inter, p.root), anchors: certs(p.root),
			trusted: true, hostnameOK: true, anchor: p.root.cert},
		{name: "intermediate in the truststore", chain: certs(p.leaf, p.inter), anchors: certs(p.inter),
			trusted: true, hostnameOK: true, anchor: p.inter.cert},
		{name: "unordered chain is built", chain: certs(p.leaf, p.root2, p.inter), anchors: certs(p.root),
			trusted: true, hostnameOK: true, anchor: p.root.cert},
		{name: "root reissued with the same name and key", chain: certs(p.leaf, p.inter, p.root), anchors: certs(p.sameKeyRoot),
			trusted: true, hostnameOK: true},
		{name: "missing intermediate", chain: certs(p.leaf), anchors: certs(p.root),
			failure: FailMissingIntermediate, subject: p.leaf.cert, hostnameOK: true},
		{name: "untrusted root not sent", chain: certs(p.leaf2, p.inter2), anchors: certs(p.root),
			failure: FailUntrustedRoot, subject: p.inter2.cert, hostnameOK: true},
		{name: "untrusted root sent", chain: certs(p.leaf2, p.inter2, p.root2), anchors: certs(p.root),
			failure: FailUntrustedRoot, subject: p.root2.cert, hostnameOK: true},
		{name: "truststore root re-keyed", chain: certs(p.leaf, p.inter), anchors: certs(p.rekeyedRoot),
			failure: FailUntrustedRoot, subject: p.inter.cert, hostnameOK: true},
		{name: "self-signed not trusted", chain: certs(p.self), anchors: certs(p.root),
			failure: FailSelfSigned, subject: p.self.cert, hostnameOK: true},
		{name: "self-signed, another certificate of that name pinned", chain: certs(p.selfRenewed), anchors: certs(p.root, p.self),
			failure: FailSelfSigned, subject: p.selfRenewed.cert, hostnameOK: true},
		{name: "self-signed pinned", chain: certs(p.self), anchors: certs(p.root, p.self),
			trusted: true, hostnameOK: true, anchor: p.self.cert},
		{name: "expired self-signed pinned is still trusted by Java", chain: certs(p.selfExpired), anchors: certs(p.selfExpired), host: "old.example.test",
			trusted: true, hostnameOK: true, warn: "Java still trusts it"},
		{name: "expired leaf", chain: certs(p.expiredLeaf, p.inter), anchors: certs(p.root),
			failure: FailExpired, subject: p.expiredLeaf.cert, hostnameOK: true},
		{name: "not yet valid", chain: certs(p.future, p.inter), anchors: certs(p.root),
			failure: FailNotYetValid, subject: p.future.cert, hostnameOK: true},
		{name: "expired intermediate", chain: certs(p.leafEI, p.expiredInter), anchors: certs(p.root),
			failure: FailExpired, subject: p.expiredInter.cert, hostnameOK: true},
		{name: "expired anchor is not checked", chain: certs(p.leafER), anchors: certs(p.expiredRoot),
			trusted: true, hostnameOK: true},
		{name: "expires soon", chain: certs(p.soon, p.inter), anchors: certs(p.root),
			trusted: true, hostnameOK: true, warn: "in 10 days"},
		{name: "wrong name", chain: certs(p.wrongName, p.inter), anchors: certs(p.root),
			trusted: true, failure: FailHostname, subject: p.wrongName.cert},
		{name: "wrong name and untrusted: chain first", chain: certs(p.wrongName), anchors: certs(p.root),
			failure: FailMissingIntermediate},
		{name: "IP address in SAN", chain: certs(p.leaf, p.inter), anchors: certs(p.root), host: "127.0.0.1",
			trusted: true, hostnameOK: true},
		{name: "weak intermediate key", chain: certs(p.leafWeak, p.weakInter), anchors: certs(p.root),
			failure: FailWeak, subject: p.weakInter.cert, hostnameOK: true},
		// A lone leaf whose issuer is the anchor: the weak key is the
		// failure, not a missing link.
		{name: "weak leaf key directly under the root", chain: certs(weakLeaf), anchors: certs(p.root),
			failure: FailWeak, subject: weakLeaf.cert, hostnameOK: true},
		{name: "issuer is not a CA", chain: certs(p.leafUnderNonCA, p.nonCA), anchors: certs(p.root),
			failure: FailUntrustedRoot, subject: p.nonCA.cert, hostnameOK: true},
		{name: "path length exceeded", chain: certs(p.leafPL, p.inter3, p.inter), anchors: certs(p.root),
			failure: FailUntrustedRoot, subject: p.inter.cert, hostnameOK: true},
		{name: "empty truststore", chain: certs(p.leaf, p.inter), anchors: nil,
			failure: FailUntrustedRoot, hostnameOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.host
			if h == "" {
				h = host
			}
			v := Decide(tt.chain, tt.anchors, h, now)
			if v.Trusted != tt.trusted || v.HostnameOK != tt.hostnameOK || v.Failure != tt.failure {
				t.Fatalf("got trusted=%v hostname_ok=%v failure=%q (%s); want %v %v %q", v.Trusted, v.HostnameOK, v.Failure, v.Detail, tt.trusted, tt.hostnameOK, tt.failure)
			}
			if tt.subject != nil && (v.Subject == nil || !v.Subject.Equal(tt.subject)) {
				t.Errorf("failure is about %v, want %q", v.Subject, tt.subject.Subject)
			}
			if tt.anchor != nil && (v.Anchor == nil || !v.Anchor.Equal(tt.anchor)) {
				t.Errorf("anchor %v, want %q", v.Anchor, tt.anchor.Subject)
			}
			if v.OK() != (tt.trusted && tt.hostnameOK) {
				t.Errorf("OK() = %v", v.OK())
			}
			if v.Detail == "" {
				t.Error("no detail")
			}
			if tt.warn != "" && !strings.Contains(strings.Join(v.Warnings, "\n"), tt.warn) {
				t.Errorf("warnings %q do not mention %q", v.Warnings, tt.warn)
			}
			if tt.warn == "" && len(v.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", v.Warnings)
			}
			if v.Trusted {
				if last := v.Path[len(v.Path)-1]; !last.Equal(v.Anchor) {
					t.Errorf("path does not end at the anchor")
				}
			}
		})
	}
}

func TestDecideNoChain(t *testing.T) {
	v := Decide(nil, nil, "x", now)
	if v.Trusted || v.Failure != FailHandshake {
		t.Fatalf("got %+v", v)
	}
}

func TestDecideLongChainIsBounded(t *testing.T) {
	p := testPKI(t)
	// A server sending the same intermediates many times, and unrelated
	// certificates, must not make the search explode.
	var chain []*x509.Certificate
	chain = append(chain, p.leaf.cert)
	for i := 0; i < 200; i++ {
		chain = append(chain, p.inter2.cert, p.root2.cert, p.inter3.cert)
	}
	v := Decide(chain, certs(p.root2), "mail.example.test", now)
	if v.Trusted || v.Failure != FailMissingIntermediate {
		t.Fatalf("got %q %s", v.Failure, v.Detail)
	}
}

func TestMatchHostname(t *testing.T) {
	p := testPKI(t)
	wild := mk(t, certSpec{cn: "ignored", dns: []string{"*.example.test", "w*.corp.test", "*.*.bad.test", "*.", "example.*"}}, p.inter).cert
	cnOnly := mk(t, certSpec{cn: "Legacy.Example.Test"}, p.inter).cert
	ipOnly := mk(t, certSpec{cn: "10.0.0.1", ips: []string{"10.0.0.1", "::1"}}, p.inter).cert
	tests := []struct {
		cert *x509.Certificate
		host string
		want bool
	}{
		{p.leaf.cert, "mail.example.test", true},
		{p.leaf.cert, "MAIL.Example.TEST", true},
		{p.leaf.cert, "mail.example.test.", true},
		{p.leaf.cert, "127.0.0.1", true},
		{p.leaf.cert, "127.0.0.2", false},
		{p.leaf.cert, "other.example.test", false},
		{p.leaf.cert, "", false},
		{wild, "a.example.test", true},
		{wild, "example.test", false},
		{wild, "a.b.example.test", false},
		{wild, "www.corp.test", true},
		{wild, "w.corp.test", true},
		{wild, "mail.corp.test", false},
		{wild, "a.b.bad.test", false},
		{wild, "ignored", false}, // CN not used when DNS SANs exist
		{cnOnly, "legacy.example.test", true},
		{cnOnly, "other.example.test", false},
		{ipOnly, "10.0.0.1", true},
		{ipOnly, "::1", true},
		{ipOnly, "[::1]", true},
		{ipOnly, "10.0.0.2", false},
		{cnOnly, "10.0.0.1", false}, // never the CN for an IP address
	}
	for _, tt := range tests {
		if got := MatchHostname(tt.cert, tt.host); got != tt.want {
			t.Errorf("MatchHostname(%v, %q) = %v, want %v", tt.cert.DNSNames, tt.host, got, tt.want)
		}
	}
	// A common name that is an IP address does not match that address.
	cnIP := mk(t, certSpec{cn: "10.0.0.9"}, p.inter).cert
	if MatchHostname(cnIP, "10.0.0.9") {
		t.Error("an IP address matched the common name")
	}
}

func TestGlobLabel(t *testing.T) {
	tests := []struct {
		s, p string
		want bool
	}{
		{"www", "*", true}, {"www", "w*", true}, {"www", "*w", true}, {"www", "w*w", true},
		{"ww", "w*w", true}, {"w", "w*w", false}, {"abc", "a*c*", true}, {"abc", "*b", false},
		{"", "*", true}, {"a", "", false}, {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*c", false},
	}
	for _, tt := range tests {
		if got := globLabel(tt.s, tt.p); got != tt.want {
			t.Errorf("globLabel(%q, %q) = %v, want %v", tt.s, tt.p, got, tt.want)
		}
	}
}

func TestDecideCrossSignedMazeIsBounded(t *testing.T) {
	p := testPKI(t)
	key := rsaKey(t, 1024)
	// Fifteen different CA certificates with one name and one key: each
	// verifies every other, so a naive search tries 15^10 paths.
	var maze []*x509.Certificate
	var first *kp
	for i := 0; i < 15; i++ {
		k := mk(t, certSpec{cn: "Maze CA", ca: true, pathLen: -1, key: key}, nil)
		if first == nil {
			first = k
		}
		maze = append(maze, k.cert)
	}
	leaf := mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, first)
	v := Decide(append([]*x509.Certificate{leaf.cert}, maze...), certs(p.root), "mail.example.test", now)
	if v.Trusted || v.Failure != FailUntrustedRoot {
		t.Fatalf("got %q %s", v.Failure, v.Detail)
	}
}

// FuzzDecide feeds mutated certificates to Decide: whatever parses must get
// a consistent verdict, never a panic.
func FuzzDecide(f *testing.F) {
	p := testPKI(f)
	f.Add(p.leaf.cert.Raw, p.inter.cert.Raw, "mail.example.test")
	f.Add(p.self.cert.Raw, []byte{}, "127.0.0.1")
	f.Add(p.leafWeak.cert.Raw, p.weakInter.cert.Raw, "*.example.test")
	f.Add(p.expiredLeaf.cert.Raw, p.root.cert.Raw, "")
	anchors := certs(p.root, p.self)
	f.Fuzz(func(t *testing.T, a, b []byte, host string) {
		var chain []*x509.Certificate
		for _, der := range [][]byte{a, b} {
			if c, err := x509.ParseCertificate(der); err == nil {
				chain = append(chain, c)
			}
		}
		v := Decide(chain, anchors, host, now)
		switch {
		case v.Trusted && v.Anchor == nil:
			t.Fatal("trusted without an anchor")
		case v.Trusted && v.Failure != FailNone && v.Failure != FailHostname:
			t.Fatalf("trusted with failure %q", v.Failure)
		case !v.Trusted && (v.Failure == FailNone || v.Failure == FailHostname):
			t.Fatalf("not trusted, failure %q", v.Failure)
		case v.OK() != (v.Trusted && v.HostnameOK):
			t.Fatal("OK() inconsistent")
		case v.Detail == "":
			t.Fatal("no detail")
		}
	})
}

func FuzzMatchHostname(f *testing.F) {
	p := testPKI(f)
	f.Add("*.example.test", "a.example.test")
	f.Add("w*.x.y", "www.x.y")
	f.Add("**", "a")
	f.Fuzz(func(t *testing.T, template, host string) {
		c := *p.leaf.cert
		c.DNSNames = []string{template}
		got := MatchHostname(&c, host)
		bare := host
		if len(bare) >= 2 && bare[0] == '[' && bare[len(bare)-1] == ']' {
			bare = bare[1 : len(bare)-1]
		}
		if !strings.Contains(template, "*") && got && !strings.EqualFold(strings.TrimSuffix(template, "."), strings.TrimSuffix(bare, ".")) {
			t.Fatalf("%q matched %q", template, host)
		}
	})
}
