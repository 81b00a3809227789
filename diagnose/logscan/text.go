package logscan

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/unicode"
)

// ErrBinary is returned for input that is not a text log.
var ErrBinary = errors.New("not a text log")

// sniffLen is how much of an input's start decides how it is read.
const sniffLen = 8 << 10

// magics are the starts of binary files found beside logs: archives and
// compressed files (a .gz inside a .gz, zips of old logs), heap dumps, core
// files and programs. Anything else is judged by its control bytes.
var magics = []struct {
	prefix, what string
}{
	{"\x1f\x8b", "gzip data inside gzip data"},
	{"PK\x03\x04", "a zip archive (extract it and scan the files)"},
	{"PK\x05\x06", "a zip archive (extract it and scan the files)"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (extract it and scan the files)"},
	{"Rar!\x1a\x07", "a RAR archive (extract it and scan the files)"},
	{"\xfd7zXZ\x00", "xz data (decompress it first: xz -d)"},
	{"\x28\xb5\x2f\xfd", "zstd data (decompress it first: zstd -d)"},
	{"BZh", "bzip2 data (decompress it first: bzip2 -d)"},
	{"JAVA PROFILE ", "a Java heap dump"},
	{"\x7fELF", "a program or core file"},
	{"\xca\xfe\xba\xbe", "a Java class file"},
	{"\xac\xed\x00\x05", "serialized Java objects"},
	{"%PDF-", "a PDF document"},
	{"\x89PNG\r\n\x1a\n", "an image"},
	{"\xff\xd8\xff", "an image"},
	{"SQLite format 3\x00", "an SQLite database"},
	{"MDMP\x93\xa7", "a Windows crash dump"},
}

// sniff reads the start of r and returns a reader of the whole input as
// UTF-8 text: UTF-16 (with a byte-order mark, or recognised by its zero
// bytes) is decoded, and a UTF-8 byte-order mark dropped. Input that is
// binary gives ErrBinary. A read error met here comes after the bytes
// read before it, as it would have without the sniffing.
func sniff(r io.Reader) (io.Reader, error) {
	head, r := peek(r)
	if order, ok := utf16Of(head); ok {
		head, r = peek(unicode.UTF16(order, unicode.UseBOM).NewDecoder().Reader(r))
	} else if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		io.ReadFull(r, make([]byte, 3)) // from head, in memory
		head = head[3:]
	}
	if what := binaryKind(head); what != "" {
		return nil, fmt.Errorf("%w: %s", ErrBinary, what)
	}
	return r, nil
}

// peek reads up to sniffLen bytes of r and returns them and a reader of
// all of r.
func peek(r io.Reader) ([]byte, io.Reader) {
	head := make([]byte, sniffLen)
	n, err := fill(r, head)
	head = head[:n]
	switch err {
	case nil:
		return head, io.MultiReader(bytes.NewReader(head), r)
	case io.EOF:
		return head, bytes.NewReader(head)
	}
	return head, io.MultiReader(bytes.NewReader(head), errReader{err})
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// utf16Of says whether head is UTF-16, and in which byte order: it starts
// with a byte-order mark, or (no mark) one byte of each pair is zero much
// more often than the other, as in ASCII text written as UTF-16.
func utf16Of(head []byte) (unicode.Endianness, bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}) && !bytes.HasPrefix(head, []byte{0xff, 0xfe, 0, 0}): // not UTF-32
		return unicode.LittleEndian, true
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return unicode.BigEndian, true
	}
	pairs := len(head) / 2
	if pairs < 8 {
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

// binaryKind says what head is when it is not text, "" when it is text.
// Text may hold stray NULs (a crash leaves zero-filled space in a log) and
// terminal colour codes; what makes it binary is a known file signature,
// or more than 1 in 20 of its other bytes being control bytes or starts of
// NUL runs. A start of NULs only has nothing to judge: it is text.
func binaryKind(head []byte) string {
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			if m.prefix == "BZh" && !bytes.HasPrefix(head[min(len(head), 4):], []byte("1AY&SY")) {
				continue
			}
			return m.what
		}
	}
	if len(head) > 262 && bytes.Equal(head[257:262], []byte("ustar")) {
		return "a tar archive (extract it and scan the files)"
	}
	var text, odd int
	prev := byte(1)
	for _, c := range head {
		switch {
		case c == 0:
			if prev != 0 {
				odd++ // a run of NULs counts once
			}
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b, c == 0x7f:
			odd++
			text++
		default:
			text++
		}
		prev = c
	}
	if text > 0 && odd*20 > text && odd >= 4 {
		return "binary data"
	}
	return ""
}
