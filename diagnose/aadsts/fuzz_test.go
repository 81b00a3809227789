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

// logPaste builds about size bytes of a WHD log: routine lines, and every
// fiftieth entry an OAuth failure with its own trace ID.
func logPaste(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		switch {
		case i%50 == 0:
			b.WriteString("2024-04-20 09:15:42,118 ERROR [OutgoingMailWorker-3] Error processing mailbox messages: OAuth token request failed (statusCode: 400): invalid_grant [700082] AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2024-01-15T08:30:00.1234567Z and was inactive for 90.00:00:00.\r\nTrace ID: 0a1b2c3d-0000-4000-8000-")
			b.WriteString(strconv.FormatInt(1e11+int64(i), 10)[:12])
			b.WriteString("\r\nCorrelation ID: 0a1b2c3d-0000-4000-8000-000000000072\r\nTimestamp: 2024-04-20 09:15:42Z\r\n")
		case i%7 == 0:
			b.WriteString("2024-04-20 09:15:43,002 WARN  [http-nio-8443-exec-4] Request [GET /helpdesk/WebObjects/Helpdesk.woa] took 1532 ms, error code=0, request id 1234\r\n")
		default:
			b.WriteString("2024-04-20 09:15:43,002 INFO  [MailWorker-1] Mail sent to helpdesk@example.com (message 12345 of 67890, port 50000)\r\n")
		}
	}
	return b.String()
}

// BenchmarkDecodeLog decodes log pastes of growing size: the time per byte
// stays the same when the work is linear in the input.
func BenchmarkDecodeLog(b *testing.B) {
	for _, mb := range []int{1, 8, 50} {
		in := logPaste(mb << 20)
		b.Run(strconv.Itoa(mb)+"MB", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				Decode(in)
			}
		})
	}
}

// BenchmarkDecodeOneLine: a paste without line breaks (a minified JSON
// log), dense with keywords.
func BenchmarkDecodeOneLine(b *testing.B) {
	for _, mb := range []int{1, 8} {
		in := strings.Repeat(`{"error":"invalid_grant","error_codes":[700082],"trace_id":"0a1b2c3d-0000-4000-8000-000000000001","code":"x","msg":"AADSTS700082: expired. [1] Timestamp: 2024-04-20 09:15:42Z"} `, (mb<<20)/190)
		b.Run(strconv.Itoa(mb)+"MB", func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				Decode(in)
			}
		})
	}
}

// BenchmarkDecodeManyCodes: a paste with thousands of different codes in
// one report (one line) and one per line.
func BenchmarkDecodeManyCodes(b *testing.B) {
	for _, n := range []int{10000, 80000} {
		var oneLine, lines strings.Builder
		for i := range n {
			c := strconv.Itoa(100000 + i)
			oneLine.WriteString("AADSTS" + c + " ")
			lines.WriteString("AADSTS" + c + ": Something failed.\n")
		}
		for name, in := range map[string]string{"one line": oneLine.String(), "lines": lines.String()} {
			b.Run(name+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					Decode(in)
				}
			})
		}
	}
}
