package logscan

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/rand"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func scanBytes(t *testing.T, name string, data []byte) (Report, error) {
	t.Helper()
	s := NewScanner(time.Time{})
	s.SetLocation(time.UTC)
	err := s.Scan(context.Background(), name, bytes.NewReader(data))
	return s.Report(), err
}

// A stray NUL (a crash leaves preallocated, zero-filled space behind) does
// not make a log binary: the lines around it are scanned, and a line that
// starts after a run of NULs still starts an entry with its time.
func TestScanStrayNUL(t *testing.T) {
	before := "2026-12-04 09:00:00,000 ERROR [Mail] AADSTS700082: The refresh token has expired.\n"
	after := "2026-12-04 10:00:00,000 ERROR [Mail] AADSTS50011: The redirect URI does not match.\n" +
		"2026-12-04 10:05:00,000 ERROR [Mail] AADSTS50011: The redirect URI does not match.\n"
	for name, in := range map[string]string{
		"leading NUL":        "\x00" + before + after,
		"NUL inside a line":  strings.Replace(before, "ERROR", "ERR\x00OR", 1) + after,
		"zero-filled block":  before + strings.Repeat("\x00", 3000) + after,
		"zero-filled line":   before + strings.Repeat("\x00", 3000) + "\n" + after,
		"block at the start": strings.Repeat("\x00", 10000) + "\n" + before + after,
	} {
		rep, err := scanBytes(t, "crash.log", []byte(in))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got := brief(rep.Groups)
		want := []groupWant{
			{KindOAuth, "AADSTS50011", 2, "2026-12-04 10:00:00", "2026-12-04 10:05:00", got[0].where},
			{KindOAuth, "AADSTS700082", 1, "2026-12-04 09:00:00", "2026-12-04 09:00:00", got[1].where},
		}
		if len(got) != 2 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: groups %+v", name, got)
		}
		for _, g := range rep.Groups {
			if strings.Contains(g.Example, "\x00") {
				t.Errorf("%s: example shows NUL bytes: %q", name, g.Example)
			}
		}
	}
}

// Binary content is still refused: known formats by their magic, anything
// else by its share of control bytes.
func TestScanRejectsBinary(t *testing.T) {
	random := make([]byte, 8192)
	rand.New(rand.NewSource(1)).Read(random)
	elf := append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 200)...)
	for name, data := range map[string][]byte{
		"gzip":    {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3},
		"zip":     append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), []byte("whd.log 2026-12-04 AADSTS700082\n")...),
		"hprof":   append([]byte("JAVA PROFILE 1.0.2\x00"), make([]byte, 100)...),
		"elf":     elf,
		"random":  random,
		"records": bytes.Repeat([]byte("\x01\x00\x00\x00\x02\x00AADSTS50011\x03\x00\x00\x00\x10"), 300),
	} {
		if _, err := scanBytes(t, name, data); !errors.Is(err, ErrBinary) {
			t.Errorf("%s: err = %v, want ErrBinary", name, err)
		}
	}
	// Colour codes (ESC) and form feeds are text.
	rep, err := scanBytes(t, "colour.log", []byte(strings.Repeat("\x1b[31m2026-12-04 10:00:00 ERROR\x1b[0m AADSTS50011 x\n\f", 40)))
	if err != nil || len(rep.Groups) != 1 || rep.Groups[0].Count != 40 {
		t.Errorf("coloured log: %v %+v", err, brief(rep.Groups))
	}
}

func encodeUTF16(s string, order binary.AppendByteOrder, bom bool) []byte {
	var out []byte
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xFEFF}, u...)
	}
	for _, c := range u {
		out = order.AppendUint16(out, c)
	}
	return out
}

// A UTF-16 log (Windows tools write one with a byte-order mark) is decoded
// and gives the same report as its UTF-8 form.
func TestScanUTF16(t *testing.T) {
	data, err := os.ReadFile(fixturePath("whd.log"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data) + "2024-04-22 10:00:00,000 ERROR [Mail] Zürich mailbox: AADSTS50011 (𝄞)\n"
	want, err := scanBytes(t, "whd.log", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		order binary.AppendByteOrder
		bom   bool
	}{
		{"utf-16le with BOM", binary.LittleEndian, true},
		{"utf-16be with BOM", binary.BigEndian, true},
		{"utf-16le without BOM", binary.LittleEndian, false},
		{"utf-16be without BOM", binary.BigEndian, false},
	} {
		got, err := scanBytes(t, "whd.log", encodeUTF16(text, tt.order, tt.bom))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got.Groups, want.Groups) || got.Lines != want.Lines {
			t.Errorf("%s: lines %d (want %d)\n got %+v\nwant %+v", tt.name, got.Lines, want.Lines, brief(got.Groups), brief(want.Groups))
		}
		for _, g := range got.Groups {
			if g.Code == "AADSTS50011" && !strings.Contains(g.Example, "Zürich mailbox: AADSTS50011 (𝄞)") {
				t.Errorf("%s: example %q", tt.name, g.Example)
			}
		}
	}
}

// FuzzSniff: any input is either refused as binary or read whole; text
// that is neither UTF-16 nor starts with a byte-order mark is read as it is.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("2026-12-04 10:00:00 ERROR AADSTS50011\n"))
	f.Add([]byte("\xff\xfe2\x000\x00"))
	f.Add([]byte("\x00\x00\x00abc"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := sniffText(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrBinary) {
				t.Fatalf("error %v", err)
			}
			return
		}
		var out bytes.Buffer
		if _, err := out.ReadFrom(r); err != nil {
			t.Fatal(err)
		}
		if _, isUTF16 := utf16Of(data[:min(len(data), sniffLen)]); !isUTF16 && !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) && !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("read %q, want %q", out.Bytes(), data)
		}
	})
}
