// Package aadsts finds Microsoft Entra ID (AADSTS) error codes in the text
// people paste, and explains each one for a Web Help Desk setup: what it
// means, the likely cause, and the fix in WHD's and Azure's own menus.
//
// Decode accepts every shape the error travels in: a token endpoint JSON
// body (CRLF or space separators, escaped slashes, several codes), the
// error string of golang.org/x/oauth2, a WHD log line, an authorize
// redirect URL or form-encoded query string, the sign-in page's
// "Request Id / Correlation Id / Timestamp / Message" block, or a bare
// code. Text saved as UTF-16 with a byte order mark (Windows PowerShell's
// '>') is decoded first. It is pure: no I/O, no network, and it never
// panics.
//
// A number is a code where only an AADSTS code can be (the AADSTS prefix,
// an error_codes array, Microsoft's error?code= page, WHD's "[700082]", or
// input that is nothing but codes). After a label ("Error Code:",
// "error_code=", "code:") it is one only when its report is an Entra ID
// error (see signIn); elsewhere such labels are other programs'. Each
// report (a body, a log entry, a sign-in page) keeps its own trace ID,
// correlation ID and timestamp.
package aadsts

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Result is one decoded AADSTS error. Its JSON form is part of whdctl's
// interface contract (`whdctl diagnose aadsts --output json` prints an array
// of these); fields are added, never renamed.
type Result struct {
	Code          int    `json:"code"`
	Known         bool   `json:"known"`          // the code is in the catalogue
	Error         string `json:"error"`          // OAuth error, e.g. invalid_grant ("" when the input had none)
	Name          string `json:"name"`           // Microsoft's name for the code ("" when it has none)
	Summary       string `json:"summary"`        // one-line meaning
	Cause         string `json:"cause"`          // likely cause in a WHD setup
	Fix           string `json:"fix"`            // the fix, in WHD's and Azure's menus
	TraceID       string `json:"trace_id"`       // "Trace ID" / "Request Id"
	CorrelationID string `json:"correlation_id"` // "Correlation ID"
	Timestamp     string `json:"timestamp"`      // when Entra answered, RFC 3339 UTC
	// Details holds extra facts, each key present only when known:
	//   message       Microsoft's own message text for the code
	//   lookup_url    Microsoft's page for the code
	//   error_uri     the error_uri the input carried
	//   suberror      Entra's suberror (bad_token, token_expired, ...)
	//   claims        the claims challenge (a JSON string)
	//   issued_at     when the refresh token was issued (700082, 70008, 70043)
	//   inactive_for  how long it went unused (700082, 70008)
	//   max_lifetime  the lifetime the policy allows (70043)
	//   expired_at    when the token expired
	//   advice        a sentence about the dates and how to avoid a repeat
	Details map[string]string `json:"details"`
}

// MaxInput is the most text Decode reads; the rest is ignored. Pasted errors
// are small; log files belong to the logscan package, which streams.
const MaxInput = 64 << 20

// Decode finds every AADSTS code in text and returns one Result per distinct
// error (code plus trace ID, correlation ID and timestamp), in the order the
// codes first appear. It returns nil when text holds no code.
func Decode(text string) []Result {
	text = toUTF8(text)
	if len(text) > MaxInput {
		text = text[:MaxInput]
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if codes := bareCodes(text); codes != nil {
		out := make([]Result, len(codes))
		for i, c := range codes {
			out[i] = Describe(c)
		}
		return out
	}
	b := newBuilder()
	scan(normalize(text), b.add)
	return b.results()
}

// DecodeBody decodes the body of a token endpoint error response (for
// example oauth2.RetrieveError.Body). Bodies that are not JSON are decoded
// as text, so a proxy's HTML page or a truncated body still yields what
// codes it holds.
func DecodeBody(body []byte) []Result {
	return Decode(string(body))
}

// LookupURL is Microsoft's page for code on the global cloud.
func LookupURL(code int) string {
	return "https://login.microsoftonline.com/error?code=" + strconv.Itoa(code)
}

// Describe returns the catalogue's explanation of code as a Result without
// any context (no trace ID, no timestamp). Unknown codes get Known false
// and advice to look the code up.
func Describe(code int) Result {
	r := Result{Code: code, Details: map[string]string{"lookup_url": LookupURL(code)}}
	if e, ok := catalogue[code]; ok {
		r.Known = true
		r.Name, r.Summary, r.Cause, r.Fix = e.Name, e.Summary, e.Cause, e.Fix
		return r
	}
	r.Summary = "AADSTS" + strconv.Itoa(code) + " is not in whdctl's catalogue."
	r.Cause = unknownCause(false)
	r.Fix = "Open " + LookupURL(code) + " for Microsoft's description, and find the correlation ID in " +
		"Microsoft Entra admin center > Identity > Monitoring & health > Sign-in logs for the details."
	return r
}

// unknownCause is the cause given for a code not in the catalogue: it
// points at Microsoft's message only when one came with the code.
func unknownCause(hasMessage bool) string {
	if hasMessage {
		return "Unknown to whdctl; Microsoft's message that came with it and its error page describe it."
	}
	return "Unknown to whdctl; no message from Microsoft came with it: its error page describes it."
}
