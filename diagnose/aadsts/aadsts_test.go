package aadsts

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "aadsts", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func codes(rs []Result) []int {
	var out []int
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func TestDecodeShapes(t *testing.T) {
	type want struct {
		code                    int
		err, trace, corr, stamp string
		details                 map[string]string
	}
	tests := []struct {
		file string
		want []want
	}{
		{"token-body-crlf.json", []want{{700082, "invalid_grant", "0a1b2c3d-0000-4000-8000-000000000001", "0a1b2c3d-0000-4000-8000-000000000002", "2024-04-20T09:15:42Z",
			map[string]string{"issued_at": "2024-01-15T08:30:00.1234567Z", "inactive_for": "90 days", "expired_at": "2024-04-14T08:30:00Z",
				"error_uri": "https://login.microsoftonline.com/error?code=700082"}}}},
		{"token-body-spaces.json", []want{{7000215, "invalid_client", "0a1b2c3d-0000-4000-8000-000000000011", "0a1b2c3d-0000-4000-8000-000000000012", "2024-05-02T14:03:07Z",
			map[string]string{"message": "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0a1b2c3d-0000-4000-8000-0000000000aa'."}}}},
		{"token-body-multi.json", []want{
			{70002, "invalid_client", "0a1b2c3d-0000-4000-8000-000000000021", "0a1b2c3d-0000-4000-8000-000000000022", "2024-05-03T10:00:01Z", map[string]string{"message": "Error validating credentials."}},
			{54005, "invalid_client", "0a1b2c3d-0000-4000-8000-000000000021", "0a1b2c3d-0000-4000-8000-000000000022", "2024-05-03T10:00:01Z", nil},
		}},
		{"token-body-suberror-claims.json", []want{{70043, "invalid_grant", "0a1b2c3d-0000-4000-8000-000000000031", "0a1b2c3d-0000-4000-8000-000000000032", "2024-06-02T07:30:00Z",
			map[string]string{"suberror": "token_expired", "max_lifetime": "12 hours", "issued_at": "2024-06-01T07:00:00Z", "expired_at": "2024-06-01T19:00:00Z",
				"claims": `{"access_token":{"capolids":{"essential":true,"values":["0a1b2c3d-0000-4000-8000-0000000000cc"]}}}`}}}},
		{"token-body-truncated.txt", []want{{50173, "invalid_grant", "0a1b2c3d-0000-4000-8000-000000000041", "", "", nil}}},
		{"oauth2-error.txt", []want{{700082, "invalid_grant", "0a1b2c3d-0000-4000-8000-000000000051", "0a1b2c3d-0000-4000-8000-000000000052", "2024-02-05T11:22:33Z",
			map[string]string{"issued_at": "2023-11-02T16:45:10.5Z", "expired_at": "2024-01-31T16:45:10Z"}}}},
		{"oauth2-old.txt", []want{{70011, "invalid_scope", "0a1b2c3d-0000-4000-8000-000000000061", "0a1b2c3d-0000-4000-8000-000000000062", "2024-03-01T08:00:00Z", nil}}},
		{"whd-log.txt", []want{
			{700082, "invalid_grant", "0a1b2c3d-0000-4000-8000-000000000071", "0a1b2c3d-0000-4000-8000-000000000072", "2024-04-20T09:15:42Z", map[string]string{"expired_at": "2024-04-14T08:30:00Z"}},
			{700082, "invalid_grant", "0a1b2c3d-0000-4000-8000-000000000073", "0a1b2c3d-0000-4000-8000-000000000074", "2024-04-20T09:25:43Z", nil},
			{7000222, "invalid_client", "0a1b2c3d-0000-4000-8000-000000000075", "0a1b2c3d-0000-4000-8000-000000000076", "2024-04-21T10:00:00Z", nil},
		}},
		{"redirect-url.txt", []want{{50011, "invalid_request", "0a1b2c3d-0000-4000-8000-000000000081", "0a1b2c3d-0000-4000-8000-000000000082", "2024-07-09T12:00:05Z",
			map[string]string{"message": "The redirect URI 'https://helpdesk.example.com:8443/helpdesk/oauth-redirect' specified in the request does not match the redirect URIs configured for the application.",
				"error_uri": "https://login.microsoftonline.com/error?code=50011"}}}},
		{"signin-page.txt", []want{{50011, "", "0a1b2c3d-0000-4000-8000-000000000091", "0a1b2c3d-0000-4000-8000-000000000092", "2024-07-09T12:00:05.512Z", nil}}},
		{"bare-prefixed.txt", []want{{700082, "", "", "", "", nil}}},
		{"bare-number.txt", []want{{65001, "", "", "", "", nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := Decode(fixture(t, tt.file))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d results %v, want %d", len(got), codes(got), len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Code != w.code || g.Error != w.err || g.TraceID != w.trace || g.CorrelationID != w.corr || g.Timestamp != w.stamp {
					t.Errorf("result %d = {%d %q %q %q %q}, want {%d %q %q %q %q}", i,
						g.Code, g.Error, g.TraceID, g.CorrelationID, g.Timestamp, w.code, w.err, w.trace, w.corr, w.stamp)
				}
				if !g.Known || g.Summary == "" || g.Fix == "" {
					t.Errorf("result %d: catalogue text missing: %+v", i, g)
				}
				for k, v := range w.details {
					if g.Details[k] != v {
						t.Errorf("result %d: details[%q] = %q, want %q", i, k, g.Details[k], v)
					}
				}
			}
		})
	}
}

// The decoder must not depend on the order of a body's keys (jq -S sorts
// them) nor on how it is indented.
func TestDecodeSortedPrettyBody(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal([]byte(fixture(t, "token-body-crlf.json")), &m); err != nil {
		t.Fatal(err)
	}
	pretty, _ := json.MarshalIndent(m, "", "  ") // encoding/json sorts map keys
	got := Decode(string(pretty))
	if len(got) != 1 || got[0].Code != 700082 || got[0].TraceID != "0a1b2c3d-0000-4000-8000-000000000001" ||
		got[0].Error != "invalid_grant" || got[0].Details["expired_at"] != "2024-04-14T08:30:00Z" {
		t.Fatalf("sorted pretty body: %+v", got)
	}
	// DecodeBody gives the same as Decode.
	if b := DecodeBody(pretty); !reflect.DeepEqual(b, got) {
		t.Fatalf("DecodeBody differs from Decode:\n%+v\n%+v", b, got)
	}
}

// Two reports pasted one after the other stay two results, even when their
// blocks start with the IDs and end with the message.
func TestDecodeSeparatesReports(t *testing.T) {
	block := fixture(t, "signin-page.txt")
	second := strings.NewReplacer("000000000091", "0000000000a1", "000000000092", "0000000000a2", "AADSTS50011", "AADSTS50105").Replace(block)
	got := Decode(block + "\n" + second)
	if len(got) != 2 || got[0].Code != 50011 || got[1].Code != 50105 ||
		got[1].TraceID != "0a1b2c3d-0000-4000-8000-0000000000a1" || got[0].TraceID != "0a1b2c3d-0000-4000-8000-000000000091" {
		t.Fatalf("two sign-in blocks: %+v", got)
	}
	// Two compact bodies on consecutive lines.
	b1 := fixture(t, "token-body-crlf.json")
	b2 := strings.ReplaceAll(fixture(t, "token-body-multi.json"), "\n", "")
	got = Decode(b1 + "\n" + b2 + "\n")
	if want := []int{700082, 70002, 54005}; !reflect.DeepEqual(codes(got), want) {
		t.Fatalf("two bodies: codes %v, want %v", codes(got), want)
	}
	if got[0].Error != "invalid_grant" || got[1].Error != "invalid_client" || got[2].TraceID != "0a1b2c3d-0000-4000-8000-000000000021" {
		t.Fatalf("two bodies mixed their context: %+v", got)
	}
	// The same error pasted twice is one result.
	got = Decode(b1 + "\n" + b1)
	if len(got) != 1 {
		t.Fatalf("duplicate paste gave %d results", len(got))
	}
}

func TestDecodeOtherShapes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []int
		trace    string
	}{
		{"bare list", "50011, 65001;AADSTS7000215", []int{50011, 65001, 7000215}, ""},
		{"query string only", "error=invalid_client&error_description=AADSTS7000222%3A+The+provided+client+secret+keys+are+expired.%0D%0ATrace+ID%3A+0a1b2c3d-0000-4000-8000-000000000101", []int{7000222}, "0a1b2c3d-0000-4000-8000-000000000101"},
		{"fragment response", "https://h.example.com/helpdesk/oauth-redirect#error=access_denied&error_description=AADSTS65004%3a+User+declined+to+consent.", []int{65004}, ""},
		{"error page URL", "see https://login.microsoftonline.com/error?code=53003 for details", []int{53003}, ""},
		{"sign-in troubleshooting block", "Error Code: 53003\nRequest Id: 0A1B2C3D-0000-4000-8000-000000000111\nCorrelation Id: 0a1b2c3d-0000-4000-8000-000000000112\nTimestamp: 2024-08-01T10:11:12.000Z\nApp name: Web Help Desk", []int{53003}, "0a1b2c3d-0000-4000-8000-000000000111"},
		{"double-escaped log", `msg="oauth2: \"invalid_grant\" \"AADSTS50173: The provided grant has expired.\\r\\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000121\""`, []int{50173}, "0a1b2c3d-0000-4000-8000-000000000121"},
		{"unicode escapes", `{"error_description":"AADSTS50011: The redirect URI \u0027https:\/\/h\/helpdesk\/oauth-redirect\u0027 does not match."}`, []int{50011}, ""},
		{"lower-case prefix", "aadsts700016: application not found", []int{700016}, ""},
		{"client-request-id is not the trace", "AADSTS90002: Tenant not found.\nclient-request-id: 0a1b2c3d-0000-4000-8000-000000000131", []int{90002}, ""},
		{"HTML-escaped page source", "AADSTS50011: The redirect URI &#39;https://h.example.com/helpdesk/oauth-redirect&#39; specified in the request does not match &quot;x&quot;.&lt;br&gt;Trace ID: 0a1b2c3d-0000-4000-8000-000000000151<br/>Correlation ID: 0a1b2c3d-0000-4000-8000-000000000152", []int{50011}, "0a1b2c3d-0000-4000-8000-000000000151"},
		{"message wrapped over lines", "AADSTS700082: The refresh token has expired due to inactivity. The token was issued on\n2024-01-02T10:11:12.1234567Z and was inactive for\n90.00:00:00.\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000161", []int{700082}, "0a1b2c3d-0000-4000-8000-000000000161"},
		{"x-ms-request-id is the trace", "AADSTS90002: Tenant not found.\nx-ms-request-id: 0a1b2c3d-0000-4000-8000-000000000141", []int{90002}, "0a1b2c3d-0000-4000-8000-000000000141"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Decode(tt.in)
			if !reflect.DeepEqual(codes(got), tt.want) {
				t.Fatalf("codes %v, want %v (%+v)", codes(got), tt.want, got)
			}
			if got[0].TraceID != tt.trace {
				t.Errorf("trace %q, want %q", got[0].TraceID, tt.trace)
			}
		})
	}
}

func TestDecodeNothing(t *testing.T) {
	for name, in := range map[string]string{
		"empty":          "",
		"spaces":         " \n\t\r\n",
		"prose":          "The mail server said no. Please try again later.",
		"short number":   "401",
		"long number":    "1234567890123",
		"binary":         "\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n",
		"invalid utf-8":  "AADSTS\xff\xfe700082",
		"http status":    "HTTP/1.1 400 Bad Request",
		"only trace":     "Trace ID: 0a1b2c3d-0000-4000-8000-000000000001",
		"code too short": "AADSTS123: nope",
		"garbage":        strings.Repeat("{\"error_description\":\\u00zz%%%&&==", 5000),
	} {
		if got := Decode(in); len(got) != 0 {
			t.Errorf("%s: got %+v, want nothing", name, got)
		}
	}
}

func TestUnknownCode(t *testing.T) {
	got := Decode("AADSTS9999999: Something new.")
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	r := got[0]
	if r.Known || r.Name != "" || !strings.Contains(r.Fix, "https://login.microsoftonline.com/error?code=9999999") ||
		r.Details["lookup_url"] != "https://login.microsoftonline.com/error?code=9999999" || r.Details["message"] != "Something new." {
		t.Fatalf("unknown code: %+v", r)
	}
	// The cause points at Microsoft's message only when one came with
	// the code: not for a bare code, nor in a log scan's description.
	if !strings.Contains(r.Cause, "Microsoft's message that came with it") {
		t.Errorf("with a message: cause %q", r.Cause)
	}
	for _, r := range append(Decode("AADSTS9999999"), Describe(9999999)) {
		if strings.Contains(r.Cause, "message that came") || strings.Contains(r.Cause, "above") || !strings.Contains(r.Cause, "no message from Microsoft") {
			t.Errorf("without a message: cause %q", r.Cause)
		}
	}
}

// A redirect URL may carry an authorization code or state; they must not
// reach any output.
func TestDecodeDropsCredentials(t *testing.T) {
	in := "https://h.example.com/helpdesk/oauth-redirect?code=SECRETCODEVALUE&state=SECRETSTATE&session_state=SECRETSESSION" +
		"&error=invalid_grant&error_description=AADSTS54005%3a+Code+was+already+redeemed."
	got := Decode(in)
	b, _ := json.Marshal(got)
	if len(got) != 1 || got[0].Code != 54005 {
		t.Fatalf("got %s", b)
	}
	for _, s := range []string{"SECRETCODEVALUE", "SECRETSTATE", "SECRETSESSION"} {
		if strings.Contains(string(b), s) {
			t.Errorf("output carries %s: %s", s, b)
		}
	}
}

func TestDecodeContractJSON(t *testing.T) {
	got := Decode(fixture(t, "token-body-crlf.json"))
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var arr []map[string]json.RawMessage
	if err := json.Unmarshal(b, &arr); err != nil {
		t.Fatal(err)
	}
	want := []string{"code", "known", "error", "name", "summary", "cause", "fix", "trace_id", "correlation_id", "timestamp", "details"}
	if len(arr[0]) != len(want) {
		t.Errorf("keys %v, want exactly %v", keys(arr[0]), want)
	}
	for _, k := range want {
		if _, ok := arr[0][k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	// details is always an object, even for a bare code.
	b, _ = json.Marshal(Decode("50011"))
	if !strings.Contains(string(b), `"details":{"lookup_url":`) {
		t.Errorf("bare code details: %s", b)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestLifetimeParsing(t *testing.T) {
	for _, tt := range []struct {
		in   string
		ok   bool
		want string
	}{
		{"90.00:00:00", true, "90 days"},
		{"1.02:03:00", true, "1 day 2 hours 3 minutes"},
		{"12:00:00", true, "12 hours"},
		{"43200", true, "12 hours"},
		{"90.00:00:00.0000000", true, "90 days"},
		{"90.25:00:00", false, ""},
		{"abc", false, ""},
		{"99999999999999999", false, ""},
	} {
		d, ok := parseTimeSpan(tt.in)
		if ok != tt.ok || (ok && human(d) != tt.want) {
			t.Errorf("parseTimeSpan(%q) = %v %v (%q), want %v %q", tt.in, d, ok, human(d), tt.ok, tt.want)
		}
	}
	// A 700082 message without dates still decodes, with no made-up dates.
	got := Decode("AADSTS700082: The refresh token has expired due to inactivity.")
	if len(got) != 1 || got[0].Details["expired_at"] != "" || got[0].Details["issued_at"] != "" {
		t.Fatalf("%+v", got)
	}
	// 70008 carries the same dates as 700082.
	got = Decode("AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. The token was issued on 2024-02-01T00:00:00Z and was inactive for 30.00:00:00.")
	if len(got) != 1 || got[0].Details["expired_at"] != "2024-03-02T00:00:00Z" {
		t.Fatalf("%+v", got)
	}
}

// The whole sign-in page names the code twice: in the message at the top
// and in the troubleshooting block with the IDs. That is one error.
func TestDecodeMergesMentionsOfOneError(t *testing.T) {
	got := Decode(fixture(t, "signin-page-full.txt"))
	if len(got) != 1 {
		t.Fatalf("got %d results %v, want one", len(got), codes(got))
	}
	r := got[0]
	if r.Code != 50011 || r.TraceID != "0a1b2c3d-0000-4000-8000-0000000000b1" || r.CorrelationID != "0a1b2c3d-0000-4000-8000-0000000000b2" ||
		r.Timestamp != "2024-07-09T12:00:05.512Z" || !strings.HasPrefix(r.Details["message"], "The redirect URI ") {
		t.Fatalf("%+v", r)
	}
	// The message line after the block, too.
	block := fixture(t, "signin-page.txt")
	got = Decode(block + "\nAADSTS50011: The redirect URI does not match.\n")
	if len(got) != 1 || got[0].TraceID != "0a1b2c3d-0000-4000-8000-000000000091" {
		t.Fatalf("block then message: %+v", got)
	}
	// Two errors with different trace IDs stay two, and a bare mention
	// between them joins the first.
	second := strings.NewReplacer("000000000091", "0000000000c1", "000000000092", "0000000000c2").Replace(block)
	got = Decode("AADSTS50011: The redirect URI does not match.\n\n" + block + "\n" + second)
	if len(got) != 2 || got[0].TraceID != "0a1b2c3d-0000-4000-8000-000000000091" || got[1].TraceID != "0a1b2c3d-0000-4000-8000-0000000000c1" {
		t.Fatalf("two errors: %+v", got)
	}
	// The WHD log keeps its two 700082 errors apart (different trace IDs).
	if got := Decode(fixture(t, "whd-log.txt")); len(got) != 3 {
		t.Fatalf("whd log: %d results", len(got))
	}
}

// Numbers count as codes only where they can be one: 5 to 7 digits alone,
// or named as a code where the text is an Entra ID error (see
// TestDecodeLabelledCodesNeedSignInContext).
func TestDecodeCodeMentions(t *testing.T) {
	const ctx = "\nRequest Id: 0a1b2c3d-0000-4000-8000-000000000301"
	for _, tt := range []struct {
		in   string
		want []int
	}{
		{"8443", nil},
		{"2024", nil},
		{"  443 ", nil},
		{"12345678", nil},
		{"50011", []int{50011}},
		{"AADSTS9999", []int{9999}},
		{"code=50011" + ctx, []int{50011}},
		{"code: 65001" + ctx, []int{65001}},
		{"AADSTS 50011", []int{50011}},
		{"AADSTS 50011: The redirect URI does not match.", []int{50011}},
		{"The sign-in failed with error code 50011." + ctx, []int{50011}},
		{"error_code=7000215" + ctx, []int{7000215}},
		{`{"error": "invalid_client", "error_code": 700016}`, []int{700016}},
		{"Error Code: 53003" + ctx, []int{53003}},
		{"OAuth token request failed (statusCode: 400)", nil},
		{"statusCode: 50011", nil},
		{"postcode=90002", nil},
		{"zip code 90002", nil},
		{"GET /helpdesk/oauth-redirect?code=12345.AQABAAIAAAD&state=x", nil},
		{"AADSTS at 2024-05-01 10:00", nil},
	} {
		if got := codes(Decode(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Decode(%q) codes %v, want %v", tt.in, got, tt.want)
		}
	}
}

// A number after a label ("Error Code:", "error_code=", "code:") is an
// AADSTS code only in the text of an Entra ID error: the same block holds a
// Trace / Request / Correlation ID, an AADSTS code, an OAuth error word, an
// error_uri, Microsoft's sign-in host or the sign-in page's "trouble
// signing you in". Elsewhere such labels belong to other programs (a JDBC
// ErrorCode, an exit code, an HTTP status code) and their numbers are not
// AADSTS codes. A label qualified by another word ("exit code", "status
// code") never names an AADSTS code.
func TestDecodeLabelledCodesNeedSignInContext(t *testing.T) {
	const guid = "0a1b2c3d-0000-4000-8000-000000000311"
	for _, tt := range []struct {
		name, in string
		want     []int
	}{
		// Microsoft's shapes still decode.
		{"troubleshooting block", "Error Code: 53003\nRequest Id: " + guid + "\nCorrelation Id: 0a1b2c3d-0000-4000-8000-000000000312\nTimestamp: 2024-08-01T10:11:12.000Z\nApp name: Web Help Desk", []int{53003}},
		{"IDs before the code", "Trace ID: " + guid + "\nCorrelation ID: 0a1b2c3d-0000-4000-8000-000000000312\n\nError Code: 50011", []int{50011}},
		{"sign-in page header", "Sign in\nSorry, but we're having trouble signing you in.\n\nError Code: 50011\n", []int{50011}},
		{"sign-in host", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x\nError code: 50011", []int{50011}},
		{"list of codes", "Error codes: 50011, 70008\nTrace ID: " + guid, []int{50011, 70008}},
		{"with an AADSTS code", "AADSTS50011: The redirect URI does not match.\nError Code: 50011", []int{50011}},
		{"JSON error_code with an OAuth error", `{"error":"invalid_grant","error_code":70008}`, []int{70008}},
		{"sign-in log detail", "Sign-in error code: 50126\nFailure reason: Invalid username or password.\nCorrelation ID: " + guid, []int{50126}},
		// Other programs' numbers do not.
		{"JDBC ErrorCode", "java.sql.SQLRecoverableException: IO Error: The Network Adapter could not establish the connection, ErrorCode: 17002", nil},
		{"bare ErrorCode", "ErrorCode: 17002", nil},
		{"Error Code alone", "Error Code: 50011", nil},
		{"exit code", "process finished with exit code=12345", nil},
		{"HTTP status code", "HTTP status code: 50011", nil},
		{"port", "Connection refused: connect to mail.example.com port 50000", nil},
		{"error port", "Error: port 50000 in use", nil},
		{"error_code elsewhere", `{"level":"error","error_code":10054,"msg":"connection reset"}`, nil},
		{"Error codes list elsewhere", "Error codes: 10054, 10061", nil},
		// A qualified label is not a code even beside an Entra ID error.
		{"exit code beside a trace ID", "exit code=12345\nTrace ID: " + guid, nil},
		{"status code beside a trace ID", "HTTP status code: 50011\nRequest Id: " + guid, nil},
		// The context must be near the label: a WHD log names Microsoft's
		// host in its settings, and an OAuth failure without IDs does not
		// make a database error a few dozen lines on an AADSTS code.
		{"host far above", "2024-04-20 09:00:00,001 INFO [Startup] AzureTokenURL=https://login.microsoftonline.com/common/oauth2/v2.0/token\n" +
			strings.Repeat("2024-04-20 09:00:01,001 INFO [Startup] loading\n", 12) +
			"2024-04-20 09:00:02,001 ERROR [Db] IO Error: ErrorCode: 17002\n", nil},
		{"OAuth error far above", "2024-04-20 09:00:00,001 ERROR [Mail] OAuth token request failed: error=invalid_grant, retrying\n" +
			strings.Repeat("2024-04-20 09:00:01,001 INFO [Mail] retrying\n", 12) +
			"2024-04-20 09:00:02,001 ERROR [Db] IO Error: ErrorCode: 17002\n", nil},
		{"pretty body", "{\n  \"correlation_id\": \"" + guid + "\",\n  \"error\": \"invalid_grant\",\n  \"error_code\": 70008,\n  \"x\": 1\n}", []int{70008}},
		// A label after a finished report is another program's.
		{"after a report", "AADSTS50011: The redirect URI does not match.\nTrace ID: " + guid + "\nCorrelation ID: 0a1b2c3d-0000-4000-8000-000000000312\n" +
			"2024-04-20 09:16:00,001 ERROR [Db] IO Error: ErrorCode: 17002\n", []int{50011}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := codes(Decode(tt.in)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("codes %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDecodeJoinsWrappedAndEscapedMessages: the message of a pasted error
// wrapped over lines, or HTML-escaped, reads as Microsoft wrote it, and a
// log entry after it is not taken for its continuation.
func TestDecodeJoinsWrappedAndEscapedMessages(t *testing.T) {
	got := Decode("AADSTS700082: The refresh token has expired due to inactivity. The token was issued on\r\n2024-01-02T10:11:12.1234567Z and was inactive for\r\n90.00:00:00.\r\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000171\r\n")
	if len(got) != 1 || got[0].Details["message"] != "The refresh token has expired due to inactivity. The token was issued on 2024-01-02T10:11:12.1234567Z and was inactive for 90.00:00:00." ||
		got[0].Details["expired_at"] != "2024-04-01T10:11:12Z" {
		t.Errorf("wrapped 700082: %+v", got)
	}
	for _, in := range []string{
		"AADSTS700082: The refresh token has expired due to inactivity.\nThe token was issued on 2023-02-21T14:36:17.7891588Z and was inactive for 90.00:00:00.\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000181\n",
		"AADSTS700082: The refresh token has expired due to inactivity. The token was\nissued on 2023-02-21T14:36:17.7891588Z and was inactive for\n90.00:00:00. Trace ID: 0a1b2c3d-0000-4000-8000-000000000181\n",
	} {
		got := Decode(in)
		if len(got) != 1 || got[0].Details["expired_at"] != "2023-05-22T14:36:17Z" || got[0].TraceID != "0a1b2c3d-0000-4000-8000-000000000181" {
			t.Errorf("%q: %+v", in, got)
		}
	}
	got = Decode("2024-04-20 09:15:42,001 ERROR AADSTS50011: The redirect URI does not match the ones configured for\n2024-04-20 09:15:43,002 INFO Mail sent to helpdesk@example.com\n")
	if len(got) != 1 || strings.Contains(got[0].Details["message"], "Mail sent") {
		t.Errorf("a log entry was read as the rest of the message: %+v", got)
	}
	got = Decode("AADSTS50011: The redirect URI &#39;https://h/helpdesk/oauth-redirect&#39; does not match &quot;x&quot; &amp; more.")
	if len(got) != 1 || got[0].Details["message"] != "The redirect URI 'https://h/helpdesk/oauth-redirect' does not match \"x\" & more." {
		t.Errorf("HTML entities: %+v", got)
	}
}

// A pretty-printed body (PowerShell's ConvertTo-Json, jq, a browser's
// network tab) puts the error_codes array over several lines; its codes are
// codes all the same, with the body's context.
func TestDecodeMultiLineErrorCodes(t *testing.T) {
	const trace = "0a1b2c3d-0000-4000-8000-000000000201"
	for _, tt := range []struct {
		name, in string
		want     []int
	}{
		{"one code", "{\n  \"error\": \"invalid_grant\",\n  \"error_codes\": [\n    700082\n  ],\n  \"trace_id\": \"" + trace + "\"\n}", []int{700082}},
		{"one per line", "{\n  \"error\": \"invalid_grant\",\n  \"error_codes\": [\n    70002,\n    54005\n  ],\n  \"trace_id\": \"" + trace + "\"\n}", []int{70002, 54005}},
		{"CRLF and tabs", "{\r\n\t\"error\": \"invalid_grant\",\r\n\t\"error_codes\":\r\n\t[\r\n\t\t50173\r\n\t],\r\n\t\"trace_id\": \"" + trace + "\"\r\n}", []int{50173}},
		{"bracket on its own line", "{\n\"error\": \"invalid_grant\",\n\"error_codes\":\n[\n700082\n]\n,\"trace_id\": \"" + trace + "\"}", []int{700082}},
		{"escaped in a log record", `{"body":"{\n  \"error\": \"invalid_grant\",\n  \"error_codes\": [\n    700082\n  ],\n  \"trace_id\": \"` + trace + `\"\n}"}`, []int{700082}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Decode(tt.in)
			if !reflect.DeepEqual(codes(got), tt.want) {
				t.Fatalf("codes %v, want %v (%+v)", codes(got), tt.want, got)
			}
			for _, r := range got {
				if r.TraceID != trace || r.Error != "invalid_grant" {
					t.Errorf("code %d: trace %q error %q, want %q invalid_grant", r.Code, r.TraceID, r.Error, trace)
				}
			}
		})
	}
	// The array ends at its bracket: a number on the lines after it is not
	// one of its codes.
	got := Decode("{\n  \"error_codes\": [\n    700082\n  ],\n  \"expires_in\":\n    86400\n}")
	if !reflect.DeepEqual(codes(got), []int{700082}) {
		t.Fatalf("codes %v, want [700082]", codes(got))
	}
}

// Windows PowerShell's '>' and Out-File write UTF-16 with a byte order
// mark; a saved error reads the same as the text it holds.
func TestDecodeUTF16(t *testing.T) {
	for _, file := range []string{"token-body-crlf.json", "signin-page.txt", "whd-log.txt"} {
		text := fixture(t, file)
		want := Decode(text)
		if len(want) == 0 {
			t.Fatalf("%s: no result from UTF-8", file)
		}
		crlf := strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
		wantCRLF := Decode(crlf)
		for _, enc := range []struct {
			name string
			bom  []byte
			put  func([]byte, uint16) []byte
		}{
			{"UTF-16LE", []byte{0xFF, 0xFE}, func(b []byte, u uint16) []byte { return append(b, byte(u), byte(u>>8)) }},
			{"UTF-16BE", []byte{0xFE, 0xFF}, func(b []byte, u uint16) []byte { return append(b, byte(u>>8), byte(u)) }},
		} {
			for _, in := range []struct {
				text string
				want []Result
			}{{text, want}, {crlf, wantCRLF}} {
				b := append([]byte(nil), enc.bom...)
				for _, u := range utf16.Encode([]rune(in.text)) {
					b = enc.put(b, u)
				}
				if got := Decode(string(b)); !reflect.DeepEqual(got, in.want) {
					t.Errorf("%s in %s: got %+v, want %+v", file, enc.name, got, in.want)
				}
				if got := DecodeBody(b); !reflect.DeepEqual(got, in.want) {
					t.Errorf("%s in %s, DecodeBody: got %v, want %v", file, enc.name, codes(got), codes(in.want))
				}
			}
		}
	}
	// A character outside the BMP (a surrogate pair), an unpaired
	// surrogate and an odd trailing byte do not stop it.
	b := []byte{0xFF, 0xFE, 0x00, 0xD8}
	for _, u := range utf16.Encode([]rune(" 😀 AADSTS50011: x.\n")) {
		b = append(b, byte(u), byte(u>>8))
	}
	if got := codes(Decode(string(append(b, 'A')))); !reflect.DeepEqual(got, []int{50011}) {
		t.Errorf("surrogates: codes %v", got)
	}
	// UTF-8 with a byte order mark (PowerShell 7's Out-File -Encoding utf8BOM).
	if got := codes(Decode("\xEF\xBB\xBF50011")); !reflect.DeepEqual(got, []int{50011}) {
		t.Errorf("UTF-8 BOM: codes %v", got)
	}
}

// Two sign-in pages pasted one after the other: each code keeps the trace
// ID, correlation ID and timestamp of its own page, whichever layout each
// page has (message at the top and again under the IDs, IDs then
// "Message:", the older message then "Trace ID:", or "Error Code:" then
// the IDs) and whether or not the page's header was copied.
func TestDecodeKeepsEachPagesIDs(t *testing.T) {
	id := func(n string) string { return "0a1b2c3d-0000-4000-8000-0000000000" + n }
	const header = "Sign in\nSorry, but we're having trouble signing you in.\n\n"
	msg := func(code string) string {
		return "AADSTS" + code + ": The redirect URI does not match the redirect URIs configured for the application."
	}
	ids := func(trace, corr, stamp string) string {
		return "Request Id: " + trace + "\nCorrelation Id: " + corr + "\nTimestamp: " + stamp + "\n"
	}
	// The layouts, each for a code, a trace ID and a correlation ID.
	layouts := map[string]func(code, trace, corr, stamp string) string{
		"full": func(code, trace, corr, stamp string) string {
			return header + msg(code) + "\n\nTroubleshooting details\nIf you contact your administrator, send this info to them.\nCopy info to clipboard\n\n" +
				ids(trace, corr, stamp) + "Message: " + msg(code) + "\n\nAdvanced diagnostics: Disable\n"
		},
		"short": func(code, trace, corr, stamp string) string {
			return header + ids(trace, corr, stamp) + "Message: " + msg(code) + "\nFlag sign-in errors for review: Enable flagging\n"
		},
		"copied block": func(code, trace, corr, stamp string) string {
			return ids(trace, corr, stamp) + "Message: " + msg(code) + "\n"
		},
		"older page": func(code, trace, corr, stamp string) string {
			return msg(code) + "\nTrace ID: " + trace + "\nCorrelation ID: " + corr + "\nTimestamp: " + stamp + "\n"
		},
		"error code": func(code, trace, corr, stamp string) string {
			return header + "Error Code: " + code + "\n" + ids(trace, corr, stamp) + "App name: Web Help Desk\n"
		},
		"error code, no header": func(code, trace, corr, stamp string) string {
			return "Error Code: " + code + "\n" + ids(trace, corr, stamp) + "App name: Web Help Desk\n"
		},
		"message only": func(code, trace, corr, stamp string) string {
			return header + msg(code) + "\n" // a page without its details: no IDs
		},
	}
	type res struct {
		Code               int
		Trace, Corr, Stamp string
	}
	for n1, l1 := range layouts {
		for n2, l2 := range layouts {
			for _, codes := range [][2]string{{"50011", "50105"}, {"50011", "50011"}} {
				if n1 == "message only" && n2 == "older page" && codes[0] != codes[1] {
					// "AADSTS50011: ...", then "AADSTS50105: ...",
					// then IDs: one body with two codes whose message
					// was wrapped reads the same, so both keep the IDs.
					continue
				}
				in := l1(codes[0], id("e1"), id("e2"), "2024-07-09T12:00:05Z") + "\n" + l2(codes[1], id("f1"), id("f2"), "2024-07-09T13:30:00Z")
				want := []res{{50011, id("e1"), id("e2"), "2024-07-09T12:00:05Z"}}
				if n1 == "message only" {
					want[0] = res{Code: 50011}
				}
				second := res{50105, id("f1"), id("f2"), "2024-07-09T13:30:00Z"}
				if codes[1] == "50011" {
					second.Code = 50011
				}
				if n2 == "message only" {
					second = res{Code: second.Code}
				}
				switch {
				case second.Code != want[0].Code || (want[0].Trace != "" && second.Trace != ""):
					want = append(want, second)
				case want[0].Trace == "":
					// The same code, once without IDs: mentions of one
					// error (TestDecodeMergesMentionsOfOneError).
					want[0] = second
				}
				var got []res
				for _, r := range Decode(in) {
					got = append(got, res{r.Code, r.TraceID, r.CorrelationID, r.Timestamp})
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s + %s, codes %v:\n got %+v\nwant %+v", n1, n2, codes, got, want)
				}
			}
		}
	}
}

// A label whose value a narrow window or a copy from a table put on the
// next line still gives its value.
func TestDecodeLabelValueOnNextLine(t *testing.T) {
	const trace, corr = "0a1b2c3d-0000-4000-8000-000000000401", "0a1b2c3d-0000-4000-8000-000000000402"
	for name, in := range map[string]string{
		"older page": "AADSTS50011: The redirect URI does not match.\nTrace ID:\n" + trace + "\nCorrelation ID:\n" + corr + "\nTimestamp:\n2024-07-09 12:00:05Z\n",
		"CRLF":       "AADSTS50011: The redirect URI does not match.\r\nTrace ID:\r\n  " + trace + "\r\nCorrelation ID:\r\n" + corr + "\r\nTimestamp:\r\n2024-07-09 12:00:05Z\r\n",
		"block":      "Request Id:\n" + trace + "\nCorrelation Id:\n" + corr + "\nTimestamp:\n2024-07-09T12:00:05Z\nMessage: AADSTS50011: The redirect URI does not match.\n",
		"no colon":   "AADSTS50011: The redirect URI does not match.\nTrace ID\n" + trace + "\nCorrelation ID\n" + corr + "\nTimestamp\n2024-07-09T12:00:05Z\n",
	} {
		got := Decode(in)
		if len(got) != 1 || got[0].Code != 50011 || got[0].TraceID != trace || got[0].CorrelationID != corr || got[0].Timestamp != "2024-07-09T12:00:05Z" {
			t.Errorf("%s: codes %v, %+v", name, codes(got), got)
		}
	}
	// A label with nothing after it is not given the next line's ID when
	// that line says what it is.
	got := Decode("AADSTS50011: x.\nTrace ID:\nCorrelation ID: " + corr + "\n")
	if len(got) != 1 || got[0].TraceID != "" || got[0].CorrelationID != corr {
		t.Errorf("empty label: %+v", got)
	}
}

// Shapes from other clients and languages: MSAL for Python prints its
// result as a dict, the German sign-in page has its own labels, the page's
// source carries the code as iErrorCode, and some pages say errorNo.
func TestDecodeMoreShapes(t *testing.T) {
	const trace, corr = "0a1b2c3d-0000-4000-8000-000000000411", "0a1b2c3d-0000-4000-8000-000000000412"
	for _, tt := range []struct {
		name, in    string
		want        []int
		err         string
		trace, corr string
	}{
		{"Python dict", `{'error': 'invalid_grant', 'error_description': "AADSTS700082: The refresh token has expired due to inactivity.\r\nTrace ID: ` + trace + `\r\nCorrelation ID: ` + corr + `\r\nTimestamp: 2024-04-20 09:15:42Z", 'error_codes': [700082], 'timestamp': '2024-04-20 09:15:42Z', 'trace_id': '` + trace + `', 'correlation_id': '` + corr + `', 'error_uri': 'https://login.microsoftonline.com/error?code=700082'}`,
			[]int{700082}, "invalid_grant", trace, corr},
		{"Python dict, codes only", `{'error_codes': [700082, 70008]}`, []int{700082, 70008}, "", "", ""},
		{"Python dict, its own IDs", `{'error': 'invalid_client', 'error_codes': [7000215], 'trace_id': '` + trace + `', 'correlation_id': '` + corr + `'}`, []int{7000215}, "invalid_client", trace, corr},
		{"German block", "Anforderungs-ID: " + trace + "\nKorrelations-ID: " + corr + "\nZeitstempel: 2024-07-09T12:00:05.512Z\nNachricht: AADSTS50011: Die in der Anforderung angegebene Umleitungs-URI stimmt nicht überein.\n",
			[]int{50011}, "", trace, corr},
		{"German older page", "AADSTS50011: Die Umleitungs-URI stimmt nicht überein.\nAblaufverfolgungs-ID: " + trace + "\nKorrelations-ID: " + corr + "\nZeitstempel: 2024-07-09 12:00:05Z\n",
			[]int{50011}, "", trace, corr},
		{"German error code", "Fehlercode: 53003\nAnforderungs-ID: " + trace + "\nKorrelations-ID: " + corr + "\n", []int{53003}, "", trace, corr},
		{"German error code alone", "Fehlercode: 53003", nil, "", "", ""},
		{"errorNo", "errorNo: 50058\nCorrelation ID: " + corr, []int{50058}, "", "", corr},
		{"errorNo elsewhere", `{"errorNo": 10054, "msg": "connection reset"}`, nil, "", "", ""},
		{"page source", `$Config={"iErrorCode":50058,"strServiceExceptionMessage":"","urlPost":"https://login.microsoftonline.com/common/login"};`, []int{50058}, "", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Decode(tt.in)
			if !reflect.DeepEqual(codes(got), tt.want) {
				t.Fatalf("codes %v, want %v", codes(got), tt.want)
			}
			for _, r := range got {
				if r.Error != tt.err || r.TraceID != tt.trace || r.CorrelationID != tt.corr {
					t.Errorf("%d: error %q trace %q corr %q, want %q %q %q", r.Code, r.Error, r.TraceID, r.CorrelationID, tt.err, tt.trace, tt.corr)
				}
			}
		})
	}
}

// Pieces are read the same far into a long line (a minified log record) as
// at its start.
func TestDecodeLongLine(t *testing.T) {
	pad := strings.Repeat("x ", 300000)
	in := pad + `{"error":"invalid_grant","suberror":"bad_token","error_codes":[700082,70008],"trace_id":"0a1b2c3d-0000-4000-8000-000000000501"} ` + pad + ". Error Code: 50011 Request Id: 0a1b2c3d-0000-4000-8000-000000000501"
	got := Decode(in)
	if !reflect.DeepEqual(codes(got), []int{700082, 70008, 50011}) {
		t.Fatalf("codes %v", codes(got))
	}
	for _, r := range got {
		if r.TraceID != "0a1b2c3d-0000-4000-8000-000000000501" || r.Error != "invalid_grant" || r.Details["suberror"] != "bad_token" {
			t.Errorf("%d: %+v", r.Code, r)
		}
	}
}

// A label that itself says the code is Entra ID's needs no other context.
func TestDecodeLabelNamingEntraID(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []int
	}{
		{"Sign-in failed with AADSTS error code 50011.", []int{50011}},
		{"AADSTS code: 50011", []int{50011}},
		{"Azure AD error code: 700016", []int{700016}},
		{"Entra ID error code 53003", []int{53003}},
		{"Microsoft Entra error code: 50126", []int{50126}},
		{"AAD error code 50058", []int{50058}},
		{"SQL error code 17002", nil},
		{"Oracle error code: 17002", nil},
		{"squad error code 50011", nil},
	} {
		if got := codes(Decode(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Decode(%q) codes %v, want %v", tt.in, got, tt.want)
		}
	}
}

// A label qualified by another word ("SQL ErrorCode", "DB error code",
// "Mail error code") is another program's, even when a Trace ID or another
// sign of an Entra ID error is near it; so is a JDBC error's code, which
// comes with its SQLState. The words that name Entra ID (AADSTS, AAD, Azure
// AD, Entra), the sign-in log's "Sign-in error code", a log level and
// words that do not qualify ("with", "the") leave the label a label.
func TestDecodeQualifiedLabelNeverCounts(t *testing.T) {
	const trace = "Trace ID: 11111111-2222-3333-4444-555555555555\n"
	for _, tt := range []struct {
		name, in string
		want     []int
	}{
		{"SQL ErrorCode", trace + "SQL ErrorCode: 17002\n", nil},
		{"DB error code", trace + "DB error code: 17002\n", nil},
		{"Mail error code", trace + "Mail error code: 50126\n", nil},
		{"label after the ID", "Request Id: 11111111-2222-3333-4444-555555555555\nMail error code: 50126\n", nil},
		{"qualified label on the ID's line", "Mail error code: 50126 Trace ID: 11111111-2222-3333-4444-555555555555", nil},
		{"glued qualifier", trace + "sqlErrorCode: 17002\n", nil},
		{"glued with an underscore", trace + "db_error_code=17002\n", nil},
		{"qualified list", trace + "Mail error codes: 50126, 50011\n", nil},
		{"qualified errorNo", trace + "DB errorNo: 17002\n", nil},
		{"qualified Fehlercode", trace + "SQL-Fehlercode: 17002\n", nil},
		{"JDBC with SQLState", trace + "ErrorCode: 17002, SQLState: 08006\n", nil},
		{"SQLState first", trace + "SQLState: 08006, ErrorCode: 17002\n", nil},
		{"JDBC exception", trace + "java.sql.SQLException: IO Error: Connection reset, ErrorCode: 17002, SQL state: 08006\n", nil},
		// Labels that still count beside an Entra ID error.
		{"plain label", trace + "Error Code: 50126\n", []int{50126}},
		{"ErrorCode alone on its line", trace + "ErrorCode: 50126\n", []int{50126}},
		{"after punctuation", trace + "Sign-in failed. Error code: 50126\n", []int{50126}},
		{"after a log level", "2024-04-20 09:15:42,118 ERROR Error Code: 70008\n" + trace, []int{70008}},
		{"after 'with'", "The sign-in failed with error code 50126.\n" + trace, []int{50126}},
		{"sign-in log", "Sign-in error code: 50126\n" + trace, []int{50126}},
		{"Azure AD", trace + "Azure AD error code: 50126\n", []int{50126}},
		{"Entra ID", "Microsoft Entra ID error code 50126\n", []int{50126}},
		{"logfmt key after a field", `level=error msg="token request failed" error_code=70008 trace_id=11111111-2222-3333-4444-555555555555`, []int{70008}},
		{"JSON key", `{"db":"main","error_code":70008,"trace_id":"11111111-2222-3333-4444-555555555555"}`, []int{70008}},
		{"after an ID on one line", "Request Id: 11111111-2222-3333-4444-555555555555 Error Code: 50126", []int{50126}},
		{"after a time", "2024-04-20 09:15:42 Error Code: 50126 Trace ID: 11111111-2222-3333-4444-555555555555", []int{50126}},
		{"AADSTS code beside a SQLState", "AADSTS50126: Invalid username or password. SQLState: 08006\n", []int{50126}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := codes(Decode(tt.in)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("codes %v, want %v", got, tt.want)
			}
		})
	}
}

// An OAuth error word written as a word ("Error: invalid_grant", "Failed
// to get access token: invalid_grant") is the OAuth error that makes a
// label near it an AADSTS code, as the quoted forms are, and it is the
// result's error. The word inside another word, or an OAuth error that
// any server may send (server_error, access_denied), is not.
func TestDecodeOAuthErrorWordIsContext(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []int
		err      string
	}{
		{"Error: invalid_grant", "Error: invalid_grant\nError Code: 70008\n", []int{70008}, "invalid_grant"},
		{"access token", "Failed to get access token: invalid_grant\nError Code: 70008", []int{70008}, "invalid_grant"},
		{"OAuth error", "OAuth error invalid_grant\nError Code: 70008", []int{70008}, "invalid_grant"},
		{"label first", "Error Code: 7000215\nToken request failed: invalid_client", []int{7000215}, "invalid_client"},
		{"upper case", "INVALID_CLIENT\nerror code: 7000222", []int{7000222}, "invalid_client"},
		{"unauthorized_client", "unauthorized_client: error code 700016", []int{700016}, "unauthorized_client"},
		{"interaction_required", "interaction_required\nError Code: 50076", []int{50076}, "interaction_required"},
		{"consent_required", "consent_required (Error Code: 65001)", []int{65001}, "consent_required"},
		{"invalid_request", "invalid_request\nError Code: 90014", []int{90014}, "invalid_request"},
		{"invalid_scope", "invalid_scope\nError Code: 70011", []int{70011}, "invalid_scope"},
		{"quoted form wins", `{"error":"invalid_client","error_description":"was invalid_grant before","error_code":7000215}`, []int{7000215}, "invalid_client"},
		// Not the word.
		{"inside a word", "my_invalid_grant_handler\nError Code: 70008", nil, ""},
		{"glued", "invalid_grants\nError Code: 70008", nil, ""},
		{"server_error", "server_error\nError Code: 17002", nil, ""},
		{"access_denied", "access_denied\nError Code: 17002", nil, ""},
		{"far away", "Error: invalid_grant\n" + strings.Repeat("retrying\n", 12) + "Error Code: 70008", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Decode(tt.in)
			if !reflect.DeepEqual(codes(got), tt.want) {
				t.Fatalf("codes %v, want %v", codes(got), tt.want)
			}
			for _, r := range got {
				if r.Error != tt.err {
					t.Errorf("%d: error %q, want %q", r.Code, r.Error, tt.err)
				}
			}
		})
	}
}

func utf16Bytes(s string, bigEndian bool) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// Text gives what Decode reads, or says that the input is not text.
func TestText(t *testing.T) {
	const body = "AADSTS50011: The redirect URI does not match.\r\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000601\r\n"
	log := strings.Repeat("2024-04-20 09:15:42,118 INFO [Mail] Mail sent to helpdesk@example.com\n", 40)
	for _, tt := range []struct {
		name, in, want string
	}{
		{"UTF-8", body, body},
		{"UTF-8 with a mark", "\xEF\xBB\xBF" + body, body},
		{"UTF-16LE with a mark", "\xFF\xFE" + utf16Bytes(body, false), body},
		{"UTF-16BE with a mark", "\xFE\xFF" + utf16Bytes(body, true), body},
		{"UTF-16LE without a mark", utf16Bytes(body, false), body},
		{"UTF-16BE without a mark", utf16Bytes(body, true), body},
		{"short UTF-16 without a mark", utf16Bytes("50011", false), "50011"},
		{"Windows-1252", "Fehlercode: 53003 \xfc\xe4\xf6 Nachricht", "Fehlercode: 53003 \xfc\xe4\xf6 Nachricht"},
		{"colours", "\x1b[31mAADSTS50011\x1b[0m", "\x1b[31mAADSTS50011\x1b[0m"},
		{"a stray NUL run in a log", log + "\x00\x00\x00\x00" + log, log + "\x00\x00\x00\x00" + log},
	} {
		got, err := Text(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	gz := "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + strings.Repeat("\x9c\x01", 20)
	for _, tt := range []struct {
		name, in, what string
		gzip           bool
	}{
		{"gzip", gz, "gzip-compressed data", true},
		{"zip", "PK\x03\x04\x14\x00\x00\x00", "a zip archive", false},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image", false},
		{"short binary", "\x00\x01\xff\xfe\x00garbage", "binary data", false},
		{"only NULs", "\x00\x00\x00\x00", "binary data", false},
		{"control bytes", "\x01\x02\x03\x04\x05\x06\x07\x08 AADSTS50011", "binary data", false},
		{"UTF-16 of binary", utf16Bytes("\x01\x02\x03\x04\x05\x06 AADSTS50011", false), "binary data", false},
	} {
		_, err := Text(tt.in)
		var nt *NotTextError
		if !errors.As(err, &nt) || nt.What != tt.what || nt.Gzip != tt.gzip {
			t.Errorf("%s: error %v, want %q (gzip %v)", tt.name, err, tt.what, tt.gzip)
		}
	}
}

// UTF-16 without a byte order mark, told by its zero bytes, is decoded, as
// diagnose logs does.
func TestDecodeUTF16WithoutBOM(t *testing.T) {
	text := fixture(t, "token-body-crlf.json")
	want := Decode(text)
	for _, big := range []bool{false, true} {
		if got := Decode(utf16Bytes(text, big)); !reflect.DeepEqual(got, want) {
			t.Errorf("big-endian %v: codes %v, want %v", big, codes(got), codes(want))
		}
	}
	if got := codes(Decode(utf16Bytes("50011", false))); !reflect.DeepEqual(got, []int{50011}) {
		t.Errorf("short: codes %v", got)
	}
}

// normalize makes no copy of a text that has nothing to decode (a log of
// megabytes, with Windows paths and key=value fields): a 64 MiB paste
// costs its own size, not that again per pass.
func TestNormalizeDoesNotCopyPlainText(t *testing.T) {
	in := logPaste(1<<20) + `2024-04-20 09:15:43,002 INFO [Startup] home=C:\Program Files\WebHelpDesk log=C:\Program Files\WebHelpDesk\log` + "\n"
	if got := normalize(in); got != in {
		t.Fatal("normalize changed a text with nothing to decode")
	}
	if n := testing.AllocsPerRun(3, func() { normalize(in) }); n != 0 {
		t.Errorf("normalize allocated %v times for a text with nothing to decode, want 0", n)
	}
}
