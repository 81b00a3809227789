package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTokenURLNamesAnotherTenant: a full token endpoint naming another
// tenant than --tenant is refused (a usage error for --token-url); an ID
// against a domain cannot be compared and gets a note.
func TestTokenURLNamesAnotherTenant(t *testing.T) {
	srv := tokenEndpoint(t)
	vars := map[string]string{clientSecretEnv: testSecret}
	other := "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
	tests := []struct {
		tokenURL string
		code     int
		want     string
	}{
		{srv.URL + "/" + other + "/oauth2/v2.0/token", 2, `names the tenant "` + other + `", but --tenant is`},
		{srv.URL + "/common/oauth2/v2.0/token", 2, `names "common"`},
		{srv.URL + "/contoso.onmicrosoft.com/oauth2/v2.0/token", 1, "cannot tell offline"},
		{srv.URL + "/" + testTenant + "/oauth2/v2.0/token", 0, "ok: Entra issued"},
		{srv.URL + "/", 0, "ok: Entra issued"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, vars, nil, "diagnose", "token", "--tenant", testTenant, "--client-id", testClientID, "--token-url", tt.tokenURL)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%s: exit %d (want %d)\n%s%s", tt.tokenURL, code, tt.code, out, errOut)
		}
	}
	// The same from the install's AzureTokenURL, in the full report.
	home := fakeHome(t, "AzureTokenURL="+srv.URL+"/"+other+"/oauth2/v2.0/token")
	code, out, _ := runCLI(t, vars, nil, "diagnose", "--whd-home", home, "--live", "--tenant", testTenant, "--client-id", testClientID, "-o", "json")
	if code != ExitRuntime || !strings.Contains(out, "but --tenant is") {
		t.Fatalf("full report: exit %d\n%s", code, out)
	}
}

// The client secret never goes over plain http, not even to this machine.
func TestDiagnoseTokenRefusesPlainHTTP(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	defer srv.Close()
	code, out, errOut := runCLI(t, map[string]string{clientSecretEnv: testSecret}, nil,
		"diagnose", "token", "--tenant", testTenant, "--client-id", testClientID, "--token-url", srv.URL+"/")
	if code != ExitUsage || hits != 0 || !strings.Contains(errOut, "plain http") || strings.Contains(out+errOut, testSecret) {
		t.Fatalf("exit %d, %d request(s)\n%s%s", code, hits, out, errOut)
	}
}

// TestTokenRedirectText: a token endpoint that redirects is reported as a
// redirect, in text and JSON, not as "refused the request (HTTP 307)".
func TestTokenRedirectText(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://login.example.net/adfs/oauth2/token", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	trustTokenServer(t, srv)
	args := []string{"diagnose", "token", "--tenant", testTenant, "--client-id", testClientID, "--token-url", srv.URL + "/"}
	code, out, errOut := runCLI(t, map[string]string{clientSecretEnv: testSecret}, nil, args...)
	if code != ExitFailed || strings.Contains(out, "refused") ||
		!strings.Contains(out, "FAILED: the token endpoint redirected (HTTP 307) to https://login.example.net/adfs/oauth2/token;") ||
		!strings.Contains(out, "whdctl does not follow a redirect, because the client secret is in the request body") ||
		!strings.Contains(out, "the token URL is probably wrong") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, map[string]string{clientSecretEnv: testSecret}, nil, append(args, "-o", "json")...)
	if code != ExitFailed || !strings.Contains(out, `"location": "https://login.example.net/adfs/oauth2/token"`) || !strings.Contains(out, `"status": 307`) {
		t.Fatalf("JSON: exit %d\n%s", code, out)
	}
}

// TestTokenSecretMaskedEverywhere: the secret whdctl knows is masked in all
// the token command prints, text and JSON: in a --token-url that holds it
// (the "token endpoint:" line and the tenant note), in an endpoint's echo of
// it HTML-escaped ('~' as &#126;), and in the full report's token section.
func TestTokenSecretMaskedEverywhere(t *testing.T) {
	htmlSecret := strings.ReplaceAll(testSecret, "~", "&#126;")
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"bad value <b>` + htmlSecret + `</b>"}`))
	}))
	defer srv.Close()
	trustTokenServer(t, srv)
	vars := map[string]string{clientSecretEnv: testSecret}
	tokenURL := srv.URL + "/" + testSecret + "/oauth2/v2.0/token"
	args := []string{"diagnose", "token", "--tenant", testTenant, "--client-id", testClientID, "--token-url", tokenURL}
	home := fakeHome(t, "AzureTokenURL="+tokenURL)
	for _, run := range [][]string{args, append(args, "-o", "json"),
		{"diagnose", "--whd-home", home, "--live", "--tenant", testTenant, "--client-id", testClientID},
		{"diagnose", "--whd-home", home, "--live", "--tenant", testTenant, "--client-id", testClientID, "-o", "json"}} {
		code, out, errOut := runCLI(t, vars, nil, run...)
		if code != ExitFailed || strings.Contains(out+errOut, testSecret) || strings.Contains(out+errOut, htmlSecret) ||
			strings.Contains(out+errOut, "Q~") || !strings.Contains(out, "[redacted]") {
			t.Errorf("%v: exit %d\n%s%s", run[2:], code, out, errOut)
		}
	}
}

// TestTokenMisplacedSecretNotEchoed: a secret pasted in the wrong place on
// the command line (a stray argument, --client-id, --tenant, a
// --client-secret-file name) is not printed back by the error about it;
// a value that is clearly not a secret still is.
func TestTokenMisplacedSecretNotEchoed(t *testing.T) {
	const entra = "Abc8Q~k2Jx.Tq_Wm9Lp-Zr4Vn7Bd1Fh6Gs3Ye5Ku" // the shape of an Entra secret's Value: masked
	const oldStyle = "x3k+J@w=abcdefghijklmnopqrstuv0123"    // no Entra shape: not shown
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--tenant", testTenant, "--client-id", testClientID, entra}, 2, `takes no arguments (got "*****")`},
		{[]string{"--tenant", testTenant, "--client-id", entra}, 2, `client ID "*****" is not a GUID`},
		{[]string{"--tenant", entra, "--client-id", testClientID}, 2, `tenant "*****" is neither`},
		{[]string{"--tenant", testTenant, "--client-id", testClientID, "--client-secret-file", entra}, 3, `--client-secret-file "*****": no such file`},
		{[]string{"--tenant", testTenant, "--client-id", testClientID, testSecret}, 2, `takes no arguments (got (a value of 35 characters, not shown in case it is a secret))`},
		{[]string{"--tenant", testTenant, "--client-id", testClientID, "--client-secret-file", testSecret}, 3, `--client-secret-file (a value of 35 characters, not shown`},
		{[]string{"--tenant", testTenant, "--client-id", oldStyle}, 2, `client ID (a value of 34 characters, not shown in case it is a secret) is not a GUID`},
		{[]string{"--tenant", testTenant, "--client-id", "whd-app"}, 2, `client ID "whd-app" is not a GUID`},
		{[]string{"--tenant", testTenant, "--client-id", testClientID, "--client-secret-file", "/no/such/secret.txt"}, 3, `"/no/such/secret.txt": no such file`},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, nil, nil, append([]string{"diagnose", "token"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errOut, tt.want) || strings.Contains(out+errOut, testSecret) || strings.Contains(out+errOut, oldStyle) ||
			strings.Contains(out+errOut, entra) || strings.Contains(out+errOut, "Q~") {
			t.Errorf("%v: exit %d (want %d)\n%s%s", tt.args, code, tt.code, out, errOut)
		}
	}
}
