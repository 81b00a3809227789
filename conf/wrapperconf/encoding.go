package wrapperconf

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// knownEncodings are the #encoding names the real wrapper 3.5.51 was seen
// to accept (case-insensitive). Observed refused: UTF8, latin1,
// windows-1252, ASCII, Cp1253-Cp1258, SJIS and others.
var knownEncodings = map[string]bool{"utf-8": true, "default": true, "cp1250": true, "cp1251": true, "cp1252": true, "koi8-r": true, "koi8-u": true}

func init() {
	for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16} {
		knownEncodings[fmt.Sprintf("iso-8859-%d", n)] = true
	}
}

// KnownEncoding reports whether the wrapper was seen to accept this
// #encoding name (as written: a leading space is refused too).
func KnownEncoding(name string) bool { return knownEncodings[strings.ToLower(name)] }

// EncodingName returns the name of a line 1 #encoding= directive as the
// wrapper reads it (up to the first space; a tab is part of the name), and
// whether line 1 is such a directive. A BOM before it is skipped.
func EncodingName(src []byte) (string, bool) {
	first := bytes.TrimPrefix(src, []byte("\ufeff"))
	if i := bytes.IndexAny(first, "\r\n"); i >= 0 {
		first = first[:i]
	}
	name, ok := strings.CutPrefix(string(first), "#encoding=")
	if !ok {
		return "", false
	}
	name, _, _ = strings.Cut(name, " ")
	return name, true
}

// DeclaresUTF8 reports whether src starts with #encoding=UTF-8 (any case),
// so that the wrapper decodes it as UTF-8 whatever the system's code page.
func DeclaresUTF8(src []byte) bool {
	name, ok := EncodingName(src)
	return ok && strings.EqualFold(name, "UTF-8")
}

// BadUTF8 is a byte sequence that the wrapper's UTF-8 reader refuses.
type BadUTF8 struct {
	Line, Col int    // 1-based; Col counts bytes
	Off       int    // byte offset in the file
	Bytes     []byte // the offending bytes (at most 4)
}

// FindBadUTF8 returns the first byte sequence of src that the wrapper
// refuses when it reads the file as UTF-8: it then logs "Invalid multibyte
// sequence" for that line, "Failed to load configuration", and stops, even
// when the line is a comment (observed on wrapper 3.5.51: a Windows-1252
// byte, a truncated sequence, an overlong form and a surrogate are all
// refused). The original UTF-8 forms above U+10FFFF (4 to 6 bytes, not
// overlong) are loaded, as replacement characters, so they are not
// reported.
func FindBadUTF8(src []byte) (BadUTF8, bool) {
	line, lineStart := 1, 0
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				line, lineStart = line+1, i+1
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r != utf8.RuneError || n > 1 {
			i += n
			continue
		}
		if n := beyondUnicode(src[i:]); n > 0 {
			i += n
			continue
		}
		end := min(i+4, len(src))
		return BadUTF8{Line: line, Col: i - lineStart + 1, Off: i, Bytes: src[i:end:end][:badLen(src[i:end])]}, true
	}
	return BadUTF8{}, false
}

// Hex is the offending bytes as "0xC3 0xA9".
func (b BadUTF8) Hex() string {
	parts := make([]string, len(b.Bytes))
	for i, c := range b.Bytes {
		parts[i] = fmt.Sprintf("0x%02X", c)
	}
	return strings.Join(parts, " ")
}

// Words names the offending bytes in a sentence: "byte 0xE9" or "bytes
// 0xED 0xA0 0x80".
func (b BadUTF8) Words() string {
	if len(b.Bytes) == 1 {
		return "byte " + b.Hex()
	}
	return "bytes " + b.Hex()
}

// Verb is the verb that goes with Words: "is" or "are".
func (b BadUTF8) Verb() string {
	if len(b.Bytes) == 1 {
		return "is"
	}
	return "are"
}

func isCont(b byte) bool { return b&0xc0 == 0x80 }

// badLen is how many bytes of b to show: the lead byte and the
// continuation bytes that follow it.
func badLen(b []byte) int {
	n := 1
	for n < len(b) && isCont(b[n]) {
		n++
	}
	return n
}

// beyondUnicode is the length of the UTF-8 sequence at the start of b when
// it is one of the original UTF-8 forms of a value above U+10FFFF (up to
// 6 bytes, shortest form), which the wrapper reads without complaint; else 0.
func beyondUnicode(b []byte) int {
	var n int
	var min2 byte // the lowest second byte of the shortest form
	switch c := b[0]; {
	case c == 0xf4:
		n, min2 = 4, 0x90
	case c >= 0xf5 && c <= 0xf7:
		n, min2 = 4, 0x80
	case c == 0xf8:
		n, min2 = 5, 0x88
	case c >= 0xf9 && c <= 0xfb:
		n, min2 = 5, 0x80
	case c == 0xfc:
		n, min2 = 6, 0x84
	case c == 0xfd:
		n, min2 = 6, 0x80
	default:
		return 0
	}
	if len(b) < n || b[1] < min2 {
		return 0
	}
	for _, x := range b[1:n] {
		if !isCont(x) {
			return 0
		}
	}
	return n
}

// BadFile is a file of the configuration that the wrapper refuses to load
// for its encoding (see FindBadUTF8).
type BadFile struct {
	Path string // "" for the main file
	Src  []byte
	Bad  BadUTF8
	// Include is the #include directive that reads the file (nil for the
	// main file).
	Include *IncludeStatus
}

// BadEncodings returns the files of c that declare #encoding=UTF-8 and
// hold a sequence the wrapper refuses: the main file, every #include'd file
// read, and the files an #include with a variable from the service's
// environment may read (the host's license file). The
// wrapper refuses the whole configuration when any of them fails ("Included
// configuration file ... Invalid multibyte sequence", observed on wrapper
// 3.5.51). A file without #encoding is read in the system's code page, which
// on Windows takes any byte, so it is not reported.
func (c *Config) BadEncodings() []BadFile {
	var out []BadFile
	check := func(path string, src []byte, inc *IncludeStatus) {
		if !DeclaresUTF8(src) {
			return
		}
		if bad, ok := FindBadUTF8(src); ok {
			out = append(out, BadFile{Path: path, Src: src, Bad: bad, Include: inc})
		}
	}
	check("", c.Main.File.Src, nil)
	for i := range c.Includes {
		inc := &c.Includes[i]
		if inc.Found {
			for _, s := range c.Sources[1:] {
				if s.Path == inc.Resolved {
					check(s.Path, s.File.Src, inc)
					break
				}
			}
		}
		for _, m := range inc.Matched {
			if m.Err == nil {
				check(m.Path, m.Src, inc)
			}
		}
	}
	return out
}
