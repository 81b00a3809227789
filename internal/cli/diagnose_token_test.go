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
