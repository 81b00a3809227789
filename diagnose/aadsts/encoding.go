package aadsts

import (
	"strings"

	"golang.org/x/text/encoding/unicode"
)

// sniffLen is how much of an input's start decides how it is read.
const sniffLen = 8 << 10

// NotTextError is Text's error for input that is not text: a compressed
// file, an archive, an image, or binary data.
type NotTextError struct {
	What string // what it is: "gzip-compressed data", "a zip archive", "binary data", ...
	Gzip bool   // it is gzip data (a .gz file): decompressed, it may be a log
}

func (e *NotTextError) Error() string { return e.What + ", not text" }

// magics are the starts of files that are not text: archives and compressed
// files (a log rotated to .gz, a zip of logs), images and documents (a
// screenshot of the error), dumps and programs.
var magics = []struct{ prefix, what string }{
	{"\x1f\x8b", "gzip-compressed data"},
	{"PK\x03\x04", "a zip archive"},
	{"PK\x05\x06", "a zip archive"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"\xfd7zXZ\x00", "xz-compressed data"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed data"},
	{"BZh", "bzip2-compressed data"},
	{"%PDF-", "a PDF document"},
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF8", "a GIF image"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document or Outlook message"},
	{"JAVA PROFILE ", "a Java heap dump"},
	{"\x7fELF", "a program or core file"},
	{"MZ", "a Windows program"},
	{"\xca\xfe\xba\xbe", "a Java class file"},
	{"\xac\xed\x00\x05", "serialized Java objects"},
	{"SQLite format 3\x00", "an SQLite database"},
	{"MDMP\x93\xa7", "a Windows crash dump"},
}

// Text returns data as UTF-8 text, as Decode reads it: UTF-16 (with a byte
// order mark, or told by its zero bytes) is decoded and a UTF-8 byte order
// mark dropped. Data that is not text gives a *NotTextError: a known file
// signature (gzip, zip, an image, ...), or control bytes and NUL runs making
// more than 1 in 20 of its first 8 KiB. Text in a legacy 8-bit code page
// (Windows-1252) is text; a stray NUL in a long log is too.
func Text(data string) (string, error) {
	for _, m := range magics {
		if strings.HasPrefix(data, m.prefix) {
			if m.prefix == "BZh" && !strings.HasPrefix(data[min(len(data), 4):], "1AY&SY") {
				continue
			}
			if m.prefix == "MZ" && !strings.Contains(data[:min(len(data), 512)], "This program cannot be run in DOS mode") {
				continue
			}
			return "", &NotTextError{What: m.what, Gzip: m.prefix == "\x1f\x8b"}
		}
	}
	if len(data) > 262 && data[257:262] == "ustar" {
		return "", &NotTextError{What: "a tar archive"}
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
	var text, odd int
	prev := byte(1)
	for i := 0; i < len(head); i++ {
		switch c := head[i]; {
		case c == 0:
			if prev != 0 {
				odd++
			}
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b, c == 0x7f:
			odd++
			text++
		default:
			text++
		}
		prev = head[i]
	}
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

// utf16Of says whether head is UTF-16, and in which byte order: it starts
// with a byte order mark (not UTF-32's), or, without one, one byte of each
// pair is zero in most pairs and the other almost never, as in ASCII text
// written as UTF-16. diagnose logs reads its files by the same rule.
func utf16Of(head string) (unicode.Endianness, bool) {
	switch {
	case strings.HasPrefix(head, "\xFF\xFE") && !strings.HasPrefix(head, "\xFF\xFE\x00\x00"):
		return unicode.LittleEndian, true
	case strings.HasPrefix(head, "\xFE\xFF"):
		return unicode.BigEndian, true
	}
	pairs := len(head) / 2
	if pairs < 2 || strings.IndexByte(head, 0) < 0 {
		return unicode.LittleEndian, false
	}
	var zeroEven, zeroOdd int
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			zeroEven++
		}
		if head[i+1] == 0 {
			zeroOdd++
		}
	}
	switch {
	case zeroOdd*2 > pairs && zeroEven*20 < pairs:
		return unicode.LittleEndian, true
	case zeroEven*2 > pairs && zeroOdd*20 < pairs:
		return unicode.BigEndian, true
	}
	return unicode.LittleEndian, false
}
