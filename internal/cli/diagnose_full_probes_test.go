package cli

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whdctl/whdctl/patcher"
)

// fakeHome writes a WHD home whose whd.conf sets the Azure and truststore
// properties in one JAVA_OPTS assignment.
func fakeHome(t testing.TB, props ...string) string {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Complete the five Microsoft 365 properties so that the config section
	// of the report (the validate rules) has nothing to say about them.
	for _, d := range patcher.Clouds[0].Settings() {
		found := false
		for _, p := range props {
			found = found || strings.HasPrefix(p, d.Name+"=")
		}
		if !found {
			props = append(props, d.Name+"="+d.Value)
		}
	}
	var opts []string
	for _, p := range props {
		opts = append(opts, "-D"+p)
	}
	conf := "DEFAULT_PORT=8081\nHTTPS_PORT=8443\nJAVA_OPTS=\"" + strings.Join(opts, " ") + "\"\n"
	if err := os.WriteFile(filepath.Join(home, "conf", "whd.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return home
}

type fullReportJSON struct {
	OK       bool `json:"ok"`
	Sections []struct {
		Name     string `json:"name"`
		Status   string `json:"status"`
		Summary  string `json:"summary"`
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	} `json:"sections"`
}

func sectionStatus(r fullReportJSON) map[string]string {
	m := map[string]string{}
	for _, s := range r.Sections {
		m[s.Name] = s.Status
		for _, f := range s.Findings {
			m[s.Name] += " " + f.Rule
		}
	}
	return m
}

func TestFullReportProbes(t *testing.T) {
	ewsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("WWW-Authenticate", "Negotiate")
		w.Header().Add("WWW-Authenticate", `Basic realm="mail.contoso.com"`)
		w.Header().Set("X-FEServer", "EX01")
		w.WriteHeader(401)
	}))
	defer ewsSrv.Close()
	tokenSrv := tokenEndpoint(t)
	store := trustStoreFor(t, "changeit", ewsSrv.Certificate())
	home := fakeHome(t,
		"ExchangeServiceURL="+ewsSrv.URL+"/",
		"AzureTokenURL="+tokenSrv.URL+"/",
		"AzureAuthorizationURL="+tokenSrv.URL+"/",
		"IsGcchAzureAccount=true",
		"AzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default",
		"javax.net.ssl.trustStore="+store,
		"javax.net.ssl.trustStorePassword=changeit")
	args := []string{"diagnose", "--whd-home", home, "--live", "--tenant", testTenant, "--client-id", testClientID, "-o", "json"}

	code, out, errOut := runCLI(t, map[string]string{clientSecretEnv: testSecret}, nil, args...)
	var r fullReportJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("exit %d %q %q", code, out, errOut)
	}
	st := sectionStatus(r)
	if st["ews"] != "ok" || st["truststore"] != "ok" || st["token"] != "ok" {
		t.Fatalf("exit %d, sections %v\n%s", code, st, out)
	}

	code, out, _ = runCLI(t, map[string]string{clientSecretEnv: "wrong-secret-Value~0123456789"}, nil, args...)
	r = fullReportJSON{}
	_ = json.Unmarshal([]byte(out), &r)
	if st := sectionStatus(r); code != ExitFailed || st["token"] != "failed WHD621" {
		t.Fatalf("wrong secret: exit %d, sections %v", code, st)
	}

	code, out, _ = runCLI(t, nil, nil, args...)
	r = fullReportJSON{}
	_ = json.Unmarshal([]byte(out), &r)
	if st := sectionStatus(r); code != ExitRuntime || st["token"] != "error" {
		t.Fatalf("no secret: exit %d, sections %v", code, st)
	}

	// Without --live the report stays offline: no probe sections.
	code, out, _ = runCLI(t, nil, nil, "diagnose", "--whd-home", home, "-o", "json")
	r = fullReportJSON{}
	_ = json.Unmarshal([]byte(out), &r)
	if st := sectionStatus(r); st["ews"] != "" || st["token"] != "" || st["truststore"] != "" {
		t.Fatalf("offline report ran probes: exit %d, %v", code, st)
	}

	// A store that does not hold the server's certificate.
	other := trustStoreFor(t, "changeit", unrelatedCert(t))
	home2 := fakeHome(t, "ExchangeServiceURL="+ewsSrv.URL+"/", "javax.net.ssl.trustStore="+other, "javax.net.ssl.trustStorePassword=changeit")
	code, out, _ = runCLI(t, nil, nil, "diagnose", "--whd-home", home2, "--live", "-o", "json")
	r = fullReportJSON{}
	_ = json.Unmarshal([]byte(out), &r)
	if st := sectionStatus(r); code != ExitFailed || st["ews"] != "failed WHD601" || st["truststore"] != "failed WHD611" || st["token"] != "skipped" {
		t.Fatalf("untrusted: exit %d, %v", code, st)
	}

	// The same password-protected PKCS12 store without a trustStorePassword
	// property: Java reads no certificate from it and fails every TLS
	// connection (checked against the JDK in truststore's
	// TestNoPasswordConfigured): a failed check of the install, not a local
	// error.
	home3 := fakeHome(t, "ExchangeServiceURL="+ewsSrv.URL+"/", "javax.net.ssl.trustStore="+other)
	code, out, _ = runCLI(t, nil, nil, "diagnose", "--whd-home", home3, "--live", "-o", "json")
	r = fullReportJSON{}
	_ = json.Unmarshal([]byte(out), &r)
	if st := sectionStatus(r); code != ExitFailed || st["truststore"] != "failed "+RuleTLSStorePassword || st["ews"] != "skipped" ||
		!strings.Contains(out, "trustAnchors parameter must be non-empty") || !strings.Contains(out, "next to -Djavax.net.ssl.trustStore in ") {
		t.Fatalf("no store password: exit %d, %v\n%s", code, st, out)
	}
	code, out, errOut = runCLI(t, nil, nil, "diagnose", "truststore", "--whd-home", home3, "--host", "127.0.0.1:1", "-o", "json")
	if code != ExitFailed || !strings.Contains(out, `"failure": "store-password"`) || errOut != "" {
		t.Fatalf("no store password, truststore: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, nil, nil, "diagnose", "ews", "--whd-home", home3, "--url", "https://127.0.0.1:1/")
	if code != ExitFailed || !strings.Contains(out, "cannot open its own truststore") {
		t.Fatalf("no store password, ews: exit %d\n%s%s", code, out, errOut)
	}
}

// blackhole returns an address that accepts connections and never answers,
// and one whose listener never accepts (connections wait in the backlog).
func blackhole(tb testing.TB) (acceptsOnly, neverAccepts string) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	done := make(chan struct{})
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, never read or written
		}
	}()
	ln2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		close(done)
		ln.Close()
		ln2.Close()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String(), ln2.Addr().String()
}

// BenchmarkProbeTimeout measures how long each probe, and the full report
// with all three probes, takes against addresses that never answer, with
// --timeout 2s. The goal (scripts/bench-probe-timeout.sh checks it) is
// under 3 s per run: the probes run concurrently and honour the timeout.
func BenchmarkProbeTimeout(b *testing.B) {
	for _, kind := range []string{"accepts-never-answers", "never-accepts"} {
		runs := deadServerRuns(b, kind, "2s")
		for _, name := range []string{"ews", "truststore", "token", "full"} {
			b.Run(kind+"/"+name, func(b *testing.B) {
				var worst time.Duration
				for i := 0; i < b.N; i++ {
					start := time.Now()
					code, out, errOut := runCLI(b, map[string]string{clientSecretEnv: testSecret}, nil, runs[name]...)
					if d := time.Since(start); d > worst {
						worst = d
					}
					if code != ExitFailed {
						b.Fatalf("exit %d\n%s%s", code, out, errOut)
					}
				}
				b.ReportMetric(worst.Seconds(), "worst-s")
			})
		}
	}
}

// TestProbesAgainstDeadServers runs the benchmark's commands once with a
// short timeout, so that its set-up stays valid (each must end in a
// verdict, exit 1, not in a usage or local error); the time is the
// benchmark's business.
func TestProbesAgainstDeadServers(t *testing.T) {
	for _, kind := range []string{"accepts-never-answers", "never-accepts"} {
		runs := deadServerRuns(t, kind, "200ms")
		for name, args := range runs {
			code, out, errOut := runCLI(t, map[string]string{clientSecretEnv: testSecret}, nil, args...)
			if code != ExitFailed {
				t.Errorf("%s/%s: exit %d\n%s%s", kind, name, code, out, errOut)
			}
		}
	}
}

// deadServerRuns are the probe commands against a server on 127.0.0.1
// that accepts and never answers, or never accepts.
func deadServerRuns(tb testing.TB, kind, timeout string) map[string][]string {
	accepts, never := blackhole(tb)
	addr := accepts
	if kind == "never-accepts" {
		addr = never
	}
	store := trustStoreFor(tb, "changeit", unrelatedCert(tb))
	home := fakeHome(tb, "ExchangeServiceURL=https://"+addr+"/", "AzureTokenURL=https://"+addr+"/", "javax.net.ssl.trustStore="+store, "javax.net.ssl.trustStorePassword=changeit")
	return map[string][]string{
		"ews":        {"diagnose", "ews", "--url", "https://" + addr + "/", "--truststore", store, "--timeout", timeout},
		"truststore": {"diagnose", "truststore", "--host", addr, "--truststore", store, "--timeout", timeout},
		"token":      {"diagnose", "token", "--tenant", testTenant, "--client-id", testClientID, "--token-url", "https://" + addr + "/", "--timeout", timeout},
		"full":       {"diagnose", "--whd-home", home, "--live", "--tenant", testTenant, "--client-id", testClientID, "--timeout", timeout},
	}
}

// TestFullReportTruststoreFix: the truststore section's fix promises no
// certificate "written below" (nothing follows in the report), and asks
// for --export-cert only when it writes the certificate to import.
func TestFullReportTruststoreFix(t *testing.T) {
	ca, caKey := certWithName(t, "Full Report CA", nil, nil, true)
	inter, interKey := certWithName(t, "Full Report Intermediate", ca, caKey, true)
	leaf, leafKey := certWithName(t, "full report leaf", inter, interKey, false)
	missing := tlsServe(t, leafKey, leaf)
	rootNotSent := tlsServe(t, leafKey, leaf, inter)
	const setup = "stty -echo; IFS= read -r WHDCTL_STOREPASS; stty echo; export WHDCTL_STOREPASS"
	tests := []struct {
		name, addr string
		store      string
		pass       string
		want, not  []string
	}{
		{"missing intermediate", missing, trustStoreFor(t, "changeit", ca), "changeit",
			[]string{"issuer.pem", `"CN=Full Report Intermediate"`, "Command: "}, []string{"--export-cert", "written below"}},
		{"root not sent", rootNotSent, trustStoreFor(t, "changeit", unrelatedCert(t)), "changeit",
			[]string{"--export-cert whdctl-import.pem' has written the certificate", "-file whdctl-import.pem"}, []string{"written below"}},
		// The setup command is said once, as a sentence of its own.
		{"store password from the install", rootNotSent, trustStoreFor(t, "Inst4ll-pass", unrelatedCert(t)), "Inst4ll-pass",
			[]string{`"` + setup + `". Restart WHD afterwards`, "-storepass:env WHDCTL_STOREPASS"},
			[]string{"First: ", setup + " Restart", "Inst4ll-pass"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := fakeHome(t, "javax.net.ssl.trustStore="+tt.store, "javax.net.ssl.trustStorePassword="+tt.pass)
			code, out, errOut := runCLI(t, nil, nil, "diagnose", "--whd-home", home, "--live", "--tls-host", tt.addr, "-o", "json")
			var r struct {
				Sections []struct {
					Name     string `json:"name"`
					Findings []struct {
						Rule string `json:"rule"`
						Fix  string `json:"fix"`
					} `json:"findings"`
				} `json:"sections"`
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("exit %d %q %q", code, out, errOut)
			}
			fix := ""
			for _, s := range r.Sections {
				for _, f := range s.Findings {
					if f.Rule == RuleTLSUntrusted {
						fix = f.Fix
					}
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(fix, w) {
					t.Errorf("fix lacks %q:\n%s", w, fix)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(fix, n) {
					t.Errorf("fix has %q:\n%s", n, fix)
				}
			}
		})
	}
}

// TestFullReportTruststoreNoConnection: in the full report, a TLS host that
// cannot be reached (connection refused, no answer in time) is WHD614,
// "cannot connect", not WHD611 "would not trust"; the section fails and the
// report exits 1 (cannot connect is a verdict, as for the probes).
func TestFullReportTruststoreNoConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := ln.Addr().String()
	ln.Close()
	silent, _ := blackhole(t)
	plain := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer plain.Close()
	store := trustStoreFor(t, "changeit", unrelatedCert(t))
	// The EWS URL is local too: fakeHome's default is Exchange Online's.
	home := fakeHome(t, "ExchangeServiceURL=https://"+refused+"/", "javax.net.ssl.trustStore="+store, "javax.net.ssl.trustStorePassword=changeit")
	for _, tt := range []struct{ name, addr, msg string }{
		{"refused", refused, "refused"},
		{"no answer", silent, "did not answer the TLS handshake in time"},
		{"plain HTTP on the port", strings.TrimPrefix(plain.URL, "http://"), "failed before any certificate was sent"},
	} {
		args := []string{"diagnose", "--whd-home", home, "--live", "--tls-host", tt.addr, "--timeout", "300ms"}
		code, out, errOut := runCLI(t, nil, nil, append(args, "-o", "json")...)
		var r fullReportJSON
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%s: exit %d %q %q", tt.name, code, out, errOut)
		}
		if st := sectionStatus(r); code != ExitFailed || st["truststore"] != "failed "+RuleTLSNoConnection {
			t.Errorf("%s: exit %d, sections %v", tt.name, code, st)
		}
		code, out, _ = runCLI(t, nil, nil, args...)
		if code != ExitFailed || strings.Contains(out, RuleTLSUntrusted) || strings.Contains(out, "would not trust") ||
			!strings.Contains(out, RuleTLSNoConnection) || !strings.Contains(out, tt.addr) ||
			!strings.Contains(out, tt.msg) {
			t.Errorf("%s: text, exit %d\n%s", tt.name, code, out)
		}
	}
}
