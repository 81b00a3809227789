package aadsts

import (
	"strings"

	"golang.org/x/text/encoding/unicode"
)

// toUTF8 returns text as UTF-8. Windows PowerShell's '>' and Out-File
// write UTF-16 (little-endian) with a byte order mark; BigEndianUnicode
// writes it big-endian. A UTF-16 text with its mark is decoded (what is not
// valid UTF-16, such as an odd last byte or an unpaired surrogate, becomes
// U+FFFD); a UTF-8 mark is removed. Anything else is returned as it is.
func toUTF8(text string) string {
	var e unicode.Endianness
	switch {
	case strings.HasPrefix(text, "\xEF\xBB\xBF"):
		return text[3:]
	case strings.HasPrefix(text, "\xFF\xFE"):
		e = unicode.LittleEndian
	case strings.HasPrefix(text, "\xFE\xFF"):
		e = unicode.BigEndian
	default:
		return text
	}
	// ExpectBOM: the decoder reads the mark and follows it.
	s, err := unicode.UTF16(e, unicode.ExpectBOM).NewDecoder().String(text)
	if err != nil { // not reached: the decoder replaces what it cannot read
		return text
	}
	return s
}
