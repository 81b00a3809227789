package aadsts

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "aadsts", "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("AADSTS700082")
	f.Add("error=x&error_description=%0d%0a%zz+AADSTS50011%3")
	f.Add(`"claims":"{\"a\":{\"b\":[\"}\"]}}"`)
	f.Add("\xff\xfeA\x00A\x00D\x00S\x00T\x00S\x005\x000\x000\x001\x001\x00")
	f.Add("\xfe\xff\x00E\x00r\x00r\x00o\x00r\x00 \x00c\x00o\x00d\x00e\x00:\x00 \x005\x000\x000\x001\x001")
	f.Fuzz(func(t *testing.T, in string) {
		got := Decode(in)
		if _, err := json.Marshal(got); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		seen := map[string]bool{}
		for _, r := range got {
			if r.Code < 1000 || r.Code > 999999999 {
				t.Fatalf("code %d out of range", r.Code)
			}
			// Every code comes from the input: its digits are there, or the
			// input holds escapes that could have produced them.
			// (UTF-16 input: in the text it holds.)
			if src := toUTF8(in); !strings.Contains(src, strconv.Itoa(r.Code)) && !strings.ContainsAny(src, `%\`) {
				t.Fatalf("code %d is not in the input", r.Code)
			}
			_, known := Lookup(r.Code)
			if r.Known != known || r.Summary == "" || r.Fix == "" || r.Details == nil || r.Details["lookup_url"] == "" {
				t.Fatalf("incomplete result %+v", r)
			}
			key := strconv.Itoa(r.Code) + r.TraceID + r.CorrelationID + r.Timestamp
			if seen[key] {
				t.Fatalf("duplicate result %+v", r)
			}
			seen[key] = true
			for _, v := range r.Details {
				if len(v) > 4*maxMessage+64 {
					t.Fatalf("detail too long: %d bytes", len(v))
				}
			}
		}
		// DecodeBody agrees with Decode.
		if b := DecodeBody([]byte(in)); len(b) != len(got) {
			t.Fatalf("DecodeBody gave %d results, Decode %d", len(b), len(got))
		}
	})
}

func BenchmarkDecodeGarbage(b *testing.B) {
	in := strings.Repeat("lorem ipsum error=x AADSTS \\u00 {\"trace_id\": 12:00 ", 1<<15) // ~1.6 MB
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		Decode(in)
	}
}
