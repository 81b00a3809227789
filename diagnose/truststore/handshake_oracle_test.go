package truststore_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/diagnose/truststore"
	"github.com/whdctl/whdctl/diagnose/truststore/truststoretest"
)

// handshakeReport is the JSON of diagnose truststore, with the extensions
// these tests look at.
type handshakeReport struct {
	report
	OK             bool   `json:"ok"`
	Message        string `json:"message"`
	HandshakeCause string `json:"handshake_cause"`
}

func repeat(name string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = name
	}
	return out
}

// TestJavaAgreesOnHandshakes serves chains with openssl s_server under
// cipher suites, protocol versions and chain sizes that Go's crypto/tls
// and Java 17 do not handle alike, and checks that whdctl gives the JVM's
// verdict (HttpsURLConnection with the keytool-made JKS store).
func TestJavaAgreesOnHandshakes(t *testing.T) {
	f := truststoretest.Get(t)
	f.Java(t)
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(plain.Close)
	seclevel0 := []string{"-cipher", "DEFAULT:@SECLEVEL=0"}
	tests := []struct {
		name    string
		server  *truststoretest.OpenSSLServer
		addr    string
		java    string // the JVM's verdict
		failure string // whdctl's failure class ("" when trusted)
		cause   string // whdctl's handshake_cause
		text    string // in whdctl's message or warnings
		noText  string // must not be in the text output
	}{
		{name: "RSA key exchange, AES-CBC-SHA", server: &truststoretest.OpenSSLServer{Cert: "rsaleaf", Key: "rsaleaf", Chain: []string{"inter"},
			Args: []string{"-tls1_2", "-cipher", "AES128-SHA"}}, java: "OK"},
		{name: "DHE only", server: &truststoretest.OpenSSLServer{Cert: "rsaleaf", Key: "rsaleaf", Chain: []string{"inter"},
			Args: []string{"-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256"}}, java: "OK", text: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
		{name: "ECDHE with CBC and SHA-384 only", server: &truststoretest.OpenSSLServer{Cert: "rsaleaf", Key: "rsaleaf", Chain: []string{"inter"},
			Args: []string{"-tls1_2", "-cipher", "ECDHE-RSA-AES256-SHA384"}}, java: "OK", text: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
		{name: "512-bit RSA leaf, TLS 1.2", server: &truststoretest.OpenSSLServer{Cert: "rsa512leaf", Key: "rsa512leaf", Chain: []string{"inter"},
			Args: append([]string{"-tls1_2"}, seclevel0...)}, java: "PKIX_VALIDATE", failure: "weak-algorithm", text: "512-bit RSA key"},
		{name: "512-bit RSA leaf, TLS 1.3 fails first", server: &truststoretest.OpenSSLServer{Cert: "rsa512leaf", Key: "rsa512leaf", Chain: []string{"inter"},
			Args: seclevel0}, java: "HANDSHAKE", failure: "handshake", cause: "protocol", text: "512-bit RSA key"},
		{name: "leaf and 60 intermediates, TLS 1.3", server: &truststoretest.OpenSSLServer{Cert: "leaf", Key: "leaf", Chain: repeat("inter", 60)},
			java: "HANDSHAKE", failure: "handshake", cause: "message-size", text: "shorter chain"},
		{name: "leaf and 60 intermediates, TLS 1.2", server: &truststoretest.OpenSSLServer{Cert: "leaf", Key: "leaf", Chain: repeat("inter", 60), Args: []string{"-tls1_2"}},
			java: "HANDSHAKE", failure: "handshake", cause: "message-size", text: "shorter chain"},
		{name: "11 certificates", server: &truststoretest.OpenSSLServer{Cert: "leaf", Key: "leaf", Chain: repeat("inter", 10)},
			java: "HANDSHAKE", failure: "handshake", cause: "chain-length", text: "more than 10"},
		{name: "10 certificates", server: &truststoretest.OpenSSLServer{Cert: "leaf", Key: "leaf", Chain: repeat("inter", 9)}, java: "OK"},
		{name: "plain HTTP port", addr: strings.TrimPrefix(plain.URL, "http://"),
			java: "HANDSHAKE", failure: "handshake", cause: "not-tls", text: "does not speak TLS", noText: "cipher suite"},
	}
	var urls []string
	for i := range tests {
		if tests[i].server != nil {
			tests[i].addr = f.ServeOpenSSL(t, *tests[i].server)
		}
		urls = append(urls, "https://"+tests[i].addr+"/")
	}
	st := f.Store("jks")
	java, err := f.AskJava(st, urls)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("WHDCTL_STOREPASS", st.Password)
	sizeRE := regexp.MustCompile(`The size of the handshake message \((\d+)\)`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jv := java["https://"+tt.addr+"/"]
			if jv.Verdict != tt.java {
				t.Fatalf("the JVM says %s (%s); this test expects %s", jv.Verdict, jv.Message, tt.java)
			}
			code, out, errOut := whdctl(t, "diagnose", "truststore", "--host", tt.addr, "--truststore", st.Path, "-o", "json")
			var r handshakeReport
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("exit %d, %q %q: %v", code, out, errOut, err)
			}
			failure := ""
			if r.Failure != nil {
				failure = *r.Failure
			}
			if jv.Verdict == "OK" {
				if !r.OK || !r.Trusted || code != 0 || failure != "" {
					t.Fatalf("Java connects and trusts; whdctl: exit %d, ok=%v trusted=%v failure=%q: %s", code, r.OK, r.Trusted, failure, r.Message)
				}
			} else if r.OK || code != 1 || r.Trusted && failure != "handshake" {
				t.Fatalf("Java refuses (%s); whdctl: exit %d, ok=%v trusted=%v", jv.Message, code, r.OK, r.Trusted)
			}
			if failure != tt.failure || r.HandshakeCause != tt.cause {
				t.Fatalf("failure %q cause %q, want %q %q (Java: %s; whdctl: %s)", failure, r.HandshakeCause, tt.failure, tt.cause, jv.Message, r.Message)
			}
			all := r.Message + "\n" + r.Fix + "\n" + strings.Join(r.Warnings, "\n")
			if !strings.Contains(all, tt.text) {
				t.Errorf("whdctl's report does not mention %q:\n%s", tt.text, all)
			}
			if m := sizeRE.FindStringSubmatch(jv.Message); m != nil && !strings.Contains(r.Message, "("+m[1]+")") {
				t.Errorf("Java counts %s bytes; whdctl says: %s", m[1], r.Message)
			}
			if tt.noText != "" && strings.Contains(r.Fix, tt.noText) {
				t.Errorf("the fix speaks of %s: %s", tt.noText, r.Fix)
			}
			_, text, _ := whdctl(t, "diagnose", "truststore", "--host", tt.addr, "--truststore", st.Path)
			if strings.Contains(text, "Java would not trust this server (handshake)") {
				t.Errorf("text output:\n%s", text)
			}
		})
	}
}

// TestJavaCipherSuites: whdctl's table of Java 17's TLS 1.2 cipher suites
// is the JVM's default list, in its order (the TLS 1.3 suites, all of
// which Go implements, and the renegotiation SCSV aside).
func TestJavaCipherSuites(t *testing.T) {
	f := truststoretest.Get(t)
	f.Java(t)
	got, err := f.JavaCipherSuites()
	if err != nil {
		t.Fatal(err)
	}
	var java []string
	for _, s := range got {
		switch s {
		case "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV":
			continue
		}
		java = append(java, s)
	}
	var ours []string
	for _, s := range truststore.JavaTLS12Suites {
		ours = append(ours, s.Name)
	}
	if !slices.Equal(java, ours) {
		t.Fatalf("the JVM enables\n%s\nwhdctl lists\n%s", strings.Join(java, "\n"), strings.Join(ours, "\n"))
	}
}
