// Package sniff tells, from the start of an input, how to read it as text:
// UTF-16 with or without a byte order mark, a known file signature that is
// not text (an archive, a compressed file, an image, a dump), or binary
// data told by its control bytes. diagnose logs and diagnose aadsts read
// their inputs by the same rules.
package sniff

import (
	"bytes"

	"golang.org/x/text/encoding/unicode"
)

// Len is how much of an input's start decides how it is read.
const Len = 8 << 10

// Kind names a file signature.
type Kind string

// The signatures Signature knows.
const (
	Gzip     Kind = "gzip"
	Zip      Kind = "zip"
	SevenZip Kind = "7z"
	RAR      Kind = "rar"
	XZ       Kind = "xz"
	Zstd     Kind = "zstd"
	Bzip2    Kind = "bzip2"
	Tar      Kind = "tar"
	PDF      Kind = "pdf"
	Image    Kind = "image"
	Office   Kind = "office"
	HeapDump Kind = "heapdump"
	ELF      Kind = "elf"
	Windows  Kind = "exe"
	Class    Kind = "class"
	JavaSer  Kind = "javaser"
	SQLite   Kind = "sqlite"
	MiniDump Kind = "minidump"
)

// Archive reports a kind that holds files (extract it first).
func (k Kind) Archive() bool { return k == Zip || k == SevenZip || k == RAR || k == Tar }

// Compressed reports a kind that holds one compressed stream.
func (k Kind) Compressed() bool { return k == Gzip || k == XZ || k == Zstd || k == Bzip2 }

var signatures = []struct {
	prefix string
	kind   Kind
	what   string
}{
	{"\x1f\x8b", Gzip, "gzip-compressed data"},
	{"PK\x03\x04", Zip, "a zip archive"},
	{"PK\x05\x06", Zip, "a zip archive"},
	{"7z\xbc\xaf\x27\x1c", SevenZip, "a 7-Zip archive"},
	{"Rar!\x1a\x07", RAR, "a RAR archive"},
	{"\xfd7zXZ\x00", XZ, "xz-compressed data"},
	{"\x28\xb5\x2f\xfd", Zstd, "zstd-compressed data"},
	{"BZh", Bzip2, "bzip2-compressed data"},
	{"%PDF-", PDF, "a PDF document"},
	{"\x89PNG\r\n\x1a\n", Image, "a PNG image"},
	{"\xff\xd8\xff", Image, "a JPEG image"},
	{"GIF8", Image, "a GIF image"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Office, "an Office document or Outlook message"},
	{"JAVA PROFILE ", HeapDump, "a Java heap dump"},
	{"\x7fELF", ELF, "a program or core file"},
	{"MZ", Windows, "a Windows program"},
	{"\xca\xfe\xba\xbe", Class, "a Java class file"},
	{"\xac\xed\x00\x05", JavaSer, "serialized Java objects"},
	{"SQLite format 3\x00", SQLite, "an SQLite database"},
	{"MDMP\x93\xa7", MiniDump, "a Windows crash dump"},
}

// Signature returns the kind of file head starts as, and what it is in
// words ("a zip archive"), when it is a known file that is not text. The
// short signatures are confirmed by what follows them (bzip2's block
// magic, a Windows program's DOS stub), so that text starting "BZh" or
// "MZ" stays text.
func Signature(head []byte) (Kind, string, bool) {
	for _, s := range signatures {
		if !bytes.HasPrefix(head, []byte(s.prefix)) {
			continue
		}
		if s.kind == Bzip2 && !bytes.HasPrefix(head[min(len(head), 4):], []byte("1AY&SY")) {
			continue
		}
		if s.kind == Windows && !bytes.Contains(head[:min(len(head), 512)], []byte("This program cannot be run in DOS mode")) {
			continue
		}
		return s.kind, s.what, true
	}
	if len(head) > 262 && bytes.Equal(head[257:262], []byte("ustar")) {
		return Tar, "a tar archive", true
	}
	return "", "", false
}

// Control counts, in head, the bytes of text and the odd bytes: control
// bytes and starts of NUL runs (a run counts once: a crash leaves
// zero-filled space in a log). Tabs, line breaks and the escape of
// terminal colours are text. Callers judge binary data by the share of
// odd bytes.
func Control(head []byte) (text, odd int) {
	prev := byte(1)
	for _, c := range head {
		switch {
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
		prev = c
	}
	return text, odd
}

// UTF16 says whether head is UTF-16, and in which byte order: it starts
// with a byte order mark (not UTF-32's), or, without one and with at least
// minPairs byte pairs, one byte of each pair is zero in most pairs and the
// other almost never, as in ASCII text written as UTF-16.
func UTF16(head []byte, minPairs int) (unicode.Endianness, bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}) && !bytes.HasPrefix(head, []byte{0xff, 0xfe, 0, 0}):
		return unicode.LittleEndian, true
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return unicode.BigEndian, true
	}
	pairs := len(head) / 2
	if pairs < minPairs || bytes.IndexByte(head, 0) < 0 {
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
