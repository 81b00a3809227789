package token

import (
	"net/url"
	"strings"
	"testing"
)

func TestAuthorizeURL(t *testing.T) {
	got, err := AuthorizeURL("https://login.microsoftonline.com/", tenant, clientID,
		"https://helpdesk.contoso.com:8443/helpdesk/oauth-redirect", "offline_access https://graph.microsoft.com/.default", "whdctl")
	if err != nil {
		t.Fatal(err)
	}
	want := "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/authorize?client_id=" + clientID +
		"&redirect_uri=https%3A%2F%2Fhelpdesk.contoso.com%3A8443%2Fhelpdesk%2Foauth-redirect&response_mode=query&response_type=code" +
		"&scope=offline_access+https%3A%2F%2Fgraph.microsoft.com%2F.default&state=whdctl"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	u, _ := url.Parse(got)
	if u.Query().Get("scope") != "offline_access https://graph.microsoft.com/.default" {
		t.Fatalf("scope does not round-trip: %q", u.Query().Get("scope"))
	}
	for _, bad := range []string{"login.microsoftonline.com", "http://login.microsoftonline.com/", "https://u:p@h/"} {
		if _, err := AuthorizeURL(bad, tenant, clientID, "https://h/helpdesk/oauth-redirect", "s", ""); err == nil {
			t.Errorf("AuthorizeURL(%q) accepted", bad)
		}
	}
}

func TestDelegatedScope(t *testing.T) {
	tests := []struct{ install, cloud, host, want, err string }{
		{install: "offline_access%20https://graph.microsoft.com/.default", want: "offline_access https://graph.microsoft.com/.default"},
		{host: "login.microsoftonline.us", want: "offline_access https://graph.microsoft.us/.default"},
		{cloud: "dod", want: "offline_access https://dod-graph.microsoft.us/.default"},
		{host: "127.0.0.1", want: "offline_access https://graph.microsoft.com/.default"},
		{cloud: "nope", err: "unknown cloud"},
	}
	for _, tt := range tests {
		got, err := DelegatedScope(tt.install, tt.cloud, tt.host)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("err = %v", err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("DelegatedScope(%+v) = %q, %v", tt, got, err)
		}
	}
}

// FuzzAuthorizeURL: whatever the inputs, a URL that is built parses back
// to the same client ID, redirect URI and scope, on https (or loopback).
func FuzzAuthorizeURL(f *testing.F) {
	f.Add("https://login.microsoftonline.com/", tenant, "https://h/helpdesk/oauth-redirect", "offline_access%20https://graph.microsoft.com/.default")
	f.Add("https://login.microsoftonline.us/x/oauth2/v2.0/authorize", "contoso.com", "https://h:8443/helpdesk/oauth-redirect?x=&y", "a b&c=d")
	f.Fuzz(func(t *testing.T, authority, tn, redirectURI, installScope string) {
		scope, err := DelegatedScope(installScope, "", "")
		if err != nil {
			return
		}
		got, err := AuthorizeURL(authority, tn, clientID, redirectURI, scope, "s")
		if err != nil {
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("%q does not parse: %v", got, err)
		}
		q := u.Query()
		if q.Get("client_id") != clientID || q.Get("redirect_uri") != redirectURI || q.Get("scope") != scope || q.Get("response_type") != "code" {
			t.Fatalf("%q does not carry its inputs: %v", got, q)
		}
		if u.Scheme != "https" && !isLoopback(u.Hostname()) {
			t.Fatalf("not https: %q", got)
		}
	})
}

func FuzzScope(f *testing.F) {
	f.Add("https://login.microsoftonline.com/t/oauth2/v2.0/token", "offline_access%20https://graph.microsoft.com/.default", "")
	f.Add("https://login.microsoftonline.us/t/oauth2/v2.0/token", "", "dod")
	f.Fuzz(func(t *testing.T, tokenURL, installScope, cloud string) {
		s, _, err := Scope(tokenURL, installScope, cloud)
		if err == nil && !strings.HasSuffix(s, "/.default") {
			t.Fatalf("scope %q", s)
		}
	})
}
