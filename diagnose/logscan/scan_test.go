package logscan

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"
)

func fixturePath(name string) string { return filepath.Join("..", "testdata", "logs", name) }

type groupWant struct {
	kind        Kind
	code        string
	count       int
	first, last string
	where       string
}

func brief(gs []Group) []groupWant {
	var out []groupWant
	for _, g := range gs {
		out = append(out, groupWant{g.Kind, g.Code, g.Count, g.FirstSeen, g.LastSeen, g.Where})
	}
	return out
}

func scanPaths(t *testing.T, since time.Time, paths ...string) Report {
	t.Helper()
	s := NewScanner(since)
	inputs, errs := Expand(paths)
	for _, e := range errs {
		s.AddError(e.Path, errors.New(e.Error))
	}
	if err := ScanAll(context.Background(), s, inputs, nil); err != nil {
		t.Fatal(err)
	}
	return s.Report()
}

func TestScanFixtures(t *testing.T) {
	whd, cat := fixturePath("whd.log"), fixturePath("catalina.out")
	rep := scanPaths(t, time.Time{}, whd, cat)
	want := []groupWant{
		{KindOAuth, "AADSTS700082", 2, "2024-04-20 09:15:42", "2024-04-20 09:25:43", whd + ":3"},
		{KindOAuth, "AADSTS7000222", 1, "2024-04-21 09:00:00", "2024-04-21 09:00:00", whd + ":20"},
		{KindCert, "hostname-mismatch", 1, "2024-04-20 12:05:00", "2024-04-20 12:05:00", cat + ":3"},
		{KindCert, "pkix-path-building", 1, "2024-04-20 10:00:00", "2024-04-20 10:00:00", whd + ":11"},
		{KindHTTP, "ews-401", 1, "2024-04-20 11:00:00", "2024-04-20 11:00:00", whd + ":16"},
		{KindSend, "smtp-535", 1, "2024-04-21 07:30:00", "2024-04-21 07:30:00", whd + ":17"},
		{KindSend, "smtp-connect", 1, "2024-04-22 15:04:05", "2024-04-22 15:04:05", cat + ":8"},
	}
	if got := brief(rep.Groups); !reflect.DeepEqual(got, want) {
		t.Fatalf("groups:\n got %+v\nwant %+v", got, want)
	}
	if rep.Files != 2 || rep.Lines != 20+8 || len(rep.Errors) != 0 {
		t.Errorf("files %d lines %d errors %v", rep.Files, rep.Lines, rep.Errors)
	}
	for _, g := range rep.Groups {
		if g.Summary == "" || g.Fix == "" || g.Example == "" {
			t.Errorf("group %s/%s lacks advice or example: %+v", g.Kind, g.Code, g)
		}
	}
	// The OAuth advice is the decoder's.
	if !strings.Contains(rep.Groups[0].Fix, "Re-Authorize") {
		t.Errorf("700082 fix: %s", rep.Groups[0].Fix)
	}
	b, _ := json.Marshal(rep)
	if bytes.Contains(b, []byte("PLACEHOLDER-AUTH-CODE")) {
		t.Error("an authorization code from the log reached the report")
	}
	for _, k := range []string{`"files":2`, `"lines":28`, `"groups":[{"kind":"oauth","code":"AADSTS700082","count":2,"first_seen":"2024-04-20 09:15:42"`} {
		if !bytes.Contains(b, []byte(k)) {
			t.Errorf("JSON lacks %s", k)
		}
	}
}

func TestScanSince(t *testing.T) {
	since, _ := ParseSince("2024-04-20 10:30", time.Now())
	rep := scanPaths(t, since, fixturePath("whd.log"))
	var codes []string
	for _, g := range rep.Groups {
		codes = append(codes, g.Code)
	}
	if want := []string{"AADSTS7000222", "ews-401", "smtp-535"}; !reflect.DeepEqual(codes, want) {
		t.Fatalf("since 10:30: %v, want %v", codes, want)
	}
}

// The report must not depend on where chunks end: any buffer size larger
// than the longest line gives the same groups.
func TestScanChunkBoundaries(t *testing.T) {
	data, err := os.ReadFile(fixturePath("whd.log"))
	if err != nil {
		t.Fatal(err)
	}
	scanWith := func(size int) Report {
		s := NewScanner(time.Time{})
		s.bufSize = size
		if err := s.Scan(context.Background(), "whd.log", bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		return s.Report()
	}
	want := scanWith(BufferSize)
	for size := 400; size <= 3000; size += 37 {
		if got := scanWith(size); !reflect.DeepEqual(got, want) {
			t.Fatalf("buffer %d:\n got %+v\nwant %+v", size, brief(got.Groups), brief(want.Groups))
		}
	}
}

func TestScanNoFinalNewline(t *testing.T) {
	s := NewScanner(time.Time{})
	in := "2024-01-01 00:00:00,000 ERROR x AADSTS50011: The redirect URI does not match."
	if err := s.Scan(context.Background(), "x.log", strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	rep := s.Report()
	if rep.Lines != 1 || len(rep.Groups) != 1 || rep.Groups[0].Code != "AADSTS50011" {
		t.Fatalf("%+v", rep)
	}
}

func TestScanFilesAndFolders(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "log")
	if err := os.MkdirAll(filepath.Join(logs, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(fixturePath("whd.log"))
	write := func(p string, b []byte) {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	write(filepath.Join(logs, "whd.log"), data)
	write(filepath.Join(logs, "old", "whd.log.1.gz"), gz.Bytes())
	write(filepath.Join(logs, "old", "whd.log.2.gz"), gz.Bytes()[:gz.Len()/2]) // cut short
	write(filepath.Join(logs, "old", "no-extension"), gz.Bytes())              // gzip recognised by content
	write(filepath.Join(logs, "heap.hprof"), append([]byte("JAVA PROFILE 1.0.2\x00"), make([]byte, 100)...))
	write(filepath.Join(logs, ".hidden.log"), data)
	write(filepath.Join(logs, "bad.gz"), []byte{0x1f, 0x8b, 0, 0})

	rep := scanPaths(t, time.Time{}, logs, filepath.Join(dir, "missing.log"))
	if rep.Files != 4 { // whd.log, whd.log.1.gz, no-extension, and the readable half of whd.log.2.gz
		t.Errorf("files = %d, want 4", rep.Files)
	}
	errsByName := map[string]string{}
	for _, e := range rep.Errors {
		errsByName[filepath.Base(e.Path)] = e.Error
	}
	for name, want := range map[string]string{
		"whd.log.2.gz": "cut short",
		"heap.hprof":   "not a text log",
		"bad.gz":       "gzip",
		"missing.log":  "no such file",
	} {
		if !strings.Contains(errsByName[name], want) {
			t.Errorf("error for %s = %q, want it to say %q", name, errsByName[name], want)
		}
	}
	if len(rep.Errors) != 4 {
		t.Errorf("errors: %+v", rep.Errors)
	}
	// Three full copies and a partial one: at least 6 occurrences of 700082.
	if g := rep.Groups[0]; g.Code != "AADSTS700082" || g.Count < 6 {
		t.Errorf("first group %+v", g)
	}
}

func TestScanUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not apply")
	}
	p := filepath.Join(t.TempDir(), "secret.log")
	os.WriteFile(p, []byte("x\n"), 0o000)
	rep := scanPaths(t, time.Time{}, p)
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error, "permission denied") {
		t.Fatalf("%+v", rep.Errors)
	}
}

func TestScanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := NewScanner(time.Time{})
	err := s.Scan(ctx, "x", strings.NewReader(strings.Repeat("AADSTS50011\n", 1000)))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		line string
		want []match
	}{
		{"x AADSTS700082: y", []match{{KindOAuth, "AADSTS700082"}}},
		{"AADSTS70002: a AADSTS54005: b AADSTS70002", []match{{KindOAuth, "AADSTS70002"}, {KindOAuth, "AADSTS54005"}}},
		{"OAuth token request failed (statusCode: 400): invalid_grant", []match{{KindOAuth, "invalid_grant"}}},
		{"OAuth refresh error: connection reset", []match{{KindOAuth, "oauth-error"}}},
		{"OAuth authorization saved", nil},
		{"javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed", []match{{KindCert, "certificate-expired"}}},
		{"Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sun Jan 01 00:00:00 UTC 2023", []match{{KindCert, "certificate-expired"}}},
		{"javax.net.ssl.SSLHandshakeException: PKIX path validation failed: algorithm constraints check failed", []match{{KindCert, "pkix-path-validation"}}},
		{"javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure", []match{{KindCert, "tls-handshake"}}},
		{"javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?", []match{{KindCert, "tls-error"}}},
		{"java.security.cert.CertificateException: No name matching mail.example.com found", []match{{KindCert, "hostname-mismatch"}}},
		{"Error connecting: PKIX path building failed: unable to find valid certification path to requested target", []match{{KindCert, "pkix-path-building"}}},
		{"java.io.IOException: Server returned HTTP response code: 401 for URL: https://x.example.com/api", []match{{KindHTTP, "http-401"}}},
		{"HttpErrorException: The remote server returned an error: (401)Unauthorized", []match{{KindHTTP, "http-401"}}},
		{"EWS request to https://outlook.office365.com/EWS/Exchange.asmx: 401 Unauthorized", []match{{KindHTTP, "ews-401"}}},
		{"Unauthorized access to ticket 4012", nil},
		{"java.lang.IllegalStateException: ticket 401 locked", nil},
		{"javax.mail.AuthenticationFailedException: 535 5.7.3 Authentication unsuccessful", []match{{KindSend, "smtp-535"}}},
		{"javax.mail.AuthenticationFailedException: failed to connect, no password specified?", []match{{KindSend, "smtp-auth"}}},
		{"com.sun.mail.smtp.SMTPSendFailedException: 550 5.7.60 SMTP; Client does not have permissions to send as this sender", []match{{KindSend, "smtp-550"}}},
		{"javax.mail.SendFailedException: Invalid Addresses", []match{{KindSend, "send-failed"}}},
		{"com.sun.mail.util.MailConnectException: Couldn't connect to host, port: smtp.example.com, 25; timeout -1", []match{{KindSend, "smtp-connect"}}},
		{"javax.mail.MessagingException: Exception reading response", []match{{KindSend, "messaging-error"}}},
		{"java.lang.NullPointerException", nil},
		{"", nil},
	} {
		if got := classify([]byte(tt.line)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("classify(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestLineTime(t *testing.T) {
	for _, tt := range []struct {
		line, want string
	}{
		{"2024-04-20 09:15:42,118 ERROR x", "2024-04-20 09:15:42"},
		{"[2024-04-20 09:15:42.118] x", "2024-04-20 09:15:42"},
		{"2024-04-20T09:15:42.118Z x", "2024-04-20 09:15:42"},
		{"2024-04-20T11:15:42+02:00 x", "2024-04-20 09:15:42"},
		{"20-Apr-2024 09:15:42.118 SEVERE x", "2024-04-20 09:15:42"},
		{"Apr 20, 2024 9:15:42 PM org.x y", "2024-04-20 21:15:42"},
		{"INFO   | jvm 1    | 2024/04/20 09:15:42 | started", "2024-04-20 09:15:42"},
		{"Timestamp: 2024-04-20 09:15:42Z", ""},
		{"\"timestamp\":\"2024-04-20 09:15:42Z\"", ""},
		{"\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)", ""},
		{"2024-13-45 99:99:99 bad", ""},
	} {
		got := ""
		if ts, ok := lineTime([]byte(tt.line), time.UTC); ok {
			got = ts.Format(timeLayout)
		}
		if got != tt.want {
			t.Errorf("lineTime(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in, want string
		err      bool
	}{
		{"2024-04-20", "2024-04-20 00:00:00", false},
		{"2024-04-20 09:30", "2024-04-20 09:30:00", false},
		{"2024-04-20T09:30:15", "2024-04-20 09:30:15", false},
		{"2024-04-20T09:30:15+02:00", "2024-04-20 07:30:15", false},
		{"7d", "2024-05-03 12:00:00", false},
		{"36h", "2024-05-09 00:00:00", false},
		{"yesterday", "", true},
		{"", "", true},
		{"2024-02-30", "", true},
	} {
		got, err := ParseSince(tt.in, now)
		if (err != nil) != tt.err || (err == nil && got.Format(timeLayout) != tt.want) {
			t.Errorf("ParseSince(%q) = %v, %v", tt.in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "--since") {
			t.Errorf("error does not name the flag: %v", err)
		}
	}
}

func TestExampleMasksCredentials(t *testing.T) {
	for _, in := range []string{
		"GET /helpdesk/oauth-redirect?code=SECRETVALUE0a1b2c3d4e5f&state=x",
		`{"refresh_token":"SECRETVALUE"}`,
		"Authorization: Bearer SECRETVALUE",
		"client_secret=SECRETVALUE; password: SECRETVALUE",
	} {
		if got := example([]byte(in), "", false); strings.Contains(got, "SECRETVALUE") {
			t.Errorf("example(%q) = %q", in, got)
		}
	}
	for _, keep := range []string{"OAuth token request failed (statusCode: 400): invalid_grant", "https://login.microsoftonline.com/error?code=700082"} {
		if got := example([]byte(keep), "", false); got != keep {
			t.Errorf("example(%q) = %q", keep, got)
		}
	}
	long := example([]byte(strings.Repeat("é", 1000)), "", false)
	if len(long) > maxExample+len("…") || !strings.HasSuffix(long, "…") {
		t.Errorf("long example: %d bytes", len(long))
	}
}

// FuzzScan drives the scanner's core the way Scan does, chunk by chunk
// with the same cut rule, but without the reading goroutine, so that the
// fuzzer sees deterministic coverage. TestScanChunkBoundaries checks that
// Scan itself agrees.
func FuzzScan(f *testing.F) {
	for _, name := range []string{"whd.log", "catalina.out"} {
		if b, err := os.ReadFile(fixturePath(name)); err == nil {
			f.Add(b, uint16(300))
			f.Add(b, uint16(40))
		}
	}
	f.Add([]byte("AADSTS\nException\x00"), uint16(7))
	f.Add([]byte("00000000000000000"), uint16(1))
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		s := NewScanner(time.Time{})
		s.file, s.name, s.lastEntry = 1, "f", -1
		bufSize := int(size%4096) + 16
		for rest := data; ; {
			n := min(len(rest), bufSize)
			eof := n < bufSize || len(rest) == bufSize
			end := n
			if !eof {
				end = lineEnd(rest[:n])
			}
			s.chunk(rest[:end], eof)
			s.chunkStart += int64(end)
			s.rep.Bytes += int64(end)
			rest = rest[end:]
			if eof {
				break
			}
		}
		s.flush()
		rep := s.Report()
		if want := int64(bytes.Count(data, []byte{'\n'})) + boolInt(len(data) > 0 && data[len(data)-1] != '\n'); rep.Lines != want {
			t.Fatalf("lines %d, want %d", rep.Lines, want)
		}
		if rep.Bytes != int64(len(data)) {
			t.Fatalf("bytes %d of %d", rep.Bytes, len(data))
		}
		for _, g := range rep.Groups {
			if g.Count < 1 || g.Summary == "" || g.Fix == "" || g.Example == "" || !strings.HasPrefix(g.Where, "f:") {
				t.Fatalf("bad group %+v", g)
			}
			if (g.FirstSeen == "") != (g.LastSeen == "") || g.FirstSeen > g.LastSeen {
				t.Fatalf("bad times %+v", g)
			}
			if g.Undated < 0 || g.Undated > g.Count || (g.FirstSeen == "") != (g.Undated == g.Count) {
				t.Fatalf("bad undated count %+v", g)
			}
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatal(err)
		}
	})
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Every path out of Scan gives its read buffers back, so a scanner reused
// after a binary file, a cancelled scan or a read error keeps working.
func TestScanReturnsBuffers(t *testing.T) {
	s := NewScanner(time.Time{})
	s.bufSize = 64
	text := strings.Repeat("2024-01-01 00:00:00,000 ERROR AADSTS50011: mismatch\n", 50)
	check := func(what string) {
		t.Helper()
		if len(s.free) != nBuffers {
			t.Fatalf("after %s: %d of %d buffers back", what, len(s.free), nBuffers)
		}
	}
	if err := s.Scan(context.Background(), "bin", strings.NewReader("\x1f\x8b\x08"+text)); !errors.Is(err, ErrBinary) {
		t.Fatalf("binary: %v", err)
	}
	check("a binary input")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s.Scan(ctx, "c", strings.NewReader(text))
	check("a cancelled scan")
	s.Scan(context.Background(), "e", io.MultiReader(strings.NewReader(text), iotest.ErrReader(errors.New("disk error"))))
	check("a read error")
	if err := s.Scan(context.Background(), "ok", strings.NewReader(text)); err != nil {
		t.Fatal(err)
	}
	check("a normal scan")
	if g := s.Report().Groups; len(g) != 1 || g[0].Count < 100 {
		t.Fatalf("groups %+v", g)
	}
}

// Where and Example point at the earliest dated occurrence, whatever the
// order the files are read in; undated occurrences never displace a dated
// one, and only stand in when nothing is dated.
func TestScanWhereIsEarliest(t *testing.T) {
	s := NewScanner(time.Time{})
	for _, f := range []struct{ name, text string }{
		{"undated.log", "AADSTS700082: The refresh token has expired due to inactivity.\n"},
		{"a.log", "2024-05-01 10:00:00,000 ERROR a AADSTS700082: expired\n"},
		{"b.log", "2024-03-01 10:00:00,000 ERROR b AADSTS700082: expired\n2024-03-01 10:00:00,000 ERROR b2 AADSTS700082: expired\n"},
		{"c.log", "2024-06-01 10:00:00,000 ERROR c AADSTS700082: expired\n"},
	} {
		if err := s.Scan(context.Background(), f.name, strings.NewReader(f.text)); err != nil {
			t.Fatal(err)
		}
	}
	g := s.Report().Groups[0]
	if g.Where != "b.log:1" || !strings.Contains(g.Example, "ERROR b AADSTS") || g.FirstSeen != "2024-03-01 10:00:00" ||
		g.LastSeen != "2024-06-01 10:00:00" || g.Count != 5 || g.Undated != 1 {
		t.Fatalf("%+v", g)
	}
	// Nothing dated: the first occurrence read.
	s = NewScanner(time.Time{})
	s.Scan(context.Background(), "x.log", strings.NewReader("AADSTS50011 one\nAADSTS50011 two\n"))
	if g := s.Report().Groups[0]; g.Where != "x.log:1" || g.Undated != 2 || g.FirstSeen != "" {
		t.Fatalf("undated: %+v", g)
	}
}

// --since: a line without a time goes with the dated line above it; a
// line with no dated line above it is kept and counted as undated.
func TestScanSinceContinuationAndUndated(t *testing.T) {
	since, _ := ParseSince("2024-04-15", time.Now())
	s := NewScanner(since)
	dated := "2024-04-01 10:00:00,000 ERROR [EWS] mail check failed\n" +
		"javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path\n" +
		"\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n" +
		"2024-04-20 10:00:00,000 ERROR [Mail] send failed\n" +
		"javax.mail.AuthenticationFailedException: 535 5.7.3 Authentication unsuccessful\n"
	startsInside := "Caused by: java.security.cert.CertificateException: No name matching mail.example.com found\n" +
		"2024-04-02 10:00:00,000 INFO later lines\n"
	undated := "AADSTS7000222: The provided client secret keys are expired.\n"
	for name, text := range map[string]string{"dated.log": dated, "starts-inside.log": startsInside, "undated.log": undated} {
		if err := s.Scan(context.Background(), name, strings.NewReader(text)); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]Group{}
	for _, g := range s.Report().Groups {
		got[g.Code] = g
	}
	if _, ok := got["pkix-path-building"]; ok {
		t.Errorf("the stack trace of an entry before --since was kept: %+v", got)
	}
	if g := got["smtp-535"]; g.Count != 1 || g.Undated != 0 || g.FirstSeen != "2024-04-20 10:00:00" {
		t.Errorf("continuation of a kept entry: %+v", g)
	}
	if g := got["AADSTS7000222"]; g.Count != 1 || g.Undated != 1 || g.FirstSeen != "" {
		t.Errorf("undated file: %+v", g)
	}
	if g := got["hostname-mismatch"]; g.Count != 1 || g.Undated != 1 {
		t.Errorf("line above the first dated line: %+v", g)
	}
	b, _ := json.Marshal(s.Report())
	if !bytes.Contains(b, []byte(`"undated":1`)) {
		t.Errorf("JSON lacks undated: %s", b)
	}
}

// A line longer than the read buffer is cut with an overlap: a code across
// the cut is found, and one inside the repeated bytes is counted once.
func TestScanLineLongerThanBuffer(t *testing.T) {
	const size = 64 << 10
	code := "AADSTS50011"
	scan := func(in string) Report {
		t.Helper()
		s := NewScanner(time.Time{})
		s.bufSize = size
		if err := s.Scan(context.Background(), "long.log", strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		return s.Report()
	}
	// Where the code lands: across the first cut, inside the repeated
	// bytes, across the first buffer's end, and across the second cut.
	var at []int
	for _, c := range []int{size - overlap, size, 2*size - 2*overlap} {
		for d := -len(code) - 2; d <= 2; d++ {
			at = append(at, c+d)
		}
	}
	at = append(at, size-overlap/2)
	for _, head := range []string{"2024-05-05 10:00:00,000 ERROR ", "undated "} {
		for _, p := range at {
			line := head + strings.Repeat("x", p-len(head)) + code + strings.Repeat("y", 3*size)
			for _, in := range []string{line + "\n", line, "2024-05-05 09:00:00,000 INFO start\n" + line + "\nnext\n"} {
				rep := scan(in)
				lines := int64(strings.Count(in, "\n")) + boolInt(!strings.HasSuffix(in, "\n"))
				if len(rep.Groups) != 1 || rep.Groups[0].Code != code || rep.Groups[0].Count != 1 ||
					rep.Lines != lines || rep.Bytes != int64(len(in)) {
					t.Fatalf("%q at %d: lines %d (want %d), bytes %d (want %d), groups %+v",
						head, p, rep.Lines, lines, rep.Bytes, len(in), brief(rep.Groups))
				}
				if dated := head[0] == '2'; dated && rep.Groups[0].FirstSeen != "2024-05-05 10:00:00" {
					t.Fatalf("%q at %d: first seen %q", head, p, rep.Groups[0].FirstSeen)
				}
				if !strings.Contains(rep.Groups[0].Example, code) {
					t.Fatalf("%q at %d: the example does not show the code: %.80q", head, p, rep.Groups[0].Example)
				}
			}
		}
	}
	// Two long lines, each with the code in the repeated bytes: two entries.
	one := "2024-05-05 10:00:00,000 ERROR " + strings.Repeat("x", size-overlap/2) + code + strings.Repeat("y", size) + "\n"
	two := strings.Replace(one, "10:00:00", "11:00:00", 1)
	if rep := scan(one + two); len(rep.Groups) != 1 || rep.Groups[0].Count != 2 || rep.Groups[0].LastSeen != "2024-05-05 11:00:00" {
		t.Fatalf("two long lines: %+v", brief(rep.Groups))
	}
}

func TestExampleShowsWhatMatched(t *testing.T) {
	head := "2024-05-05 10:00:00,000 ERROR "
	in := head + strings.Repeat("x", 5000) + " AADSTS50011: end"
	got := example([]byte(in), "AADSTS50011", false)
	if !strings.HasPrefix(got, head) || !strings.HasSuffix(got, "AADSTS50011: end") || !strings.Contains(got, " … ") || len(got) > maxExample+len("…") {
		t.Fatalf("example = %q", got)
	}
	got = example([]byte(in+strings.Repeat("z", 5000)), "AADSTS50011", false)
	if !strings.Contains(got, "AADSTS50011: endzz") || !strings.HasSuffix(got, "…") || len(got) > maxExample+2*len("…") {
		t.Fatalf("example = %q", got)
	}
	// Not literally in the line (a PKIX group): the trigger is the anchor.
	got = example([]byte(head+strings.Repeat("é", 3000)+" sun.security.validator.ValidatorException: PKIX path building failed"), "pkix", false)
	if !strings.Contains(got, "PKIX path building failed") || !utf8.ValidString(got) {
		t.Fatalf("example = %q", got)
	}
}

// Regressions from a second QA pass on over-long lines: credentials cut
// from their key at a piece start, a code split where a piece's tail is
// left to the next one, and a line that ends exactly at a buffer's end.
func TestScanLongLineEdges(t *testing.T) {
	const size = 64 << 10
	scan := func(in string) Report {
		t.Helper()
		s := NewScanner(time.Time{})
		s.bufSize = size
		if err := s.Scan(context.Background(), "edge.log", strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		return s.Report()
	}
	head := "2024-05-01 10:00:00 ERROR "
	place := func(n int, at map[int]string) string {
		b := []byte(head + strings.Repeat("x", n-len(head)))
		for o, v := range at {
			copy(b[o:], v)
		}
		return string(b) + "\n"
	}
	start2 := size - overlap // where the second piece starts
	for _, secret := range []string{"client_secret=SuperSecretValue123abcdef&x", "password: Hunter2Secret x", "Authorization: Basic dXNlcjpIdW50ZXIy x"} {
		for d := 1; d < len(secret)-4; d += 3 {
			in := place(3*size, map[int]string{start2 - d: secret, start2 + size: " AADSTS7000215 "})
			rep := scan(in)
			if len(rep.Groups) != 1 || rep.Groups[0].Code != "AADSTS7000215" {
				t.Fatalf("%q at -%d: %+v", secret, d, brief(rep.Groups))
			}
			for _, bad := range []string{"SuperSecret", "Hunter2", "dXNlcjpIdW50ZXIy"} {
				if strings.Contains(rep.Groups[0].Example, bad) {
					t.Fatalf("%q at -%d: the example shows the secret: %q", secret, d, rep.Groups[0].Example)
				}
			}
		}
	}
	// A code across the point where a piece leaves its tail to the next.
	tail := size - overlap/2
	for d := -14; d <= 2; d++ {
		rep := scan(place(2*size, map[int]string{tail + d: " AADSTS700082 "}))
		if len(rep.Groups) != 1 || rep.Groups[0].Code != "AADSTS700082" || rep.Groups[0].Count != 1 {
			t.Fatalf("code at tail%+d: %+v", d, brief(rep.Groups))
		}
	}
	// A line that ends exactly at the buffer's end is not cut.
	in := "\n\n\n" + strings.Repeat("x", size-1) + "\n" + head + "AADSTS50011\r\n"
	rep := scan(in)
	if rep.Lines != 5 || len(rep.Groups) != 1 || rep.Groups[0].Where != "edge.log:5" {
		t.Fatalf("lines %d, groups %+v", rep.Lines, brief(rep.Groups))
	}
}
