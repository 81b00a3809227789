package token

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whdctl/whdctl/internal/redact"
)

// echoMax is the longest value Echo quotes in full when it has none of the
// shapes an identifier, a domain or a path has.
const echoMax = 24

// Echo quotes a value from the command line for an error message about it.
// A secret pasted in the wrong place (as a stray argument, --client-id,
// --tenant or a file name) must not be printed back: what internal/redact
// recognises as a credential (an Entra secret's Value, key=value) is
// masked, and a long value of any other shape is not shown, only its
// length. GUIDs, domains, URLs and paths, the values
// these options take, are quoted whole.
func Echo(v string) string {
	if m := redact.String(v); m != v {
		return strconv.Quote(m)
	}
	if len(v) <= echoMax || plainShape(v) {
		return strconv.Quote(v)
	}
	return fmt.Sprintf("(a value of %d characters, not shown in case it is a secret)", utf8.RuneCountInString(v))
}

// plainShape reports whether v is made only of the characters of GUIDs,
// domain names, URLs and paths, and has no secret-like mix: a base64 or
// Entra secret has '+', '=', '~' or other punctuation these lack.
func plainShape(v string) bool {
	return strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_/\\: ") == "" &&
		(strings.ContainsAny(v, "/\\") || !strings.ContainsAny(v, "_:"))
}
