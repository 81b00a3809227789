package logscan

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/whdctl/whdctl/diagnose/aadsts"
	"github.com/whdctl/whdctl/internal/lazyre"
)

// Kind is the family of a log problem. The values are part of the JSON
// contract of `whdctl diagnose logs`.
type Kind string

const (
	KindOAuth Kind = "oauth"       // token requests refused by Entra ID (AADSTS codes)
	KindCert  Kind = "certificate" // Java refused a server's certificate (PKIX, hostname, expiry)
	KindHTTP  Kind = "http_401"    // EWS or another HTTP service answered 401 Unauthorized
	KindSend  Kind = "mail_send"   // sending mail failed (javax.mail, SMTP replies)
)

var kindOrder = map[Kind]int{KindOAuth: 0, KindCert: 1, KindHTTP: 2, KindSend: 3}

// triggers are searched for in every byte of input; a line is classified
// only when it holds one. Each starts with a byte that is rare in log text
// (bytes.Index skips ahead on the first byte), and together they cover
// every kind: "Exception" the Java exceptions of the certificate, EWS and
// mail families; "Auth" OAuth and AuthenticationFailedException;
// "Unauthorized" HTTP 401 answers; "PKIX" certificate messages logged
// without their exception class.
var triggers = [][]byte{[]byte("AADSTS"), []byte("Exception"), []byte("PKIX"), []byte("Auth"), []byte("Unauthorized")}

type match struct {
	kind Kind
	code string
}

var (
	oauthError = lazyre.New(`\b(` + strings.Join(oauthErrorCodes, "|") + `)\b`)
	status401  = lazyre.New(`(?:^|[^0-9])401(?:[^0-9]|$)`)
	smtpReply  = lazyre.New(`(?:^|[^0-9.])([45][0-9][0-9])[ -]([45]\.[0-9]{1,3}\.[0-9]{1,3})`)
	smtpBare   = lazyre.New(`(?:^|[^0-9.])(5[0-9][0-9]) `)
	// smtpEnhanced is an SMTP reply with its enhanced status code (RFC
	// 3463), "535 5.7.3" or "550-5.1.1": without it a 3-digit number is
	// not taken for a reply. The two classes must agree (checked by
	// sendFailedReply).
	smtpEnhanced = lazyre.New(`(?:^|[^0-9.])([245][0-9][0-9])[ -]([245])\.[0-9]{1,3}\.[0-9]{1,3}(?:[^0-9]|$)`)
	// The words of a line that says sending mail failed: "send email",
	// "sending mail", "Message send", "could not send message".
	reSendWord   = lazyre.New(`\bsend(?:ing)?\b`)
	reMailWord   = lazyre.New(`\b(?:e-?mails?|mails?|messages?)\b`)
	reSendFailed = lazyre.New(`\b(?:fail(?:s|ed|ure|ures|ing)?|unable|could\s+not|couldn't|cannot|can't)\b`)
)

// classify names the problems one log line shows. It returns nothing for
// lines that only look like one (an unrelated exception, a 401 that is a
// ticket number).
func classify(line []byte) []match {
	if bytes.Contains(line, []byte("AADSTS")) {
		var out []match
		seen := map[string]bool{}
		rest := line
		for {
			i := bytes.Index(rest, []byte("AADSTS"))
			if i < 0 {
				break
			}
			rest = rest[i+6:]
			j := 0
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			if j >= 4 && j <= 9 && rest[0] != '0' && !seen[string(rest[:j])] {
				seen[string(rest[:j])] = true
				out = append(out, match{KindOAuth, "AADSTS" + string(rest[:j])})
			}
		}
		if out = bracketCodes(line, seen, out); len(out) > 0 {
			return out
		}
	} else if out := bracketCodes(line, nil, nil); len(out) > 0 {
		return out
	}
	s := string(line)
	low := strings.ToLower(s)
	if strings.Contains(s, "OAuth") {
		if m := oauthError().FindStringSubmatch(s); m != nil {
			return []match{{KindOAuth, m[1]}}
		}
		// At INFO or DEBUG, "error" and "fail" are as often part of "errors:
		// 0" or "failure cleared": such a line counts only when it says
		// something failed.
		if (strings.Contains(low, "fail") || strings.Contains(low, "error")) && (!quietLevel(s) || saysFailure(low)) {
			return []match{{KindOAuth, "oauth-error"}}
		}
	}
	if c := certCode(s, low); c != "" {
		return []match{{KindCert, c}}
	}
	if c := sendCode(s, low); c != "" {
		return []match{{KindSend, c}}
	}
	// A 401 counts when the line also says Unauthorized, or is an
	// exception about HTTP ("Server returned HTTP response code: 401"), so
	// a ticket number 401 does not.
	if status401().MatchString(s) && (strings.Contains(s, "Unauthorized") ||
		strings.Contains(s, "Exception") && (strings.Contains(low, "http") || strings.Contains(low, "status"))) {
		if strings.Contains(low, "ews") || strings.Contains(low, "exchange") {
			return []match{{KindHTTP, "ews-401"}}
		}
		return []match{{KindHTTP, "http-401"}}
	}
	return nil
}

// oauthErrorCodes are the OAuth error codes a refused token request logs:
// oauthError finds them in a line, oauthErrors looks one up.
var oauthErrorCodes = []string{"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
	"unsupported_grant_type", "invalid_scope", "access_denied", "interaction_required", "consent_required",
	"invalid_resource", "temporarily_unavailable", "server_error"}

var oauthErrors = func() map[string]bool {
	m := make(map[string]bool, len(oauthErrorCodes))
	for _, c := range oauthErrorCodes {
		m[c] = true
	}
	return m
}()

// bracketCodes appends to out the AADSTS codes WHD writes in brackets after
// the OAuth error of a refused token request ("invalid_grant [70008]"),
// also where the response's AADSTS text is not in the line, as diagnose
// aadsts reads them: 4 to 9 digits, no leading zero, right after one of
// the OAuth error codes. seen (nil: none yet) holds the digits of the
// codes out has.
func bracketCodes(line []byte, seen map[string]bool, out []match) []match {
	for i := 0; ; {
		j := bytes.IndexByte(line[i:], '[')
		if j < 0 {
			return out
		}
		i += j + 1
		n := 0
		for i+n < len(line) && isDigit(line[i+n]) {
			n++
		}
		if n < 4 || n > 9 || line[i] == '0' || i+n >= len(line) || line[i+n] != ']' {
			continue
		}
		word := bytes.TrimRight(line[:i-1], " \t")
		k := len(word)
		for k > 0 && (word[k-1] == '_' || 'a' <= word[k-1] && word[k-1] <= 'z') {
			k--
		}
		if k > 0 && isWordRune(rune(word[k-1])) || !oauthErrors[string(word[k:])] {
			continue
		}
		digits := string(line[i : i+n])
		if seen[digits] {
			continue
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[digits] = true
		out = append(out, match{KindOAuth, "AADSTS" + digits})
	}
}

// rank orders the codes of a kind from the most general (1) to the most
// specific. An entry whose lines show several codes of a kind counts in
// the most specific: "OAuth token request failed" above a response body
// with AADSTS700082 is AADSTS700082; an SSL handshake failure caused by
// an expired certificate is certificate-expired.
func rank(m match) int {
	switch m.code {
	case "oauth-error", "tls-error", "http-401", "messaging-error":
		return 1
	case "tls-handshake", "ews-401", "send-failed", "smtp-auth", "smtp-connect":
		return 2
	case "certificate-error":
		return 3
	case "pkix-path-building", "pkix-path-validation":
		return 4
	case "hostname-mismatch", "certificate-expired", "certificate-not-yet-valid":
		return 5
	}
	if m.kind == KindOAuth && !strings.HasPrefix(m.code, "AADSTS") {
		return 2 // an OAuth error code (invalid_grant)
	}
	return 3 // an AADSTS code, an SMTP reply
}

var (
	// reLevel finds a log level word; the first one near a line's start is
	// its level (log4j, Tomcat "INFO", java.util.logging "INFO:").
	reLevel = lazyre.New(`\b(TRACE|DEBUG|FINEST|FINER|FINE|CONFIG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL)\b`)
	// reNothingFailed finds the phrases that say nothing failed.
	// "0 failed attempts", "failure count: 0", "error count reset to 0",
	// "did not fail", "last error: none".
	reNothingFailed = lazyre.New(`\b(?:no|zero|0|without)\s+(?:errors?|failures?|failed)\b|` +
		`\b(?:errors?|failures?|failed)(?:\s+(?:count|counter|attempts?|retries|tries))?\s*(?:[:=]|\s(?:is|was|reset to|set to))\s*0\b|` +
		`(?:\bnot|n't|\bnever)\s+(?:fail(?:ed|s)?|errored)\b|\b(?:errors?|failures?)\s*[:=]\s*(?:none|null|n/a)(?:[^a-z0-9/]|$)|` +
		`\b(?:errors?|failures?)\s+(?:cleared|resolved|recovered)\b|\b(?:cleared|resolved|recovered from)\s+(?:(?:the|an?|previous|last)\s+)*(?:errors?|failures?)\b`)
	reFailed  = lazyre.New(`\b(?:fail(?:s|ed|ure|ures|ing)?|errors?)\b`)
	reSuccess = lazyre.New(`\b(?:successfully|succeeded|success)\b`)
)

// quietLevel says whether line was logged at INFO or below (DEBUG, TRACE,
// java.util.logging's CONFIG and FINE*). The Java Service Wrapper writes
// every line of the JVM's output at its own INFO ("INFO | jvm 1 | time |
// message"), which says nothing of the message: its level is the one in
// the message, if any.
func quietLevel(line string) bool {
	if i := strings.Index(line, "| jvm "); i >= 0 && i < 24 {
		rest := line[i+6:]
		for n := 0; n < 2; n++ { // past "| time |"
			j := strings.IndexByte(rest, '|')
			if j < 0 {
				break
			}
			rest = rest[j+1:]
		}
		line = rest
	}
	m := reLevel().FindString(line[:min(len(line), 100)])
	switch m {
	case "TRACE", "DEBUG", "FINEST", "FINER", "FINE", "CONFIG", "INFO", "NOTICE":
		return true
	}
	return false
}

// saysFailure says whether low (a lower-case line) says something failed:
// it has "fail" or "error" as a word outside the phrases that say nothing
// did ("errors: 0", "without error", "failure cleared"), and does not say
// it succeeded.
func saysFailure(low string) bool {
	if reSuccess().MatchString(low) {
		return false
	}
	return reFailed().MatchString(reNothingFailed().ReplaceAllString(low, " "))
}

func certCode(s, low string) string {
	has := func(sub ...string) bool {
		for _, x := range sub {
			if strings.Contains(low, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("no subject alternative", "no name matching", "doesn't match any of the subject alternative names", "does not match any of the subject alternative names"):
		return "hostname-mismatch"
	case strings.Contains(s, "CertificateExpiredException") || (strings.Contains(s, "PKIX path validation failed") && has("validity check failed", "expired")):
		return "certificate-expired"
	case strings.Contains(s, "CertificateNotYetValidException"):
		return "certificate-not-yet-valid"
	case strings.Contains(s, "PKIX path building failed") || has("unable to find valid certification path"):
		return "pkix-path-building"
	case strings.Contains(s, "PKIX path validation failed"):
		return "pkix-path-validation"
	case strings.Contains(s, "SSLHandshakeException"):
		return "tls-handshake"
	case strings.Contains(s, "javax.net.ssl.SSL") && strings.Contains(s, "Exception"):
		return "tls-error"
	case strings.Contains(s, "CertificateException"):
		return "certificate-error"
	}
	return ""
}

// sendCode names the mail send error of line s (low: s in lower case): a
// JavaMail exception, with the SMTP reply in it if any, or a line that
// says sending mail failed with the server's reply (see sendFailedReply).
func sendCode(s, low string) string {
	if !strings.Contains(s, "MessagingException") && !strings.Contains(s, "SendFailedException") &&
		!strings.Contains(s, "AuthenticationFailedException") && !strings.Contains(s, "MailConnectException") {
		if code := sendFailedReply(low); code != "" {
			return "smtp-" + code
		}
		return ""
	}
	if m := smtpReply().FindStringSubmatch(s); m != nil {
		return "smtp-" + m[1]
	}
	if strings.Contains(s, "AuthenticationFailedException") {
		if m := smtpBare().FindStringSubmatch(s); m != nil {
			return "smtp-" + m[1]
		}
		return "smtp-auth"
	}
	if strings.Contains(s, "MailConnectException") || strings.Contains(s, "Couldn't connect to host") || strings.Contains(s, "Could not connect to SMTP host") {
		return "smtp-connect"
	}
	if strings.Contains(s, "SendFailedException") {
		return "send-failed"
	}
	return "messaging-error"
}

// sendFailedReply returns the SMTP reply code in low (a line in lower
// case) when the line says sending mail failed and, after saying so, gives
// the server's reply with its enhanced status code: "Unable to send email:
// 535 5.7.3 Authentication unsuccessful", "Failed to send mail: 530
// 5.7.57 ...", "smtp send failed: 535 5.7.139 ...". It says so with
// send/sending, mail/email/message and fail/unable/could not/cannot, or
// with "smtp" and one of those; not when it says nothing failed ("send
// failures: 0") or that the send succeeded.
func sendFailedReply(low string) string {
	from := -1
	if i := strings.Index(low, "smtp"); i >= 0 {
		from = i
	}
	if strings.Contains(low, "send") {
		if at := reSendWord().FindStringIndex(low); at != nil && (from < 0 || at[0] < from) && reMailWord().MatchString(low) {
			from = at[0]
		}
	}
	if from < 0 || reSuccess().MatchString(low) ||
		!reSendFailed().MatchString(reNothingFailed().ReplaceAllString(low, " ")) {
		return ""
	}
	for _, m := range smtpEnhanced().FindAllStringSubmatchIndex(low[from:], -1) {
		code := low[from+m[2] : from+m[3]]
		if code[0] == low[from+m[4]] { // 535 5.x.x, not 535 4.x.x
			return code
		}
	}
	return ""
}

// Advice is the summary and fix printed once per group.
func Advice(kind Kind, code string) (summary, fix string) {
	if kind == KindOAuth {
		if strings.HasPrefix(code, "AADSTS") {
			if n, err := strconv.Atoi(code[6:]); err == nil {
				r := aadsts.Describe(n)
				return r.Summary, r.Fix
			}
		}
		return "A token request to Microsoft Entra ID failed (" + code + ") without an AADSTS code in the line.",
			"Run 'whdctl diagnose aadsts --file <log>' on the lines around it to decode the full response, then follow its fix."
	}
	if a, ok := advice[code]; ok {
		return a[0], a[1]
	}
	if strings.HasPrefix(code, "smtp-") {
		return "The mail server refused a message with SMTP reply " + strings.TrimPrefix(code, "smtp-") + ".",
			"Read the reply text in the example line; 5xx replies are permanent (fix the account or the recipient), 4xx are temporary (WHD retries)."
	}
	return "A " + string(kind) + " problem (" + code + ").", "See the example line."
}

const truststoreFix = "Import the issuing CA (and any intermediate the server does not send) into the truststore WHD's JVM uses: " +
	"<WHD home>/bin/jre/lib/security/cacerts unless -Djavax.net.ssl.trustStore names another (keytool -importcert -keystore <truststore> -alias <name> -file <ca.pem>), then restart WHD."

var advice = map[string][2]string{
	"pkix-path-building": {"Java found no path from the server's certificate to a root it trusts (PKIX path building failed).",
		"The server (usually on-premises Exchange) uses a private CA or self-signed certificate, or does not send its intermediate; Java does not fetch missing intermediates. " + truststoreFix},
	"pkix-path-validation": {"Java built a certificate path but rejected it (PKIX path validation failed): revoked, weak algorithm or constraint.",
		"Check the server's chain (openssl s_client -connect <host>:443 -showcerts); replace a SHA-1 or short-key certificate, or a revoked one, on the server."},
	"certificate-expired": {"A certificate in the server's chain has expired.",
		"Renew the server's certificate (on Exchange: Exchange admin center > Servers > Certificates), or the expired CA in WHD's truststore, then restart WHD."},
	"certificate-not-yet-valid": {"A certificate in the server's chain is not valid yet.",
		"Check the WHD server's clock (NTP) and the certificate's start date."},
	"hostname-mismatch": {"The server's certificate does not cover the host name WHD connected to.",
		"Make WHD use the name in the certificate (EWS URL or mail server name in Setup > Email), or issue a certificate whose subject alternative names include that host."},
	"tls-handshake": {"The TLS handshake failed (no common protocol or cipher, or the server sent an alert).",
		"Check the server's TLS versions and ciphers against WHD's Java (TLS 1.2 at least); an old bundled JRE may need an upgrade of WHD."},
	"tls-error": {"A TLS error ended the connection (for example plain HTTP on an HTTPS port).",
		"Check the host and port WHD connects to and that it speaks TLS there."},
	"certificate-error": {"Java rejected a certificate.",
		"Read the exception in the example line; " + truststoreFix},
	"ews-401": {"Exchange Web Services answered 401 Unauthorized.",
		"Exchange Online turned Basic authentication for EWS off in 2022: use the Exchange/Office 365 (OAuth) authentication in WHD's mail account and Re-Authorize. " +
			"For on-premises Exchange, enable Basic authentication in IIS Manager > Sites > Default Web Site > EWS > Authentication and check the account's user name and password."},
	"http-401": {"A web service answered 401 Unauthorized.",
		"Check the credentials or token WHD sends to that service; for Microsoft 365, Re-Authorize the account in WHD: Setup > Email > Outgoing Mail Accounts > <account>."},
	"smtp-535": {"The SMTP server rejected the login (535: authentication unsuccessful).",
		"For Microsoft 365, SMTP AUTH with a password is blocked by default: switch the outgoing account to Exchange/Office 365 (OAuth) and Authorize. Otherwise check the user name and password."},
	"smtp-auth": {"The mail server rejected WHD's login (AuthenticationFailedException).",
		"For Microsoft 365 use the Exchange/Office 365 (OAuth) authentication and Re-Authorize; otherwise correct the account's user name and password in Setup > Email."},
	"smtp-550": {"The mail server refused the message or sender (550).",
		"Check that the From address may send as the mailbox (Send As / Send on Behalf rights, or mail.from.override in the account's Additional properties)."},
	"smtp-554": {"The mail server refused the transaction (554).",
		"Read the reply text; with Microsoft 365 5.7.x replies mean the sender is not allowed (Send As rights, or a connector/spam rule)."},
	"smtp-connect": {"WHD could not connect to the mail server.",
		"Check the host name, port and firewall between WHD and the mail server (and that the server listens with the expected TLS mode)."},
	"send-failed": {"Sending a message failed for some recipients (SendFailedException).",
		"Read the invalid addresses in the example line, and the account's approved domains in Setup > Email > Outgoing Mail Accounts."},
	"messaging-error": {"The mail library reported an error (MessagingException).",
		"Read the example line; it names the server's reply or the local cause."},
}
