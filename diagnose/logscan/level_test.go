package logscan

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A line logged at INFO or DEBUG that says nothing failed is not an OAuth
// error, though it names OAuth and holds "error" or "fail"; one that says
// a request failed, or carries an AADSTS or OAuth error code, still is.
func TestClassifyQuietLevels(t *testing.T) {
	oauth := func(code string) []match { return []match{{KindOAuth, code}} }
	for _, tt := range []struct {
		line string
		want []match
	}{
		{"2026-12-04 10:00:00,000 INFO  [OAuthTokenRefresher] OAuth token refresh finished, errors: 0", nil},
		{"2026-12-04 10:00:00,000 INFO  [OutgoingMailWorker-3] OAuth failure cleared for helpdesk@contoso.com", nil},
		{"2026-12-04 10:00:00,000 INFO  [OAuthErrorMonitor] OAuth token refreshed successfully", nil},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth token refreshed successfully after an error", nil},
		{"2026-12-04 10:00:00,000 DEBUG [Mail] OAuth request completed without error", nil},
		{"2026-12-04 10:00:00,000 DEBUG [Mail] OAuth refresh: 0 errors, 0 failures", nil},
		{"04-Dec-2026 10:00:00.123 INFO [main] OAuth failed=0 error=0", nil},
		{"INFO: OAuth token refreshed successfully; errors: 0", nil},
		{"INFO   | jvm 1    | 2026/12/04 10:00:00 | 2026-12-04 10:00:00,000 INFO [Mail] OAuth errors: 0", nil},
		// Still problems at INFO: a code, or a failure said.
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth token request returned invalid_grant", oauth("invalid_grant")},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth token refresh: errors: 0, AADSTS700082 on retry", oauth("AADSTS700082")},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth token request failed: connection reset, retrying", oauth("oauth-error")},
		// Other levels as before; the wrapper's own INFO says nothing of the
		// message's level.
		{"2026-12-04 10:00:00,000 ERROR [Mail] OAuth token request failed", oauth("oauth-error")},
		{"2026-12-04 10:00:00,000 WARN  [Mail] OAuth refresh error, errors: 1", oauth("oauth-error")},
		{"INFO   | jvm 1    | 2026/12/04 10:00:00 | 2026-12-04 10:00:00,000 ERROR [Mail] OAuth refresh error: timeout", oauth("oauth-error")},
		{"INFO   | jvm 1    | 2026/12/04 10:00:00 | OAuth refresh error: timeout", oauth("oauth-error")},
	} {
		if got := classify([]byte(tt.line)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("classify(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestScanCountsNoSuccessLines(t *testing.T) {
	log := "2026-12-04 09:00:00,000 ERROR [Mail] OAuth token request failed (statusCode: 500)\n" +
		"2026-12-04 09:05:00,000 INFO  [Mail] OAuth failure cleared; token refreshed successfully\n" +
		"2026-12-04 09:10:00,000 INFO  [OAuthTokenRefresher] OAuth token refresh finished, errors: 0\n"
	s := NewScanner(time.Time{})
	if err := s.Scan(context.Background(), "whd.log", strings.NewReader(log)); err != nil {
		t.Fatal(err)
	}
	if got := brief(s.Report().Groups); len(got) != 1 || got[0].code != "oauth-error" || got[0].count != 1 || got[0].where != "whd.log:1" {
		t.Fatalf("groups %+v, want the ERROR line only", got)
	}
}

// More ways an INFO line says nothing failed: a zero count, a negation,
// a counter reset, "none" as the last error.
func TestClassifyQuietLevelsNothingFailed(t *testing.T) {
	oauth := func(code string) []match { return []match{{KindOAuth, code}} }
	for _, tt := range []struct {
		line string
		want []match
	}{
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth 0 failed attempts", nil},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth token refresh did not fail", nil},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth token refresh didn't fail", nil},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth token refresh has not failed", nil},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth error count reset to 0", nil},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth failure count: 0", nil},
		{"2026-12-04 10:00:00,000 DEBUG [Mail] OAuth failed attempts = 0", nil},
		{"2026-12-04 10:00:00,000 INFO  [Mail] Checking OAuth account; last error: none", nil},
		{"2026-12-04 10:00:00,000 INFO  [Mail] Checking OAuth account; last error: None.", nil},
		// Still failures.
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth 3 failed attempts", oauth("oauth-error")},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth error count reset to 0 after 5 failed attempts", oauth("oauth-error")},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth error count: 10", oauth("oauth-error")},
		{"2026-12-04 10:00:00,000 INFO  [Mail] Checking OAuth account; last error: none; refresh failed", oauth("oauth-error")},
		{"2026-12-04 10:00:00,000 INFO  [Mail] Checking OAuth account; last error: nonexistent mailbox", oauth("oauth-error")},
		{"2026-12-04 10:00:00,000 INFO  [Mail] OAuth token request did not complete: failed to connect", oauth("oauth-error")},
		{"2026-12-04 10:00:00,000 ERROR [Mail] OAuth token refresh did not fail over to the backup, error", oauth("oauth-error")},
	} {
		if got := classify([]byte(tt.line)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("classify(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
