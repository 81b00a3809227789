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
	low := asciiLower(s)
	var b []byte // the copy, made at the first change
	for i := 0; ; {
		j := strings.Index(low[i:], "error_codes")
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

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
		i++
	}
	return i
}

// unescape decodes backslash escapes once. Unknown escapes and a trailing
// backslash are kept as they are (Windows paths stay readable).
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
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
	low := asciiLower(s)
	var b strings.Builder
	last := 0
	for i := 0; i < len(low); {
		j := strings.Index(low[i:], "error")
		if j < 0 {
			break
		}
		p := i + j
		k := p + len("error")
		if !strings.HasPrefix(low[k:], "=") && !strings.HasPrefix(low[k:], "_description=") && !strings.HasPrefix(low[k:], "_codes=") {
			i = k
			continue
		}
		start, end := p, k
		for start > last && !isQueryDelim(s[start-1]) {
			start--
		}
		for end < len(s) && !isQueryDelim(s[end]) {
			end++
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
	if strings.Contains(s, "<") {
		s = htmlBreak().ReplaceAllString(s, "\n")
	}
	return s
}
