package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuthorizeURLPortAndName: the redirect URI takes the install's HTTPS
// port (URL_HTTPS_PORT, else HTTPS_PORT) as 'diagnose redirect' does, and
// the Server DNS Name comes with the flag name the other commands use.
func TestAuthorizeURLPortAndName(t *testing.T) {
	base := []string{"diagnose", "authorize-url", "--tenant", testTenant, "--client-id", testClientID}
	home := fakeHome(t) // HTTPS_PORT=8443
	urlPortHome := fakeHome(t)
	conf := filepath.Join(urlPortHome, "conf", "whd.conf")
	b, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conf, append(b, "URL_HTTPS_PORT=9443\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	noHTTPS := t.TempDir()
	if err := os.MkdirAll(filepath.Join(noHTTPS, "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(noHTTPS, "conf", "whd.conf"), []byte("DEFAULT_PORT=8081\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string // the process environment, read by the flags
		args []string
		code int
		want string
	}{
		{"HTTPS_PORT", nil, []string{"--dns-name", "helpdesk.contoso.com", "--whd-home", home}, 0, "redirect URI: https://helpdesk.contoso.com:8443/helpdesk/oauth-redirect"},
		{"URL_HTTPS_PORT first", nil, []string{"--dns-name", "helpdesk.contoso.com", "--whd-home", urlPortHome}, 0, "redirect URI: https://helpdesk.contoso.com:9443/helpdesk/oauth-redirect"},
		{"--port wins", nil, []string{"--dns-name", "helpdesk.contoso.com", "--whd-home", home, "--port", "443"}, 0, "redirect URI: https://helpdesk.contoso.com/helpdesk/oauth-redirect"},
		{"no install: 443", nil, []string{"--dns-name", "helpdesk.contoso.com"}, 0, "redirect URI: https://helpdesk.contoso.com/helpdesk/oauth-redirect"},
		{"no HTTPS in the install", nil, []string{"--dns-name", "helpdesk.contoso.com", "--whd-home", noHTTPS}, 1, "WHD401"},
		{"WHDCTL_WHD_HOME", map[string]string{"WHDCTL_WHD_HOME": home}, []string{"--dns-name", "helpdesk.contoso.com"}, 0, "redirect_uri=https%3A%2F%2Fhelpdesk.contoso.com%3A8443%2F"},
		{"WHDCTL_DNS_NAME", map[string]string{"WHDCTL_DNS_NAME": "helpdesk.contoso.com"}, []string{"--port", "8443"}, 0, "https://helpdesk.contoso.com:8443/helpdesk/oauth-redirect"},
		{"--server-dns-name still works", nil, []string{"--server-dns-name", "helpdesk.contoso.com"}, 0, "https://helpdesk.contoso.com/helpdesk/oauth-redirect"},
		{"WHDCTL_SERVER_DNS_NAME still works", map[string]string{"WHDCTL_SERVER_DNS_NAME": "helpdesk.contoso.com"}, nil, 0, "https://helpdesk.contoso.com/helpdesk/oauth-redirect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, out, errOut := runCLI(t, nil, nil, append(append([]string{}, base...), tt.args...)...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Fatalf("exit %d (want %d)\n%s%s", code, tt.code, out, errOut)
			}
		})
	}
}
