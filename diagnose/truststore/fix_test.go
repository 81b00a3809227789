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
		if got, _ := keytoolCommand(tt.store, "whdctl-mail", "root.pem"); got != tt.want {
			t.Errorf("got\n%s\nwant\n%s", got, tt.want)
		}
	}
	for in, want := range map[string]string{
		`a "b" $c`:              `'a "b" $c'`,
		"it's":                  `'it'\''s'`,
		"/opt/jdk/cacerts":      "/opt/jdk/cacerts",
		`C:\Program Files\x`:    `"C:\Program Files\x"`,
		"/tmp/dir with space/x": `'/tmp/dir with space/x'`,
		"":                      `''`,
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
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

// splitPOSIX splits a command line as a POSIX shell does for words made of
// plain characters, single-quoted and double-quoted parts (no expansions).
func splitPOSIX(s string) ([]string, bool) {
	var out []string
	var cur strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		case c == '\\' && i+1 < len(s):
			cur.WriteByte(s[i+1])
			i++
			in = true
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, false
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			in = true
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return nil, false
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			in = true
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out, true
}

// FuzzKeytoolCommand: for any store path, alias and certificate file, the
// printed command splits (as a POSIX shell would) into exactly the
// intended arguments, and never carries a password other than changeit.
func FuzzKeytoolCommand(f *testing.F) {
	f.Add("/usr/local/webhelpdesk/bin/jre/lib/security/cacerts", "mail.example.com", "root.pem", false)
	f.Add("/tmp/it's $HOME/`x`/cacerts", "h", "a b.pem", true)
	f.Add("/a/lib/security/jssecacerts", "", "", false)
	f.Fuzz(func(t *testing.T, path, host, certFile string, pwless bool) {
		if strings.ContainsAny(path+host+certFile, "\\\x00\n") || windowsPath().MatchString(path) || windowsPath().MatchString(certFile) {
			return // Windows paths are quoted for cmd.exe, not for sh
		}
		store := StoreRef{Path: path, Format: PKCS12, PasswordLess: pwless, Password: Password{Value: "s3cret", Set: true}}
		alias := aliasFor(host, nil)
		cmd, setup := keytoolCommand(store, alias, certFile)
		if strings.Contains(setup, "s3cret") {
			t.Fatal("the password is in the setup")
		}
		args, ok := splitPOSIX(cmd)
		if !ok {
			t.Fatalf("unbalanced quotes: %s", cmd)
		}
		want := []string{keytoolFor(path), "-importcert", "-noprompt", "-alias", alias, "-file", certFile, "-keystore", path, "-storetype", "PKCS12"}
		if len(args) < len(want) {
			t.Fatalf("%s split into %q", cmd, args)
		}
		for i := range want {
			if args[i] != want[i] {
				t.Fatalf("%s: argument %d is %q, want %q", cmd, i, args[i], want[i])
			}
		}
		if strings.Contains(cmd, "s3cret") {
			t.Fatal("the password is in the command")
		}
	})
}

func TestPlanFixByCause(t *testing.T) {
	store := StoreRef{Path: "/s/cacerts", Format: JKS, Password: Password{Value: DefaultPassword}}
	tests := []struct {
		cause     Cause
		want, not string
	}{
		{CauseNotTLS, "does not speak TLS", "cipher suite"},
		{CauseMessageSize, "shorter chain", "cipher suite"},
		{CauseChainLength, "shorter chain", "cipher suite"},
		{CauseWhdctl, "keytool -printcert -sslserver", "Java 17 offers TLS 1.2 and 1.3 only"},
		{CauseProtocol, "TLS 1.2 and 1.3", ""},
	}
	for _, tt := range tests {
		f := PlanFix(Verdict{Failure: FailHandshake, Cause: tt.cause}, "h", store, "x.pem")
		if !strings.Contains(f.Text, tt.want) || (tt.not != "" && strings.Contains(f.Text, tt.not)) || f.Command != "" {
			t.Errorf("%s: %+v", tt.cause, f)
		}
	}
}

// TestPlanFixPassword: the command never carries a password other than
// changeit, and says how to give keytool the one it needs.
func TestPlanFixPassword(t *testing.T) {
	p := testPKI(t)
	v := Decide(certs(p.self), certs(p.root), "mail.example.test", now)
	tests := []struct {
		name    string
		store   StoreRef
		setup   string
		storeps string
		note    string
	}{
		{"default password", StoreRef{Path: "/s/cacerts", Format: JKS, Password: Password{Value: DefaultPassword}}, "", "-storepass changeit", ""},
		{"password from the environment", StoreRef{Path: "/s/t.p12", Format: PKCS12, Password: Password{Value: "s3cret", Set: true, From: PasswordFromEnv}},
			"", "-storepass:env WHDCTL_STOREPASS", "as it is now"},
		{"password from the install", StoreRef{Path: "/s/t.p12", Format: PKCS12, Password: Password{Value: "s3cret", Set: true, From: PasswordFromProperty}},
			"read -r WHDCTL_STOREPASS", "-storepass:env WHDCTL_STOREPASS", "-Djavax.net.ssl.trustStorePassword"},
		{"unknown password", StoreRef{Path: "/s/t.jks", Format: JKS, Password: Password{Value: DefaultPassword, From: PasswordFromDefault}, PasswordUnknown: true},
			"read -r WHDCTL_STOREPASS", "-storepass:env WHDCTL_STOREPASS", "not changeit"},
		{"Windows store, password from the install", StoreRef{Path: `C:\WHD\bin\jre\lib\security\cacerts`, Format: JKS, Password: Password{Value: "s3cret", Set: true, From: PasswordFromProperty}},
			"Read-Host -AsSecureString", "-storepass:env WHDCTL_STOREPASS", "first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := PlanFix(v, "mail.example.test", tt.store, "cert.pem")
			if !strings.Contains(f.Command, tt.storeps) || !strings.Contains(f.Setup, tt.setup) || (tt.setup == "") != (f.Setup == "") {
				t.Fatalf("command %q setup %q", f.Command, f.Setup)
			}
			if !strings.Contains(f.Text, tt.note) || (f.Setup != "" && !strings.Contains(f.Text, f.Setup)) {
				t.Fatalf("text %q", f.Text)
			}
			// The command in the text ends its sentence: the next one
			// ("Restart WHD afterwards") is not glued to it.
			if f.Setup != "" && !strings.Contains(f.Text, `"`+f.Setup+`". Restart WHD afterwards`) {
				t.Fatalf("the setup command does not end its sentence: %q", f.Text)
			}
			if strings.Contains(f.Command+f.Setup+f.Text, "s3cret") {
				t.Fatal("the password leaked")
			}
		})
	}
}

// TestPlanFixMissingIntermediate: the fix names the certificate to get, where
// from, and the file the command imports.
func TestPlanFixMissingIntermediate(t *testing.T) {
	p := testPKI(t)
	v := Decide(certs(p.leaf), certs(p.root), "mail.example.test", now)
	f := PlanFix(v, "mail.example.test", StoreRef{Path: "/s/cacerts", Format: JKS, Password: Password{Value: DefaultPassword}}, "cert.pem")
	for _, want := range []string{`"CN=Test Intermediate"`, "http://pki.example.test/inter.crt", "save it as " + IssuerFile, "that fixes it"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("fix %q lacks %q", f.Text, want)
		}
	}
	if f.Import != nil || !strings.Contains(f.Command, "-file "+IssuerFile) {
		t.Errorf("import %v command %q", f.Import, f.Command)
	}
	v = Decide(certs(p.leaf2, p.inter2), certs(p.root), "mail.example.test", now)
	if f := PlanFix(v, "mail.example.test", StoreRef{Path: "/s/cacerts", Format: JKS}, "cert.pem"); strings.Contains(f.Text, "written below") {
		t.Errorf("fix %q promises a certificate written below", f.Text)
	}
}
