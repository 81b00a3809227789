package aadsts

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// toUTF8 returns text as UTF-8. Windows PowerShell's '>' and Out-File
// write UTF-16 (little-endian) with a byte order mark; BigEndianUnicode
// writes it big-endian. A UTF-16 text with its mark is decoded (an odd last
// byte is dropped, an unpaired surrogate becomes U+FFFD); a UTF-8 mark is
// removed. Anything else is returned as it is.
//
// The standard library's unicode/utf16 is all this needs, so whdctl takes
// no extra module for it.
func toUTF8(text string) string {
	switch {
	case strings.HasPrefix(text, "\xEF\xBB\xBF"):
		return text[3:]
	case strings.HasPrefix(text, "\xFF\xFE"):
		return fromUTF16(text[2:], false)
	case strings.HasPrefix(text, "\xFE\xFF"):
		return fromUTF16(text[2:], true)
	}
	return text
}

func fromUTF16(b string, bigEndian bool) string {
	var out strings.Builder
	out.Grow(len(b) / 2)
	var buf [utf8.UTFMax]byte
	n := len(b) / 2
	for i := 0; i < n; i++ {
		u := rune(b[2*i]) | rune(b[2*i+1])<<8
		if bigEndian {
			u = rune(b[2*i])<<8 | rune(b[2*i+1])
		}
		if utf16.IsSurrogate(u) {
			r := utf8.RuneError
			if u < 0xDC00 && i+1 < n {
				v := rune(b[2*i+2]) | rune(b[2*i+3])<<8
				if bigEndian {
					v = rune(b[2*i+2])<<8 | rune(b[2*i+3])
				}
				if dec := utf16.DecodeRune(u, v); dec != utf8.RuneError {
					r = dec
					i++
				}
			}
			u = r
		}
		out.Write(buf[:utf8.EncodeRune(buf[:], u)])
	}
	return out.String()
}
