package truststore

import (
	"errors"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	files := map[string]bool{
		"/whd/bin/jre/lib/security/cacerts":     true,
		"/jdk8/jre/lib/security/cacerts":        true,
		"/jdk17/lib/security/cacerts":           true,
		"/jdk17/lib/security/jssecacerts":       true,
		`C:\WHD\bin\jre\lib\security\cacerts`:   true,
		"/whd-nojre/conf/whd.conf":              true,
		"/jdk-bare/lib/security/something-else": true,
	}
	exists := func(p string) bool { return files[p] }
	tests := []struct {
		name   string
		in     ResolveInput
		path   string
		source string
		typ    string
		err    string
	}{
		{name: "flag wins", in: ResolveInput{Flag: "/tmp/x.p12", FlagType: "PKCS12", Props: map[string]string{PropTrustStore: "/etc/ts.jks"}, WHDHome: "/whd"},
			path: "/tmp/x.p12", source: SourceFlag, typ: "pkcs12"},
		{name: "install property", in: ResolveInput{Props: map[string]string{PropTrustStore: "/etc/ts.jks", PropTrustStoreType: "JKS"}, WHDHome: "/whd", JavaHome: "/jdk17"},
			path: "/etc/ts.jks", source: SourceProperty, typ: "jks"},
		{name: "relative property is under the home", in: ResolveInput{Props: map[string]string{PropTrustStore: "conf/ts.jks"}, WHDHome: "/whd"},
			path: "/whd/conf/ts.jks", source: SourceProperty},
		{name: "NONE", in: ResolveInput{Props: map[string]string{PropTrustStore: "NONE"}}, err: "NONE"},
		{name: "bundled jre", in: ResolveInput{WHDHome: "/whd", JavaHome: "/jdk17"},
			path: "/whd/bin/jre/lib/security/cacerts", source: SourceBundled},
		{name: "windows bundled jre", in: ResolveInput{WHDHome: `C:\WHD`},
			path: `C:\WHD\bin\jre\lib\security\cacerts`, source: SourceBundled},
		{name: "no bundled jre: JAVA_HOME, jssecacerts first", in: ResolveInput{WHDHome: "/whd-nojre", JavaHome: "/jdk17"},
			path: "/jdk17/lib/security/jssecacerts", source: SourceJavaHome},
		{name: "JDK 8 layout", in: ResolveInput{JavaHome: "/jdk8"},
			path: "/jdk8/jre/lib/security/cacerts", source: SourceJavaHome},
		{name: "nothing", in: ResolveInput{JavaHome: "/jdk-bare"}, err: "no Java truststore found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Exists = exists
			r, err := Resolve(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Path != tt.path || r.Source != tt.source || r.DeclaredType != tt.typ || r.Note == "" {
				t.Fatalf("got %+v", r)
			}
		})
	}
	if _, err := Resolve(ResolveInput{Exists: exists}); !errors.Is(err, ErrNoTruststore) {
		t.Fatalf("err = %v", err)
	}
	// With --whd-home given, the error says what was looked for in the
	// install and does not suggest --whd-home again.
	none := func(string) bool { return false }
	for _, tt := range []struct {
		in        ResolveInput
		want, not []string
	}{
		{ResolveInput{WHDHome: "/opt/whd", Exists: none},
			[]string{"the install /opt/whd", "/opt/whd/bin/jre/lib/security/cacerts", "/opt/whd/bin/jre/jre/lib/security/jssecacerts", "JAVA_HOME is not set", "--truststore FILE", "set JAVA_HOME"},
			[]string{"--whd-home"}},
		{ResolveInput{WHDHome: "/opt/whd", JavaHome: "/usr/lib/jvm/x", Exists: none},
			[]string{"/opt/whd/bin/jre/lib/security/cacerts", "JAVA_HOME /usr/lib/jvm/x has none", "/usr/lib/jvm/x/lib/security/cacerts"},
			[]string{"--whd-home"}},
		{ResolveInput{JavaHome: "/usr/lib/jvm/x", Exists: none},
			[]string{"JAVA_HOME /usr/lib/jvm/x has none", "/usr/lib/jvm/x/lib/security/cacerts", "--whd-home DIR"},
			[]string{"set JAVA_HOME"}},
	} {
		_, err := Resolve(tt.in)
		if !errors.Is(err, ErrNoTruststore) {
			t.Fatalf("%+v: err = %v", tt.in, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: %q lacks %q", tt.in, err, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(err.Error(), n) {
				t.Errorf("%+v: %q has %q", tt.in, err, n)
			}
		}
	}
}

func TestResolvePassword(t *testing.T) {
	props := map[string]string{PropTrustStorePassword: "fromconf"}
	tests := []struct {
		env    string
		envSet bool
		props  map[string]string
		want   Password
	}{
		{"fromenv", true, props, Password{"fromenv", true, PasswordFromEnv}},
		{"", false, props, Password{"fromconf", true, PasswordFromProperty}},
		{"", false, nil, Password{DefaultPassword, false, PasswordFromDefault}},
		{"", false, map[string]string{PropTrustStorePassword: ""}, Password{DefaultPassword, false, PasswordFromDefault}},
		{"", true, nil, Password{"", true, PasswordFromEnv}},
	}
	for _, tt := range tests {
		if got := ResolvePassword(tt.env, tt.envSet, tt.props); got != tt.want {
			t.Errorf("ResolvePassword(%q, %v, %v) = %+v, want %+v", tt.env, tt.envSet, tt.props, got, tt.want)
		}
	}
}

func TestJavaReadError(t *testing.T) {
	p := testPKI(t)
	one := []Anchor{{"a", p.root.cert}}
	if err := JavaReadError(&Store{Format: PKCS12, Anchors: one}, Password{Value: DefaultPassword}); err == nil || !strings.Contains(err.Error(), "trustAnchors") {
		t.Errorf("protected PKCS12 without a password: %v", err)
	}
	if err := JavaReadError(&Store{Format: PKCS12, PasswordLess: true, Anchors: one}, Password{}); err != nil {
		t.Errorf("password-less PKCS12: %v", err)
	}
	if err := JavaReadError(&Store{Format: JKS, Anchors: one}, Password{}); err != nil {
		t.Errorf("JKS without a password is read by Java: %v", err)
	}
	if err := JavaReadError(&Store{Format: JKS}, Password{Set: true}); err == nil {
		t.Error("empty store accepted")
	}
}
