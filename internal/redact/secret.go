package redact

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// redacted replaces the secret wherever it appears.
const redacted = "[redacted]"

// Secret returns a function that replaces a known secret (a client secret,
// a password) by "[redacted]" wherever it appears: with each character in
// any of the encodings an echoing or hostile server may use (as sent,
// percent-encoded in either case, '+' for a space, JSON-escaped,
// HTML-escaped), or whole in base64 or hex. A secret that is not valid
// UTF-8 is matched as sent, percent-encoded, or whole in base64 or hex.
// The identity for "". Mask before cutting a text short: a cut can leave a
// part of the secret that no longer matches.
func Secret(secret string) func(string) string {
	if secret == "" {
		return func(s string) string { return s }
	}
	// Binary-to-text encodings an endpoint may echo it in, whole.
	b := []byte(secret)
	encoded := []string{
		base64.StdEncoding.EncodeToString(b), base64.URLEncoding.EncodeToString(b),
		base64.RawStdEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
		hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)),
	}
	if !utf8.ValidString(secret) {
		pairs := []string{secret, redacted, url.QueryEscape(secret), redacted, url.PathEscape(secret), redacted}
		for _, e := range encoded {
			pairs = append(pairs, e, redacted)
		}
		return strings.NewReplacer(pairs...).Replace
	}
	pattern := secretPattern(secret).String()
	for _, e := range encoded {
		pattern += "|" + regexp.QuoteMeta(e)
	}
	re := regexp.MustCompile(pattern)
	return func(s string) string { return re.ReplaceAllLiteralString(s, redacted) }
}

// secretPattern matches secret (valid UTF-8) with each character in any of
// its encodings.
func secretPattern(secret string) *regexp.Regexp {
	var b strings.Builder
	for _, r := range secret {
		alts := []string{regexp.QuoteMeta(string(r))}
		var upper, lower strings.Builder
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&upper, "%%%02X", c)
			fmt.Fprintf(&lower, "%%%02x", c)
		}
		alts = append(alts, upper.String(), lower.String())
		switch r {
		case ' ':
			alts = append(alts, `\+`)
		case '"', '\\', '/':
			alts = append(alts, regexp.QuoteMeta(`\`+string(r)))
		}
		if r < 0x10000 {
			alts = append(alts, fmt.Sprintf(`\\u%04[1]x|\\u%04[1]X`, r))
		}
		// HTML character references: decimal, hex (either case), and the
		// named ones of HTML5 for ASCII punctuation (&period;, &lowbar;).
		// The ';' may be missing, as browsers allow.
		alts = append(alts, fmt.Sprintf(`&#0*%d;?`, r), fmt.Sprintf(`&#[xX]0*(?i:%x);?`, r))
		for _, name := range htmlNames[r] {
			alts = append(alts, "&"+name+";")
		}
		b.WriteString("(?:" + strings.Join(alts, "|") + ")")
	}
	return regexp.MustCompile(b.String())
}

// htmlNames are the HTML5 named character references of ASCII characters.
var htmlNames = map[rune][]string{
	'!': {"excl"}, '"': {"quot", "QUOT"}, '#': {"num"}, '$': {"dollar"}, '%': {"percnt"}, '&': {"amp", "AMP"},
	'\'': {"apos"}, '(': {"lpar"}, ')': {"rpar"}, '*': {"ast", "midast"}, '+': {"plus"}, ',': {"comma"},
	'.': {"period"}, '/': {"sol"}, ':': {"colon"}, ';': {"semi"}, '<': {"lt", "LT"}, '=': {"equals"},
	'>': {"gt", "GT"}, '?': {"quest"}, '@': {"commat"}, '[': {"lsqb", "lbrack"}, '\\': {"bsol"},
	']': {"rsqb", "rbrack"}, '^': {"Hat"}, '_': {"lowbar", "UnderBar"}, '`': {"grave", "DiacriticalGrave"},
	'{': {"lcub", "lbrace"}, '|': {"verbar", "vert", "VerticalLine"}, '}': {"rcub", "rbrace"},
	'\n': {"NewLine"}, '\t': {"Tab"},
}
