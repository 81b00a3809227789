package logscan

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// One log entry (a line and the lines under it without a time of their
// own: a response body, a stack trace) counts once per kind, in the most
// specific group its lines show.
func TestScanEntryCountsOnceInMostSpecificGroup(t *testing.T) {
	log := "2026-12-04 10:00:00,000 ERROR [OutgoingMailWorker-3] OAuth token request failed (statusCode: 400)\n" +
		`{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."}` + "\n" +
		"2026-12-04 10:05:00,000 ERROR [OutgoingMailWorker-3] OAuth token request failed (statusCode: 400)\n" +
		`{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."}` + "\n" +
		"2026-12-04 10:10:00,000 ERROR [OutgoingMailWorker-3] OAuth token request failed (statusCode: 503)\n" +
		"2026-12-04 10:15:00,000 ERROR [IncomingMailWorker-1] OAuth token request failed (statusCode: 400)\n" +
		`{"error":"invalid_grant","error_description":"AADSTS50173: The provided grant has expired. AADSTS700082: see above"}` + "\n" +
		"2026-12-04 10:20:00,000 ERROR [IncomingMailWorker-1] EwsConnector mail check failed\n" +
		"javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: timestamp check failed\n" +
		"\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n" +
		"Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sun Nov 01 00:00:00 UTC 2026\n" +
		"2026-12-04 10:25:00,000 ERROR [OutgoingMailWorker-3] javax.mail.MessagingException: Exception reading response;\n" +
		"  nested exception is:\n" +
		"\tcom.sun.mail.smtp.SMTPSendFailedException: 550 5.7.60 SMTP; Client does not have permissions to send as this sender\n"
	want := []groupWant{
		{KindOAuth, "AADSTS700082", 3, "2026-12-04 10:00:00", "2026-12-04 10:15:00", "whd.log:2"},
		{KindOAuth, "AADSTS50173", 1, "2026-12-04 10:15:00", "2026-12-04 10:15:00", "whd.log:7"},
		{KindOAuth, "oauth-error", 1, "2026-12-04 10:10:00", "2026-12-04 10:10:00", "whd.log:5"},
		{KindCert, "certificate-expired", 1, "2026-12-04 10:20:00", "2026-12-04 10:20:00", "whd.log:11"},
		{KindSend, "smtp-550", 1, "2026-12-04 10:25:00", "2026-12-04 10:25:00", "whd.log:14"},
	}
	for size := 160; size <= len(log)+64; size += 29 { // above the longest line
		s := NewScanner(time.Time{})
		s.SetLocation(time.UTC)
		s.bufSize = size
		if err := s.Scan(context.Background(), "whd.log", strings.NewReader(log)); err != nil {
			t.Fatal(err)
		}
		rep := s.Report()
		if got := brief(rep.Groups); !reflect.DeepEqual(got, want) {
			t.Fatalf("buffer %d:\n got %+v\nwant %+v", size, got, want)
		}
		if ex := rep.Groups[0].Example; !strings.Contains(ex, `"error_description":"AADSTS700082`) {
			t.Fatalf("buffer %d: example %q", size, ex)
		}
	}
}
