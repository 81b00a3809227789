// Package redact masks credentials in text that whdctl prints back: pasted
// errors, log lines, URIs. What it masks is replaced by "*****"; the name
// of the parameter or header stays, so the reader still sees what was there.
package redact

import (
	"regexp"
	"strings"

	"github.com/whdctl/whdctl/internal/lazyre"
)

// Mask is what a secret is replaced by.
const Mask = "*****"

var (
	// An authorization code, state or session state in a query or form
	// (or "code: ..." in a log): short values (code=700082 in Microsoft's
	// error page links, "error code: 50011") stay.
	queryCode = lazyre.New(`(?i)(\b(?:code|state|session_state)(?:=|:\s*))[^\s&"',;<>]{12,}`)
	// key=value, key: value and "key":"value" secrets, the key in any case
	// and with or without _ or - between its words (client_secret,
	// ClientSecret, client-secret, refreshToken).
	keyValue = lazyre.New(`(?i)(\b(?:access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|client[_-]?assertion|assertion|password|passwd|pwd|pass|secret|storepass|keypass|api[_-]?key|token)["']?\s*(?:[=:]|%3[dDaA])\s*["']?)[^\s&"',;<>{}\[\]]+`)
	// A longer camelCase or PascalCase key that ends in one of those words
	// (trustStorePassword, mailboxAccessToken, AppClientSecret).
	camelKey = lazyre.New(`(\b[A-Za-z][A-Za-z0-9]*(?:Password|Passwd|Pwd|Pass|Secret|Token|ApiKey|Storepass|Keypass)["']?\s*(?:[=:]|%3[dDaA])\s*["']?)[^\s&"',;<>{}\[\]]+`)
	// A JSON Web Token on its own (an access or ID token pasted bare).
	jwt = lazyre.New(`\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*`)
	// A Microsoft Entra client secret value on its own: three characters,
	// a digit, "Q~", then the rest (40 in all).
	entraSecret = lazyre.New(`(?:^|[^A-Za-z0-9_.~-])([A-Za-z0-9_.-]{3}[0-9]Q~[A-Za-z0-9_.~-]{30,40})`)
	// The credentials of an Authorization or Proxy-Authorization header.
	authHeader = lazyre.New(`(?i)(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:basic|bearer|negotiate|ntlm|digest)\s+)[^\s"',;<>]+`)
	// A bearer token on its own ("Bearer eyJ0eXAi...").
	bearer = lazyre.New(`(?i)(\bbearer\s+)[A-Za-z0-9._~+/-]{16,}=*`)
	// "Basic <credentials>" without its header name (a log line cut before
	// it): masked only when the word looks encoded, so that "Basic
	// authentication" stays.
	basic = lazyre.New(`(?i)(\bbasic\s+)([A-Za-z0-9+/]{8,}={0,2})`)
	// The password of a URL's user info: scheme://user:password@host.
	userinfo = lazyre.New(`(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@?#]*:)[^/\s@?#]+(@)`)
)

// String returns s with every credential it recognises masked.
func String(s string) string {
	if !maybeSecret(s) {
		return s
	}
	s = userinfo().ReplaceAllString(s, "${1}"+Mask+"${2}")
	s = authHeader().ReplaceAllString(s, "${1}"+Mask)
	s = maskValues(s, keyValue())
	s = maskValues(s, camelKey())
	s = jwt().ReplaceAllString(s, Mask)
	s = entraSecret().ReplaceAllStringFunc(s, func(m string) string {
		sub := entraSecret().FindStringSubmatch(m)
		return strings.TrimSuffix(m, sub[1]) + Mask
	})
	s = queryCode().ReplaceAllString(s, "${1}"+Mask)
	s = bearer().ReplaceAllString(s, "${1}"+Mask)
	s = basic().ReplaceAllStringFunc(s, func(m string) string {
		sub := basic().FindStringSubmatch(m)
		if looksEncoded(sub[2]) {
			return sub[1] + Mask
		}
		return m
	})
	return s
}

// looksEncoded says whether a word looks like base64 rather than English:
// a digit, '+', '/' or '=' anywhere, or a capital after its first letter.
func looksEncoded(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' || i > 0 && c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// maybeSecret is a cheap test that lets clean text through without running
// the expressions.
func maybeSecret(s string) bool {
	low := strings.ToLower(s)
	return strings.ContainsAny(s, "=:%") || strings.Contains(low, "bearer") || strings.Contains(low, "basic") ||
		strings.Contains(s, "eyJ") || strings.Contains(s, "Q~")
}

// maskValues masks the value of every key the expression re matches (its
// group 1 is the key and separator), except prose: "password: password
// does not exist" (Microsoft's AADSTS50056) is a sentence, not a secret.
func maskValues(s string, re *regexp.Regexp) string {
	locs := re.FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range locs {
		key, val := s[m[2]:m[3]], s[m[3]:m[1]]
		if prose(key, val, s[m[1]:]) {
			continue
		}
		b.WriteString(s[last:m[3]])
		b.WriteString(Mask)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// oauthErrors are the error values of OAuth 2.0 and Microsoft Entra ID
// token and sign-in responses: what a log writes after "token: " when the
// token request failed, never a credential.
var oauthErrors = map[string]bool{
	"invalid_grant": true, "invalid_client": true, "invalid_request": true, "invalid_scope": true,
	"unauthorized_client": true, "unsupported_grant_type": true, "unsupported_response_type": true,
	"interaction_required": true, "consent_required": true, "login_required": true,
	"access_denied": true, "server_error": true, "temporarily_unavailable": true,
	"invalid_token": true, "expired_token": true, "authorization_pending": true,
}

// errorWord says whether a value after "key: " is an error rather than a
// secret: an AADSTS code ("AADSTS700082" or "AADSTS700082:") or an OAuth
// error value.
func errorWord(val string) bool {
	v := strings.TrimSuffix(val, ":")
	if n, ok := strings.CutPrefix(v, "AADSTS"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		return true
	}
	return oauthErrors[v]
}

// prose: after "key: " (a colon and a blank, as in a sentence) comes a
// lower-case word followed by more lower-case words.
func prose(key, val, rest string) bool {
	if !strings.HasSuffix(key, " ") || !strings.Contains(key, ":") {
		return false
	}
	if errorWord(val) {
		return true // "Error refreshing token: AADSTS700082: ...", "access token: invalid_grant"
	}
	for _, c := range val {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	if len(rest) < 3 || rest[0] != ' ' {
		return false
	}
	for _, c := range rest[1:3] {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
