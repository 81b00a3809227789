package aadsts

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/whdctl/whdctl/internal/lazyre"
	"github.com/whdctl/whdctl/internal/redact"
)

const (
	guidRE  = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`
	stampRE = `\d{4}-\d{2}-\d{2}[ Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:?\d{2})?`
	// oauthErrors are the OAuth 2.0 / Entra error words WHD puts before
	// "[code]" in its log lines.
	oauthErrors = `invalid_request|invalid_client|invalid_grant|unauthorized_client|unsupported_grant_type|` +
		`invalid_scope|access_denied|unsupported_response_type|server_error|temporarily_unavailable|` +
		`interaction_required|login_required|consent_required|invalid_resource|invalid_token|expired_token`
)

type kind int

const (
	kTrace kind = iota
	kCorr
	kTime
	kError
	kSuberror
	kClaims
	kErrorURI
	kSignIn // Microsoft's sign-in host: context, not a value
	kPage   // the sign-in page's header: a new page starts
	// kWord: an OAuth error written as a word ("Error: invalid_grant"):
	// context, and the report's error when it has no other.
	kWord
	nSingle
	kCode = nSingle
)

type event struct {
	kind    kind
	val     string // singletons
	code    int
	primary bool   // code written as AADSTS<code>
	msg     string // the message after a primary code
	// open: the message runs to the end of the line mid-sentence, so the
	// lines after it may continue it (a message wrapped when pasted).
	open bool
	// weak: a number after a label ("Error Code:", "code=") that is an
	// AADSTS code only in the text of an Entra ID error (see signIn).
	weak bool
	// block: a primary code after "Message:", the last line of the sign-in
	// page's troubleshooting block, whose IDs come before it.
	block bool
}

// Each piece of an error report is found in two steps: a fast search for
// its keyword (on an ASCII-lowercased copy of the line), then a regexp
// anchored at that keyword. Anchored matches fail within a few bytes, so a
// line costs little more than the keyword search even when it is megabytes
// of garbage.
var (
	reCode       = lazyre.New(`^aadsts(\d+)`)
	reCodeSpaced = lazyre.New(`^aadsts(?:[ \t]+[:#-]?|[:#-])[ \t]*(\d+)`) // "AADSTS 50011", "AADSTS-50011"
	// Keys may be quoted with " (JSON) or ' (a Python dict, as MSAL for
	// Python prints its result).
	reError       = lazyre.New(`^error(?:([\s_]*)codes["']?\s*[:=]\s*\[?\s*(\d[\d,\s]*)|_uri["']?\s*[:=]\s*["']?(https?://[^\s"']+)|\?code=(\d+)|[\s_]*code["']?\s*[:=]?\s*["']?(?:aadsts\s*)?(\d+)|["']\s*:\s*["']([a-z_]+)["']|=([a-z_]+)|[\s_]*no["']?\s*[:=]\s*["']?(\d+))`)
	reCodeLabel   = lazyre.New(`^code["']?\s*[:=]\s*["']?(?:aadsts\s*)?(\d+)`) // code=50011, "code": 50011
	reSuberror    = lazyre.New(`^suberror["']?\s*[:=]\s*["']?([a-z_]+)`)
	reTrace       = lazyre.New(`^(?:trace|request)[ _-]?id["']?\s*[:=]\s*["']?\s*(` + guidRE + `)`)
	reCorrelation = lazyre.New(`^correlation[ _-]?id["']?\s*[:=]\s*["']?\s*(` + guidRE + `)`)
	reTimestamp   = lazyre.New(`^timestamp["']?\s*[:=]\s*["']?\s*(` + stampRE + `)`)
	// The German sign-in page: Anforderungs-ID (Request Id),
	// Ablaufverfolgungs-ID (Trace ID), Korrelations-ID, Zeitstempel,
	// Fehlercode (Error Code).
	reTraceDE     = lazyre.New(`^(?:anforderungs|ablaufverfolgungs)-id\s*:\s*(` + guidRE + `)`)
	reCorrDE      = lazyre.New(`^korrelations-id\s*:\s*(` + guidRE + `)`)
	reTimeDE      = lazyre.New(`^zeitstempel\s*:\s*(` + stampRE + `)`)
	reCodeLabelDE = lazyre.New(`^fehlercode\s*:?\s*(\d+)`)
	reOAuth2      = lazyre.New(`^oauth2: "([a-z_]+)"`)
	reClaims      = lazyre.New(`^claims"?\s*[:=]\s*"?\{`)
	reBracketCode = lazyre.New(`^\[(\d+)\]`)
	reSignInHost  = lazyre.New(`^login\.(?:microsoftonline\.(?:com|us|de)|microsoft\.com|windows\.net|chinacloudapi\.cn|partner\.microsoftonline\.cn)\b`)
	oauthErrorSet = map[string]bool{}
	// oauthWords are the OAuth errors that, written as a word anywhere
	// ("Failed to get access token: invalid_grant"), show an Entra ID
	// token or sign-in error. Those any server or program may write
	// (server_error, access_denied, temporarily_unavailable, invalid_token)
	// count only in the forms that say they are an OAuth error
	// ("error":"x", error=x, oauth2: "x", WHD's "x [code]").
	oauthWords = map[string]bool{}
)

func init() {
	for _, e := range strings.Split(oauthErrors, "|") {
		oauthErrorSet[e] = true
		switch e {
		case "server_error", "access_denied", "temporarily_unavailable", "invalid_token":
		default:
			oauthWords[e] = true
		}
	}
}

// keywords start the pieces scanLine looks for.
var keywords = []string{"aadsts", "error", "code", "trace", "request", "correlation", "timestamp", "oauth2: ", "claims", "[", "login.", "signing you in",
	"anforderungs-id", "ablaufverfolgungs-id", "korrelations-id", "zeitstempel", "fehlercode",
	"invalid_", "_required", "unauthorized_client", "unsupported_", "expired_token"} // the oauthWords

type hit struct {
	pos int
	kw  string
}

// scanLine returns the events of one line in order.
func scanLine(line string) []event {
	low := asciiLower(line)
	var hits []hit
	for _, kw := range keywords {
		for i := 0; ; {
			j := strings.Index(low[i:], kw)
			if j < 0 {
				break
			}
			hits = append(hits, hit{i + j, kw})
			i += j + len(kw)
		}
	}
	if len(hits) == 0 {
		return nil
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.pos - b.pos })
	var evs []event
	end := 0
	for _, h := range hits {
		if h.pos < end {
			continue // inside a piece already read
		}
		e, n := pieceAt(line, low, h)
		if n > 0 {
			evs = append(evs, e...)
			end = h.pos + n
		}
	}
	return evs
}

// pieceWindow bounds the text a piece's regexp reads: a label and its
// value, or an error_codes array of some sixty codes. (A message and a
// claims object are read from the line itself.) Small enough for Go's
// regexp to take its fast backtracking path.
const pieceWindow = 512

// pieceAt reads the piece that starts with keyword h.kw at h.pos. It returns
// its events and length (0 when nothing matched).
func pieceAt(line, low string, h hit) ([]event, int) {
	p := h.pos
	rest := low[p:]
	if len(rest) > pieceWindow {
		// Keep the anchored regexps on a short input: on the rest of a
		// line of megabytes, Go's regexp takes its slow general path.
		rest = rest[:pieceWindow]
	}
	prev := byte(' ')
	if p > 0 {
		prev = low[p-1]
	}
	group := func(m []int, i int) string { return line[p+m[2*i] : p+m[2*i+1]] }
	switch h.kw {
	case "aadsts":
		if isWord(prev) {
			return nil, 0
		}
		m := reCode().FindStringSubmatchIndex(rest)
		parse := parseCode
		if m == nil {
			// Written apart from its prefix: only a number the size
			// AADSTS codes are.
			m, parse = reCodeSpaced().FindStringSubmatchIndex(rest), parseLooseCode
		}
		if m == nil {
			return nil, 0
		}
		c, ok := parse(group(m, 1))
		if !ok || !codeEnds(rest[m[1]:]) {
			return nil, m[1]
		}
		msg, open := message(line[p+m[1]:])
		before := strings.TrimRight(low[:p], " \t")
		block := strings.HasSuffix(before, "message:") || strings.HasSuffix(before, "nachricht:")
		return []event{{kind: kCode, code: c, primary: true, msg: msg, open: open, block: block}}, m[1]
	case "error":
		if p >= 3 && low[p-3:p] == "sub" {
			if m := reSuberror().FindStringSubmatchIndex(low[p-3 : p+len(rest)]); m != nil {
				return []event{{kind: kSuberror, val: low[p-3+m[2] : p-3+m[3]]}}, m[1] - 3
			}
			return nil, 0
		}
		m := reError().FindStringSubmatchIndex(rest)
		if m == nil {
			return nil, 0
		}
		switch {
		case m[4] >= 0: // error_codes; "Error codes: 50011, 70008" on a page
			parse, weak := parseCode, group(m, 1) != "_" && !namesEntra(low[:p])
			if weak {
				if otherProgram(low, p, p+m[1]) {
					return nil, m[1]
				}
				parse = parseLooseCode
			}
			var evs []event
			for _, f := range strings.FieldsFunc(group(m, 2), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				if c, ok := parse(f); ok {
					evs = append(evs, event{kind: kCode, code: c, weak: weak})
				}
			}
			return evs, m[1]
		case m[6] >= 0: // error_uri, whose code= is a code too
			u := strings.TrimRight(group(m, 3), `"',;)]}`)
			evs := []event{{kind: kErrorURI, val: u}}
			if i := strings.Index(strings.ToLower(u), "code="); i >= 0 {
				if c, ok := parseCode(leadingDigits(u[i+5:])); ok {
					evs = append(evs, event{kind: kCode, code: c})
				}
			}
			return evs, m[1]
		case m[8] >= 0: // Microsoft's error page: error?code=N
			if c, ok := parseCode(group(m, 4)); ok {
				return []event{{kind: kCode, code: c}}, m[1]
			}
		case m[10] >= 0: // sign-in page "Error Code: N", "error code N", error_code=N
			entra := namesEntra(low[:p])
			if !entra && otherProgram(low, p, p+m[1]) {
				return nil, m[1] // "SQL ErrorCode: 17002", "ErrorCode: 17002, SQLState: 08006"
			}
			if c, ok := parseLooseCode(group(m, 5)); ok && codeEnds(rest[m[1]:]) {
				return []event{{kind: kCode, code: c, weak: !entra}}, m[1]
			}
		case m[12] >= 0: // JSON: "error":"x"; Python: 'error': 'x'
			if prev == '"' || prev == '\'' {
				return []event{{kind: kError, val: low[p+m[12] : p+m[13]]}}, m[1]
			}
		case m[14] >= 0: // query: error=x
			if !isWord(prev) {
				return []event{{kind: kError, val: low[p+m[14] : p+m[15]]}}, m[1]
			}
		case m[16] >= 0: // errorNo=50058
			if otherProgram(low, p, p+m[1]) {
				return nil, m[1]
			}
			if c, ok := parseLooseCode(group(m, 8)); ok && codeEnds(rest[m[1]:]) {
				return []event{{kind: kCode, code: c, weak: true}}, m[1]
			}
		}
		return nil, 0
	case "code": // code=50011, "code": 50011 (not statusCode, postcode, ...)
		if isWord(prev) {
			return nil, 0
		}
		m := reCodeLabel().FindStringSubmatchIndex(rest)
		if m == nil {
			return nil, 0
		}
		// Another word before it names some other code: "exit code=1",
		// "HTTP status code: 500", "zip code: 90002".
		entra := namesEntra(low[:p])
		if !entra && otherProgram(low, p, p+m[1]) {
			return nil, m[1]
		}
		if c, ok := parseLooseCode(group(m, 1)); ok && codeEnds(rest[m[1]:]) {
			return []event{{kind: kCode, code: c, weak: !entra}}, m[1]
		}
		return nil, m[1]
	case "trace", "request":
		m := reTrace().FindStringSubmatchIndex(rest)
		if m == nil {
			return nil, 0
		}
		// client-request-id is the caller's own ID, not Entra's trace ID.
		if h.kw == "request" && p >= 7 && strings.HasPrefix(low[p-7:], "client") && strings.ContainsRune("-_ ", rune(low[p-1])) {
			return nil, m[1]
		}
		return []event{{kind: kTrace, val: low[p+m[2] : p+m[3]]}}, m[1]
	case "correlation":
		if m := reCorrelation().FindStringSubmatchIndex(rest); m != nil {
			return []event{{kind: kCorr, val: low[p+m[2] : p+m[3]]}}, m[1]
		}
	case "timestamp":
		if m := reTimestamp().FindStringSubmatchIndex(rest); m != nil {
			if t, ok := parseStamp(group(m, 1)); ok {
				return []event{{kind: kTime, val: t}}, m[1]
			}
		}
	case "oauth2: ":
		if m := reOAuth2().FindStringSubmatchIndex(rest); m != nil {
			return []event{{kind: kError, val: low[p+m[2] : p+m[3]]}}, m[1]
		}
	case "claims":
		if m := reClaims().FindStringIndex(rest); m != nil {
			if obj := balanced(line[p+m[1]-1:]); obj != "" {
				return []event{{kind: kClaims, val: obj}}, m[1] - 1 + len(obj)
			}
		}
	case "[": // WHD: invalid_grant [700082]
		m := reBracketCode().FindStringSubmatchIndex(rest)
		if m == nil {
			return nil, 0
		}
		word := strings.TrimRight(low[:p], " \t")
		k := len(word)
		for k > 0 && (word[k-1] == '_' || ('a' <= word[k-1] && word[k-1] <= 'z')) {
			k--
		}
		if !oauthErrorSet[word[k:]] {
			return nil, 0
		}
		c, ok := parseCode(group(m, 1))
		if !ok {
			return nil, 0
		}
		return []event{{kind: kError, val: word[k:]}, {kind: kCode, code: c}}, m[1]
	case "login.": // https://login.microsoftonline.com/...
		if prev == '.' || isWord(prev) {
			return nil, 0
		}
		if m := reSignInHost().FindStringIndex(rest); m != nil {
			return []event{{kind: kSignIn, val: "1"}}, m[1]
		}
	case "signing you in": // "Sorry, but we're having trouble signing you in."
		return []event{{kind: kPage, val: "1"}}, len(h.kw)
	case "invalid_", "_required", "unauthorized_client", "unsupported_", "expired_token":
		// An OAuth error word: "Error: invalid_grant".
		start, end := p, p+len(h.kw)
		for start > 0 && isWord(low[start-1]) {
			start--
		}
		for end < len(low) && isWord(low[end]) {
			end++
		}
		if w := low[start:end]; oauthWords[w] {
			return []event{{kind: kWord, val: w}}, end - p
		}
		return nil, end - p
	case "anforderungs-id", "ablaufverfolgungs-id":
		if m := reTraceDE().FindStringSubmatchIndex(rest); m != nil {
			return []event{{kind: kTrace, val: low[p+m[2] : p+m[3]]}}, m[1]
		}
	case "korrelations-id":
		if m := reCorrDE().FindStringSubmatchIndex(rest); m != nil {
			return []event{{kind: kCorr, val: low[p+m[2] : p+m[3]]}}, m[1]
		}
	case "zeitstempel":
		if m := reTimeDE().FindStringSubmatchIndex(rest); m != nil {
			if t, ok := parseStamp(group(m, 1)); ok {
				return []event{{kind: kTime, val: t}}, m[1]
			}
		}
	case "fehlercode":
		if isWord(prev) {
			return nil, 0
		}
		if m := reCodeLabelDE().FindStringSubmatchIndex(rest); m != nil {
			if otherProgram(low, p, p+m[1]) {
				return nil, m[1]
			}
			if c, ok := parseLooseCode(group(m, 1)); ok && codeEnds(rest[m[1]:]) {
				return []event{{kind: kCode, code: c, weak: true}}, m[1]
			}
			return nil, m[1]
		}
	}
	return nil, 0
}

// entraNames are the words that, right before "error code" or "code",
// say that the code is an Entra ID (AADSTS) one.
var entraNames = []string{"aadsts", "aad", "azure ad", "entra id", "entra"}

// namesEntra reports whether before (lowercased text up to a label) ends
// with one of entraNames: "AADSTS error code 50011", "Azure AD code: N".
func namesEntra(before string) bool {
	t := strings.TrimRight(before[max(0, len(before)-32):], " \t-")
	for _, n := range entraNames {
		if strings.HasSuffix(t, n) && (len(t) == len(n) || !isWord(t[len(t)-len(n)-1])) {
			return true
		}
	}
	return false
}

// otherProgram reports whether the label from p to end in the lowercased
// line low is some other program's, whatever surrounds it: a label
// qualified by another word ("SQL ErrorCode", "DB error code", "exit code=",
// "sqlErrorCode", "db_error_code") or a JDBC error's code, written beside its
// SQLState ("ErrorCode: 17002, SQLState: 08006"). The caller has checked
// namesEntra.
func otherProgram(low string, p, end int) bool {
	return qualified(low[:p]) || nearSQLState(low, p, end)
}

// unqualifying are the words before a label that do not say whose code it
// is: the sign-in log's "Sign-in error code", a log level ("ERROR Error
// Code: 70008"), and words that do not qualify a noun ("failed with error
// code 50011").
var unqualifying = map[string]bool{
	"sign-in": true, "signin": true,
	"error": true, "warn": true, "warning": true, "info": true, "debug": true, "trace": true, "fatal": true, "severe": true,
	"with": true, "the": true, "a": true, "an": true, "and": true, "or": true, "of": true, "its": true, "this": true, "that": true,
	"same": true, "following": true, "see": true, "got": true, "gave": true, "gives": true, "returned": true, "returns": true,
}

// gluedPrefixes may be written onto a label without qualifying it: the
// type prefix of the sign-in page's source ("iErrorCode", "sErrorCode").
var gluedPrefixes = map[string]bool{"i": true, "s": true, "n": true, "str": true}

// qualified reports whether before, the lowercased text of a line up to a
// label, ends with a word that qualifies it: one written onto it
// ("sqlErrorCode", "db_error_code", "SQL-Fehlercode") or the word before it
// ("SQL ErrorCode", "Mail error code"). A key=value field ("msg=failed
// error_code=70008"), punctuation ("IO Error: ErrorCode"), a number, an ID
// or a time before it is not a word.
func qualified(before string) bool {
	before = before[max(0, len(before)-64):] // a word is short; a line may be megabytes
	k := len(before)
	for k > 0 && isWord(before[k-1]) {
		k--
	}
	if k < len(before) { // written onto the label
		w := strings.TrimRight(before[k:], "_")
		return w != "" && !gluedPrefixes[w]
	}
	t := strings.TrimRight(before, " \t-") // "SQL-Fehlercode", "SQL - error code"
	w := t[strings.LastIndexAny(t, " \t")+1:]
	if w == "" || !isWord(w[len(w)-1]) || strings.HasSuffix(t, "sign in") {
		return false
	}
	letters := false
	for j := 0; j < len(w); j++ {
		c := w[j]
		switch {
		case 'a' <= c && c <= 'z':
			letters = true
		case c == '_' || c == '-' || c == '.':
		default:
			return false // a field ("msg=failed"), a number, an ID, a time
		}
	}
	return letters && !unqualifying[w]
}

// nearSQLState reports whether a JDBC SQLState is written within a short
// distance of the label from p to end in low: the label is the JDBC vendor
// code ("ErrorCode: 17002, SQLState: 08006").
func nearSQLState(low string, p, end int) bool {
	const near = 120
	w := low[max(0, p-near):min(len(low), end+near)]
	return strings.Contains(w, "sqlstate") || strings.Contains(w, "sql state") || strings.Contains(w, "sql_state")
}

func isWord(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// asciiLower lowercases A-Z only, so byte offsets stay those of s.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// messageEnd ends a code's message: the next code, a label of the footer,
// or the end of the JSON/Go string that held it.
var messageEnd = lazyre.New(`(?i)\bAADSTS\d|\s*\b(?:trace|correlation)[ _-]?id\s*:|\s*\btimestamp\s*:|"\s*[,}\]]|"\s+"|"\s*$`)

// maxMessage bounds the message kept per code.
const maxMessage = 1000

func message(rest string) (msg string, open bool) {
	rest = strings.TrimLeft(rest, ": \t")
	if len(rest) > 4*maxMessage {
		rest = rest[:4*maxMessage]
	}
	open = true
	if loc := messageEnd().FindStringIndex(rest); loc != nil {
		rest, open = rest[:loc[0]], false
	}
	rest = strings.TrimSpace(strings.Trim(strings.TrimSpace(rest), `"`))
	open = open && rest != "" && !strings.HasSuffix(rest, ".") && !strings.HasSuffix(rest, "!") && !strings.HasSuffix(rest, "?")
	return clipMessage(rest), open
}

func clipMessage(s string) string {
	if len(s) > maxMessage {
		cut := maxMessage
		for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// continueMessage adds line, a line with nothing else on it, to the open
// message of code in r. It returns whether the message is still open.
func continueMessage(r *record, code int, line string) bool {
	more, open := message(line)
	if more == "" || strings.HasSuffix(r.msgs[code], "…") {
		return false
	}
	r.msgs[code] = clipMessage(r.msgs[code] + " " + more)
	return open
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// parseCode accepts the 4 to 9 digit numbers that follow an AADSTS prefix
// or an error_codes key: the context says they are codes.
func parseCode(s string) (int, bool) {
	return parseDigits(s, 4, 9)
}

// parseLooseCode accepts the 5 to 7 digit numbers that AADSTS codes are
// (every code Microsoft documents has that many): the rule for a number
// whose context only suggests a code ("code=", "error code", a bare
// number), so that a port (8443) or a year (2024) is not taken for one.
func parseLooseCode(s string) (int, bool) {
	return parseDigits(s, 5, 7)
}

func parseDigits(s string, minLen, maxLen int) (int, bool) {
	if len(s) < minLen || len(s) > maxLen || s[0] == '0' {
		return 0, false
	}
	c, err := strconv.Atoi(s)
	return c, err == nil && c > 0
}

// codeEnds reports whether the number just read ends where rest starts: at
// the end, or before a character that cannot continue a token ("50011." at
// the end of a sentence does; "12345.AQAB" of an authorization code does not).
func codeEnds(rest string) bool {
	if rest == "" {
		return true
	}
	c := rest[0]
	if c == '.' || c == '-' {
		return len(rest) == 1 || !isWord(rest[1])
	}
	return !isWord(c)
}

// parseStamp normalises Entra's timestamps ("2023-05-25 13:21:24Z",
// "2024-03-18T09:41:10.512Z") to RFC 3339 in UTC.
func parseStamp(s string) (string, bool) {
	s = strings.ToUpper(strings.Replace(s, " ", "T", 1))
	for _, layout := range []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339Nano), true
		}
	}
	return "", false
}

// record is one error report: the codes it carries and its context.
type record struct {
	codes   []int
	primary map[int]bool
	msgs    map[int]string
	single  [nSingle]string
	in      map[int]bool // the codes, for lookups
	// sure holds the codes written where only an AADSTS code can be
	// (AADSTS prefix, error_codes, error_uri); the others were weak.
	sure map[int]bool
	// named holds the weak codes that have something only an Entra ID
	// error has (see signIn) within nearLines: those are codes.
	named map[int]bool
	// lastMark is the line of the last such thing; recentWeak the weak
	// codes of the last lines, waiting for one.
	lastMark   int
	recentWeak []weakCode
	// labelled: it holds a weak code.
	labelled bool
	// sealed is set once a trace ID, correlation ID or timestamp follows a
	// primary or weak code: the footer of a report. A new code after it is
	// a new report.
	sealed bool
	// closed is set by the "Message: AADSTS..." line after the IDs of a
	// sign-in page's troubleshooting block: it ends the report, so IDs
	// after it are another report's.
	closed bool
	// labels holds the weak codes, so that the same label on the next
	// page starts a new report.
	labels map[int]bool
	// late marks the trace ID, correlation ID and timestamp read after the
	// report's last code.
	late [nSingle]bool
}

func newRecord() *record {
	return &record{primary: map[int]bool{}, msgs: map[int]string{}, in: map[int]bool{}, sure: map[int]bool{}, labels: map[int]bool{}, named: map[int]bool{}}
}

type weakCode struct{ code, line int }

// nearLines is how far from a weak code the context that makes it a code
// may be: the sign-in page's "Error Code:" has its Request Id on the next
// line, a pretty-printed body its "error" a few keys away. A log's
// settings or an earlier OAuth failure dozens of lines away do not count.
const nearLines = 8

// maxRecentWeak bounds the weak codes kept waiting for context.
const maxRecentWeak = 64

// signIn reports whether ev shows an Entra ID error, which makes the weak
// codes within nearLines of it in its report codes: a code
// written where only an AADSTS code can be, a trace, request or
// correlation ID, an OAuth error word, an error_uri, suberror or claims,
// Microsoft's sign-in host or the sign-in page's "trouble signing you in".
// A timestamp alone does not: every log line has one.
func signIn(ev event) bool {
	switch ev.kind {
	case kCode:
		return !ev.weak
	case kTrace, kCorr, kErrorURI, kSuberror, kClaims, kSignIn, kPage, kWord:
		return true
	case kError:
		return oauthErrorSet[ev.val]
	}
	return false
}

// oauthError is the report's OAuth error: the one written as such, else
// the first written as a word.
func (r *record) oauthError() string {
	if e := r.single[kError]; e != "" {
		return e
	}
	return r.single[kWord]
}

func (r *record) has(code int) bool {
	return r.in[code]
}

// conflicts reports whether ev cannot belong to the report r.
func (r *record) conflicts(ev event) bool {
	switch ev.kind {
	case kCode:
		switch {
		case ev.block && !r.closed && r.primary[ev.code]:
			// The troubleshooting block repeats the page's message.
			return false
		case ev.primary:
			return r.closed || r.primary[ev.code] || (r.sealed && (!r.has(ev.code) || r.labels[ev.code]))
		case ev.weak:
			// A label after the footer is the next page's (or another
			// program's); the same error written again merges in build.
			// A page's "Error Code:" names the code of its message: a
			// label with another code is another page's.
			return r.sealed || (len(r.primary) > 0 && !r.has(ev.code))
		}
		return false
	case kPage: // the next page's header
		return len(r.codes) > 0 || r.single[kTrace] != "" || r.single[kCorr] != "" || r.single[kTime] != ""
	case kWord: // prose may name several
		return false
	}
	cur := r.single[ev.kind]
	if r.closed && (ev.kind == kTrace || ev.kind == kCorr || ev.kind == kTime) {
		return cur != ev.val
	}
	return cur != "" && cur != ev.val
}

// add adds ev, read on line number line.
func (r *record) add(ev event, line int) {
	if signIn(ev) {
		r.lastMark = line
		for _, w := range r.recentWeak {
			if line-w.line <= nearLines {
				r.named[w.code] = true
			}
		}
		r.recentWeak = r.recentWeak[:0]
	}
	if ev.kind == kWord {
		if r.single[kWord] == "" {
			r.single[kWord] = ev.val
		}
		return
	}
	if ev.kind != kCode {
		if r.single[ev.kind] == "" && len(r.codes) > 0 {
			r.late[ev.kind] = true
		}
		r.single[ev.kind] = ev.val
		if (ev.kind == kTrace || ev.kind == kCorr || ev.kind == kTime) && (len(r.primary) > 0 || r.labelled) {
			r.sealed = true
		}
		return
	}
	if !r.in[ev.code] {
		r.in[ev.code] = true
		r.codes = append(r.codes, ev.code)
	}
	r.late = [nSingle]bool{}
	if ev.block && (r.single[kTrace] != "" || r.single[kCorr] != "") {
		r.closed, r.sealed = true, true
	}
	if ev.weak {
		r.labelled = true
		r.labels[ev.code] = true
		if r.lastMark > 0 && line-r.lastMark <= nearLines {
			r.named[ev.code] = true
		} else {
			k := 0 // drop those too far back to be named any more
			for k < len(r.recentWeak) && line-r.recentWeak[k].line > nearLines {
				k++
			}
			if r.recentWeak = r.recentWeak[k:]; len(r.recentWeak) < maxRecentWeak {
				r.recentWeak = append(r.recentWeak, weakCode{ev.code, line})
			}
		}
	} else {
		r.sure[ev.code] = true
	}
	if ev.primary {
		r.primary[ev.code] = true
		if r.msgs[ev.code] == "" {
			r.msgs[ev.code] = ev.msg
		}
	}
}

// maxIdle is how many lines without any event a report stays open for
// context lines (a "Trace ID:" line after the message, or a sign-in page
// block whose message comes after its IDs).
const maxIdle = 20

// scan groups the events of every line into reports, and gives each report
// to done, in order, once it can change no more. A line joins the
// current report unless one of its events contradicts it (another trace ID,
// the same code written out again, a new code after the footer); inside a
// line, a contradiction starts a new report at that event.
//
// Only the current report and the one before it are kept (split may move
// IDs from the one before into the current one): a paste of a long log
// holds hundreds of thousands of reports, whose maps would otherwise all
// stay in memory until the end.
func scan(text string, done func(*record)) {
	var recs []*record // the report before the current one, and the current one
	var cur *record
	idle := 0
	openCode := 0 // the code whose message the next line may continue
	wrapped := 0  // lines added to it so far
	start := func() {
		if len(recs) == 2 {
			done(recs[0])
			recs[0], recs[1] = recs[1], nil
			recs = recs[:1]
		}
		cur = newRecord()
		recs = append(recs, cur)
	}
	// split starts a new report at ev. "Message: AADSTS..." ends a
	// troubleshooting block whose IDs come before it: the IDs read since
	// the last report's code are this one's (a page without IDs, then the
	// next page's block without its header).
	split := func(ev event) {
		prev := cur
		start()
		if ev.block {
			for _, k := range []kind{kTrace, kCorr, kTime} {
				if prev.late[k] {
					cur.single[k], prev.single[k], prev.late[k] = prev.single[k], "", false
				}
			}
		}
	}
	lineNo := 0
	for len(text) > 0 {
		var line string
		line, text = cutLine(text)
		lineNo++
		if valueOnNextLine(line, text) {
			// "Trace ID:" with its value on the next line.
			var value string
			value, text = cutLine(text)
			lineNo++
			line = strings.TrimRight(line, " \t:") + ": " + strings.TrimSpace(value)
		}
		evs := scanLine(line)
		if len(evs) == 0 {
			if openCode != 0 && cur != nil && wrapped < maxWrapped && len(line) <= maxWrappedLine && !logLineStart(line) {
				wrapped++
				if !continueMessage(cur, openCode, line) && !needsMore(cur, openCode) {
					openCode = 0
				}
				continue
			}
			openCode = 0
			if idle++; idle > maxIdle {
				cur = nil
			}
			continue
		}
		if openCode != 0 && cur != nil && needsMore(cur, openCode) && wrapped < maxWrapped && len(line) <= maxWrappedLine && !logLineStart(line) {
			// "90.00:00:00. Trace ID: ...": the text before the footer.
			continueMessage(cur, openCode, line)
		}
		idle = 0
		openCode, wrapped = 0, 0
		if cur == nil {
			start()
		} else if i := lineConflict(cur, evs); i >= 0 {
			split(evs[i])
		}
		for _, ev := range evs {
			if cur.conflicts(ev) {
				split(ev)
			}
			cur.add(ev, lineNo)
		}
		if last := evs[len(evs)-1]; last.kind == kCode && last.primary && cur.msgs[last.code] == last.msg && (last.open || needsMore(cur, last.code)) {
			openCode = last.code
		}
	}
	for _, r := range recs {
		done(r)
	}
}

// cutLine splits text after its first line break (CRLF, LF or CR).
func cutLine(text string) (line, rest string) {
	i := strings.IndexAny(text, "\r\n")
	if i < 0 {
		return text, ""
	}
	next := i + 1
	if text[i] == '\r' && next < len(text) && text[next] == '\n' {
		next++ // one line break, not a blank line
	}
	return text[:i], text[next:]
}

// labels are those whose value a copy may put on the next line: an ID's
// (the value is a GUID) and the timestamp's.
var (
	idLabels    = []string{"trace id", "trace-id", "trace_id", "traceid", "request id", "request-id", "request_id", "requestid", "correlation id", "correlation-id", "correlation_id", "correlationid", "anforderungs-id", "ablaufverfolgungs-id", "korrelations-id"}
	stampLabels = []string{"timestamp", "zeitstempel"}
	reLeadGUID  = lazyre.New(`^\s*` + guidRE + `\s*$`)
	reLeadStamp = lazyre.New(`^\s*` + stampRE + `\s*$`)
)

// valueOnNextLine reports whether line ends with an ID or timestamp label
// that has no value ("Trace ID:", "Timestamp") and the line after it, in
// rest, is that value alone.
func valueOnNextLine(line, rest string) bool {
	t := strings.TrimRight(line, " \t:")
	if t == "" {
		return false
	}
	if last := t[len(t)-1] | 0x20; last != 'd' && last != 'p' && last != 'l' {
		return false // the common case, decided from one byte: "...id", "timestamp", "zeitstempel"
	}
	tail := asciiLower(t[max(0, len(t)-24):])
	ended := func(labels []string) bool {
		for _, l := range labels {
			if strings.HasSuffix(tail, l) && (len(t) == len(l) || !isWord(t[len(t)-len(l)-1])) {
				return true
			}
		}
		return false
	}
	var re func() *regexp.Regexp
	switch {
	case ended(idLabels):
		re = reLeadGUID
	case ended(stampLabels):
		re = reLeadStamp
	default:
		return false
	}
	next, _ := cutLine(rest)
	return len(next) <= 80 && re().MatchString(next)
}

// needsMore: the message of a token-lifetime code (700082, 70043, 70008)
// does not yet hold both the issue time and the span, which Microsoft
// writes in its second sentence; a line break after the first sentence
// does not end it.
func needsMore(r *record, code int) bool {
	switch code {
	case 700082, 70043, 70008:
	default:
		return false
	}
	msg := r.msgs[code]
	if strings.HasSuffix(msg, "…") {
		return false
	}
	return issuedOn().FindStringIndex(msg) == nil || (inactiveFor().FindStringIndex(msg) == nil && maxLifetime().FindStringIndex(msg) == nil)
}

// A wrapped message continues on a few short lines at most.
const (
	maxWrapped     = 4
	maxWrappedLine = 400
)

// logLineStart: a line that starts with a date, a time and a level is a new
// log entry, not the rest of a wrapped message (a wrapped 700082 message
// may well start with the date the token was issued).
var logLineStart = func(line string) bool {
	return reLogStart().MatchString(line)
}

var reLogStart = lazyre.New(`(?i)^\s*\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?(?:[,.]\d+)?\]?\s+(?:\[[^\]]*\]\s*)?(?:ERROR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|SEVERE)\b`)

// lineConflict returns the index of the first event of a line that
// cannot belong to the report r, or -1.
func lineConflict(r *record, evs []event) int {
	for i, ev := range evs {
		if r.conflicts(ev) {
			return i
		}
	}
	return -1
}

// A builder turns reports into Results, one per code per report, and merges
// the mentions of one error: the same code whose context (trace ID,
// correlation ID, timestamp, OAuth error) agrees wherever both give one.
// The sign-in page, for example, shows the message at the top and again in
// its troubleshooting block with the IDs: one result, with the IDs. Two
// mentions whose trace IDs (or times) differ are two errors and stay apart.
//
// Reports are added one by one (add), as scan finishes them; results
// gives the Results.
type builder struct {
	out    []Result
	exact  map[string]int // code and full context -> result
	recent map[int][]int  // code -> its last results
}

func newBuilder() *builder {
	return &builder{exact: map[string]int{}, recent: map[int][]int{}}
}

func resultKey(r *Result) string {
	return strconv.Itoa(r.Code) + "|" + r.TraceID + "|" + r.CorrelationID + "|" + r.Timestamp + "|" + r.Error
}

// add adds the codes of the report r.
func (b *builder) add(r *record) {
	for _, c := range r.codes {
		if !r.sure[c] && !r.named[c] {
			continue // "ErrorCode: 17002" of some other program
		}
		probe := Result{Code: c, TraceID: r.single[kTrace], CorrelationID: r.single[kCorr], Timestamp: r.single[kTime], Error: r.oauthError()}
		i, ok := b.exact[resultKey(&probe)]
		if !ok {
			i = mergeable(b.out, b.recent[c], &probe)
		}
		if i >= 0 {
			res := &b.out[i]
			fill(&res.TraceID, probe.TraceID)
			fill(&res.CorrelationID, probe.CorrelationID)
			fill(&res.Timestamp, probe.Timestamp)
			fill(&res.Error, probe.Error)
			merge(res, r, c)
			if k := resultKey(res); !ok {
				if _, taken := b.exact[k]; !taken {
					b.exact[k] = i
				}
			}
			continue
		}
		res := Describe(c)
		res.TraceID, res.CorrelationID, res.Timestamp, res.Error = probe.TraceID, probe.CorrelationID, probe.Timestamp, probe.Error
		merge(&res, r, c)
		b.exact[resultKey(&res)] = len(b.out)
		if rc := append(b.recent[c], len(b.out)); len(rc) > maxRecent {
			b.recent[c] = rc[1:]
		} else {
			b.recent[c] = rc
		}
		b.out = append(b.out, res)
	}
}

// results finishes the results: the token's dates, and credentials masked.
func (b *builder) results() []Result {
	out := b.out
	// The token's dates, from the message and the time of the error as
	// merged.
	masked := map[string]string{} // a log repeats the same message
	for i := range out {
		res := &out[i]
		for k, v := range lifetime(res.Code, res.Details["message"], res.Timestamp) {
			res.Details[k] = v
		}
		if !res.Known {
			res.Cause = unknownCause(res.Details["message"] != "")
		}
		// What came from the input is printed back: mask credentials
		// pasted along with the error (a code, a secret, a header).
		for k, v := range res.Details {
			if k == "lookup_url" && v == LookupURL(res.Code) {
				continue // whdctl's own text
			}
			m, ok := masked[v]
			if !ok {
				m = redact.String(v)
				masked[v] = m
			}
			res.Details[k] = m
		}
	}
	return out
}

// maxRecent bounds the earlier results of a code that a mention is compared
// with (mentions of one error are close together), so that a paste of
// thousands of log lines stays linear.
const maxRecent = 32

// mergeable returns the first of the results at idx whose context agrees
// with p's (each field equal, or empty on one side), or -1.
func mergeable(out []Result, idx []int, p *Result) int {
	for _, i := range idx {
		r := &out[i]
		if agree(r.TraceID, p.TraceID) && agree(r.CorrelationID, p.CorrelationID) && agree(r.Timestamp, p.Timestamp) && agree(r.Error, p.Error) {
			return i
		}
	}
	return -1
}

func agree(a, b string) bool { return a == "" || b == "" || a == b }

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// merge fills what res lacks from r.
func merge(res *Result, r *record, code int) {
	if res.Error == "" {
		res.Error = r.oauthError()
	}
	set := func(k, v string) {
		if v != "" && res.Details[k] == "" {
			res.Details[k] = v
		}
	}
	set("message", r.msgs[code])
	set("suberror", r.single[kSuberror])
	set("claims", r.single[kClaims])
	if u := r.single[kErrorURI]; u != "" {
		set("error_uri", u)
		if strings.Contains(strings.ToLower(u), "/error?code=") {
			res.Details["lookup_url"] = u
		}
	}

}

// bare matches input that is nothing but codes: "700082", "AADSTS50011",
// "50011, 65001".
var (
	bare     = lazyre.New(`(?i)^\s*(?:AADSTS)?\d+(?:[\s,;]+(?:AADSTS)?\d+)*\s*$`)
	bareItem = lazyre.New(`(?i)(AADSTS)?(\d+)`)
)

// bareCodes returns the codes of input that is nothing but codes. A number
// with the AADSTS prefix is a code; one without counts only when it has the
// 5 to 7 digits of an AADSTS code (8443 or 2024 alone is not one).
func bareCodes(text string) []int {
	if len(text) > 4096 || !bare().MatchString(text) {
		return nil
	}
	var codes []int
	seen := map[int]bool{}
	for _, m := range bareItem().FindAllStringSubmatch(text, -1) {
		parse := parseLooseCode
		if m[1] != "" {
			parse = parseCode
		}
		if c, ok := parse(m[2]); ok && !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	return codes
}

// balanced returns the JSON object at the start of s up to its matching
// closing brace, or "" when s ends first.
func balanced(s string) string {
	depth, inStr, esc := 0, false, false
	for i := 0; i < len(s) && i < maxMessage*4; i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{':
			depth++
		case c == '}':
			if depth--; depth == 0 {
				return s[:i+1]
			}
		}
	}
	return ""
}
