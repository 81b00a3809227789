//go:debug rsa1024min=0

package truststore

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"
)

// Test certificates made with crypto/x509 (the openssl-made ones, used
// against the JVM, live in the CLI tests).

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

type certSpec struct {
	cn        string
	ca        bool
	dns       []string
	ips       []string
	notBefore time.Time
	notAfter  time.Time
	key       crypto.Signer // nil: a fresh P-256 key
	pathLen   int           // for CAs; -1 unlimited
	aia       []string
	noBC      bool // leave basic constraints out (v3 without them)
}

type kp struct {
	cert *x509.Certificate
	key  crypto.Signer
}

var serial int64 = 1000
var serialMu sync.Mutex

func mk(t testing.TB, s certSpec, parent *kp) *kp {
	t.Helper()
	key := s.key
	if key == nil {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		key = k
	}
	if s.notBefore.IsZero() {
		s.notBefore = now.Add(-24 * time.Hour)
	}
	if s.notAfter.IsZero() {
		s.notAfter = now.Add(365 * 24 * time.Hour)
	}
	serialMu.Lock()
	serial++
	sn := big.NewInt(serial)
	serialMu.Unlock()
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: s.cn},
		NotBefore:             s.notBefore,
		NotAfter:              s.notAfter,
		DNSNames:              s.dns,
		BasicConstraintsValid: !s.noBC,
		IsCA:                  s.ca,
		IssuingCertificateURL: s.aia,
	}
	for _, ip := range s.ips {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(ip))
	}
	if s.ca {
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		tmpl.MaxPathLen = s.pathLen
		tmpl.MaxPathLenZero = s.pathLen == 0
	} else {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	signer, issuer := key, tmpl
	if parent != nil {
		signer, issuer = parent.key, parent.cert
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &kp{cert: c, key: key}
}

func certs(kps ...*kp) []*x509.Certificate {
	out := make([]*x509.Certificate, len(kps))
	for i, k := range kps {
		out[i] = k.cert
	}
	return out
}

func rsaKey(t testing.TB, bits int) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// pki is a small hierarchy shared by the tests.
type pki struct {
	root, inter, leaf     *kp
	root2, inter2, leaf2  *kp // another, untrusted hierarchy
	self, selfExpired     *kp
	selfRenewed           *kp // same name as self, another key
	expiredLeaf, future   *kp
	soon                  *kp
	expiredInter, leafEI  *kp
	expiredRoot, leafER   *kp
	rekeyedRoot           *kp // same name as root, other key
	sameKeyRoot           *kp // same name and key as root, other certificate
	wrongName             *kp
	weakInter, leafWeak   *kp
	nonCA, leafUnderNonCA *kp
	pathLen0, inter3      *kp
	leafPL                *kp
}

var (
	pkiOnce sync.Once
	thePKI  *pki
)

func testPKI(t testing.TB) *pki {
	pkiOnce.Do(func() {
		p := &pki{}
		p.root = mk(t, certSpec{cn: "Test Root", ca: true, pathLen: -1}, nil)
		p.inter = mk(t, certSpec{cn: "Test Intermediate", ca: true, pathLen: 0}, p.root)
		p.leaf = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}, ips: []string{"127.0.0.1"}, aia: []string{"http://pki.example.test/inter.crt"}}, p.inter)
		p.root2 = mk(t, certSpec{cn: "Other Root", ca: true, pathLen: -1}, nil)
		p.inter2 = mk(t, certSpec{cn: "Other Intermediate", ca: true, pathLen: -1}, p.root2)
		p.leaf2 = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, p.inter2)
		p.self = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, nil)
		p.selfRenewed = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, nil)
		p.selfExpired = mk(t, certSpec{cn: "old.example.test", dns: []string{"old.example.test"}, notBefore: now.AddDate(-3, 0, 0), notAfter: now.AddDate(-1, 0, 0)}, nil)
		p.expiredLeaf = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}, notBefore: now.AddDate(-2, 0, 0), notAfter: now.AddDate(-1, 0, 0)}, p.inter)
		p.future = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}, notBefore: now.AddDate(0, 1, 0), notAfter: now.AddDate(1, 0, 0)}, p.inter)
		p.soon = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}, notAfter: now.Add(10 * 24 * time.Hour)}, p.inter)
		p.expiredInter = mk(t, certSpec{cn: "Expired Intermediate", ca: true, pathLen: -1, notBefore: now.AddDate(-3, 0, 0), notAfter: now.AddDate(0, 0, -1)}, p.root)
		p.leafEI = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, p.expiredInter)
		p.expiredRoot = mk(t, certSpec{cn: "Expired Root", ca: true, pathLen: -1, notBefore: now.AddDate(-10, 0, 0), notAfter: now.AddDate(0, 0, -1)}, nil)
		p.leafER = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, p.expiredRoot)
		p.rekeyedRoot = mk(t, certSpec{cn: "Test Root", ca: true, pathLen: -1}, nil)
		p.sameKeyRoot = mk(t, certSpec{cn: "Test Root", ca: true, pathLen: -1, key: p.root.key, notAfter: now.AddDate(5, 0, 0)}, nil)
		p.wrongName = mk(t, certSpec{cn: "other.example.test", dns: []string{"other.example.test"}}, p.inter)
		p.weakInter = mk(t, certSpec{cn: "Weak Intermediate", ca: true, pathLen: -1, key: rsaKey(t, 512)}, p.root)
		p.leafWeak = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, p.weakInter)
		p.nonCA = mk(t, certSpec{cn: "Not A CA", ca: false}, p.root)
		p.leafUnderNonCA = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, p.nonCA)
		p.pathLen0 = p.inter // pathLen 0: may not sign another CA
		p.inter3 = mk(t, certSpec{cn: "Sub Intermediate", ca: true, pathLen: -1}, p.inter)
		p.leafPL = mk(t, certSpec{cn: "mail.example.test", dns: []string{"mail.example.test"}}, p.inter3)
		thePKI = p
	})
	if thePKI == nil {
		t.Fatal("test PKI could not be built")
	}
	return thePKI
}
