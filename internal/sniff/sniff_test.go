package sniff

import (
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func TestSignature(t *testing.T) {
	for in, want := range map[string]Kind{
		"\x1f\x8b\x08\x00":                Gzip,
		"PK\x03\x04rest":                  Zip,
		"BZh91AY&SY...":                   Bzip2,
		"BZh is how this log line starts": "",
		"MZ\x90\x00 This program cannot be run in DOS mode": Windows,
		"MZ is not a program here":                          "",
		"2026-12-04 10:00:00 ERROR x":                       "",
	} {
		kind, what, ok := Signature([]byte(in))
		if kind != want || ok != (want != "") || ok && what == "" {
			t.Errorf("Signature(%q) = %q %q %v, want %q", in, kind, what, ok, want)
		}
	}
}

func TestControlAndUTF16(t *testing.T) {
	if text, odd := Control([]byte("a\x00\x00\x00b\x01\tc\n")); text != 6 || odd != 2 {
		t.Errorf("Control = %d %d, want 6 2", text, odd)
	}
	le := []byte("h\x00e\x00l\x00l\x00o\x00 \x00w\x00o\x00r\x00l\x00d\x00")
	if e, ok := UTF16(le, 8); !ok || e != unicode.LittleEndian {
		t.Errorf("UTF16(le) = %v %v", e, ok)
	}
	if _, ok := UTF16(le, 64); ok {
		t.Error("UTF16 took too short an input without a mark")
	}
	if _, ok := UTF16([]byte("\xff\xfe\x00\x00"), 8); ok {
		t.Error("UTF-32's mark taken for UTF-16")
	}
}
