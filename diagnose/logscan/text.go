package logscan

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/unicode"

	"github.com/whdctl/whdctl/internal/sniff"
)

// ErrBinary is returned for input that is not a text log.
var ErrBinary = errors.New("not a text log")

// sniffLen is how much of an input's start decides how it is read.
const sniffLen = sniff.Len

// sniffText reads the start of r and returns a reader of the whole input as
// UTF-8 text: UTF-16 (with a byte-order mark, or recognised by its zero
// bytes) is decoded, and a UTF-8 byte-order mark dropped. Input that is
// binary gives ErrBinary. A read error met here comes after the bytes
// read before it, as it would have without the sniffing.
func sniffText(r io.Reader) (io.Reader, error) {
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

// utf16Of says whether head is UTF-16 and in which byte order (a byte order
// mark, or at least 8 byte pairs whose zero bytes show it).
func utf16Of(head []byte) (unicode.Endianness, bool) { return sniff.UTF16(head, 8) }

// binaryKind says what head is when it is not text, "" when it is text.
// Text may hold stray NULs (a crash leaves zero-filled space in a log) and
// terminal colour codes; what makes it binary is a known file signature,
// or more than 1 in 20 of its other bytes being control bytes or starts of
// NUL runs, at least 4 of them. A start of NULs only has nothing to judge:
// it is text.
func binaryKind(head []byte) string {
	if kind, what, ok := sniff.Signature(head); ok {
		switch {
		case kind == sniff.Gzip:
			return "gzip data inside gzip data"
		case kind.Archive():
			return what + " (extract it and scan the files)"
		case kind.Compressed():
			return what + " (decompress it first: " + string(kind) + " -d)"
		}
		return what
	}
	if text, odd := sniff.Control(head); text > 0 && odd*20 > text && odd >= 4 {
		return "binary data"
	}
	return ""
}
