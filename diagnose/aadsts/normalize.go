package aadsts

import (
	"github.com/whdctl/whdctl/internal/lazyre"
	"html"
	"strings"
	"unicode/utf8"
)

// normalize turns the escaped forms an error travels in back into plain
// text, so that one scanner reads every shape:
//   - JSON and Go string escapes (\r\n, \/, \", \u0027) become the
//     characters they stand for, at most three layers deep (a JSON body
//     inside a Go-quoted error inside a JSON log record);
//   - HTML entities and <br> tags (a message copied from a page's source
//     or an HTML mail) become the characters and line breaks they stand for;
//   - an error_codes array written over several lines (a pretty-printed
//     body) is put on one line, so that its codes are read with its key;
//   - the form-encoded query of an authorize redirect (error_description
//     with + and %0d%0a) is decoded and split on '&'. Parameters that could
//     carry a credential (code, state, session_state, id_token, ...) are
//     dropped there and then.
func normalize(s string) string {
	s = unescapeHTML(s)
	for i := 0; i < 3 && strings.IndexByte(s, '\\') >= 0; i++ {
		u := unescape(s)
		if u == s {
			break
		}
		s = u
	}
	return decodeQueries(joinCodeArrays(s))
}

// maxCodeArray bounds the error_codes array joinCodeArrays rewrites: a
// body carries a handful of codes.
const maxCodeArray = 4096

// joinCodeArrays puts each error_codes array that spans lines on one line:
// the key, its ':' or '=', the '[' and the numbers, commas and quotes up
// to ']', with the line breaks among them turned into spaces. Anything else
// inside the brackets (it is not a list of codes) leaves the text as it is.
// Each byte is looked at a bounded number of times, so the pass is linear.
func joinCodeArrays(s string) string {
	var b []byte // the copy, made at the first change
	for i := 0; ; {
		j := indexFold(s[i:], "error_codes", len("error"))
		if j < 0 {
			break
		}
		p := i + j + len("error_codes")
		i = p
		k := p
		if k < len(s) && (s[k] == '"' || s[k] == '\'') {
			k++
		}
		k = skipSpace(s, k)
		if k >= len(s) || (s[k] != ':' && s[k] != '=') {
			continue
		}
		k = skipSpace(s, k+1)
		if k >= len(s) || s[k] != '[' {
			continue
		}
		end := -1
		for n := k + 1; n < len(s) && n-p < maxCodeArray; n++ {
			c := s[n]
			if c == ']' {
				end = n
				break
			}
			if !('0' <= c && c <= '9') && !strings.ContainsRune(", \t\r\n\"'", rune(c)) {
				break
			}
		}
		if end < 0 || strings.IndexAny(s[p:end], "\r\n") < 0 {
			continue
		}
		if b == nil {
			b = []byte(s)
		}
		for n := p; n < end; n++ {
			if b[n] == '\r' || b[n] == '\n' {
				b[n] = ' '
			}
		}
		i = end
	}
	if b == nil {
		return s
	}
	return string(b)
}

// indexFold returns the index of the first instance of sub (lowercase
// ASCII) in s, ignoring ASCII case, or -1. sub[at] is a byte that is not a
// letter: the search goes from one such byte to the next with a fast byte
// search, so it makes no lowercased copy of a text of megabytes.
func indexFold(s, sub string, at int) int {
	c := sub[at]
	for i := at; i < len(s); {
		j := strings.IndexByte(s[i:], c)
		if j < 0 {
			return -1
		}
		if p := i + j - at; p+len(sub) <= len(s) && equalFoldASCII(s[p:p+len(sub)], sub) {
			return p
		}
		i += j + 1
	}
	return -1
}

// equalFoldASCII reports whether s, with A-Z lowercased, is low.
func equalFoldASCII(s, low string) bool {
	if len(s) != len(low) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != low[i] {
			return false
		}
	}
	return true
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
		i++
	}
	return i
}

// unescape decodes backslash escapes once. Unknown escapes and a trailing
// backslash are kept as they are (Windows paths stay readable).
func unescape(s string) string {
	first := firstEscape(s)
	if first < 0 {
		return s // no copy: a log of Windows paths has backslashes and no escapes
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	for i := first; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		switch n := s[i+1]; n {
		case 'r':
			b.WriteByte('\r')
			i++
		case 'n':
			b.WriteByte('\n')
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case '/', '"', '\\', '\'':
			b.WriteByte(n)
			i++
		case 'u':
			if r, ok := hex4(s, i+2); ok {
				if !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
				b.WriteRune(r)
				i += 5
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// firstEscape returns the index of the first backslash escape unescape
// decodes, or -1.
func firstEscape(s string) int {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '\\')
		if j < 0 || i+j+1 >= len(s) {
			return -1
		}
		k := i + j
		switch s[k+1] {
		case 'r', 'n', 't', '/', '"', '\\', '\'':
			return k
		case 'u':
			if _, ok := hex4(s, k+2); ok {
				return k
			}
		}
		i = k + 1
	}
}

func hex4(s string, at int) (rune, bool) {
	if at+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[at : at+4]) {
		v, ok := hexVal(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// secretParams are never copied out of a query: they may carry an
// authorization code or a token.
var secretParams = map[string]bool{
	"code": true, "state": true, "session_state": true, "id_token": true,
	"access_token": true, "refresh_token": true, "client_secret": true,
	"client_assertion": true, "client_info": true,
}

// decodeQueries finds each form-encoded run of parameters that holds an
// OAuth error (error=, error_description=, error_codes=), from the token's
// start to whitespace or a quote, and replaces it by its decoded form.
func decodeQueries(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		// Found by their '=' (a byte search, without a lowercased copy of
		// the text): error=, error_description=, error_codes=.
		j := strings.IndexByte(s[i:], '=')
		if j < 0 {
			break
		}
		q := i + j
		i = q + 1
		p := -1
		for _, key := range []string{"error", "error_description", "error_codes"} {
			if q-len(key) >= last && equalFoldASCII(s[q-len(key):q], key) {
				p = q - len(key)
				break
			}
		}
		if p < 0 {
			continue
		}
		start, end := p, p+len("error")
		for start > last && !isQueryDelim(s[start-1]) {
			start--
		}
		for end < len(s) && !isQueryDelim(s[end]) {
			end++
		}
		if last == 0 {
			b.Grow(len(s) + 64)
		}
		b.WriteString(s[last:start])
		b.WriteString(decodeQuery(s[start:end]))
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isQueryDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '"', '\'', '<', '>':
		return true
	}
	return false
}

// decodeQuery rewrites one run: everything after the URL's '?' or '#' is
// split on '&', each value form-decoded (tolerating bad escapes), and the
// parameters put one per line.
func decodeQuery(run string) string {
	prefix, q := "", run
	if i := strings.IndexAny(run, "?#"); i >= 0 {
		prefix, q = run[:i+1], run[i+1:]
	}
	var b strings.Builder
	b.WriteString(prefix)
	for _, kv := range strings.Split(q, "&") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(formDecode(k))
		if secretParams[k] {
			continue
		}
		b.WriteString("\n")
		b.WriteString(k)
		b.WriteString("=")
		b.WriteString(formDecode(v))
	}
	b.WriteString("\n")
	return b.String()
}

// formDecode is url.QueryUnescape that never fails: '+' is a space, valid
// %XX escapes are decoded, anything else is kept.
func formDecode(v string) string {
	if !strings.ContainsAny(v, "+%") {
		return v
	}
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '+':
			out = append(out, ' ')
		case c == '%' && i+2 < len(v):
			hi, ok1 := hexVal(v[i+1])
			lo, ok2 := hexVal(v[i+2])
			if ok1 && ok2 {
				out = append(out, hi<<4|lo)
				i += 2
			} else {
				out = append(out, c)
			}
		default:
			out = append(out, c)
		}
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

var (
	htmlEntity = lazyre.New(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|quot|amp|lt|gt|apos|nbsp);`)
	htmlBreak  = lazyre.New(`(?i)<br\s*/?>`)
)

// unescapeHTML decodes HTML entities and line-break tags, only when the text
// has one: a plain query string keeps its '&'s.
func unescapeHTML(s string) string {
	if strings.IndexByte(s, '&') >= 0 && htmlEntity().MatchString(s) {
		s = html.UnescapeString(s)
	}
	if indexFold(s, "<br", 0) >= 0 { // ReplaceAllString copies the text even without a match
		s = htmlBreak().ReplaceAllString(s, "\n")
	}
	return s
}
