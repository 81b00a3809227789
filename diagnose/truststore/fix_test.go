package truststore

import (
	"crypto/x509"
	"strings"
	"testing"
)

func TestKeytoolCommand(t *testing.T) {
	tests := []struct {
		store StoreRef
		want  string
	}{
		{StoreRef{Path: "/usr/local/webhelpdesk/bin/jre/lib/security/cacerts", Format: JKS, Password: Password{Value: "changeit"}},
			`/usr/local/webhelpdesk/bin/jre/bin/keytool -importcert -noprompt -alias whdctl-mail -file root.pem -keystore /usr/local/webhelpdesk/bin/jre/lib/security/cacerts -storetype JKS -storepass changeit`},
		{StoreRef{Path: "/opt/jdk-21/lib/security/cacerts", Format: PKCS12, PasswordLess: true, Password: Password{Value: "x", Set: true}},
			`/opt/jdk-21/bin/keytool -importcert -noprompt -alias whdctl-mail -file root.pem -keystore /opt/jdk-21/lib/security/cacerts -storetype PKCS12 -storepass changeit -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE`},
		{StoreRef{Path: "/etc/whd/trust.p12", Format: PKCS12, Password: Password{Value: "s3cret", Set: true}},
			`keytool -importcert -noprompt -alias whdctl-mail -file root.pem -keystore /etc/whd/trust.p12 -storetype PKCS12 -storepass:env WHDCTL_STOREPASS`},
		{StoreRef{Path: `C:\Program Files\WebHelpDesk\bin\jre\lib\security\cacerts`, Format: JKS, Password: Password{Value: "changeit"}},
			`"C:\Program Files\WebHelpDesk\bin\jre\bin\keytool" -importcert -noprompt -alias whdctl-mail -file root.pem -keystore "C:\Program Files\WebHelpDesk\bin\jre\lib\security\cacerts" -storetype JKS -storepass changeit`},
	}
	for _, tt := range tests {
		if got := keytoolCommand(tt.store, "whdctl-mail", "root.pem"); got != tt.want {
			t.Errorf("got\n%s\nwant\n%s", got, tt.want)
		}
	}
	if got := quote(`a "b" $c`); got != `"a \"b\" $c"` {
		t.Errorf("quote = %s", got)
	}
}

func TestPlanFix(t *testing.T) {
	p := testPKI(t)
	store := StoreRef{Path: "/s/cacerts", Format: JKS, Password: Password{Value: "s3cret-store", Set: true}}
	tests := []struct {
		name    string
		chain   []*x509.Certificate
		anchors []*x509.Certificate
		host    string
		imports *x509.Certificate
		command bool
		text    string
	}{
		{name: "self-signed", chain: certs(p.self), anchors: certs(p.root), imports: p.self.cert, command: true, text: "self-signed"},
		{name: "root sent", chain: certs(p.leaf2, p.inter2, p.root2), anchors: certs(p.root), imports: p.root2.cert, command: true, text: "root CA certificate"},
		{name: "root not sent", chain: certs(p.leaf2, p.inter2), anchors: certs(p.root), imports: p.inter2.cert, command: true, text: "Other Root"},
		{name: "missing intermediate", chain: certs(p.leaf), anchors: certs(p.root), command: true, text: "http://pki.example.test/inter.crt"},
		{name: "expired", chain: certs(p.expiredLeaf, p.inter), anchors: certs(p.root), text: "Renew"},
		{name: "not yet valid", chain: certs(p.future, p.inter), anchors: certs(p.root), text: "clock"},
		{name: "hostname", chain: certs(p.wrongName, p.inter), anchors: certs(p.root), text: "other.example.test"},
		{name: "weak", chain: certs(p.leafWeak, p.weakInter), anchors: certs(p.root), text: "2048"},
		{name: "trusted", chain: certs(p.leaf, p.inter), anchors: certs(p.root)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := "mail.example.test"
			v := Decide(tt.chain, tt.anchors, host, now)
			f := PlanFix(v, host, store, "cert.pem")
			if (f.Import == nil) != (tt.imports == nil) || (f.Import != nil && !f.Import.Equal(tt.imports)) {
				t.Fatalf("imports %v, want %v", f.Import, tt.imports)
			}
			if (f.Command != "") != tt.command {
				t.Fatalf("command %q", f.Command)
			}
			if !strings.Contains(f.Text, tt.text) {
				t.Fatalf("text %q does not mention %q", f.Text, tt.text)
			}
			if strings.Contains(f.Command+f.Text, "s3cret-store") {
				t.Fatal("the store password leaked into the fix")
			}
			if tt.imports != nil && !strings.Contains(f.Command, "-file cert.pem") {
				t.Fatalf("command %q does not import cert.pem", f.Command)
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	p := testPKI(t)
	fp := Fingerprint(p.root.cert)
	if len(fp) != 32*3-1 || strings.ToUpper(fp) != fp || strings.Count(fp, ":") != 31 {
		t.Fatalf("fingerprint %q", fp)
	}
}
