package redact

import (
	"strings"
	"testing"
)

func TestStringMasks(t *testing.T) {
	const secret = "S3cr3tValue0123456789"
	for _, in := range []string{
		"GET /helpdesk/oauth-redirect?code=" + secret + "&state=x",
		"https://helpdesk.example.com/helpdesk/oauth-redirect?state=abc&code=" + secret,
		`{"refresh_token":"` + secret + `"}`,
		`{"access_token": "` + secret + `", "token_type": "Bearer"}`,
		"client_secret=" + secret + "&grant_type=client_credentials",
		"client_assertion=" + secret,
		"client_secret%3D" + secret, // a form body pasted percent-encoded
		"password%3a" + secret,
		"password: " + secret,
		"PASSWORD=" + secret,
		"Authorization: Basic " + secret,
		"authorization=Bearer " + secret,
		"Proxy-Authorization: NTLM " + secret,
		"sent header \"Authorization\": \"Basic " + secret + "\"",
		"Bearer " + secret,
		"...ization: Basic " + secret, // a log line cut before the header name
		"basic dXNlcjpwYXNzd29yZA==",
		"https://admin:" + secret + "@helpdesk.example.com:8443/helpdesk/oauth-redirect",
		"ldaps://cn=admin:" + secret + "@dc.example.com/",
		"ClientSecret=" + secret,
		"clientSecret=" + secret,
		`{"clientSecret":"` + secret + `"}`,
		"refreshToken=" + secret,
		`"refreshToken": "` + secret + `"`,
		"accessToken=" + secret,
		"-Djavax.net.ssl.trustStorePassword=" + secret,
		"client-secret: " + secret,
		"pass: " + secret,
		"password: letmein",
		"password: letmein\nnext line",
		"Password: Summer2024 is what I set",
		"token=" + secret,
		"apiKey=" + secret,
		"api_key=" + secret,
		"code: " + secret,
		"id_token=eyJ0eXAiOiJKV1QifQ." + secret + ".sig",
		"token was eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiIwMDAwMDAwMyJ9." + secret,
		"the secret is Abc8Q~" + secret + "abcdefghijklm",
		"Abc8Q~" + secret + "abcdefghijklm",
	} {
		if got := String(in); strings.Contains(got, secret) || !strings.Contains(got, Mask) {
			t.Errorf("String(%q) = %q: the secret is not masked", in, got)
		}
	}
}

func TestStringKeeps(t *testing.T) {
	for _, in := range []string{
		"AADSTS50011: The redirect URI 'https://helpdesk.example.com:8443/helpdesk/oauth-redirect' does not match.",
		"https://login.microsoftonline.com/error?code=700082",
		"OAuth token request failed (statusCode: 400): invalid_grant [700082]",
		"WWW-Authenticate: Basic realm=\"outlook.office365.com\"",
		"EWS Basic authentication failed for the mailbox",
		"Basic Authentication is disabled; basic realm offered",
		"Bearer token expired",
		"Trace ID: 0b8f1a2c-1234-4cde-9abc-0123456789ab",
		"https://helpdesk.example.com:8443/helpdesk/",
		"AADSTS50126: Error validating credentials due to invalid username or password.",
		"AADSTS50056: Invalid or null password: password does not exist in the directory for this user.",
		"AADSTS700082: The refresh token has expired due to inactivity.",
		"bypass: true; compass=north",
		"Error code: 50011",
		"-DAzureAuthorizationScope=offline_access%20https://outlook.office365.com/.default",
		"-DAzureTokenURL=https://login.microsoftonline.com/",
		"ERROR [OAuth] Error refreshing token: AADSTS700082: The refresh token has expired",
		"WARN [OAuth] Failed to get access token: invalid_grant",
		"refresh token: interaction_required (AADSTS50076)",
		"",
	} {
		if got := String(in); got != in {
			t.Errorf("String(%q) = %q, want it unchanged", in, got)
		}
	}
}

func TestStringKeepsNamesAndShape(t *testing.T) {
	got := String("https://admin:pa55word@helpdesk.example.com/x?code=0.AVYAabcdefghijklmnop&state=1")
	want := "https://admin:*****@helpdesk.example.com/x?code=*****&state=1"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func FuzzString(f *testing.F) {
	f.Add("Authorization: Basic c3ZjOnB3")
	f.Add("https://u:p@h/?code=0123456789abcdef")
	f.Fuzz(func(t *testing.T, s string) {
		once := String(s)
		if String(once) != once {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, once, String(once))
		}
	})
}

// A claims challenge names access_token as a JSON object key: not a secret.
func TestStringKeepsClaims(t *testing.T) {
	in := `{"access_token":{"capolids":{"essential":true,"values":["0a1b2c3d-0000-4000-8000-0000000000cc"]}}}`
	if got := String(in); got != in {
		t.Fatalf("String(%q) = %q", in, got)
	}
}
