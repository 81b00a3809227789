package cli

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestEWSHeadersAreEscaped: a server's header values (realm, proxy
// headers) with bytes that are not UTF-8, C1 controls (U+009B is CSI on
// some terminals) and bidi controls are printed escaped in text mode. (Go's
// HTTP client itself refuses header values with C0 controls such as ESC.)
func TestEWSHeadersAreEscaped(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				_, _ = http.ReadRequest(bufio.NewReader(c))
				_, _ = c.Write([]byte("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n" +
					"WWW-Authenticate: Negotiate\r\n" +
					"WWW-Authenticate: Basic realm=\"mail\xc2\x9b2J\xff\xfe\"\r\n" +
					"X-FEServer: EX01\xe2\x80\xaeNAME\r\n" +
					"Server: Microsoft-IIS/10.0 \xc3\x28\r\n\r\n"))
			}(c)
		}
	}()
	// Plain http: Basic offered, yet a failed verdict (the password would
	// cross the network unencrypted).
	code, out, errOut := runCLI(t, nil, nil, "diagnose", "ews", "--url", "http://"+ln.Addr().String()+"/EWS/Exchange.asmx")
	if code != ExitFailed || !strings.Contains(out, "FAILED:") || !strings.Contains(out, "fix: Basic authentication is offered, but this URL is plain http") || strings.ContainsAny(out+errOut, "\u009b\u202e") || !strings.Contains(out, `mail\u009b2J\xff\xfe`) || !strings.Contains(out, `EX01\u202eNAME`) ||
		!strings.Contains(out, `Microsoft-IIS/10.0 \xc3(`) || strings.ToValidUTF8(out, "?") != out {
		t.Fatalf("exit %d\n%q\n%q", code, out, errOut)
	}
	code, out, _ = runCLI(t, nil, nil, "diagnose", "ews", "--url", "http://"+ln.Addr().String()+"/EWS/Exchange.asmx", "-o", "json")
	if code != ExitFailed || !strings.Contains(out, `"ok": false`) || !strings.Contains(out, "mail\u009b2J") {
		t.Fatalf("JSON: exit %d\n%s", code, out)
	}
}

func TestEWSUsage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }))
	defer srv.Close()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--url", srv.URL + "/EWS/Exchange.asmx?wsdl"}, "query string"},
		{[]string{"--url", "https://mail.contoso.com/EWS/Exchange.asmx", "--username", ""}, "--username is empty"},
		{[]string{"--url", "https://mail.contoso.com/EWS/Exchange.asmx", "--username", "  "}, "--username is empty"},
		{[]string{"--url", "https://mail.contoso.com/EWS/Exchange.asmx", "--username", "a:b"}, "colon"},
		{[]string{"--url", "https://mail.contoso.com/EWS/Exchange.asmx", "--export-cert", ""}, "--export-cert needs a file name"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, map[string]string{ewsPasswordEnv: "pw"}, nil, append([]string{"diagnose", "ews"}, tt.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%q: exit %d %q %q; want 2 mentioning %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// TestEWSExchangeOnline: the Basic challenge of Exchange Online is shown as
// not usable, the check fails, and --username sends no password.
func TestEWSExchangeOnline(t *testing.T) {
	var auth []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		w.Header().Add("WWW-Authenticate", `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*"`)
		w.Header().Add("WWW-Authenticate", `Basic Realm=""`)
		w.WriteHeader(401)
	}))
	defer srv.Close()
	store := trustStoreFor(t, "changeit", srv.Certificate())
	code, out, errOut := runCLI(t, map[string]string{ewsPasswordEnv: "pw-Secret-9"}, nil, "diagnose", "ews", "--url", srv.URL, "--truststore", store, "--username", "svc@contoso.com")
	if code != 1 || !strings.Contains(out, "but not usable: Exchange Online refuses Basic") || !strings.Contains(out, "password was not sent") ||
		!strings.Contains(out, "Exchange/Office 365 (OAuth) account type") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, a := range auth {
		if a != "" {
			t.Fatalf("a request carried credentials: %q", auth)
		}
	}
	code, out, _ = runCLI(t, nil, nil, "diagnose", "ews", "--url", srv.URL, "--truststore", store, "-o", "json")
	if code != 1 || !strings.Contains(out, `"basic_offered": true`) || !strings.Contains(out, `"basic_usable": false`) || !strings.Contains(out, `"ok": false`) {
		t.Fatalf("JSON: exit %d\n%s", code, out)
	}
}

// TestEWSTextLayout: the text report has the layout of the other diagnose
// commands: one verdict line ("FAILED:"), then the advice on a "fix:" line
// (it used to be a second "FAILED:" line).
func TestEWSTextLayout(t *testing.T) {
	negotiate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", "Negotiate")
		w.WriteHeader(401)
	}))
	defer negotiate.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	tests := []struct {
		name, url, verdict, fix string
	}{
		{"Basic not offered", negotiate.URL, "FAILED: WHD cannot sign in", "fix: Basic authentication is not offered"},
		{"refused", "http://" + closed, "FAILED: connection to " + closed + " refused", "fix: Check the host name and port"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, nil, nil, "diagnose", "ews", "--url", tt.url)
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if code != ExitFailed || errOut != "" || strings.Count(out, "FAILED:") != 1 || len(lines) < 2 ||
			!strings.HasPrefix(lines[len(lines)-2], tt.verdict) || !strings.HasPrefix(lines[len(lines)-1], tt.fix) {
			t.Errorf("%s: exit %d\n%s%s", tt.name, code, out, errOut)
		}
	}
}

// TestEWSPlainHTTPPort: an https:// URL on a port that speaks plain HTTP
// says so and names the fix (Exchange's HTTPS port, the IIS binding), not
// Go's "server gave HTTP response to HTTPS client" and a firewall fix.
func TestEWSPlainHTTPPort(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }))
	defer srv.Close()
	store := trustStoreFor(t, "changeit", unrelatedCert(t))
	addr := strings.TrimPrefix(srv.URL, "http://")
	code, out, errOut := runCLI(t, nil, nil, "diagnose", "ews", "--url", "https://"+addr, "--truststore", store)
	if code != ExitFailed || !strings.Contains(out, "FAILED: "+addr+" speaks plain HTTP, not TLS") ||
		!strings.Contains(out, "fix: Give the port where Exchange serves HTTPS") || !strings.Contains(out, "Bindings") ||
		strings.Contains(out, "HTTPS client") || strings.Contains(out, "firewall") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}
