package redirect

import (
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func rules(r Report) []string {
	out := []string{}
	for _, f := range r.Findings {
		out = append(out, f.Rule)
	}
	sort.Strings(out)
	return out
}

func TestExpected(t *testing.T) {
	for _, tt := range []struct {
		dns  string
		port int
		want string
	}{
		{"helpdesk.example.com", 443, "https://helpdesk.example.com/helpdesk/oauth-redirect"},
		{"helpdesk.example.com", 8443, "https://helpdesk.example.com:8443/helpdesk/oauth-redirect"},
		{" helpdesk.example.com ", 8443, "https://helpdesk.example.com:8443/helpdesk/oauth-redirect"},
		{"2001:db8::1", 8443, "https://[2001:db8::1]:8443/helpdesk/oauth-redirect"},
		{"::ffff:10.0.0.5", 8443, "https://[::ffff:10.0.0.5]:8443/helpdesk/oauth-redirect"},
	} {
		if got := Expected(tt.dns, tt.port); got != tt.want {
			t.Errorf("Expected(%q, %d) = %q, want %q", tt.dns, tt.port, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	const dns = "helpdesk.example.com"
	tests := []struct {
		name, uri, dns string
		port           int
		want           []string
	}{
		{"exact with port", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 8443, nil},
		{"443 omitted", "https://helpdesk.example.com/helpdesk/oauth-redirect", dns, 443, nil},
		{"443 written", "https://helpdesk.example.com:443/helpdesk/oauth-redirect", dns, 443, nil},
		{"host case differs", "https://HelpDesk.Example.COM:8443/helpdesk/oauth-redirect", dns, 8443, nil},
		{"scheme upper case", "HTTPS://helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 8443, nil},
		{"spaces around paste", "  https://helpdesk.example.com:8443/helpdesk/oauth-redirect\n", dns, 8443, nil},
		{"http", "http://helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD401"}},
		{"no scheme", "helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD401"}},
		{"localhost as in the seed", "https://localhost:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD402", "WHD403"}},
		{"loopback IP", "https://127.0.0.1:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD402", "WHD403"}},
		{"IPv6 loopback", "https://[::1]:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD402", "WHD403"}},
		{"private IP", "https://10.1.2.3:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD402", "WHD403"}},
		{"other host", "https://whd.example.com:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD403"}},
		{"empty port, 443", "https://helpdesk.example.com:/helpdesk/oauth-redirect", dns, 443, []string{"WHD404"}},
		{"empty port, 8443", "https://helpdesk.example.com:/helpdesk/oauth-redirect", dns, 8443, []string{"WHD404"}},
		{"one slash after https:", "https:/helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD401"}},
		{"no slash after https:", "https:helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD401"}},
		{"three slashes", "HTTPS:///helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD401"}},
		{"short loopback form", "https://127.1:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD402", "WHD403"}},
		{"hex loopback", "https://0x7f000001:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD402", "WHD403"}},
		{"octal IP", "https://012.1.2.3:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD402", "WHD403"}},
		{"DNS name is a short loopback form", "https://127.1:8443/helpdesk/oauth-redirect", "127.1", 8443, []string{"WHD402"}},
		{"short name", "https://helpdesk:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD403"}},
		{"port missing", "https://helpdesk.example.com/helpdesk/oauth-redirect", dns, 8443, []string{"WHD404"}},
		{"port differs", "https://helpdesk.example.com:8080/helpdesk/oauth-redirect", dns, 8443, []string{"WHD404"}},
		{"port with a leading zero", "https://helpdesk.example.com:08443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD404"}},
		{"443 with a leading zero", "https://helpdesk.example.com:0443/helpdesk/oauth-redirect", dns, 443, []string{"WHD404"}},
		{"port out of range", "https://helpdesk.example.com:99999/helpdesk/oauth-redirect", dns, 8443, []string{"WHD404"}},
		{"port zero", "https://helpdesk.example.com:0/helpdesk/oauth-redirect", dns, 8443, []string{"WHD404"}},
		{"IPv6 DNS name", "", "2001:db8::1", 8443, []string{"WHD402"}},
		{"IPv6 loopback DNS name", "", "::1", 8443, []string{"WHD402"}},
		// A bracketed IPv6 DNS name is the URI's host: no WHD403.
		{"bracketed IPv6 DNS name", "https://[2001:db8::5]:8443/helpdesk/oauth-redirect", "[2001:db8::5]", 8443, []string{"WHD402"}},
		{"bracketed IPv6 DNS name, other address", "https://[2001:db8::6]:8443/helpdesk/oauth-redirect", "[2001:db8::5]", 8443, []string{"WHD402", "WHD403", "WHD407"}},
		{"port given for 443 install", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 443, []string{"WHD404"}},
		{"trailing slash", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect/", dns, 8443, []string{"WHD405"}},
		{"path case", "https://helpdesk.example.com:8443/HelpDesk/oauth-redirect", dns, 8443, []string{"WHD405"}},
		{"no path", "https://helpdesk.example.com:8443", dns, 8443, []string{"WHD405"}},
		{"root path", "https://helpdesk.example.com:8443/", dns, 8443, []string{"WHD405"}},
		{"missing context", "https://helpdesk.example.com:8443/oauth-redirect", dns, 8443, []string{"WHD405"}},
		{"escaped path", "https://helpdesk.example.com:8443/helpdesk%2Foauth-redirect", dns, 8443, []string{"WHD405"}},
		{"query", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect?x=1", dns, 8443, []string{"WHD406"}},
		{"empty query", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect?", dns, 8443, []string{"WHD406"}},
		{"fragment", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect#top", dns, 8443, []string{"WHD406"}},
		{"empty fragment", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect#", dns, 8443, []string{"WHD406"}},
		{"single-label DNS name", "https://helpdesk:8443/helpdesk/oauth-redirect", "helpdesk", 8443, []string{"WHD407"}},
		{"DNS name localhost", "https://localhost:8443/helpdesk/oauth-redirect", "localhost", 8443, []string{"WHD402"}},
		{"DNS name localhost with a dot", "https://localhost:8443/helpdesk/oauth-redirect", "localhost.", 8443, []string{"WHD402", "WHD403"}},
		// WHD402 is about the URI's host: the DNS name is said by WHD407.
		{"DNS name localhost, URI loopback", "https://127.0.0.1:8443/helpdesk/oauth-redirect", "localhost", 8443, []string{"WHD402", "WHD403", "WHD407"}},
		{"DNS name localhost, URI right", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect", "localhost", 8443, []string{"WHD403", "WHD407"}},
		{"DNS name is a URL", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect", "https://helpdesk.example.com", 8443, []string{"WHD403", "WHD407"}},
		{"DNS name with port", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect", "helpdesk.example.com:8443", 8443, []string{"WHD403", "WHD407"}},
		{"DNS name underscore", "https://help_desk.example.com:8443/helpdesk/oauth-redirect", "help_desk.example.com", 8443, []string{"WHD407"}},
		{"no HTTPS in WHD", "https://helpdesk.example.com/helpdesk/oauth-redirect", dns, 0, []string{"WHD401"}},
		{"everything wrong", "http://localhost:8080/HelpDesk/oauth-redirect/?a#b", "localhost", 8443, []string{"WHD401", "WHD402", "WHD404", "WHD405", "WHD406"}},
		{"user info", "https://user:pw@helpdesk.example.com:8443/helpdesk/oauth-redirect", dns, 8443, []string{"WHD403"}},
		{"only DNS name, fine", "", dns, 8443, nil},
		{"only DNS name, localhost", "", "localhost", 8443, []string{"WHD402"}},
		{"only DNS name, IP", "", "192.0.2.10", 8443, []string{"WHD402"}},
		{"only DNS name, single label", "", "helpdesk", 8443, []string{"WHD407"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Check(Input{RedirectURI: tt.uri, DNSName: tt.dns, Port: tt.port})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if got := rules(rep); !reflect.DeepEqual(got, want) {
				t.Fatalf("rules %v, want %v\n%+v", got, want, rep.Findings)
			}
			if rep.OK != (len(want) == 0) {
				t.Errorf("OK = %v with findings %v", rep.OK, want)
			}
			for _, f := range rep.Findings {
				if f.Severity != "error" || f.Message == "" || f.Fix == "" {
					t.Errorf("incomplete finding %+v", f)
				}
				if strings.Contains(f.Message+f.Fix, "pw@") {
					t.Errorf("password echoed: %+v", f)
				}
				// Mismatch findings say what the sign-in page shows; WHD402
				// is not a mismatch (Microsoft accepts a registered
				// localhost or loopback URI): it says who cannot reach it.
				switch {
				case f.Rule == RuleLocalHost:
					if strings.Contains(f.Message, "AADSTS50011") || strings.Contains(f.Message, "Microsoft refuses") || !strings.Contains(strings.ToLower(f.Message), "other users' browsers cannot reach") {
						t.Errorf("WHD402 message: %s", f.Message)
					}
				case f.Rule >= "WHD403" && f.Rule <= "WHD406" && tt.uri != "" && !strings.Contains(f.Message, "AADSTS50011"):
					t.Errorf("%s does not name AADSTS50011: %s", f.Rule, f.Message)
				}
			}
		})
	}
}

func TestCheckExpectedInReport(t *testing.T) {
	rep, _ := Check(Input{RedirectURI: "https://helpdesk.example.com/helpdesk/oauth-redirect", DNSName: "helpdesk.example.com", Port: 8443})
	if rep.ExpectedURI != "https://helpdesk.example.com:8443/helpdesk/oauth-redirect" {
		t.Fatalf("expected %q", rep.ExpectedURI)
	}
	if !strings.Contains(rep.Findings[0].Fix, rep.ExpectedURI) {
		t.Errorf("fix does not give the URI to register: %s", rep.Findings[0].Fix)
	}
	// A DNS name that is not a host gives no URI to register.
	rep, _ = Check(Input{DNSName: "https://helpdesk.example.com/", Port: 8443})
	if rep.ExpectedURI != "" {
		t.Errorf("expected %q for a URL as DNS name", rep.ExpectedURI)
	}
	b, _ := json.Marshal(rep)
	for _, k := range []string{`"redirect_uri":`, `"expected_uri":`, `"ok":false`, `"findings":[{"rule":"WHD407","severity":"error"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON lacks %s: %s", k, b)
		}
	}
	// No findings is an empty array, not null.
	rep, _ = Check(Input{DNSName: "helpdesk.example.com", Port: 443})
	if b, _ := json.Marshal(rep); !strings.Contains(string(b), `"findings":[]`) {
		t.Errorf("JSON: %s", b)
	}
}

func TestCheckUnparseable(t *testing.T) {
	for _, uri := range []string{"https://helpdesk.example.com:84x3/helpdesk/oauth-redirect", "https://[::1/helpdesk", "https://exa mple.com/x", "https://%zz/"} {
		_, err := Check(Input{RedirectURI: uri, DNSName: "helpdesk.example.com", Port: 8443})
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: err %v, want a ParseError", uri, err)
			continue
		}
		if !strings.Contains(err.Error(), "App registrations") || !strings.Contains(err.Error(), uri) {
			t.Errorf("%q: message lacks what to do: %v", uri, err)
		}
	}
}

// Without HTTPS in WHD there is no redirect URI to register yet: the report
// says how to enable HTTPS instead of printing a port-less URI.
func TestCheckNoHTTPS(t *testing.T) {
	for _, uri := range []string{"", "https://helpdesk.example.com/helpdesk/oauth-redirect"} {
		rep, err := Check(Input{RedirectURI: uri, DNSName: "helpdesk.example.com", Port: 0})
		if err != nil {
			t.Fatal(err)
		}
		if rep.ExpectedURI != "" || rep.OK || len(rep.Findings) != 1 || rep.Findings[0].Rule != RuleNotHTTPS {
			t.Fatalf("%q: %+v", uri, rep)
		}
		f := rep.Findings[0]
		if !strings.Contains(f.Message, "needs HTTPS for the OAuth redirect") || !strings.Contains(f.Fix, "HTTPS_PORT=8443") ||
			!strings.Contains(f.Fix, "keystore") || strings.Contains(f.Fix, "https://helpdesk.example.com/helpdesk/oauth-redirect") {
			t.Errorf("%q: %+v", uri, f)
		}
	}
}

// A port value in whd.conf that is not a port has its own rule (WHD410,
// not WHD404 which is about the registered URI), with the line, and the
// line-ending hint only when the value carries a CR.
func TestPortErrorFinding(t *testing.T) {
	_, _, err := PortFromConf("", "84x3")
	var pe *PortError
	if !errors.As(err, &pe) || pe.Var != "HTTPS_PORT" || pe.Value != "84x3" {
		t.Fatalf("%#v", err)
	}
	f := pe.Finding("/opt/whd/conf/whd.conf", 14)
	if f.Rule != "WHD410" || f.File != "/opt/whd/conf/whd.conf" || f.Line != 14 || f.Severity != "error" ||
		!strings.Contains(f.Message, `HTTPS_PORT="84x3" is not a port number`) || strings.Contains(f.Message+f.Fix, "line ending") || strings.Contains(f.Message+f.Fix, `\r`) ||
		!strings.Contains(f.Fix, "HTTPS_PORT=8443") {
		t.Errorf("%+v", f)
	}
	_, _, err = PortFromConf("8443\r", "8443")
	if !errors.As(err, &pe) || pe.Var != "URL_HTTPS_PORT" {
		t.Fatalf("%#v", err)
	}
	f = pe.Finding("whd.conf", 3)
	if !strings.Contains(f.Message, "Windows line ending") || !strings.Contains(f.Fix, "dos2unix") {
		t.Errorf("CR: %+v", f)
	}
}

func TestPortFromConf(t *testing.T) {
	for _, tt := range []struct {
		url, https string
		port       int
		from       string
		err        bool
	}{
		{"", "8443", 8443, "HTTPS_PORT", false},
		{"443", "8443", 443, "URL_HTTPS_PORT", false},
		{"", "", 0, "", false},
		{"", "8443\r", 0, "HTTPS_PORT", true},
		{"", "70000", 0, "HTTPS_PORT", true},
		{"abc", "8443", 0, "URL_HTTPS_PORT", true},
	} {
		p, from, err := PortFromConf(tt.url, tt.https)
		if p != tt.port || from != tt.from || (err != nil) != tt.err {
			t.Errorf("PortFromConf(%q, %q) = %d %q %v", tt.url, tt.https, p, from, err)
		}
		if err != nil && !strings.Contains(err.Error(), tt.from) {
			t.Errorf("error does not name the variable: %v", err)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"https://helpdesk.example.com:8443/helpdesk/oauth-redirect", "http://localhost/", "helpdesk.example.com/helpdesk/oauth-redirect",
		"https://[::1]:8443/helpdesk/oauth-redirect?x#y", "https://%zz/", "", "https://user:pw@h/x", "https://h:99999/helpdesk/oauth-redirect",
	} {
		f.Add(s, "helpdesk.example.com", 8443)
	}
	f.Add("https://helpdesk/", "helpdesk", 0)
	f.Fuzz(func(t *testing.T, uri, dns string, port int) {
		if port < 0 || port > 65535 {
			port = 0
		}
		if strings.TrimSpace(dns) == "" {
			dns = "helpdesk.example.com"
		}
		rep, err := Check(Input{RedirectURI: uri, DNSName: dns, Port: port})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		if rep.OK != (len(rep.Findings) == 0) {
			t.Fatalf("OK %v with %d findings", rep.OK, len(rep.Findings))
		}
		// Registering the expected URI always passes (for a usable name).
		if rep.ExpectedURI != "" && fqdnProblem(strings.TrimSpace(dns)) == "" && localHost(strings.TrimSpace(dns)) == "" && port != 0 {
			again, err := Check(Input{RedirectURI: rep.ExpectedURI, DNSName: dns, Port: port})
			if err != nil || !again.OK {
				t.Fatalf("expected URI %q fails its own check: %v %+v", rep.ExpectedURI, err, again.Findings)
			}
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatal(err)
		}
	})
}

// The URI is printed back in the report, the findings and the parse error:
// a password in its user info or an authorization code in its query is
// masked everywhere.
func TestCheckMasksCredentials(t *testing.T) {
	const pw, code = "S3cr3tPassw0rd", "0.AVYAsecretsecretsecret"
	rep, err := Check(Input{RedirectURI: "https://admin:" + pw + "@helpdesk.example.com:8443/helpdesk/oauth-redirect?code=" + code, DNSName: "helpdesk.example.com", Port: 8443})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rep)
	if strings.Contains(string(b), pw) || strings.Contains(string(b), code) || !strings.Contains(rep.RedirectURI, "admin:*****@") {
		t.Fatalf("credentials in the report: %s", b)
	}
	if len(rep.Findings) < 2 {
		t.Fatalf("findings %+v", rep.Findings)
	}
	// Any query or fragment value, whatever its name or length.
	for _, q := range []string{"?Code=SECRETC&PASSWORD=S3cretPw", "?x=1;code=SECRETC", "?code=a%zzSECRET", "#access_token=SECRETC&state=S"} {
		rep, err := Check(Input{RedirectURI: "https://helpdesk.example.com:8443/helpdesk/oauth-redirect" + q, DNSName: "helpdesk.example.com", Port: 8443})
		var b []byte
		if err == nil {
			b, _ = json.Marshal(rep)
		} else {
			b = []byte(err.Error())
		}
		if strings.Contains(string(b), "SECRET") || strings.Contains(string(b), "S3cret") {
			t.Errorf("%s: %s", q, b)
		}
	}
	_, err = Check(Input{RedirectURI: "https://admin:" + pw + "@helpdesk.example.com:84x43/helpdesk/oauth-redirect", DNSName: "helpdesk.example.com", Port: 8443})
	if err == nil || strings.Contains(err.Error(), pw) {
		t.Fatalf("parse error %v", err)
	}
}

// shortIPv4 reads what the URL Standard's IPv4 parser reads (what a
// browser connects to for such a host), and nothing else.
func TestShortIPv4(t *testing.T) {
	for h, want := range map[string]string{
		"127.1": "127.0.0.1", "0x7f000001": "127.0.0.1", "2130706433": "127.0.0.1",
		"0177.0.0.1": "127.0.0.1", "10.1.258": "10.1.1.2", "0x": "0.0.0.0", "192.168.0x1.1": "192.168.1.1",
		"helpdesk": "", "1.2.3.4.5": "", "256.1": "", "1.16777216": "", "08.1": "", "0x1g": "", "+1.2": "", "": "", "4294967296": "",
	} {
		got := ""
		if ip := shortIPv4(h); ip != nil {
			got = ip.String()
		}
		if got != want {
			t.Errorf("shortIPv4(%q) = %q, want %q", h, got, want)
		}
	}
}
