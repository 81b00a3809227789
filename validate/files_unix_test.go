//go:build linux

package validate

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	utf16pkg "unicode/utf16"

	"github.com/whdctl/whdctl/patcher"
)

// TestBadInput: each unusable file gets its own clear message, and the
// usable files are still checked.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := write(t, filepath.Join(dir, "ok", "whd.conf"), []byte("DEFAULT_PORT=8081\nA=$(date)\n"))
	big := filepath.Join(dir, "big", "whd.conf")
	write(t, big, nil)
	if err := os.Truncate(big, patcher.MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.conf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop.conf")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.conf")
	if err := os.Symlink(filepath.Join(dir, "gone"), dangling); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		input Input
		want  string
	}{
		{Input{Path: filepath.Join(dir, "missing.conf")}, "no such file"},
		{Input{Path: dir}, "is a folder"},
		{Input{Path: write(t, filepath.Join(dir, "bin.conf"), []byte("\x7fELF\x02\x01\x00\x00wrapper.java.additional.1=x\n"))}, "NUL byte"},
		{Input{Path: big}, "at most 16 MiB"},
		{Input{Path: write(t, filepath.Join(dir, "u16bom", "whd.conf"), utf16(t, "\ufeffDEFAULT_PORT=8081\n", false))}, "is saved as UTF-16 (little-endian, with a byte order mark), which WHD does not read as a config file: save it as UTF-8 without BOM"},
		{Input{Path: write(t, filepath.Join(dir, "u16le", "whd.conf"), utf16(t, "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Da=1\"\n", false))}, "is saved as UTF-16 (little-endian, without a byte order mark)"},
		{Input{Path: write(t, filepath.Join(dir, "u16be", "wrapper_template.conf"), utf16(t, "#encoding=UTF-8\n", true))}, "is saved as UTF-16 (big-endian, without a byte order mark)"},
		{Input{Path: write(t, filepath.Join(dir, "u16cjk", "whd.conf"), utf16(t, "\ufeff# 設定\n", true))}, "is saved as UTF-16 (big-endian, with a byte order mark)"},
		{Input{Path: write(t, filepath.Join(dir, "empty", "whd.conf"), nil)}, "is empty"},
		{Input{Path: write(t, filepath.Join(dir, "blank", "wrapper_template.conf"), []byte("\ufeff \r\n\n\t\n"))}, "only blank lines"},
		{Input{Path: write(t, filepath.Join(dir, "notes.txt"), []byte("just some notes\n"))}, "use --format wrapper or --format whdconf"},
		{Input{Path: fifo}, "not a regular file"},
		{Input{Path: loop}, "points to itself"},
		{Input{Path: "/proc/self/mem"}, "input/output error"},
		{Input{Path: dangling}, "which does not exist"},
	}
	inputs := []Input{{Path: good}}
	for _, c := range cases {
		inputs = append(inputs, c.input)
	}
	res := Files(t.Context(), inputs, Options{Workers: 3})
	if res.Files != 1 || !has(res.Findings, "WHD205") {
		t.Errorf("the readable file was not checked: files %d, findings %v", res.Files, res.Findings)
	}
	if len(res.Errors) != len(cases) {
		t.Fatalf("errors = %d, want %d: %v", len(res.Errors), len(cases), res.Errors)
	}
	for i, c := range cases {
		e := res.Errors[i]
		if e.File != c.input.Path || !strings.Contains(e.Message, c.want) {
			t.Errorf("%s: got %q, want a message with %q", c.input.Path, e.Message, c.want)
		}
		if strings.Contains(e.Message, c.input.Path) {
			t.Errorf("the message repeats the path: %q", e.Message)
		}
	}
}

// TestUnreadable needs a user whom file permissions stop (not root).
func TestUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop reading (the message is tested through ReadConfig's callers)")
	}
	p := write(t, filepath.Join(t.TempDir(), "whd.conf"), []byte("DEFAULT_PORT=8081\n"))
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	res := Files(t.Context(), []Input{{Path: p}}, Options{})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "permission denied") {
		t.Errorf("got %+v", res)
	}
}

// utf16 encodes s as UTF-16 (little- or big-endian); a BOM is kept as written.
func utf16(t *testing.T, s string, bigEndian bool) []byte {
	t.Helper()
	var out []byte
	for _, u := range utf16pkg.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}
