// Package ews checks an Exchange Web Services endpoint the way WHD uses it:
// which authentication schemes it offers (Basic above all), whether it is
// Exchange Online, on-premises Exchange, or on-premises with Hybrid Modern
// Authentication, and, with credentials, whether Basic authentication works.
//
// ParseChallenges, Classify, NormalizeURL and Assess are pure; Probe does
// the HTTP requests.
package ews

import (
	"fmt"
	"sort"
	"strings"
)

// Challenge is one WWW-Authenticate challenge. JSON contract: scheme, params.
type Challenge struct {
	Scheme string `json:"scheme"`
	// Params are the auth-params, names lower-cased (they are
	// case-insensitive); values unquoted.
	Params map[string]string `json:"params"`
	// Token68 is the single token some schemes send instead of params
	// (Negotiate and NTLM continuations).
	Token68 string `json:"token68,omitempty"`
}

// Is reports whether the challenge's scheme is name (case-insensitive).
func (c Challenge) Is(name string) bool { return strings.EqualFold(c.Scheme, name) }

// String renders the challenge in canonical form: params sorted, values
// quoted.
func (c Challenge) String() string {
	var b strings.Builder
	b.WriteString(c.Scheme)
	if c.Token68 != "" {
		b.WriteByte(' ')
		b.WriteString(c.Token68)
		return b.String()
	}
	keys := make([]string, 0, len(c.Params))
	for k := range c.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(quoteString(c.Params[k]))
	}
	return b.String()
}

func quoteString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// SyntaxError is a WWW-Authenticate value that does not parse.
type SyntaxError struct {
	Header string // the header value, cut for messages
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("WWW-Authenticate %q: %s at offset %d", e.Header, e.Msg, e.Offset)
}

// ParseChallenges parses WWW-Authenticate header values (RFC 9110 §11.6.1):
// each value may hold several challenges separated by commas, and a server
// may send several headers; both are handled. A value that does not parse
// contributes the challenges before the error, and the first error is
// returned with every challenge that did parse.
func ParseChallenges(values []string) ([]Challenge, error) {
	var out []Challenge
	var firstErr error
	for _, v := range values {
		cs, err := parseValue(v)
		out = append(out, cs...)
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return out, firstErr
}

type parser struct {
	s   string
	pos int
}

func parseValue(s string) ([]Challenge, error) {
	p := &parser{s: s}
	var out []Challenge
	for {
		p.skipListSeparators()
		if p.eof() {
			return out, nil
		}
		scheme := p.token()
		if scheme == "" {
			return out, p.errorf("expected an authentication scheme")
		}
		c := Challenge{Scheme: scheme, Params: map[string]string{}}
		// A scheme alone: end, or a comma, next.
		if p.eof() || p.peek() == ',' {
			out = append(out, c)
			continue
		}
		if !p.skipSpaces() {
			return out, p.errorf("expected a space after the scheme")
		}
		if p.eof() || p.peek() == ',' {
			out = append(out, c)
			continue
		}
		if t68, ok := p.token68(); ok {
			c.Token68 = t68
			out = append(out, c)
			continue
		}
		// One or more auth-params, separated by commas; a bare token after
		// a comma starts the next challenge.
		for {
			name := p.token()
			if name == "" {
				return out, p.errorf("expected a parameter name")
			}
			p.skipSpaces()
			if p.eof() || p.peek() != '=' {
				return out, p.errorf("expected '=' after parameter " + name)
			}
			p.pos++
			p.skipSpaces()
			var val string
			if !p.eof() && p.peek() == '"' {
				v, err := p.quoted()
				if err != nil {
					return out, err
				}
				val = v
			} else {
				val = p.token()
				if val == "" {
					return out, p.errorf("expected a value for parameter " + name)
				}
			}
			key := strings.ToLower(name)
			if _, dup := c.Params[key]; !dup {
				c.Params[key] = val
			}
			p.skipSpaces()
			if p.eof() {
				break
			}
			if p.peek() != ',' {
				return out, p.errorf("expected ',' between parameters")
			}
			// Look past the commas: another param of this challenge, or a
			// new challenge?
			save := p.pos
			p.skipListSeparators()
			if p.eof() || !p.paramAhead() {
				p.pos = save
				break
			}
		}
		out = append(out, c)
	}
}

func (p *parser) eof() bool  { return p.pos >= len(p.s) }
func (p *parser) peek() byte { return p.s[p.pos] }

func (p *parser) errorf(msg string) error {
	h := p.s
	if len(h) > 120 {
		h = h[:120] + "..."
	}
	return &SyntaxError{Header: h, Offset: p.pos, Msg: msg}
}

// skipSpaces skips spaces and tabs; it reports whether any were skipped.
func (p *parser) skipSpaces() bool {
	start := p.pos
	for !p.eof() && (p.peek() == ' ' || p.peek() == '\t') {
		p.pos++
	}
	return p.pos > start
}

// skipListSeparators skips commas and whitespace between list elements.
func (p *parser) skipListSeparators() {
	for !p.eof() && (p.peek() == ',' || p.peek() == ' ' || p.peek() == '\t') {
		p.pos++
	}
}

func isTchar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

func (p *parser) token() string {
	start := p.pos
	for !p.eof() && isTchar(p.peek()) {
		p.pos++
	}
	return p.s[start:p.pos]
}

func isToken68Char(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("-._~+/", b) >= 0
}

// token68 reads a token68 when one stands here: token68 characters, then
// '='s, then the end of the challenge (end or comma). Otherwise it consumes
// nothing.
func (p *parser) token68() (string, bool) {
	i := p.pos
	for i < len(p.s) && isToken68Char(p.s[i]) {
		i++
	}
	if i == p.pos {
		return "", false
	}
	for i < len(p.s) && p.s[i] == '=' {
		i++
	}
	j := i
	for j < len(p.s) && (p.s[j] == ' ' || p.s[j] == '\t') {
		j++
	}
	if j < len(p.s) && p.s[j] != ',' {
		return "", false
	}
	// "name=value" with nothing after would look like token68 "name=" only
	// when the '=' run ends the challenge; a token followed by a single '='
	// and then ',' is still taken as token68, as RFC 9110 says.
	t := p.s[p.pos:i]
	p.pos = j
	return t, true
}

// paramAhead reports whether "token BWS =" (not "==") starts here: an
// auth-param rather than a new challenge's scheme.
func (p *parser) paramAhead() bool {
	i := p.pos
	for i < len(p.s) && isTchar(p.s[i]) {
		i++
	}
	if i == p.pos {
		return false
	}
	for i < len(p.s) && (p.s[i] == ' ' || p.s[i] == '\t') {
		i++
	}
	return i < len(p.s) && p.s[i] == '=' && (i+1 >= len(p.s) || p.s[i+1] != '=')
}

func (p *parser) quoted() (string, error) {
	start := p.pos
	p.pos++ // opening quote
	var b strings.Builder
	for !p.eof() {
		c := p.peek()
		switch c {
		case '"':
			p.pos++
			return b.String(), nil
		case '\\':
			p.pos++
			if p.eof() {
				p.pos = start
				return "", p.errorf("unterminated quoted string")
			}
			b.WriteByte(p.peek())
		default:
			b.WriteByte(c)
		}
		p.pos++
	}
	p.pos = start
	return "", p.errorf("unterminated quoted string")
}
