package aadsts

import (
	"strings"

	"golang.org/x/text/encoding/unicode"

	"github.com/whdctl/whdctl/internal/sniff"
)

// sniffLen is how much of an input's start decides how it is read.
const sniffLen = sniff.Len

// NotTextError is Text's error for input that is not text: a compressed
// file, an archive, an image, or binary data.
type NotTextError struct {
	What string // what it is: "gzip-compressed data", "a zip archive", "binary data", ...
	Gzip bool   // it is gzip data (a .gz file): decompressed, it may be a log
}

func (e *NotTextError) Error() string { return e.What + ", not text" }

// Text returns data as UTF-8 text, as Decode reads it: UTF-16 (with a byte
// order mark, or told by its zero bytes) is decoded and a UTF-8 byte order
// mark dropped. Data that is not text gives a *NotTextError: a known file
// signature (gzip, zip, an image, ...), or control bytes and NUL runs making
// more than 1 in 20 of its first 8 KiB. Text in a legacy 8-bit code page
// (Windows-1252) is text; a stray NUL in a long log is too.
func Text(data string) (string, error) {
	head := []byte(data[:min(len(data), 512)])
	if kind, what, ok := sniff.Signature(head); ok {
		return "", &NotTextError{What: what, Gzip: kind == sniff.Gzip}
	}
	text := toUTF8(data)
	if controlBytes(text[:min(len(text), sniffLen)]) {
		return "", &NotTextError{What: "binary data"}
	}
	return text, nil
}

// controlBytes reports whether head has the control bytes of binary data:
// nothing else, or more than 1 in 20 of its bytes control bytes or starts
// of NUL runs (a run counts once: a crash leaves zero-filled space in a
// log), at least two of them. Tabs, line breaks and the escape of
// terminal colours are text.
func controlBytes(head string) bool {
	text, odd := sniff.Control([]byte(head))
	return odd > 0 && (text == 0 || (odd*20 > text && odd >= 2))
}

// toUTF8 returns text as UTF-8. Windows PowerShell's '>' and Out-File
// write UTF-16 (little-endian) with a byte order mark; BigEndianUnicode
// writes it big-endian; some programs write UTF-16 without the mark, told
// by its zero bytes (see utf16Of). UTF-16 is decoded (what is not valid
// UTF-16, such as an odd last byte or an unpaired surrogate, becomes
// U+FFFD); a UTF-8 mark is removed. Anything else is returned as it is.
func toUTF8(text string) string {
	if strings.HasPrefix(text, "\xEF\xBB\xBF") {
		return text[3:]
	}
	e, ok := utf16Of(text[:min(len(text), sniffLen)])
	if !ok {
		return text
	}
	// UseBOM: a mark, when there is one, is read and followed.
	s, err := unicode.UTF16(e, unicode.UseBOM).NewDecoder().String(text)
	if err != nil { // not reached: the decoder replaces what it cannot read
		return text
	}
	return s
}

// utf16Of says whether head is UTF-16, and in which byte order (a byte
// order mark, or at least 2 byte pairs whose zero bytes show it), by the
// rule diagnose logs reads its files with.
func utf16Of(head string) (unicode.Endianness, bool) { return sniff.UTF16([]byte(head), 2) }
